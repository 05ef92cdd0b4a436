"""WebSocket consumers of the site core: the per-user notification stream."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from portal.realtime import user_group

CLOSE_UNAUTHORISED = 4401
CLOSE_TOO_BIG = 1009
CLOSE_MALFORMED = 1007


class NotificationConsumer(AsyncWebsocketConsumer):
    """Pushes the signed-in user's notifications; answers `mark_all_read` and `ping`."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHORISED)  # before accept(): the handshake is refused
            return
        self.user = user
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "unread": await self._unread_count()})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else (bytes_data or b"")
        if len(raw.encode() if isinstance(raw, str) else raw) > settings.WEBSOCKET_MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_TOO_BIG, reason="Message too big.")
            return
        # The account may have been deactivated since the socket opened: check on every message.
        if not await self._user_still_active():
            await self.close(code=CLOSE_UNAUTHORISED, reason="Not signed in.")
            return
        try:
            message = json.loads(raw)
        except ValueError:
            await self.close(code=CLOSE_MALFORMED, reason="Malformed message: JSON expected.")
            return
        action = message.get("type") if isinstance(message, dict) else None
        if action == "mark_all_read":
            await self._mark_all_read()
        elif action == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "message": "Unknown message type."})

    async def portal_notification(self, event):
        if not await self._user_still_active():
            await self.close(code=CLOSE_UNAUTHORISED, reason="Not signed in.")
            return
        await self.send_json({"type": "notification", **event["payload"]})

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content))

    @database_sync_to_async
    def _unread_count(self) -> int:
        from portal.selectors import unread_notification_count

        return unread_notification_count(self.user)

    @database_sync_to_async
    def _user_still_active(self) -> bool:
        from portal.models import User

        return User.objects.filter(pk=self.user.pk, is_active=True).exists()

    @database_sync_to_async
    def _mark_all_read(self) -> None:
        from portal.services import notifications_mark_all_read

        notifications_mark_all_read(user=self.user)
