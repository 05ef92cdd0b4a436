"""The live meeting room's services (`events.live`): who may do what, role by role, what each command
records in the minutes' working copy, how bad input is refused, idempotent retries, and what each audience
is shown and sent. The socket itself is tested in test_live_room_socket.py."""

import datetime
import itertools
import json
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from events import live, services
from events.models import (
    Attendance,
    Confidentiality,
    LiveRoom,
    MeetingPage,
    Minutes,
    MinutesState,
    Poll,
    PollBallot,
    PollVote,
    RoomCommand,
    SpeakerRequest,
    SpeakerStatus,
)
from groups.models import Role
from tests.events.conftest import LANDLORD, add_item, make_meeting
from tests.groups.conftest import member_of

pytestmark = pytest.mark.django_db

CONFIDENTIAL_TITLE = "Kazuistika rodiny Dvořákových"
# Texts recorded on the confidential item: none may reach a permanent guest.
SECRETS = {
    "note": "Rodina dluží nájem za tři měsíce",
    "decision": "Přidělit rodině krizový byt",
    "task": "Prověřit dluh u správce domu",
    "question": "Souhlasíte s přidělením bytu Dvořákovým?",
    "choice": "Ano, od března",
}
NOT_ALLOWED = "You may not do this in this meeting."
_ids = itertools.count()


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are compared in English, unless a test asks for Czech (the site's default language)."""
    with translation.override("en"):
        yield


# --- the room -----------------------------------------------------------------------------------


def on_the_agenda(body, people, *, minutes_ago: int | None = 5) -> MeetingPage:
    """A meeting with a public, a members' and a confidential item on its agenda (the manager's items go
    straight onto it), started `minutes_ago` (None: not yet)."""
    meeting = make_meeting(body, days=1)
    add_item(meeting, people.manager, "Veřejný bod")
    add_item(meeting, people.manager, "Bod pro členy", Confidentiality.MEMBERS)
    add_item(meeting, people.manager, CONFIDENTIAL_TITLE, Confidentiality.CONFIDENTIAL)
    return meeting if minutes_ago is None else starts_in(meeting, minutes=-minutes_ago)


def starts_in(meeting: MeetingPage, *, minutes: int) -> MeetingPage:
    start = timezone.now() + datetime.timedelta(minutes=minutes)
    MeetingPage.objects.filter(pk=meeting.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    return MeetingPage.objects.get(pk=meeting.pk)


@pytest.fixture
def room(working_group, people):
    """A meeting in session with its room open: a public, a members' and a confidential item;
    the first is discussed."""
    meeting = on_the_agenda(working_group, people)
    live.room_open(meeting=meeting, user=people.manager)
    public, members, confidential = meeting.agenda_items.order_by("position")
    return SimpleNamespace(meeting=meeting, people=people, public=public, members=members, confidential=confidential)


def run(meeting, user, kind: str, client_id: str | None = None, **values) -> dict:
    return live.room_command(
        meeting_id=meeting.pk, user_id=user.pk, kind=kind, values=values, client_id=client_id or f"c{next(_ids)}"
    )


def refused(meeting, user, kind: str, **values) -> live.CommandRefused:
    """The refusal of a command, checking that it changed nothing at all."""
    before = snapshot(meeting)
    with pytest.raises(live.CommandRefused) as refusal:
        run(meeting, user, kind, **values)
    assert snapshot(meeting) == before
    return refusal.value


def snapshot(meeting) -> dict:
    """Everything a command could change."""
    room = LiveRoom.objects.filter(meeting=meeting).first()
    minutes = Minutes.objects.filter(meeting=meeting).first()
    return {
        "room": room and (room.version, room.current_item_id, room.item_started_at, room.queue_open, room.closed_at),
        "note_takers": room and sorted(room.note_takers.values_list("pk", flat=True)),
        "commands": list(RoomCommand.objects.values_list("pk", flat=True)),
        "speakers": list(SpeakerRequest.objects.values_list("pk", "status")),
        "polls": list(Poll.objects.values_list("pk", "closed_at")),
        "ballots": list(PollBallot.objects.values_list("pk", flat=True)),
        "votes": list(PollVote.objects.values_list("pk", flat=True)),
        # The minutes change only by a new revision of their working copy.
        "minutes": minutes and list(minutes.revisions.values_list("pk", flat=True)),
    }


def content(meeting) -> dict:
    return Minutes.objects.get(meeting=meeting).content


def entry(meeting, item) -> dict:
    return next(e for e in content(meeting)["items"] if e["agenda_item"] == item.pk)


def attendance(meeting, person) -> str:
    return next(row["status"] for row in content(meeting)["attendance"] if row["person"] == person.pk)


def in_czech(message: str) -> str:
    """A message of ours as a Czech reader gets it (the English until its translation is added)."""
    with translation.override("cs"):
        return translation.gettext(message)


def open_poll(room, **values) -> Poll:
    values = {"question": "Schválit?", "choices": "Ano\nNe\nZdržuji se", **values}
    return Poll.objects.get(pk=run(room.meeting, room.people.manager, "poll_open", **values)["poll"])


# --- who may do what ----------------------------------------------------------------------------

ROLES = ("chair", "manager", "member", "substitute", "guest", "outsider", "note_taker")
# Who holds each right. A note-taker is a member the manager named with the `delegate` command.
HOLDERS = {
    "participates": {"chair", "manager", "member", "substitute", "note_taker"},
    "records": {"manager", "note_taker"},
    "chairs": {"chair", "manager"},
    "manages": {"manager"},
}
RIGHT_OF = {
    "check_in": "participates",
    "ask_to_speak": "participates",
    "withdraw": "participates",
    "vote": "participates",
    "give_floor": "chairs",
    "end_floor": "chairs",
    "queue": "chairs",
    "advance": "records",
    "note": "records",
    "decision": "records",
    "task": "records",
    "poll_open": "records",
    "poll_close": "records",
    "delegate": "manages",
}


@pytest.fixture
def cast(room, people, working_group) -> dict:
    """Everyone by role, with a member named note-taker by the manager."""
    note_taker = member_of(working_group, Role.MEMBER, label="zapisovatelka")
    run(room.meeting, people.manager, "delegate", person=note_taker.pk, on=True)
    return {**people.all(), "note_taker": note_taker}


def test_every_command_has_its_right_in_this_test():
    # `public` (a round table's public view) is tried by role in tests/events/test_live_public.py.
    assert {kind: command.right for kind, command in live.COMMANDS.items()} == {**RIGHT_OF, "public": "manages"}


def test_rights_per_role(room, cast):
    the_room = LiveRoom.objects.get(meeting=room.meeting)
    granted = {
        role: live.room_access(user, room.meeting, the_room) for role, user in cast.items() if role != "outsider"
    }
    for role, access in granted.items():
        expected = {right: role in holders for right, holders in HOLDERS.items()}
        assert access == live.RoomAccess(core=role != "guest", **expected), role
    assert live.room_access(cast["outsider"], room.meeting, the_room) is None
    assert live.fresh_access(cast["outsider"].pk, room.meeting.pk) is None
    assert live.fresh_access(cast["note_taker"].pk, room.meeting.pk) == granted["note_taker"]
    cast["member"].is_active = False
    assert live.room_access(cast["member"], room.meeting, the_room) is None


def _valid_values(kind: str, room, user, cast) -> dict:
    """Values that make `kind` succeed for whoever may send it, in the room as it stands."""
    the_room = LiveRoom.objects.get(meeting=room.meeting)
    if kind in ("ask_to_speak", "withdraw", "give_floor"):
        SpeakerRequest.objects.filter(person=user).update(status=SpeakerStatus.DONE)  # out of the queue
        if kind == "ask_to_speak":
            return {}
        request = SpeakerRequest.objects.create(room=the_room, person=user)
        return {"request": request.pk} if kind == "give_floor" else {}
    if kind == "poll_close":
        poll = Poll.objects.create(room=the_room, agenda_item=room.public, question="?", choices=["A", "B"])
        return {"poll": poll.pk}
    if kind == "vote":
        poll, _ = Poll.objects.get_or_create(
            room=the_room, agenda_item=room.public, question="Hlasování", defaults={"choices": ["A", "B"]}
        )
        return {"poll": poll.pk, "choices": [1]}
    return {
        "check_in": {},
        "check_in someone else": {"person": cast["guest"].pk, "status": Attendance.EXCUSED},
        "end_floor": {},
        "queue": {"open": True},
        "advance": {"item": room.members.pk},
        "note": {"item": room.public.pk, "text": "Poznámka"},
        "decision": {"item": room.public.pk, "text": "Usnesení"},
        "task": {"item": room.public.pk, "what": "Úkol"},
        "poll_open": {"question": "Otázka", "choices": "A\nB"},
        "delegate": {"person": cast["note_taker"].pk, "on": True},
    }[kind]


def test_each_command_is_carried_out_for_the_roles_with_its_right_and_refused_for_the_rest(room, cast):
    """Every command tried by every role, with values that would succeed: a refusal is for the lack of
    the right alone, and changes nothing."""
    expected = {kind: HOLDERS[right] for kind, right in RIGHT_OF.items()}
    expected["check_in someone else"] = HOLDERS["records"]
    carried_out = {}
    for kind in expected:
        carried_out[kind] = set()
        for role in ROLES:
            values = _valid_values(kind, room, cast[role], cast)
            before = snapshot(room.meeting)
            client_id = f"{kind}-{role}".replace(" ", "-")
            try:
                answer = run(room.meeting, cast[role], kind.split()[0], client_id=client_id, **values)
            except live.CommandRefused as refusal:
                assert (refusal.message, refusal.errors) == (NOT_ALLOWED, {}), (kind, role)
                assert snapshot(room.meeting) == before, (kind, role)
            else:
                assert "duplicate" not in answer
                assert RoomCommand.objects.filter(person=cast[role], client_id=client_id).exists()
                carried_out[kind].add(role)
    assert carried_out == expected


def test_note_taker_records_only_while_named_and_only_from_the_core(room, people):
    refused(room.meeting, people.member, "note", item=room.public.pk, text="Zapíšu já")
    run(room.meeting, people.manager, "delegate", person=people.member.pk, on=True)
    assert live.room_state(room.meeting, core=False)["room"]["note_takers"] == [people.member.pk]
    run(room.meeting, people.member, "note", item=room.public.pk, text="Zapíšu já")
    run(room.meeting, people.member, "check_in", person=people.substitute.pk, status=Attendance.PRESENT)
    run(room.meeting, people.manager, "delegate", person=people.member.pk, on=False)
    assert refused(room.meeting, people.member, "note", item=room.public.pk, text="Už ne").message == NOT_ALLOWED
    assert entry(room.meeting, room.public)["notes"] == "Zapíšu já"
    assert attendance(room.meeting, people.substitute) == Attendance.PRESENT
    for someone in (people.guest, people.outsider):
        refusal = refused(room.meeting, people.manager, "delegate", person=someone.pk, on=True)
        assert refusal.errors == {"person": ["Notes are taken by a member of the body."]}


# --- opening and closing ------------------------------------------------------------------------


def test_only_the_manager_may_open_the_room_and_from_30_minutes_before_the_start(working_group, people):
    meeting = starts_in(on_the_agenda(working_group, people, minutes_ago=None), minutes=31)
    assert live.open_refusal(meeting) == "The room opens 30 minutes before the meeting starts."
    assert not live.can_open_room(people.manager, meeting)
    with pytest.raises(ValidationError):
        live.room_open(meeting=meeting, user=people.manager)
    assert not LiveRoom.objects.filter(meeting=meeting).exists()
    assert not Minutes.objects.filter(meeting=meeting).exists()
    refusal = refused(meeting, people.manager, "note", item=meeting.agenda_items.first().pk, text="Předčasně")
    assert refusal.message == "The meeting is not in session."

    meeting = starts_in(meeting, minutes=29)
    assert live.open_refusal(meeting) is None
    assert {role: live.can_open_room(user, meeting) for role, user in people.all().items()} == {
        "chair": False,
        "manager": True,
        "member": False,
        "substitute": False,
        "guest": False,
        "outsider": False,
    }
    room = live.room_open(meeting=meeting, user=people.manager)
    assert room.is_open and room.current_item == meeting.agenda_items.order_by("position").first()
    assert room.opened_by == people.manager
    assert Minutes.objects.get(meeting=meeting).state == MinutesState.DRAFT  # the draft exists from now on
    assert live.open_refusal(MeetingPage.objects.get(pk=meeting.pk)) == "The meeting is already in session."
    with pytest.raises(ValidationError):
        live.room_open(meeting=meeting, user=people.manager)


def test_a_cancelled_meeting_or_one_whose_minutes_left_the_draft_cannot_be_held(working_group, people):
    meeting = on_the_agenda(working_group, people)
    MeetingPage.objects.filter(pk=meeting.pk).update(cancelled=True)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert live.open_refusal(meeting) == "The meeting was cancelled."
    assert not live.can_open_room(people.manager, meeting)
    with pytest.raises(ValidationError):
        live.room_open(meeting=meeting, user=people.manager)
    assert not LiveRoom.objects.filter(meeting=meeting).exists()

    MeetingPage.objects.filter(pk=meeting.pk).update(cancelled=False)
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    services.minutes_circulate(
        minutes=services.minutes_for(meeting), user=people.manager, deadline=timezone.now() + datetime.timedelta(days=2)
    )
    assert Minutes.objects.get(meeting=meeting).state == MinutesState.CIRCULATING
    assert live.open_refusal(meeting) == "The minutes have left the draft; the meeting can no longer be held live."
    assert not live.can_open_room(people.manager, meeting)
    with pytest.raises(ValidationError):
        live.room_open(meeting=meeting, user=people.manager)
    assert not LiveRoom.objects.filter(meeting=meeting).exists()


def test_approved_minutes_close_the_room_and_a_draft_keeps_it_open(working_group, people):
    """Whether the minutes have left the draft is asked of the approved version first, of the workflow
    only when there is none (the meeting page asks it of every held meeting)."""
    meeting = on_the_agenda(working_group, people)
    minutes = services.minutes_for(meeting)
    assert live.open_refusal(MeetingPage.objects.select_related("minutes").get(pk=meeting.pk)) is None  # a draft
    Minutes.objects.filter(pk=minutes.pk).update(live=True, has_unpublished_changes=False)  # as if approved
    meeting = MeetingPage.objects.select_related("minutes").get(pk=meeting.pk)
    assert meeting.minutes.state == MinutesState.APPROVED
    assert live.open_refusal(meeting) == "The minutes have left the draft; the meeting can no longer be held live."
    Minutes.objects.filter(pk=minutes.pk).update(has_unpublished_changes=True)  # a correction under way
    assert live.open_refusal(MeetingPage.objects.select_related("minutes").get(pk=meeting.pk)) is None


def test_closing_ends_the_floor_and_the_polls_and_then_nothing_more_is_recorded(room, people):
    meeting = room.meeting
    assert not any(live.can_close_room(user, meeting) for user in people.all().values() if user != people.manager)
    assert live.can_close_room(people.manager, MeetingPage.objects.get(pk=meeting.pk))
    poll = open_poll(room)
    run(meeting, people.member, "vote", poll=poll.pk, choices=[0])
    request = run(meeting, people.member, "ask_to_speak")["request"]
    run(meeting, people.chair, "give_floor", request=request)
    run(meeting, people.substitute, "ask_to_speak")

    live.room_close(meeting=meeting, user=people.manager)
    assert not LiveRoom.objects.get(meeting=meeting).is_open
    assert Poll.objects.get(pk=poll.pk).closed_at is not None
    assert set(SpeakerRequest.objects.values_list("status", flat=True)) == {SpeakerStatus.DONE}
    assert "Hlasování „Schválit?“: Ano 1" in entry(meeting, room.public)["notes"]  # in the minutes' language
    assert live.room_state(meeting, core=True)["room"]["status"] == "closed"

    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert not live.can_close_room(people.manager, meeting)
    with pytest.raises(ValidationError):
        live.room_close(meeting=meeting, user=people.manager)
    for who, kind, values in [
        (people.manager, "note", {"item": room.public.pk, "text": "Po skončení"}),
        (people.manager, "advance", {"item": room.members.pk}),
        (people.member, "check_in", {}),
        (people.member, "ask_to_speak", {}),
    ]:
        assert refused(meeting, who, kind, **values).message == "The meeting is not in session.", kind
    assert refused(meeting, people.guest, "check_in").message == NOT_ALLOWED  # the rights still come first

    live.room_open(meeting=meeting, user=people.manager)  # an adjourned meeting resumes where it was
    assert LiveRoom.objects.get(meeting=meeting).current_item == room.public


def test_minutes_circulated_during_the_meeting_end_recording_but_the_room_still_closes(room, people):
    meeting = room.meeting
    poll = open_poll(room)
    run(meeting, people.member, "vote", poll=poll.pk, choices=[0])
    minutes = services.minutes_circulate(
        minutes=Minutes.objects.get(meeting=meeting),
        user=people.manager,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    circulated = minutes.content
    refusal = refused(meeting, people.manager, "note", item=room.public.pk, text="Pozdě")
    assert refusal.message == "The minutes have left the draft; record in them directly."
    assert refused(meeting, people.manager, "poll_close", poll=poll.pk).message == refusal.message

    live.room_close(meeting=meeting, user=people.manager)
    assert not LiveRoom.objects.get(meeting=meeting).is_open
    assert Poll.objects.get(pk=poll.pk).closed_at is not None
    assert live.room_state(meeting, core=True)["polls"][0]["results"] == [1, 0, 0]
    assert Minutes.objects.get(meeting=meeting).content == circulated


# --- what lands in the minutes ------------------------------------------------------------------


def test_attendance_is_recorded_in_the_minutes(room, people):
    meeting = room.meeting
    run(meeting, people.member, "check_in")
    run(meeting, people.substitute, "check_in", status=Attendance.PRESENT)
    run(meeting, people.manager, "check_in", person=people.chair.pk, status=Attendance.EXCUSED)
    run(meeting, people.manager, "check_in", person=people.guest.pk, status=Attendance.ABSENT)
    assert attendance(meeting, people.member) == Attendance.PRESENT
    assert attendance(meeting, people.substitute) == Attendance.PRESENT
    assert attendance(meeting, people.chair) == Attendance.EXCUSED
    assert attendance(meeting, people.guest) == Attendance.ABSENT
    rows = [row for row in content(meeting)["attendance"] if row["person"] == people.member.pk]
    assert len(rows) == 1 and rows[0]["organisation"] is not None

    refusal = refused(meeting, people.manager, "check_in", person=people.outsider.pk, status=Attendance.PRESENT)
    assert refusal.errors == {"person": ["This person is neither invited nor a member of the body."]}
    assert refused(meeting, people.member, "check_in", status="nevim").errors.keys() == {"status"}

    state = live.room_state(meeting, core=True)
    shown = {row["person"]: row for row in state["attendance"]}
    assert shown[people.member.pk]["status"] == Attendance.PRESENT
    assert shown[people.member.pk]["organisation"] == LANDLORD


def test_notes_decisions_and_tasks_land_in_the_minutes_working_copy(room, people):
    meeting = room.meeting
    run(meeting, people.manager, "note", item=room.public.pk, text="  Projednáno bez připomínek.  ")
    run(meeting, people.manager, "note", item=room.public.pk, text="Doplněno: termín v březnu.")
    key = run(meeting, people.manager, "decision", item=room.public.pk, text="Skupina schvaluje plán.")["key"]
    task_key = run(
        meeting,
        people.manager,
        "task",
        item=room.members.pk,
        what="Poslat podklady",
        owner=people.member.pk,
        due="2027-03-31",
    )["key"]
    run(meeting, people.manager, "task", item=room.members.pk, what="Bez odpovědné osoby")

    public = entry(meeting, room.public)
    assert public["notes"] == "Projednáno bez připomínek.\n\nDoplněno: termín v březnu."
    assert [(d["key"], d["text"]) for d in public["decisions"]] == [(key, "Skupina schvaluje plán.")]
    tasks = entry(meeting, room.members)["tasks"]
    assert tasks[0] == {
        "key": task_key,
        "what": "Poslat podklady",
        "owner": people.member.pk,
        "organisation": people.member.memberships.get().organisation_id,
        "due": "2027-03-31",
    }
    assert tasks[1]["owner"] is None and tasks[1]["due"] is None
    # Each change is a revision of the working copy, by whoever recorded it.
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.revisions.count() == 5
    assert minutes.latest_revision.user == people.manager
    # And the room shows the same.
    shown = {item["id"]: item for item in live.room_state(meeting, core=True)["items"]}
    assert shown[room.public.pk]["notes"] == public["notes"]
    assert shown[room.members.pk]["tasks"][0]["owner"] == str(people.member)

    refusal = refused(meeting, people.manager, "task", item=room.public.pk, what="Úkol", owner=people.outsider.pk)
    assert refusal.errors == {"owner": ["A task goes to a member of the body."]}


def test_named_poll_result_lists_the_voters_and_can_be_part_of_a_decision(room, people):
    meeting = room.meeting
    poll = open_poll(room, question="Schválit plán?", choices="Ano\nNe")
    assert poll.agenda_item == room.public and not poll.multiple and not poll.anonymous
    run(meeting, people.member, "vote", poll=poll.pk, choices=[0])
    run(meeting, people.chair, "vote", poll=poll.pk, choices=[0])
    run(meeting, people.substitute, "vote", poll=poll.pk, choices=[1])
    assert set(PollVote.objects.filter(poll=poll).values_list("voter", flat=True)) == {
        people.member.pk,
        people.chair.pk,
        people.substitute.pk,
    }
    assert live.room_state(meeting, core=True)["polls"][0]["results"] is None  # not while voting goes on
    run(meeting, people.manager, "poll_close", poll=poll.pk)

    voters = ", ".join(sorted([str(people.chair), str(people.member)]))
    result = f"Ano 2 ({voters}), Ne 1 ({people.substitute}); hlasujících: 3"
    assert entry(meeting, room.public)["notes"] == f"Hlasování „Schválit plán?“: {result}"
    assert live.room_state(meeting, core=True)["polls"][0]["results"] == [2, 1]

    run(meeting, people.manager, "decision", item=room.public.pk, text="Plán schválen.", poll=poll.pk)
    assert entry(meeting, room.public)["decisions"][0]["text"] == f"Plán schválen. ({result})"


def test_anonymous_poll_keeps_who_voted_apart_from_what(room, people):
    meeting = room.meeting
    poll = open_poll(room, question="Tajně?", choices="Ano\nNe\nNevím", anonymous=True, multiple=True)
    run(meeting, people.member, "vote", poll=poll.pk, choices=[0, 2])
    run(meeting, people.substitute, "vote", poll=poll.pk, choices=[2])
    # Only the counts are kept: no row says what any voter chose.
    assert not PollVote.objects.filter(poll=poll).exists()
    assert Poll.objects.get(pk=poll.pk).tally == [1, 0, 2]
    assert set(PollBallot.objects.filter(poll=poll).values_list("person", flat=True)) == {
        people.member.pk,
        people.substitute.pk,
    }
    assert live.voted_polls(meeting, people.member) == [poll.pk]
    run(meeting, people.manager, "poll_close", poll=poll.pk)
    notes = entry(meeting, room.public)["notes"]
    assert notes == "Hlasování „Tajně?“: Ano 1, Ne 0, Nevím 2; hlasujících: 2"
    assert str(people.member) not in notes


def test_only_a_closed_poll_of_the_same_item_is_part_of_a_decision(room, people):
    meeting = room.meeting
    poll = open_poll(room)
    refusal = refused(meeting, people.manager, "decision", item=room.public.pk, text="Ještě ne", poll=poll.pk)
    assert refusal.errors == {"poll": ["Only a closed poll on this item can be part of its decision."]}
    run(meeting, people.manager, "poll_close", poll=poll.pk)
    refusal = refused(meeting, people.manager, "decision", item=room.members.pk, text="Jiný bod", poll=poll.pk)
    assert refusal.errors.keys() == {"poll"}


def test_advancing_moves_the_current_item_and_restarts_its_timer(room, people, working_group):
    meeting = room.meeting
    started = LiveRoom.objects.get(meeting=meeting).item_started_at
    run(meeting, people.manager, "advance", item=room.confidential.pk)
    the_room = LiveRoom.objects.get(meeting=meeting)
    assert the_room.current_item == room.confidential and the_room.item_started_at > started
    assert open_poll(room).agenda_item == room.confidential  # a poll belongs to the item discussed
    other = add_item(make_meeting(working_group, days=30), people.manager, "Bod jiného jednání")
    for item in (other.pk, 999999):
        assert refused(meeting, people.manager, "advance", item=item).errors == {
            "item": ["This item is not on the meeting's agenda."]
        }


def test_speakers_queue(room, people):
    meeting = room.meeting
    first = run(meeting, people.member, "ask_to_speak")["request"]
    second = run(meeting, people.substitute, "ask_to_speak")["request"]
    run(meeting, people.chair, "give_floor", request=first)
    assert refused(meeting, people.chair, "give_floor", request=first).errors == {
        "request": ["This person is no longer waiting to speak."]
    }
    run(meeting, people.substitute, "withdraw")
    assert refused(meeting, people.chair, "give_floor", request=second).errors.keys() == {"request"}
    assert refused(meeting, people.substitute, "withdraw").message == "You are not waiting in the queue."
    shown = live.room_state(meeting, core=True)["speakers"]
    assert [(s["person"], s["status"]) for s in shown] == [(people.member.pk, SpeakerStatus.SPEAKING)]
    run(meeting, people.manager, "end_floor")
    assert live.room_state(meeting, core=True)["speakers"] == []
    # Once done, the member may ask again.
    run(meeting, people.member, "ask_to_speak")


# --- bad input ----------------------------------------------------------------------------------


def test_unknown_commands_and_bad_fields_are_refused_in_the_readers_language(room, people):
    meeting = room.meeting
    refusal = refused(meeting, people.manager, "drop_tables")
    assert refusal.message == "Unknown command." and refusal.errors == {}
    with translation.override("cs"):
        unknown = refused(meeting, people.manager, "drop_tables")
        missing = refused(meeting, people.manager, "note")
        wrong = refused(meeting, people.manager, "task", item="první", what="Úkol", due="31. 3. 2027")
        not_a_list = refused(meeting, people.manager, "vote", poll=1, choices="nejprve")
    assert unknown.message == in_czech("Unknown command.")
    assert missing.message == in_czech("Check the highlighted fields.")
    assert missing.errors == {"item": ["Toto pole je povinné."], "text": ["Toto pole je povinné."]}
    assert wrong.errors == {"item": ["Zadejte celé číslo."], "due": ["Zadejte platné datum."]}
    assert not_a_list.errors == {"choices": ["Zadejte platnou strukturu typu JSON."]}
    assert refused(meeting, people.manager, "note", item=room.public.pk, text="   ").errors.keys() == {"text"}
    assert refused(meeting, people.manager, "note", item=0, text="x").errors.keys() == {"item"}
    too_long = refused(meeting, people.manager, "note", item=room.public.pk, text="x" * 20001)
    assert too_long.errors.keys() == {"text"}


def test_poll_needs_two_to_ten_different_choices(room, people):
    give_choices = ["Give between 2 and 10 different choices, one per line."]
    for choices in ("Jen jedna", "Ano\n\n  \n", "Ano\nAno", "\n".join(str(n) for n in range(11))):
        refusal = refused(room.meeting, people.manager, "poll_open", question="Otázka", choices=choices)
        assert refusal.errors == {"choices": give_choices}, choices
    with translation.override("cs"):
        refusal = refused(room.meeting, people.manager, "poll_open", question="Otázka", choices="Jen jedna")
    assert refusal.errors == {"choices": [in_czech(give_choices[0])]}


def test_vote_once_and_only_for_the_polls_choices(room, people, working_group):
    meeting = room.meeting
    single = open_poll(room)
    multiple = open_poll(room, question="Které?", multiple=True)
    run(meeting, people.member, "vote", poll=single.pk, choices=[1])
    again = refused(meeting, people.member, "vote", poll=single.pk, choices=[0])
    assert again.message == "You have voted in this poll already."
    for choices, message in [
        ([3], "Choose one of the poll's choices."),
        ([-1], "Choose one of the poll's choices."),
        ([0, 1], "Choose one of the poll's choices."),  # a single-choice poll
        ([0, 0], "Choose from the poll's choices."),
        ([True], "Choose from the poll's choices."),
        (["0"], "Choose from the poll's choices."),
    ]:
        refusal = refused(meeting, people.substitute, "vote", poll=single.pk, choices=choices)
        assert refusal.errors == {"choices": [message]}, choices
    assert refused(meeting, people.substitute, "vote", poll=single.pk, choices=[]).errors.keys() == {"choices"}
    assert refused(meeting, people.substitute, "vote", poll=multiple.pk, choices=[0, 5]).errors == {
        "choices": ["Choose from the poll's choices."]
    }
    run(meeting, people.substitute, "vote", poll=multiple.pk, choices=[2, 0])
    assert PollVote.objects.get(poll=multiple).choices == [0, 2]
    run(meeting, people.manager, "poll_close", poll=single.pk)
    closed = refused(meeting, people.substitute, "vote", poll=single.pk, choices=[0])
    assert closed.errors == {"poll": ["This poll is closed."]}
    assert refused(meeting, people.manager, "poll_close", poll=single.pk).errors == {"poll": ["This poll is closed."]}
    assert PollVote.objects.filter(poll=single).count() == 1
    # Ids from another meeting's room reach nothing here.
    other = on_the_agenda(working_group, people)
    live.room_open(meeting=other, user=people.manager)
    elsewhere = run(other, people.manager, "poll_open", question="Jinde?", choices="Ano\nNe")["poll"]
    request = run(other, people.member, "ask_to_speak")["request"]
    assert refused(meeting, people.substitute, "vote", poll=elsewhere, choices=[0]).errors.keys() == {"poll"}
    assert refused(meeting, people.manager, "poll_close", poll=elsewhere).errors.keys() == {"poll"}
    assert refused(meeting, people.chair, "give_floor", request=request).errors.keys() == {"request"}


def test_asking_twice_and_asking_while_the_queue_is_closed(room, people):
    meeting = room.meeting
    run(meeting, people.member, "ask_to_speak")
    assert refused(meeting, people.member, "ask_to_speak").message == "You are in the queue already."
    run(meeting, people.chair, "queue", open=False)
    assert refused(meeting, people.substitute, "ask_to_speak").message == "The speakers' queue is closed."
    assert live.room_state(meeting, core=False)["room"]["queue_open"] is False
    run(meeting, people.chair, "queue", open=True)
    run(meeting, people.substitute, "ask_to_speak")


# --- idempotent retries -------------------------------------------------------------------------


def test_a_retried_command_is_carried_out_once(room, people):
    meeting = room.meeting
    client_id = uuid.uuid4().hex
    with pytest.raises(live.CommandRefused):  # refused: the id is not used up
        run(meeting, people.manager, "decision", client_id=client_id, item=room.public.pk)
    first = run(meeting, people.manager, "decision", client_id=client_id, item=room.public.pk, text="Jednou.")
    version = LiveRoom.objects.get(meeting=meeting).version
    assert run(meeting, people.manager, "decision", client_id=client_id, item=room.public.pk, text="Jednou.") == {
        "duplicate": True
    }
    assert [d["key"] for d in entry(meeting, room.public)["decisions"]] == [first["key"]]
    assert RoomCommand.objects.filter(client_id=client_id).count() == 1
    assert LiveRoom.objects.get(meeting=meeting).version == version  # nothing broadcast either


def test_the_same_id_from_someone_else_is_another_command(room, people):
    meeting = room.meeting
    run(meeting, people.manager, "delegate", person=people.member.pk, on=True)
    run(meeting, people.manager, "decision", client_id="abc", item=room.public.pk, text="Od manažerky.")
    run(meeting, people.member, "decision", client_id="abc", item=room.public.pk, text="Od zapisovatelky.")
    texts = [d["text"] for d in entry(meeting, room.public)["decisions"]]
    assert texts == ["Od manažerky.", "Od zapisovatelky."]


# --- what each audience is shown and sent -------------------------------------------------------


def record_on_the_confidential_item(room, people) -> Poll:
    meeting = room.meeting
    run(meeting, people.manager, "advance", item=room.confidential.pk)
    run(meeting, people.manager, "note", item=room.confidential.pk, text=SECRETS["note"])
    run(meeting, people.manager, "decision", item=room.confidential.pk, text=SECRETS["decision"])
    run(meeting, people.manager, "task", item=room.confidential.pk, what=SECRETS["task"], owner=people.member.pk)
    poll = open_poll(room, question=SECRETS["question"], choices=f"{SECRETS['choice']}\nNe")
    run(meeting, people.member, "vote", poll=poll.pk, choices=[0])
    run(meeting, people.manager, "poll_close", poll=poll.pk)
    return poll


def leaks(data) -> set[str]:
    text = json.dumps(data, ensure_ascii=False)
    return {secret for secret in [CONFIDENTIAL_TITLE, *SECRETS.values()] if secret in text}


def test_guests_state_has_no_confidential_text_and_the_cores_has_it_all(room, people):
    run(room.meeting, people.manager, "note", item=room.members.pk, text="Pro členy i hosty")
    record_on_the_confidential_item(room, people)
    guests = live.room_state(room.meeting, core=False)
    core = live.room_state(room.meeting, core=True)
    assert leaks(guests) == set()
    assert leaks(core) == {CONFIDENTIAL_TITLE, *SECRETS.values()}

    shown = {item["id"]: item for item in guests["items"]}
    hidden = shown[room.confidential.pk]
    assert hidden["redacted"] and hidden["confidential"] and hidden["title"] == ""
    assert (hidden["notes"], hidden["decisions"], hidden["tasks"]) == ("", [], [])
    assert shown[room.members.pk]["notes"] == "Pro členy i hosty"  # guests read the members' items
    assert guests["polls"] == [] and len(core["polls"]) == 1
    assert guests["room"]["current"] == room.confidential.pk  # that it is discussed is no secret


@pytest.fixture
def captured(monkeypatch):
    """Broadcasts that actually left, after commit."""
    sent = []

    class Layer:
        async def group_send(self, group, message):
            sent.append((group, message))

    monkeypatch.setattr("portal.realtime.get_channel_layer", lambda: Layer())
    return sent


def test_each_audience_is_sent_its_own_state_after_commit(room, people, captured, django_capture_on_commit_callbacks):
    meeting = room.meeting
    run(meeting, people.manager, "advance", item=room.confidential.pk)
    core, guests = live.room_group(meeting.pk, core=True), live.room_group(meeting.pk, core=False)
    with django_capture_on_commit_callbacks(execute=True):
        run(meeting, people.manager, "note", item=room.confidential.pk, text=SECRETS["note"])
        assert captured == []  # not before the commit
    assert [group for group, _ in captured] == [core, guests]
    sent = dict(captured)
    assert {message["type"] for message in sent.values()} == {"room.state"}
    assert set(sent[core]["payload"]["state"]) == {"version", "items"}  # only what the note changed
    assert leaks(sent[guests]) == set()
    assert leaks(sent[core]) == {CONFIDENTIAL_TITLE, SECRETS["note"]}
    assert sent[core]["payload"]["state"]["version"] == LiveRoom.objects.get(meeting=meeting).version

    captured.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_on_the_confidential_item(room, people)
    assert len(captured) == 2 * 7  # seven commands, each to both audiences
    assert all(leaks(message) == set() for group, message in captured if group == guests)
    assert set().union(*(leaks(message) for group, message in captured if group == core)) == {
        CONFIDENTIAL_TITLE,
        *SECRETS.values(),
    }


def test_a_refused_command_broadcasts_nothing_and_a_check_in_only_its_row(
    room, people, captured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(live.CommandRefused):
            run(room.meeting, people.member, "note", item=room.public.pk, text="Nesmím")
        with pytest.raises(live.CommandRefused):
            run(room.meeting, people.manager, "check_in", person=people.outsider.pk)  # fails after writing
    assert callbacks == [] and captured == []
    with django_capture_on_commit_callbacks(execute=True):
        run(room.meeting, people.member, "check_in")
    state = captured[0][1]["payload"]["state"]
    assert state["partial"] == ["attendance"]
    assert [(row["person"], row["status"]) for row in state["attendance"]] == [(people.member.pk, "present")]


def test_a_members_area_item_marked_confidential_in_the_minutes_is_hidden_from_guests(room, people):
    minutes = Minutes.objects.get(meeting=room.meeting)
    records = minutes.content
    next(e for e in records["items"] if e["agenda_item"] == room.members.pk)["confidential"] = True
    services.minutes_save(minutes=minutes, user=people.manager, content=records, based_on=minutes.latest_revision_id)
    run(room.meeting, people.manager, "note", item=room.members.pk, text=SECRETS["note"])
    guests = {item["id"]: item for item in live.room_state(room.meeting, core=False)["items"]}
    assert guests[room.members.pk]["redacted"] and leaks(guests) == set()
    assert room.members.confidentiality == Confidentiality.MEMBERS
