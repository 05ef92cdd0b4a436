"""The live meeting room's socket: `/ws/meetings/<id>/live/`.

Messages from the browser are JSON commands `{"type": <command>, "id": <the browser's id>, ...fields}`
(`events.live.COMMANDS`); each is answered to that browser only, `{"type": "ack", "id", ...}` or
`{"type": "error", "id", "message", "errors"}`, and the connection stays. What changed reaches every
browser in the room as `{"type": "state", "state": ...}` (the whole room for the socket's audience), and
on connecting, or when the browser asks with `{"type": "sync"}` after seeing a version skipped,
`{"type": "hello", "state": ..., "me": ...}`. A state message holds only the sections a command changed
(`events.live.SECTIONS`); `"partial": ["attendance"]` means rows to merge by person.
"""

import json
import re
import time
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from events import live
from events.models import LiveRoom, MeetingPage
from portal.consumers import CLOSE_MALFORMED, CLOSE_UNAUTHORISED, AuthorisedConsumer, session_signs_in
from portal.models import User

CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A socket whose rights changed (a member became a permanent guest) closes with this code; the browser
# reconnects at once and gets the room as its new rights show it.
CLOSE_RIGHTS_CHANGED = 4409
TOO_MANY = gettext_noop("Too many commands; wait a moment.")
NEEDS_AN_ID = gettext_noop("A command needs an id.")


def within_rate(sent: deque) -> bool:
    """At most WEBSOCKET_ROOM_COMMANDS messages (commands and syncs) in any WEBSOCKET_ROOM_WINDOW seconds;
    `sent` holds the socket's recent ones."""
    now = time.monotonic()
    while sent and now - sent[0] > settings.WEBSOCKET_ROOM_WINDOW:
        sent.popleft()
    if len(sent) >= settings.WEBSOCKET_ROOM_COMMANDS:
        return False
    sent.append(now)
    return True


class MeetingRoomConsumer(AuthorisedConsumer):
    """One socket in one meeting's room, for whoever may read the body's members' area. Rights are
    read on connecting, again on every command (by the command itself) and every few seconds: a member
    whose membership ended is cut off within `WEBSOCKET_RECHECK_SECONDS`."""

    access: live.RoomAccess | None = None
    meeting: MeetingPage | None = None
    rights_changed = False

    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        # The page names its language (`?lang=en`); commands are answered in it.
        asked = parse_qs(self.scope.get("query_string", b"").decode()).get("lang", [""])[0]
        self.language = asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        self.sent: deque[float] = deque()
        await super().connect()

    def groups_to_join(self) -> list[str]:
        return [live.room_group(self.meeting_id, core=self.access.core)]

    async def still_allowed(self) -> bool:
        # The base rule (`session_signs_in`) and the room's in one trip to the database thread: a room of
        # 100 sockets makes some 30 of these a second in each process.
        allowed, access = await database_sync_to_async(self._rights_now)()
        if not allowed:
            return False
        if self.access is None:
            self.access = access
            return access is not None
        if access != self.access:
            self.rights_changed = access is not None
            return False
        return True

    async def _close(self, code: int, reason: str) -> None:
        if code == CLOSE_UNAUTHORISED and self.rights_changed:
            code, reason = CLOSE_RIGHTS_CHANGED, "Rights changed."
        await super()._close(code, reason)

    async def on_accept(self):
        await self.send_json({"type": "hello", **await self._hello()})

    async def on_message(self, message: dict):
        client_id = message.get("id")
        # fullmatch: a pattern's `$` also matches before a final newline, and the id would not fit its column.
        if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
            client_id = None
        # Every message counts, `sync` too: each one rebuilds the whole room from the database.
        if not self._within_rate():
            await self.send_json({"type": "error", "id": client_id, "message": self._text(TOO_MANY)})
            return
        if message.get("type") == "sync":  # the browser missed a change: the whole room again
            await self.send_json({"type": "hello", **await self._hello()})
            return
        if client_id is None:
            await self.send_json({"type": "error", "id": None, "message": self._text(NEEDS_AN_ID)})
            return
        kind = message.get("type")
        values = {key: value for key, value in message.items() if key not in ("type", "id")}
        try:
            answer = await database_sync_to_async(self._run)(kind, values, client_id)
        except live.CommandRefused as refusal:
            error = {"type": "error", "id": client_id, "message": refusal.message, "errors": refusal.errors}
            await self.send_json(error)
            return
        await self.send_json({"type": "ack", "id": client_id, **answer})

    async def room_state(self, event):
        # The periodic re-check guards the socket; a state is the same for every socket in its group.
        await self.send_json({"type": "state", "state": event["payload"]["state"]})

    # --- helpers ---

    def _within_rate(self) -> bool:
        return within_rate(self.sent)

    def _rights_now(self) -> tuple[bool, live.RoomAccess | None]:
        """Whether the session still signs the user in, and `live.fresh_access` less most of its cost:
        the meeting page and its body (a page and its parent, half of a re-check's time) are read once
        per socket; the user (whose roles are cached on the object) and the room (its note-takers) afresh."""
        if not session_signs_in(self.session_key, self.user.pk):
            return False, None
        if self.meeting is None:
            self.meeting = MeetingPage.objects.filter(pk=self.meeting_id).first()
        user = User.objects.filter(pk=self.user.pk, is_active=True).first()
        if user is None or self.meeting is None:
            return True, None
        return True, live.room_access(user, self.meeting, LiveRoom.objects.filter(meeting_id=self.meeting_id).first())

    def _text(self, message: str) -> str:
        with translation.override(self.language):
            return translation.gettext(message)

    def _run(self, kind, values, client_id) -> dict:
        with translation.override(self.language):
            return live.room_command(
                meeting_id=self.meeting_id, user_id=self.user.pk, kind=kind, values=values, client_id=client_id
            )

    @database_sync_to_async
    def _hello(self) -> dict:
        meeting = MeetingPage.objects.get(pk=self.meeting_id)
        state = live.room_state(meeting, core=self.access.core)
        access = self.access
        return {
            "state": state,
            "me": {
                "person": self.user.pk,
                "can": {right: access.allows(right) for right in ("participates", "records", "chairs", "manages")},
                "voted": live.voted_polls(meeting, self.user),
            },
        }


class PublicRoomConsumer(AuthorisedConsumer):
    """Anyone following a public round table (`/ws/meetings/<id>/live/public/`): which public item is
    discussed and since when, nothing else. Open while the manager keeps the view public and the meeting
    is in session (re-checked like every socket); the browser may only ask for the whole state again."""

    requires_sign_in = False

    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        self.sent: deque[float] = deque()
        await super().connect()

    def groups_to_join(self) -> list[str]:
        return [live.public_group(self.meeting_id)]

    async def still_allowed(self) -> bool:
        return await database_sync_to_async(live.public_view_open)(self.meeting_id)

    async def on_accept(self):
        await self.send_json({"type": "hello", **await self._hello()})

    async def receive(self, text_data=None, bytes_data=None):
        # Nothing to re-check per frame (the periodic re-check ends the view), so no query per frame an
        # anonymous client sends: a small, rare `sync` is answered, anything else closes the socket.
        try:
            message = json.loads(text_data) if text_data and len(text_data) <= 100 else None
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("type") != "sync" or not within_rate(self.sent):
            await self._close(CLOSE_MALFORMED, "Only a sync is expected.")
            return
        await self.send_json({"type": "hello", **await self._hello()})

    async def room_state(self, event):
        await self.send_json({"type": "state", "state": event["payload"]["state"]})

    @database_sync_to_async
    def _hello(self) -> dict:
        meeting = MeetingPage.objects.get(pk=self.meeting_id)
        return {"state": live.RoomView(meeting).public_state(), "me": live.NOBODY}
