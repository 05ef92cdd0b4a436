"""WebSocket consumers of the site core: the base every site socket builds on, and the per-user
notification stream."""

import asyncio
import contextlib
import json
import logging
import weakref
from importlib import import_module

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.utils.crypto import constant_time_compare
from redis.exceptions import RedisError

from portal.realtime import user_group

logger = logging.getLogger(__name__)

# Application close codes (4000-4999): ASGI servers refuse the protocol's own 1007/1009 from an app.
CLOSE_MALFORMED = 4400
CLOSE_UNAUTHORISED = 4401
CLOSE_TOO_BIG = 4413
CLOSE_UNAVAILABLE = 4503

# What the channel layer raises when Redis is gone (redis-py wraps socket errors in its own).
CHANNEL_LAYER_ERRORS = (RedisError, ConnectionError, TimeoutError)

# An open socket does not notice by itself that Redis has gone: channels-redis's pub/sub layer keeps
# waiting for messages that no longer come (it only logs its own failures), so the page would show a
# room that silently stopped changing. The periodic re-check therefore also asks whether the layer
# answers, one PUBLISH to a group nobody is in, shared by every socket of the process (and event loop)
# and made at most once per LAYER_PROBE_SECONDS; a layer that fails or takes longer than
# LAYER_PROBE_TIMEOUT closes the socket with 4503 and the page reconnects with backoff.
LAYER_PROBE_GROUP = "layer-probe"
LAYER_PROBE_SECONDS = 1.0
LAYER_PROBE_TIMEOUT = 2.0
_layer_probes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> (started, task)


async def _probe(layer) -> bool:
    try:
        await asyncio.wait_for(layer.group_send(LAYER_PROBE_GROUP, {"type": "layer.probe"}), LAYER_PROBE_TIMEOUT)
    except (*CHANNEL_LAYER_ERRORS, OSError):  # asyncio's TimeoutError is the builtin one
        return False
    return True


async def channel_layer_answers(layer) -> bool:
    """Whether the channel layer answers now (a probe at most LAYER_PROBE_SECONDS old)."""
    loop = asyncio.get_running_loop()
    probe = _layer_probes.get(loop)
    if probe is None or loop.time() - probe[0] > LAYER_PROBE_SECONDS:
        probe = _layer_probes[loop] = (loop.time(), asyncio.ensure_future(_probe(layer)))
    return await asyncio.shield(probe[1])  # a socket closing while it waits cancels nobody else's wait


# Channels runs all of a process's database work on one thread, first come first served. The periodic
# re-checks of a room of 100 sockets are some 30 a second; queued there all at once, they held a command
# (and so the state everyone waits for) up behind them for a second. They take turns instead, one at a
# time per process, so whatever a user waits for queues behind one re-check at most.
_recheck_turns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> asyncio.Semaphore


def _recheck_turn() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _recheck_turns:
        _recheck_turns[loop] = asyncio.Semaphore(1)
    return _recheck_turns[loop]


def session_signs_in(session_key: str | None, user_id) -> bool:
    """Whether this session still signs this user in: not logged out, flushed or expired, the user
    exists and is active, and no password change has ended the session since (Django's session
    hash, as `django.contrib.auth.get_user` checks it, without its side effects)."""
    from portal.models import User

    if not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    if session.get(SESSION_KEY) != str(user_id):
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    session_hash = session.get(HASH_SESSION_KEY)
    if user is None or not session_hash:
        return False
    return any(
        constant_time_compare(session_hash, known)
        for known in [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    )


class AuthorisedConsumer(AsyncWebsocketConsumer):
    """A JSON socket for a signed-in user that stays open only while `still_allowed()` holds.

    The rule is checked before the handshake is accepted, on every frame from the browser and every
    `push()`, and every WEBSOCKET_RECHECK_SECONDS while nothing happens, so a deactivated or signed-out
    user is cut off within seconds (close code 4401). Frames that are binary, not a JSON object (4400)
    or too big (4413) close the socket. When the channel layer (Redis) is down, the handshake is
    refused (4503) and the page falls back to polling; an open socket finds out at its next re-check
    (`channel_layer_answers`) and closes with 4503. Each refusal and close is logged in one line.

    Subclasses name their `groups_to_join()`, handle `on_message()` and may add to `still_allowed()`
    (e.g. the meeting room: `await super().still_allowed() and <still a member>`).
    """

    user = None
    session_key = None
    # A socket anyone may open (a public view) says False and puts its whole rule in `still_allowed()`.
    requires_sign_in = True

    async def __call__(self, scope, receive, send):
        self._joined: list[str] = []
        self._recheck_task = None
        try:
            await super().__call__(scope, receive, send)
        except CHANNEL_LAYER_ERRORS as error:
            # Typically while the layer makes this socket's channel or joins its groups, before
            # accept(): closing then refuses the handshake. One line, no traceback.
            logger.warning("WebSocket %s closed: channel layer unavailable (%s)", scope.get("path"), error)
            await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE, "reason": "Try again later."})

    # --- for subclasses ---

    def groups_to_join(self) -> list[str]:
        return []

    async def still_allowed(self) -> bool:
        """The base rule: still signed in with this session (see `session_signs_in`)."""
        return await database_sync_to_async(session_signs_in)(self.session_key, self.user.pk)

    async def on_accept(self) -> None:
        pass

    async def on_message(self, message: dict) -> None:
        pass

    async def push(self, content: dict) -> None:
        """Send `content` (an event from the channel layer) unless the user may no longer have it."""
        if await self._closed_unless_allowed():
            return
        await self.send_json(content)

    async def send_json(self, content) -> None:
        await self.send(text_data=json.dumps(content))

    # --- the protocol ---

    async def dispatch(self, message):
        """Channels' own, less its `aclose_old_connections()` before every handler: a hop to the one
        thread where all the process's database work queues, for every frame and every event to every
        socket (a room's state to 100 sockets: 100 hops, each behind whatever queries wait there, which
        made a fan-out take seconds). These consumers reach the database only through
        `database_sync_to_async`, which closes old connections itself, before and after."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        user = self.scope.get("user")
        session = self.scope.get("session")
        if self.requires_sign_in:
            if user is None or not user.is_authenticated or session is None:
                await self._close(CLOSE_UNAUTHORISED, "Not signed in.")  # before accept(): refused
                return
            self.user, self.session_key = user, session.session_key
        if not await self.still_allowed():
            await self._close(CLOSE_UNAUTHORISED, "Not signed in.")
            return
        for group in self.groups_to_join():
            await self.channel_layer.group_add(group, self.channel_name)
            self._joined.append(group)
        await self.accept()
        self._recheck_task = asyncio.create_task(self._recheck_periodically())
        await self.on_accept()

    async def disconnect(self, code):
        if self._recheck_task is not None:
            self._recheck_task.cancel()
        for group in self._joined:
            with contextlib.suppress(*CHANNEL_LAYER_ERRORS):  # the layer is gone: so is the subscription
                await self.channel_layer.group_discard(group, self.channel_name)
        self._joined = []

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data.encode() if text_data is not None else bytes_data or b""
        if len(raw) > settings.WEBSOCKET_MAX_MESSAGE_BYTES:
            await self._close(CLOSE_TOO_BIG, "Message too big.")
            return
        if text_data is None:
            await self._close(CLOSE_MALFORMED, "Malformed message: JSON text expected.")
            return
        if await self._closed_unless_allowed():
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            await self._close(CLOSE_MALFORMED, "Malformed message: JSON expected.")
            return
        await self.on_message(message)

    async def _closed_unless_allowed(self) -> bool:
        if await self.still_allowed():
            return False
        await self._close(CLOSE_UNAUTHORISED, "Not signed in.")
        return True

    async def _recheck_periodically(self) -> None:
        # Nothing may arrive for hours; the right to the socket is re-checked anyway.
        while True:
            await asyncio.sleep(settings.WEBSOCKET_RECHECK_SECONDS)
            try:
                async with _recheck_turn():
                    allowed = await self.still_allowed()
            except Exception as error:  # the rule cannot be checked (database down): do not keep it open
                logger.warning("WebSocket %s: cannot re-check the user (%r)", self.scope.get("path"), error)
                await self._close(CLOSE_UNAVAILABLE, "Try again later.")
                return
            if not allowed:
                await self._close(CLOSE_UNAUTHORISED, "Not signed in.")
                return
            if self._joined and not await channel_layer_answers(self.channel_layer):
                # Deaf to its groups: closed, so that the page says so and reconnects when Redis is back.
                await self._close(CLOSE_UNAVAILABLE, "Try again later.")
                return

    async def _close(self, code: int, reason: str) -> None:
        logger.info(
            "WebSocket %s closed with %s (%s) for user %s",
            self.scope.get("path"),
            code,
            reason,
            getattr(self.user, "pk", None),
        )
        if self._recheck_task is not None and self._recheck_task is not asyncio.current_task():
            self._recheck_task.cancel()
        await self.close(code=code, reason=reason)


class NotificationConsumer(AuthorisedConsumer):
    """Pushes the signed-in user's notifications; answers `mark_all_read` and `ping`. Open while the
    user exists, is active and the session still signs them in (the base rule)."""

    def groups_to_join(self) -> list[str]:
        return [user_group(self.user.pk)]

    async def on_accept(self):
        await self.send_json({"type": "hello", "unread": await self._unread_count()})

    async def on_message(self, message: dict):
        action = message.get("type")
        if action == "mark_all_read":
            await self._mark_all_read()
        elif action == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "message": "Unknown message type."})

    async def portal_notification(self, event):
        await self.push({"type": "notification", **event["payload"]})

    @database_sync_to_async
    def _unread_count(self) -> int:
        from portal.selectors import unread_notification_count

        return unread_notification_count(self.user)

    @database_sync_to_async
    def _mark_all_read(self) -> None:
        from portal.services import notifications_mark_all_read

        notifications_mark_all_read(user=self.user)
