"""The per-user notification stream: the service, the page, and the WebSocket consumer."""

import json
import logging
import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import override_settings

from portal.asgi import application
from portal.models import Notification
from portal.services import notification_create, notifications_mark_all_read
from tests.conftest import make_user

ORIGIN = [(b"origin", b"http://localhost")]


@pytest.fixture
def captured(monkeypatch):
    """Broadcasts that actually left, after commit."""
    sent = []

    def fake_send(group, message):
        sent.append((group, message))

    class Layer:
        async def group_send(self, group, message):
            fake_send(group, message)

    monkeypatch.setattr("portal.realtime.get_channel_layer", lambda: Layer())
    return sent


@pytest.mark.django_db
def test_notification_is_broadcast_only_after_commit(member, captured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=member, kind="test", title="Zápis rozeslán", url="/")
    assert captured == [
        (
            f"user_{member.pk}",
            {
                "type": "portal.notification",
                "payload": {
                    "id": Notification.objects.get(recipient=member).pk,
                    "kind": "test",
                    "title": "Zápis rozeslán",
                    "url": "/",
                    "unread": 1,
                },
            },
        )
    ]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_notification_is_never_broadcast(captured):
    user = make_user("rollback@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_create(recipient=user, kind="test", title="Nic")
        raise RuntimeError
    assert captured == []
    assert not Notification.objects.filter(recipient=user).exists()


@pytest.mark.django_db
def test_broken_channel_layer_does_not_break_the_save(member, monkeypatch, django_capture_on_commit_callbacks):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis down")

    monkeypatch.setattr("portal.realtime.get_channel_layer", lambda: Broken())
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=member, kind="test", title="Přesto uloženo")
    assert Notification.objects.filter(recipient=member).count() == 1


@pytest.mark.django_db
def test_notification_page_lists_and_marks_read(client, member):
    notification_create(recipient=member, kind="test", title="Pozvánka na jednání", url="/")
    assert client.get("/oznameni/")["Location"].startswith("/ucet/login/")
    client.force_login(member)
    html = client.get("/oznameni/").content.decode()
    assert "Pozvánka na jednání" in html
    assert "<span data-notification-count>1</span>" in html
    client.post("/oznameni/")
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_other_users_notifications_are_not_shown(client, member):
    other = make_user("jiny@example.org")
    notification_create(recipient=other, kind="test", title="Cizí oznámení")
    client.force_login(member)
    assert "Cizí oznámení" not in client.get("/oznameni/").content.decode()


# --- WebSocket ---


def session_cookie_for(client, user) -> list[tuple[bytes, bytes]]:
    client.force_login(user)
    return [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()), *ORIGIN]


async def _connect(headers):
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
def test_anonymous_connection_is_refused():
    async def scenario():
        communicator, connected, _ = await _connect(ORIGIN)
        assert not connected
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_foreign_origin_is_refused(client):
    user = make_user("origin@example.org")
    headers = [h for h in session_cookie_for(client, user) if h[0] != b"origin"] + [
        (b"origin", b"https://evil.example")
    ]

    async def scenario():
        communicator, connected, _ = await _connect(headers)
        assert not connected
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_user_receives_own_notifications_live_and_only_own(client):
    user = make_user("live@example.org")
    other = make_user("other@example.org")
    headers = session_cookie_for(client, user)

    async def scenario():
        communicator, connected, _ = await _connect(headers)
        assert connected
        assert await communicator.receive_json_from() == {"type": "hello", "unread": 0}
        from channels.db import database_sync_to_async

        await database_sync_to_async(notification_create)(recipient=other, kind="t", title="Pro jiného")
        await database_sync_to_async(notification_create)(recipient=user, kind="t", title="Zápis ke komentování")
        message = await communicator.receive_json_from(timeout=2)
        assert message["type"] == "notification"
        assert message["title"] == "Zápis ke komentování" and message["unread"] == 1
        assert await communicator.receive_nothing(timeout=0.2)
        await communicator.send_to(text_data=json.dumps({"type": "mark_all_read"}))
        assert (await communicator.receive_json_from(timeout=2))["unread"] == 0
        await communicator.send_to(text_data=json.dumps({"type": "nonsense"}))  # valid JSON, unknown type
        assert (await communicator.receive_json_from(timeout=2))["type"] == "error"
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("frame", "code", "reason"),
    [
        ({"text_data": "x" * (64 * 1024 + 1)}, 4413, "Message too big."),
        ({"bytes_data": b"x" * (64 * 1024 + 1)}, 4413, "Message too big."),
        ({"bytes_data": json.dumps({"type": "ping"}).encode()}, 4400, "Malformed message: JSON text expected."),
        ({"text_data": "{not json"}, 4400, "Malformed message: JSON expected."),
        ({"text_data": json.dumps(["ping"])}, 4400, "Malformed message: JSON expected."),
    ],
    ids=["oversized-text", "oversized-binary", "binary", "not-json", "not-an-object"],
)
def test_bad_frame_closes_the_socket_with_an_application_code_and_one_log_line(client, caplog, frame, code, reason):
    """Daphne refuses the protocol's own 1007/1009 from an application: codes are 4xxx."""
    headers = session_cookie_for(client, make_user("bad-frame@example.org"))
    caplog.set_level(logging.INFO)

    async def scenario():
        communicator, connected, _ = await _connect(headers)
        await communicator.receive_json_from()
        await communicator.send_to(**frame)
        closed = await communicator.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": code, "reason": reason}
        await communicator.disconnect()

    async_to_sync(scenario)()
    logged = [r for r in caplog.records if r.name == "portal.consumers"]
    assert len(logged) == 1 and str(code) in logged[0].getMessage() and logged[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.django_db(transaction=True)
def test_deactivated_user_is_cut_off_on_next_message(client):
    user = make_user("gone@example.org")
    headers = session_cookie_for(client, user)

    async def scenario():
        from channels.db import database_sync_to_async

        communicator, connected, _ = await _connect(headers)
        await communicator.receive_json_from()
        await database_sync_to_async(type(user).objects.filter(pk=user.pk).update)(is_active=False)
        await communicator.send_to(text_data=json.dumps({"type": "ping"}))
        closed = await communicator.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": 4401, "reason": "Not signed in."}
        await communicator.disconnect()

    async_to_sync(scenario)()


CLOSED_UNAUTHORISED = {"type": "websocket.close", "code": 4401, "reason": "Not signed in."}


def _cut_off_without_a_word(client, user, take_away) -> None:
    """Connect, `take_away` the right to the socket, send nothing: the socket closes within 5 s."""
    headers = session_cookie_for(client, user)

    async def scenario():
        from channels.db import database_sync_to_async

        communicator, connected, _ = await _connect(headers)
        assert connected
        await communicator.receive_json_from()
        await database_sync_to_async(take_away)()
        started = time.monotonic()
        assert await communicator.receive_output(timeout=5) == CLOSED_UNAUTHORISED
        assert time.monotonic() - started < 5
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_deactivated_user_is_cut_off_within_seconds_without_sending_anything(client):
    user = make_user("deactivated@example.org")
    _cut_off_without_a_word(client, user, lambda: type(user).objects.filter(pk=user.pk).update(is_active=False))


@pytest.mark.django_db(transaction=True)
def test_signed_out_session_is_cut_off_within_seconds_without_sending_anything(client):
    _cut_off_without_a_word(client, make_user("signed-out@example.org"), client.logout)  # flushes the session


@pytest.mark.django_db(transaction=True)
def test_password_change_elsewhere_cuts_off_the_socket(client):
    user = make_user("new-password@example.org")

    def change_password():
        user.set_password("Uplne-jine-heslo-2026")
        user.save()

    _cut_off_without_a_word(client, user, change_password)


@pytest.mark.django_db(transaction=True)
@override_settings(WEBSOCKET_RECHECK_SECONDS=0.1)
def test_rechecks_run_on_a_timer_and_leave_an_allowed_socket_open(client, monkeypatch):
    from portal.consumers import NotificationConsumer

    checks = []
    original = NotificationConsumer.still_allowed

    async def counted(self):
        checks.append(time.monotonic())
        return await original(self)

    monkeypatch.setattr(NotificationConsumer, "still_allowed", counted)
    headers = session_cookie_for(client, make_user("stays@example.org"))

    async def scenario():
        communicator, connected, _ = await _connect(headers)
        await communicator.receive_json_from()
        checked_at_connect = len(checks)
        assert await communicator.receive_nothing(timeout=0.6)  # the browser says nothing
        assert len(checks) - checked_at_connect >= 3
        await communicator.send_to(text_data=json.dumps({"type": "ping"}))
        assert await communicator.receive_json_from(timeout=2) == {"type": "pong"}
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db
def test_only_a_live_session_of_this_very_user_keeps_the_socket(client):
    """The base rule checks that the session signs in *this* user, not merely that it exists."""
    from portal.consumers import session_signs_in

    user, other = make_user("owner@example.org"), make_user("someone@example.org")
    client.force_login(user)
    key = client.session.session_key
    assert session_signs_in(key, user.pk)
    assert not session_signs_in(key, other.pk)
    assert not session_signs_in("no-such-session", user.pk)
    assert not session_signs_in(None, user.pk)


@pytest.mark.django_db
def test_mark_all_read_service(member):
    notification_create(recipient=member, kind="t", title="A")
    notification_create(recipient=member, kind="t", title="B")
    assert notifications_mark_all_read(user=member) == 2
    assert notifications_mark_all_read(user=member) == 0


@pytest.mark.django_db(transaction=True)
def test_malformed_frame_closes_only_that_connection(client):
    headers = session_cookie_for(client, make_user("malformed@example.org"))

    async def scenario():
        bad, _, _ = await _connect(headers)
        good, _, _ = await _connect(headers)
        await bad.receive_json_from()
        await good.receive_json_from()
        await bad.send_to(text_data="{not json")
        closed = await bad.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": 4400, "reason": "Malformed message: JSON expected."}
        await good.send_to(text_data=json.dumps({"type": "ping"}))
        assert await good.receive_json_from(timeout=2) == {"type": "pong"}
        await bad.disconnect()
        await good.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db
def test_notification_links_stay_on_the_site(member):
    for url in ["javascript:alert(1)", "https://evil.example/", "//evil.example/x", "/\\evil.example"]:
        with pytest.raises(ValueError):
            notification_create(recipient=member, kind="t", title="x", url=url)
    assert not Notification.objects.filter(recipient=member).exists()


@pytest.mark.django_db
def test_count_endpoint_for_the_polling_fallback(client, member):
    assert client.get("/oznameni/pocet/")["Location"].startswith("/ucet/login/")
    notification_create(recipient=member, kind="t", title="A")
    client.force_login(member)
    assert client.get("/oznameni/pocet/").json() == {"unread": 1}
