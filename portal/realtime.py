"""The one way the application pushes events to browsers.

Services persist first and call `broadcast_on_commit`; the event leaves only after the transaction
commits, so nobody is told about a change that was rolled back. A failing channel layer is logged
and swallowed: the page that caused the event must still work, and browsers fall back to reloading.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_pk: int) -> str:
    return f"user_{user_pk}"


def broadcast_on_commit(group: str, type: str, payload: dict) -> None:
    """Send `{"type": type, "payload": payload}` to a channel-layer group once the data is saved."""
    broadcast_many_on_commit([(group, type, payload)])


def broadcast_many_on_commit(events: list[tuple[str, str, dict]]) -> None:
    """Several events (group, type, payload) after commit, in one round trip to the layer: telling a
    whole body costs about as much as telling one person."""

    async def send_all(layer) -> None:
        await asyncio.gather(
            *(layer.group_send(group, {"type": type, "payload": payload}) for group, type, payload in events)
        )

    def send() -> None:
        layer = get_channel_layer()
        if layer is None or not events:
            return
        try:
            async_to_sync(send_all)(layer)
        except Exception:  # the layer is optional infrastructure, never a reason for a 500
            logger.warning("Broadcast of %d events failed", len(events), exc_info=True)

    transaction.on_commit(send)
