"""The live meeting room's socket (`events.consumers.MeetingRoomConsumer` on /ws/meetings/<id>/live/):
who may connect, what a browser is answered, what reaches the other browsers in the room, and when a
socket is cut off. Runs on the in-memory channel layer, and on Redis when REDIS_URL is set."""

import json
import time

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import Site

from events import live
from events.models import LiveRoom
from groups.models import Membership
from groups.services import membership_end
from portal.asgi import application
from tests.events.conftest import People
from tests.events.test_live_public import MEMBERS_TITLE, in_session
from tests.events.test_live_room import CONFIDENTIAL_TITLE, SECRETS, in_czech, leaks, on_the_agenda, run

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")
WAIT = 5  # seconds to wait for an answer that should come (a loaded CI machine is slow)
CLOSED_UNAUTHORISED = {"type": "websocket.close", "code": 4401, "reason": "Not signed in."}


# --- the database between transactional tests ---------------------------------------------------
# A transactional test ends by emptying every table, the empty site and Wagtail's own rows (root page,
# locales, workflows) included, which the next test that builds pages needs. This module takes the
# database as the session set it up, and puts it back before each of its tests and after the last.


def _site_is_there() -> bool:
    return Site.objects.filter(is_default_site=True, root_page__depth=2).exists()


def _restore(baseline: str) -> None:
    if _site_is_there():
        return
    # The flush has made content types and permissions anew, under other ids than the baseline's.
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(baseline)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def _baseline(django_db_blocker):
    with django_db_blocker.unblock():
        if not _site_is_there():
            pytest.fail("Another transactional test emptied the database before this module could keep it.")
        rows = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: saving some rows asks for a content type, which would otherwise be made anew.
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    baseline = json.dumps(rows)
    yield baseline
    with django_db_blocker.unblock():
        _restore(baseline)


@pytest.fixture(autouse=True)
def _site(_baseline):
    _restore(_baseline)


# --- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def room(working_group, people):
    meeting = on_the_agenda(working_group, people)
    live.room_open(meeting=meeting, user=people.manager)
    public, members, confidential = meeting.agenda_items.order_by("position")
    return meeting, public, members, confidential


def headers_for(user, origin=ORIGIN) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    return [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()), origin]


async def connect(meeting_id: int, headers, *, lang: str = "en"):
    communicator = WebsocketCommunicator(application, f"/ws/meetings/{meeting_id}/live/?lang={lang}", headers=headers)
    connected, code = await communicator.connect(timeout=WAIT)
    return communicator, connected, code


async def joined(meeting_id: int, user, **options) -> tuple[WebsocketCommunicator, dict]:
    """A socket in the room, and its hello."""
    headers = await database_sync_to_async(headers_for)(user)
    communicator, connected, code = await connect(meeting_id, headers, **options)
    assert connected, code
    hello = await communicator.receive_json_from(timeout=WAIT)
    assert hello["type"] == "hello"
    return communicator, hello


async def answer_to(communicator, message: dict) -> tuple[dict, list[dict]]:
    """Send a command and wait for its answer (ack or error); the states that arrived meanwhile beside."""
    await communicator.send_json_to(message)
    others = []
    while True:
        received = await communicator.receive_json_from(timeout=WAIT)
        if received.get("type") in ("ack", "error"):
            return received, others
        others.append(received)


async def next_state(communicator) -> dict:
    received = await communicator.receive_json_from(timeout=WAIT)
    assert received["type"] == "state", received
    return received["state"]


async def closing(communicator) -> dict:
    """The close that ends a socket, past whatever states were on their way to it."""
    while True:
        output = await communicator.receive_output(timeout=WAIT)
        if output["type"] == "websocket.close":
            return output


async def everything_sent(communicator, quiet: float = 0.3) -> list[dict]:
    """All that reached a socket until it stays quiet for a moment."""
    received = []
    while not await communicator.receive_nothing(timeout=quiet):
        received.append(await communicator.receive_json_from(timeout=WAIT))
    return received


# --- who may connect ----------------------------------------------------------------------------


def test_strangers_and_foreign_pages_are_refused(room, people):
    meeting = room[0]
    tries = {
        "anonymous": (meeting.pk, [ORIGIN]),
        "outsider": (meeting.pk, headers_for(people.outsider)),
        "foreign origin": (meeting.pk, headers_for(people.member, origin=(b"origin", b"https://evil.example"))),
        "no such meeting": (999999, headers_for(people.member)),
    }

    async def scenario():
        for name, (meeting_id, headers) in tries.items():
            communicator, connected, _ = await connect(meeting_id, headers)
            assert not connected, name
            await communicator.disconnect()
        # A permanent guest is in the members' area: in, with no right to act.
        guest, hello = await joined(meeting.pk, people.guest)
        assert hello["me"]["can"] == {"participates": False, "records": False, "chairs": False, "manages": False}
        error, _ = await answer_to(guest, {"type": "check_in", "id": "host-1"})
        assert error == {
            "type": "error",
            "id": "host-1",
            "message": "You may not do this in this meeting.",
            "errors": {},
        }
        await guest.disconnect()
        # Answers come in the language the page names.
        member, _ = await joined(meeting.pk, people.member, lang="cs")
        error, _ = await answer_to(member, {"type": "vote", "id": "v-1"})
        await member.disconnect()
        return error

    error = async_to_sync(scenario)()
    assert error["message"] == in_czech("Check the highlighted fields.")
    assert error["errors"] == {"poll": ["Toto pole je povinné."], "choices": ["Toto pole je povinné."]}


# --- one browser --------------------------------------------------------------------------------


RATE = 15  # messages a socket may send in the window, in this test


@override_settings(WEBSOCKET_ROOM_COMMANDS=RATE, WEBSOCKET_ROOM_WINDOW=60)
def test_member_is_answered_and_a_bad_message_gets_an_error_while_the_socket_stays(room, people):
    meeting, public, _, _ = room

    async def scenario():
        member, hello = await joined(meeting.pk, people.member)
        assert set(hello) == {"type", "state", "me"}
        assert set(hello["state"]) == {"version", *live.SECTIONS}
        assert hello["state"]["room"]["status"] == "open" and hello["state"]["room"]["current"] == public.pk
        assert [item["title"] for item in hello["state"]["items"]][2] == CONFIDENTIAL_TITLE  # the core reads it
        assert hello["me"] == {
            "person": people.member.pk,
            "can": {"participates": True, "records": False, "chairs": False, "manages": False},
            "voted": [],
        }

        ack, _ = await answer_to(member, {"type": "ask_to_speak", "id": "dotaz-1"})
        assert ack["type"] == "ack" and ack["id"] == "dotaz-1" and ack["request"]
        assert "duplicate" not in ack
        ack, _ = await answer_to(member, {"type": "ask_to_speak", "id": "dotaz-1"})  # sent again: not twice
        assert ack == {"type": "ack", "id": "dotaz-1", "duplicate": True}

        error, _ = await answer_to(member, {"type": "fly_away", "id": "x-1"})
        assert error == {"type": "error", "id": "x-1", "message": "Unknown command.", "errors": {}}
        error, _ = await answer_to(member, {"type": "check_in", "id": "x-2", "status": "hungry"})
        assert error["type"] == "error" and error["id"] == "x-2" and set(error["errors"]) == {"status"}
        for no_id in [None, 7, "a b", "abc\n", "a" * 65, "a" * 64 + "\n"]:
            message = {"type": "check_in"} if no_id is None else {"type": "check_in", "id": no_id}
            error, _ = await answer_to(member, message)
            assert error == {"type": "error", "id": None, "message": "A command needs an id."}, no_id
        error, _ = await answer_to(member, {"type": "note", "id": "x-3", "item": public.pk, "text": "Smím?"})
        assert error["message"] == "You may not do this in this meeting."

        # Still open: a command after the errors is carried out, and `sync` sends the whole room again.
        ack, _ = await answer_to(member, {"type": "check_in", "id": "pritomna"})
        assert ack == {"type": "ack", "id": "pritomna"}
        await member.send_json_to({"type": "sync"})
        again = [m for m in await everything_sent(member) if m["type"] == "hello"]
        assert len(again) == 1
        rows = {row["person"]: row["status"] for row in again[0]["state"]["attendance"]}
        assert rows[people.member.pk] == "present"
        assert [s["person"] for s in again[0]["state"]["speakers"]] == [people.member.pk]
        await member.disconnect()

        # The rate limit, per socket: every message counts (a `sync` rebuilds the whole room), the one
        # over it is answered with an error, and the socket stays.
        substitute, _ = await joined(meeting.pk, people.substitute)
        for n in range(RATE):
            answer, _ = await answer_to(substitute, {"type": "withdraw", "id": f"w-{n}"})
            assert answer["message"] == "You are not waiting in the queue."
        too_many = "Too many commands; wait a moment."
        error, _ = await answer_to(substitute, {"type": "check_in", "id": "too-many"})
        assert error == {"type": "error", "id": "too-many", "message": too_many}
        error, _ = await answer_to(substitute, {"type": "sync"})
        assert error == {"type": "error", "id": None, "message": too_many}
        assert await substitute.receive_nothing(timeout=0.2)
        await substitute.disconnect()

    async_to_sync(scenario)()
    assert not live.RoomCommand.objects.filter(client_id="too-many").exists()


def test_a_bad_frame_closes_only_that_socket(room, people):
    meeting = room[0]

    async def scenario():
        not_json, _ = await joined(meeting.pk, people.member)
        too_big, _ = await joined(meeting.pk, people.chair)
        good, _ = await joined(meeting.pk, people.substitute)
        await not_json.send_to(text_data="{not json")
        assert await closing(not_json) == {
            "type": "websocket.close",
            "code": 4400,
            "reason": "Malformed message: JSON expected.",
        }
        await too_big.send_to(text_data=json.dumps({"type": "sync", "pad": "x" * 64 * 1024}))
        assert await closing(too_big) == {"type": "websocket.close", "code": 4413, "reason": "Message too big."}
        ack, _ = await answer_to(good, {"type": "check_in", "id": "ok"})
        assert ack["type"] == "ack"
        for socket in (not_json, too_big, good):
            await socket.disconnect()

    async_to_sync(scenario)()


# --- the room shared ----------------------------------------------------------------------------


def test_what_one_does_reaches_the_others_and_a_guest_never_gets_confidential_text(room, people):
    meeting, public, members, confidential = room

    async def scenario():
        manager, _ = await joined(meeting.pk, people.manager)
        member, _ = await joined(meeting.pk, people.member)
        guest, guest_hello = await joined(meeting.pk, people.guest)
        assert leaks(guest_hello) == set()

        ack, _ = await answer_to(manager, {"type": "advance", "id": "dalsi", "item": members.pk})
        assert ack == {"type": "ack", "id": "dalsi"}
        for socket in (member, guest):
            state = await next_state(socket)
            assert state["room"]["current"] == members.pk
            assert state["version"] == (await database_sync_to_async(LiveRoom.objects.get)(meeting=meeting)).version

        # Confidential work: the core sees it, the guest gets the change without a word of it.
        commands = [
            {"type": "advance", "item": confidential.pk},
            {"type": "note", "item": confidential.pk, "text": SECRETS["note"]},
            {"type": "decision", "item": confidential.pk, "text": SECRETS["decision"]},
            {"type": "task", "item": confidential.pk, "what": SECRETS["task"], "owner": people.member.pk},
            {"type": "poll_open", "question": SECRETS["question"], "choices": f"{SECRETS['choice']}\nNe"},
        ]
        for n, command in enumerate(commands):
            ack, _ = await answer_to(manager, {**command, "id": f"tajne-{n}"})
            assert ack["type"] == "ack", ack
        for_member = [await next_state(member) for _ in commands]
        for_guest = [await next_state(guest) for _ in commands]
        assert await member.receive_nothing(timeout=0.2) and await guest.receive_nothing(timeout=0.2)
        assert leaks(for_member) == {CONFIDENTIAL_TITLE, *SECRETS.values()}
        assert leaks(for_guest) == set()
        assert [state["version"] for state in for_guest] == [state["version"] for state in for_member]

        # A dropped connection loses nothing: the room comes back whole.
        await member.disconnect()
        ack, _ = await answer_to(manager, {"type": "note", "id": "mezitim", "item": public.pk, "text": "Mezitím."})
        member, hello = await joined(meeting.pk, people.member)
        items = {item["id"]: item for item in hello["state"]["items"]}
        assert items[public.pk]["notes"] == "Mezitím."
        assert items[confidential.pk]["notes"] == SECRETS["note"]
        assert [d["text"] for d in items[confidential.pk]["decisions"]] == [SECRETS["decision"]]
        assert hello["state"]["room"]["current"] == confidential.pk
        assert [poll["question"] for poll in hello["state"]["polls"]] == [SECRETS["question"]]
        guest_again, hello = await joined(meeting.pk, people.guest)
        assert leaks(hello) == set() and hello["state"]["polls"] == []
        for socket in (manager, member, guest, guest_again):
            await socket.disconnect()

    async_to_sync(scenario)()


# --- cut off ------------------------------------------------------------------------------------


@override_settings(WEBSOCKET_RECHECK_SECONDS=1)
def test_an_ended_membership_cuts_the_socket_off_and_new_rights_reconnect_it(room, people):
    meeting = room[0]

    async def scenario():
        member, _ = await joined(meeting.pk, people.member)
        substitute, _ = await joined(meeting.pk, people.substitute)
        manager, _ = await joined(meeting.pk, people.manager)

        started = time.monotonic()
        membership = await database_sync_to_async(Membership.objects.get)(person=people.member)
        await database_sync_to_async(membership_end)(membership=membership, on=timezone.localdate())
        ack, _ = await answer_to(
            manager, {"type": "delegate", "id": "zapis", "person": people.substitute.pk, "on": True}
        )
        assert ack["type"] == "ack"
        assert await closing(member) == CLOSED_UNAUTHORISED
        assert time.monotonic() - started < 5
        # The substitute's rights grew: the socket closes so that the browser comes back with them.
        assert await closing(substitute) == {"type": "websocket.close", "code": 4409, "reason": "Rights changed."}
        substitute_again, hello = await joined(meeting.pk, people.substitute)
        assert hello["me"]["can"]["records"] is True
        headers = await database_sync_to_async(headers_for)(people.member)
        communicator, connected, _ = await connect(meeting.pk, headers)
        assert not connected  # and the former member cannot come back
        for socket in (member, substitute, substitute_again, manager, communicator):
            await socket.disconnect()

    async_to_sync(scenario)()


# --- the public view of a round table ---------------------------------------------------------


def test_the_public_socket_follows_the_room_and_closes_with_the_view(round_table):
    """A public round table's view for anyone (`PublicRoomConsumer`)."""
    table = People(round_table)
    meeting = in_session(round_table, table)
    public, members, _ = meeting.agenda_items.order_by("position")
    path = f"/ws/meetings/{meeting.pk}/live/public/"

    async def connect():
        communicator = WebsocketCommunicator(application, path, headers=[ORIGIN])
        connected, _ = await communicator.connect(timeout=WAIT)
        return communicator, connected

    async def scenario():
        refused, connected = await connect()  # not open to the public yet
        assert not connected
        await refused.disconnect()
        await database_sync_to_async(run)(meeting, table.manager, "public", open=True)
        watcher, connected = await connect()
        assert connected
        hello = await watcher.receive_json_from(timeout=WAIT)
        assert hello["me"]["can"] == dict.fromkeys(("participates", "records", "chairs", "manages"), False)
        assert hello["state"]["room"]["current"] == public.pk
        await database_sync_to_async(run)(meeting, table.manager, "advance", item=members.pk)
        state = (await watcher.receive_json_from(timeout=WAIT))["state"]
        assert state["room"]["current"] is None and MEMBERS_TITLE not in str(state)
        await watcher.send_json_to({"type": "sync"})
        assert (await watcher.receive_json_from(timeout=WAIT))["type"] == "hello"
        await database_sync_to_async(run)(meeting, table.manager, "public", open=False)
        while (output := await watcher.receive_output(timeout=8))["type"] != "websocket.close":
            pass
        assert output["code"] == 4401
        await watcher.disconnect()
        # An anonymous client may send nothing but a sync: a command closes its socket.
        await database_sync_to_async(run)(meeting, table.manager, "public", open=True)
        intruder, connected = await connect()
        assert connected
        await intruder.receive_json_from(timeout=WAIT)
        await intruder.send_json_to({"type": "check_in", "id": "x"})
        assert (await intruder.receive_output(timeout=WAIT))["code"] == 4400
        await intruder.disconnect()

    async_to_sync(scenario)()
