"""The one way the application pushes events to browsers.

Services persist first and call `broadcast_on_commit`; the event leaves only after the transaction
commits, so nobody is told about a change that was rolled back. A failing channel layer is logged
and swallowed: the page that caused the event must still work, and browsers fall back to reloading.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_pk: int) -> str:
    return f"user_{user_pk}"


def broadcast_on_commit(group: str, type: str, payload: dict) -> None:
    """Send `{"type": type, "payload": payload}` to a channel-layer group once the data is saved."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, {"type": type, "payload": payload})
        except Exception:  # the layer is optional infrastructure, never a reason for a 500
            logger.warning("Broadcast of %s to %s failed", type, group, exc_info=True)

    transaction.on_commit(send)
