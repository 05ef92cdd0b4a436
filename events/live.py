"""The live meeting room: who may do what in it, the commands it carries out, and the state it shows.

Everything recorded in the room (attendance, notes, decisions, tasks, poll results) is written into the
minutes' working copy as a new revision, in the same transaction as the command, and only after that
transaction commits is the new state broadcast (`portal.realtime`). So the room never shows what the
database does not hold, a browser that reconnects rebuilds everything from `room_state`, and the
manager closes the meeting with the minutes draft already written.

The state goes out to two channel-layer groups per meeting, the core (who reads confidential items) and
everyone else in the members' area (permanent guests): a guest's socket never receives a confidential
item's text. Commands carry an id made by the browser; `RoomCommand` remembers it, so a command sent
again after a dropped connection is acknowledged without being carried out twice.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import permissions, rules, selectors, services
from events.models import (
    Agenda,
    AgendaItem,
    Attendance,
    Confidentiality,
    ItemStatus,
    LiveRoom,
    MeetingKind,
    MeetingPage,
    Minutes,
    MinutesState,
    Poll,
    PollBallot,
    PollVote,
    RoomCommand,
    SpeakerRequest,
    SpeakerStatus,
    Visibility,
)
from groups import permissions as groups_permissions
from groups.models import Membership, Organisation
from portal import page_cache
from portal.models import User
from portal.realtime import broadcast_many_on_commit

# Members may check in a little before the start.
OPENS_BEFORE_START = datetime.timedelta(minutes=30)
NOT_IN_SESSION = gettext_lazy("The meeting is not in session.")
# The parts of the room's state; a broadcast carries those a command changed.
SECTIONS = ("room", "items", "attendance", "speakers", "polls", "members")


def room_group(meeting_id: int, *, core: bool) -> str:
    return f"room_{meeting_id}_{'core' if core else 'guests'}"


def public_group(meeting_id: int) -> str:
    return f"room_{meeting_id}_public"


def may_be_public(meeting: MeetingPage) -> bool:
    """A public round table may be followed by anyone; the working group's meetings are its own."""
    return meeting.kind == MeetingKind.ROUND_TABLE and meeting.visibility == Visibility.PUBLIC and not meeting.cancelled


def public_view_open(meeting_id: int) -> bool:
    """Whether anyone may follow this meeting now: a public round table whose manager opened its room to
    the public, while it is in session."""
    meeting = selectors.public_meetings().filter(pk=meeting_id, live_room__public=True, live_room__closed_at=None)
    meeting = meeting.first()
    return meeting is not None and may_be_public(meeting)


# --- Who may do what --------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomAccess:
    """What one person may do in one meeting's room; the consumer compares it on every re-check, so a
    change of role reconnects the socket with the new rights."""

    core: bool  # reads confidential items (chair, manager, members, substitutes, administrators)
    participates: bool  # checks in, asks to speak, votes
    records: bool  # advances, checks others in, records notes, decisions, tasks, runs polls
    chairs: bool  # gives the floor, opens and closes the queue
    manages: bool  # names the note-takers

    def allows(self, right: str) -> bool:
        return getattr(self, right)


def room_access(user, meeting: MeetingPage, room: LiveRoom | None = None) -> RoomAccess | None:
    """None for whoever may not enter (the room is part of the body's members' area)."""
    if not user.is_authenticated or not user.is_active or not permissions.can_view_internal(user, meeting):
        return None
    manages = permissions.can_manage_meeting(user, meeting)
    participates = permissions.can_participate_in(user, meeting)
    note_taker = participates and room is not None and room.note_takers.filter(pk=user.pk).exists()
    return RoomAccess(
        core=permissions.can_view_confidential(user, meeting),
        participates=participates,
        records=manages or note_taker,
        chairs=manages or permissions.can_approve_for(user, meeting),
        manages=manages,
    )


# What a browser without rights may do (the public view).
NOBODY = {"person": None, "can": dict.fromkeys(("participates", "records", "chairs", "manages"), False), "voted": []}


def fresh_access(user_id: int, meeting_id: int) -> RoomAccess | None:
    """The access as the database says now (a fresh user object: roles are cached on the object)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    meeting = MeetingPage.objects.filter(pk=meeting_id).first()
    if user is None or meeting is None:
        return None
    return room_access(user, meeting, LiveRoom.objects.filter(meeting=meeting).first())


def open_refusal(meeting: MeetingPage) -> str | None:
    """Why the room cannot be opened now (None: it can)."""
    if meeting.cancelled:
        return rules.CANCELLED
    if timezone.now() < meeting.start - OPENS_BEFORE_START:
        return _("The room opens 30 minutes before the meeting starts.")
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.has_left_draft:
        return _("The minutes have left the draft; the meeting can no longer be held live.")
    room = getattr(meeting, "live_room", None)
    if room is not None and room.is_open:
        return _("The meeting is already in session.")
    return None


def can_open_room(user, meeting: MeetingPage) -> bool:
    return permissions.can_manage_meeting(user, meeting) and open_refusal(meeting) is None


def can_close_room(user, meeting: MeetingPage) -> bool:
    room = getattr(meeting, "live_room", None)
    return permissions.can_manage_meeting(user, meeting) and room is not None and room.is_open


# --- Opening and closing ----------------------------------------------------------------------


def _items(meeting: MeetingPage):
    return meeting.agenda_items.filter(status=ItemStatus.ACCEPTED).order_by("position", "pk")


@transaction.atomic
def room_open(*, meeting: MeetingPage, user: User) -> LiveRoom:
    """Start the meeting: the minutes draft exists from now on, and the first item is discussed."""
    meeting = MeetingPage.objects.select_for_update().get(pk=meeting.pk)
    reason = open_refusal(meeting)
    if reason is not None:
        raise ValidationError(reason)
    services.minutes_for(meeting)
    first = _items(meeting).first()
    now = timezone.now()
    room, _created = LiveRoom.objects.update_or_create(
        meeting=meeting,
        defaults={"opened_at": now, "opened_by": user, "closed_at": None},
        create_defaults={
            "opened_at": now,
            "opened_by": user,
            "current_item": first,
            "item_started_at": now if first else None,
        },
    )
    if room.public:  # resumed with the public following
        page_cache.invalidate_now_and_after_commit()
    _changed(room)
    return room


@transaction.atomic
def room_close(*, meeting: MeetingPage, user: User) -> LiveRoom:
    """End the meeting: whoever has the floor is done, open polls close (their results into the
    minutes), and the minutes draft is what the manager edits and circulates next."""
    room = _locked_room(meeting.pk)
    if not room.is_open:
        raise ValidationError(NOT_IN_SESSION)
    # Minutes circulated while the room was open are no longer written here: the polls still close (their
    # results stay with them and on the room's page) rather than keep the meeting in session for good.
    drafting = permissions.minutes_state(room.meeting) == MinutesState.DRAFT
    for poll in room.polls.filter(closed_at=None):
        if drafting:
            _poll_close(room, user, poll)
        else:
            poll.closed_at = timezone.now()
            poll.save(update_fields=["closed_at"])
    room.speakers.filter(status__in=[SpeakerStatus.WAITING, SpeakerStatus.SPEAKING]).update(status=SpeakerStatus.DONE)
    room.closed_at = timezone.now()
    room.save(update_fields=["closed_at"])
    if room.public:
        page_cache.invalidate_now_and_after_commit()
    _changed(room)
    return room


def _locked_room(meeting_id: int) -> LiveRoom:
    room = LiveRoom.objects.select_for_update().filter(meeting_id=meeting_id).select_related("meeting").first()
    if room is None:
        raise ValidationError(NOT_IN_SESSION)
    return room


def _changed(room: LiveRoom, sections=SECTIONS, attendance_of=None) -> None:
    """Count the change and, once it is committed, show the changed sections to both audiences. A
    browser that sees a version skipped asks for the whole room (the `sync` message)."""
    room.version += 1
    room.save(update_fields=["version"])
    view = RoomView(room.meeting)
    events = [
        (
            room_group(room.meeting_id, core=core),
            "room.state",
            {"state": view.state(core=core, sections=sections, attendance_of=attendance_of)},
        )
        for core in (True, False)
    ]
    if "room" in sections and may_be_public(room.meeting):  # the public sees only where the agenda is
        events.append((public_group(room.meeting_id), "room.state", {"state": view.public_state()}))
    broadcast_many_on_commit(events)


# --- Writing into the minutes' working copy ---------------------------------------------------


def _write_minutes(room: LiveRoom, user: User, change: Callable[[dict], None]) -> None:
    minutes = Minutes.objects.select_for_update().get(meeting=room.meeting)
    if minutes.state != MinutesState.DRAFT:
        raise ValidationError(_("The minutes have left the draft; record in them directly."))
    working = minutes.working_copy()
    content = copy.deepcopy(working.records())
    change(content)
    working.set_records(content)
    working.save_revision(user=user)


def _entry(content: dict, item: AgendaItem) -> dict:
    """The minutes' entry about this item (made if the item joined the agenda after the minutes began)."""
    for entry in content.setdefault("items", []):
        if entry["agenda_item"] == item.pk:
            return entry
    entry = {
        "agenda_item": item.pk,
        "notes": "",
        "confidential": item.confidentiality == Confidentiality.CONFIDENTIAL,
        "decisions": [],
        "tasks": [],
    }
    content["items"].append(entry)
    return entry


def _append_paragraph(entry: dict, text: str) -> None:
    entry["notes"] = f"{entry['notes'].rstrip()}\n\n{text}".strip() if entry["notes"].strip() else text


def _body_membership(meeting: MeetingPage, person_id: int) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(body=meeting.body, person_id=person_id)
        .select_related("person", "organisation")
        .first()
    )


# --- The commands -----------------------------------------------------------------------------
# Each is a small form (its fields are the command's schema, its errors in the user's language), the
# right it needs (a `RoomAccess` attribute) and what it does, under the room's row lock.


class CheckInForm(forms.Form):
    person = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(
        choices=[(Attendance.PRESENT, ""), (Attendance.EXCUSED, ""), (Attendance.ABSENT, "")],
        required=False,
    )


class RequestForm(forms.Form):
    request = forms.IntegerField(min_value=1)


class QueueForm(forms.Form):
    open = forms.BooleanField(required=False)


class AdvanceForm(forms.Form):
    item = forms.IntegerField(min_value=1)


class NoteForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    text = forms.CharField(max_length=20000)


class DecisionForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    text = forms.CharField(max_length=5000)
    poll = forms.IntegerField(required=False, min_value=1)


class TaskForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    what = forms.CharField(max_length=2000)
    owner = forms.IntegerField(required=False, min_value=1)
    due = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


class PollOpenForm(forms.Form):
    question = forms.CharField(max_length=300)
    choices = forms.CharField(max_length=2000, help_text=gettext_lazy("One choice per line."))
    multiple = forms.BooleanField(required=False)
    anonymous = forms.BooleanField(required=False)

    def clean_choices(self):
        choices = [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]
        if not 2 <= len(choices) <= 10 or len(set(choices)) != len(choices):
            raise ValidationError(_("Give between 2 and 10 different choices, one per line."))
        if any(len(choice) > 200 for choice in choices):
            raise ValidationError(_("A choice may have at most 200 characters."))
        return choices


class PollForm(forms.Form):
    poll = forms.IntegerField(min_value=1)


class VoteForm(forms.Form):
    poll = forms.IntegerField(min_value=1)
    choices = forms.JSONField()

    def clean_choices(self):
        choices = self.cleaned_data["choices"]
        if (
            not isinstance(choices, list)
            or not all(type(c) is int for c in choices)
            or len(set(choices)) != len(choices)
        ):
            raise ValidationError(_("Choose from the poll's choices."))
        return choices


class DelegateForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    on = forms.BooleanField(required=False)


def _item(room: LiveRoom, item_id: int) -> AgendaItem:
    item = _items(room.meeting).filter(pk=item_id).first()
    if item is None:
        raise ValidationError({"item": _("This item is not on the meeting's agenda.")})
    return item


def _check_in(room, user, access, data) -> dict:
    person_id = data["person"] or user.pk
    status = data["status"] or Attendance.PRESENT
    if person_id != user.pk and not access.records:
        raise PermissionDenied
    if person_id == user.pk and not (access.participates or access.records):
        raise PermissionDenied

    def change(content):
        rows = content.setdefault("attendance", [])
        row = next((row for row in rows if row["person"] == person_id), None)
        if row is None:
            membership = _body_membership(room.meeting, person_id)
            if membership is None:
                raise ValidationError({"person": _("This person is neither invited nor a member of the body.")})
            row = {"person": person_id, "organisation": membership.organisation_id, "status": "", "substitute": ""}
            rows.append(row)
        row["status"] = status

    _write_minutes(room, user, change)
    return {"attendance_of": [person_id]}


def _ask_to_speak(room, user, access, data) -> dict:
    if not room.queue_open:
        raise ValidationError(_("The speakers' queue is closed."))
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(room=room, person=user, agenda_item=room.current_item)
    except IntegrityError:
        raise ValidationError(_("You are in the queue already.")) from None
    return {"request": request.pk}


def _withdraw(room, user, access, data) -> dict:
    if not room.speakers.filter(person=user, status=SpeakerStatus.WAITING).update(status=SpeakerStatus.WITHDRAWN):
        raise ValidationError(_("You are not waiting in the queue."))
    return {}


def _give_floor(room, user, access, data) -> dict:
    request = room.speakers.filter(pk=data["request"], status=SpeakerStatus.WAITING).first()
    if request is None:
        raise ValidationError({"request": _("This person is no longer waiting to speak.")})
    room.speakers.filter(status=SpeakerStatus.SPEAKING).update(status=SpeakerStatus.DONE)
    request.status, request.floor_at = SpeakerStatus.SPEAKING, timezone.now()
    request.save(update_fields=["status", "floor_at"])
    return {}


def _end_floor(room, user, access, data) -> dict:
    room.speakers.filter(status=SpeakerStatus.SPEAKING).update(status=SpeakerStatus.DONE)
    return {}


def _queue(room, user, access, data) -> dict:
    room.queue_open = data["open"]
    room.save(update_fields=["queue_open"])
    return {}


def _advance(room, user, access, data) -> dict:
    room.current_item = _item(room, data["item"])
    room.item_started_at = timezone.now()
    room.save(update_fields=["current_item", "item_started_at"])
    return {}


def _note(room, user, access, data) -> dict:
    item = _item(room, data["item"])
    _write_minutes(room, user, lambda content: _append_paragraph(_entry(content, item), data["text"].strip()))
    return {}


def _decision(room, user, access, data) -> dict:
    item = _item(room, data["item"])
    text = data["text"].strip()
    if data["poll"]:
        poll = room.polls.filter(pk=data["poll"], agenda_item=item).exclude(closed_at=None).first()
        if poll is None:
            raise ValidationError({"poll": _("Only a closed poll on this item can be part of its decision.")})
        text = f"{text} ({poll_summary(poll)})"
    key = services.new_key()
    _write_minutes(room, user, lambda content: _entry(content, item)["decisions"].append({"key": key, "text": text}))
    return {"key": key}


def _task(room, user, access, data) -> dict:
    item = _item(room, data["item"])
    organisation = None
    if data["owner"]:
        membership = _body_membership(room.meeting, data["owner"])
        if membership is None:
            raise ValidationError({"owner": _("A task goes to a member of the body.")})
        organisation = membership.organisation_id
    task = {
        "key": services.new_key(),
        "what": data["what"].strip(),
        "owner": data["owner"],
        "organisation": organisation,
        "due": data["due"].isoformat() if data["due"] else None,
    }
    _write_minutes(room, user, lambda content: _entry(content, item)["tasks"].append(task))
    return {"key": task["key"]}


def _poll_open(room, user, access, data) -> dict:
    if room.current_item is None:
        raise ValidationError(_("Move to an agenda item first: a poll belongs to the item discussed."))
    poll = Poll.objects.create(
        room=room,
        agenda_item=room.current_item,
        question=data["question"].strip(),
        choices=data["choices"],
        multiple=data["multiple"],
        anonymous=data["anonymous"],
    )
    return {"poll": poll.pk}


def _open_poll(room: LiveRoom, poll_id: int) -> Poll:
    poll = room.polls.select_for_update().filter(pk=poll_id, closed_at=None).first()
    if poll is None:
        raise ValidationError({"poll": _("This poll is closed.")})
    return poll


def _vote(room, user, access, data) -> dict:
    poll = _open_poll(room, data["poll"])
    choices = data["choices"]
    wrong = not choices or any(not 0 <= c < len(poll.choices) for c in choices)
    if wrong or (not poll.multiple and len(choices) > 1):
        single = _("Choose one of the poll's choices.")
        raise ValidationError({"choices": _("Choose from the poll's choices.") if poll.multiple else single})
    try:
        with transaction.atomic():
            PollBallot.objects.create(poll=poll, person=user)
    except IntegrityError:
        raise ValidationError(_("You have voted in this poll already.")) from None
    for choice in choices:
        poll.tally[choice] += 1
    poll.save(update_fields=["tally"])
    if not poll.anonymous:
        PollVote.objects.create(poll=poll, voter=user, choices=sorted(choices))
    return {"voted": poll.pk}


def _poll_close_command(room, user, access, data) -> dict:
    _poll_close(room, user, _open_poll(room, data["poll"]))
    return {}


def _poll_close(room: LiveRoom, user: User, poll: Poll) -> None:
    poll.closed_at = timezone.now()
    poll.save(update_fields=["closed_at"])
    with translation.override(settings.LANGUAGE_CODE):  # the minutes are written in one language
        line = _("Poll „%(question)s“: %(result)s") % {"question": poll.question, "result": poll_summary(poll)}
    _write_minutes(room, user, lambda content: _append_paragraph(_entry(content, poll.agenda_item), line))


def _public(room, user, access, data) -> dict:
    if not may_be_public(room.meeting):
        raise ValidationError(_("Only a public round table can be followed by the public."))
    room.public = data["open"]
    room.save(update_fields=["public"])
    page_cache.invalidate_now_and_after_commit()  # the meeting's public page links to the view, or not
    return {}


def _delegate(room, user, access, data) -> dict:
    person = User.objects.filter(pk=data["person"], is_active=True).first()
    if person is None or not permissions.can_participate_in(person, room.meeting):
        raise ValidationError({"person": _("Notes are taken by a member of the body.")})
    if data["on"]:
        room.note_takers.add(person)
    else:
        room.note_takers.remove(person)
    return {}


@dataclass(frozen=True)
class Command:
    form: type[forms.Form]
    right: str  # a `RoomAccess` attribute
    run: Callable[[LiveRoom, User, RoomAccess, dict], dict]
    changes: tuple[str, ...]  # the sections of the state it changes


COMMANDS: dict[str, Command] = {
    "check_in": Command(CheckInForm, "participates", _check_in, ("attendance",)),  # others: `records`
    "ask_to_speak": Command(forms.Form, "participates", _ask_to_speak, ("speakers",)),
    "withdraw": Command(forms.Form, "participates", _withdraw, ("speakers",)),
    "give_floor": Command(RequestForm, "chairs", _give_floor, ("speakers",)),
    "end_floor": Command(forms.Form, "chairs", _end_floor, ("speakers",)),
    "queue": Command(QueueForm, "chairs", _queue, ("room",)),
    "advance": Command(AdvanceForm, "records", _advance, ("room",)),
    "note": Command(NoteForm, "records", _note, ("items",)),
    "decision": Command(DecisionForm, "records", _decision, ("items",)),
    "task": Command(TaskForm, "records", _task, ("items",)),
    "poll_open": Command(PollOpenForm, "records", _poll_open, ("polls",)),
    "poll_close": Command(PollForm, "records", _poll_close_command, ("polls", "items")),
    "vote": Command(VoteForm, "participates", _vote, ("polls",)),
    "delegate": Command(DelegateForm, "manages", _delegate, ("room",)),
    "public": Command(QueueForm, "manages", _public, ("room",)),
}


class CommandRefused(Exception):
    """A command not carried out: `message` for the person, `errors` by field."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message, self.errors = message, errors or {}


def room_command(*, meeting_id: int, user_id: int, kind: str, values: dict, client_id: str) -> dict:
    """Carry out one command from the room, or refuse it (`CommandRefused`, nothing changed). The answer
    says whether it was a repeat of one already carried out."""
    command = COMMANDS.get(kind)
    if command is None:
        raise CommandRefused(_("Unknown command."))
    try:
        with transaction.atomic():
            room = _locked_room(meeting_id)
            if room.commands.filter(person_id=user_id, client_id=client_id).exists():
                return {"duplicate": True}
            user = User.objects.filter(pk=user_id, is_active=True).first()
            access = room_access(user, room.meeting, room) if user else None
            if access is None or not (access.allows(command.right) or kind == "check_in" and access.records):
                raise PermissionDenied
            if not room.is_open:
                raise ValidationError(NOT_IN_SESSION)
            form = command.form(values)
            if not form.is_valid():
                raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
            answer = command.run(room, user, access, form.cleaned_data)
            RoomCommand.objects.create(room=room, person=user, client_id=client_id, kind=kind)
            # A check-in sends only the rows it changed: a room of 200 checking in is not 200 full lists.
            _changed(room, command.changes, attendance_of=answer.pop("attendance_of", None))
            return answer
    except PermissionDenied:
        raise CommandRefused(_("You may not do this in this meeting.")) from None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors = {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
            general = errors.pop("__all__", None)
            message = general[0] if general else _("Check the highlighted fields.")
            raise CommandRefused(message, errors) from None
        raise CommandRefused(" ".join(error.messages)) from None
    except IntegrityError:
        # The same command twice at the same moment (a retry racing the original): one of them is recorded.
        if RoomCommand.objects.filter(room__meeting_id=meeting_id, person_id=user_id, client_id=client_id).exists():
            return {"duplicate": True}
        raise


# --- What the room shows ----------------------------------------------------------------------


def poll_results(poll: Poll) -> list[int]:
    return list(poll.tally)


def poll_summary(poll: Poll) -> str:
    """The result in a line, as the minutes record it (in the minutes' language, whoever closes the poll):
    each choice with its votes and, in a named poll, the voters."""
    counts = poll_results(poll)
    voters: dict[int, list[str]] = {}
    if not poll.anonymous:
        for vote in poll.votes.select_related("voter"):
            for choice in vote.choices:
                voters.setdefault(choice, []).append(str(vote.voter) if vote.voter else "?")
    parts = []
    for index, choice in enumerate(poll.choices):
        part = f"{choice} {counts[index]}"
        if voters.get(index):
            part += f" ({', '.join(sorted(voters[index]))})"
        parts.append(part)
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(results)s; %(count)s voted") % {"results": ", ".join(parts), "count": poll.ballots.count()}


class RoomView:
    """The room as plain data, read from the database: every section for a browser that (re)connects,
    the changed sections for a broadcast. No translated words (every browser in a group gets the same
    message), which the page labels. `core` chooses the audience: permanent guests get confidential items
    without their title, notes, decisions, tasks and polls."""

    def __init__(self, meeting: MeetingPage):
        self.meeting = meeting

    def state(self, *, core: bool, sections=SECTIONS, attendance_of=None) -> dict:
        """The sections asked for; `attendance_of` (person ids) sends only their rows of the attendance."""
        state = {"version": self.room.version if self.room else 0}
        for section in sections:
            state[section] = getattr(self, f"_{section}")(core)
        if attendance_of is not None and "attendance" in state:
            state["attendance"] = [row for row in state["attendance"] if row["person"] in attendance_of]
            state["partial"] = ["attendance"]
        return state

    @cached_property
    def room(self) -> LiveRoom | None:
        return LiveRoom.objects.filter(meeting=self.meeting).prefetch_related("note_takers").first()

    @cached_property
    def items(self) -> list[AgendaItem]:
        return list(_items(self.meeting).select_related("presenter", "presenter_organisation"))

    @cached_property
    def content(self) -> dict:
        minutes = Minutes.objects.filter(meeting=self.meeting).first()
        return minutes.working_copy().records() if minutes is not None else {"attendance": [], "items": []}

    @cached_property
    def entries(self) -> dict[int, dict]:
        return {entry["agenda_item"]: entry for entry in self.content["items"]}

    @cached_property
    def members(self) -> dict[int, dict]:
        memberships = (
            Membership.objects.active()
            .filter(body=self.meeting.body)
            .select_related("person", "organisation")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        members: dict[int, dict] = {}
        for membership in memberships:
            members.setdefault(
                membership.person_id,
                {
                    "person": membership.person_id,
                    "name": str(membership.person),
                    "organisation": str(membership.organisation) if membership.organisation else "",
                    "participates": membership.role in groups_permissions.PARTICIPANT_ROLES,
                },
            )
        return members

    @cached_property
    def names(self) -> dict[int, str]:
        """Everyone the minutes name (attendance, task owners), members or not."""
        ids = {row["person"] for row in self.content["attendance"]}
        ids |= {t.get("owner") for entry in self.content["items"] for t in entry.get("tasks", [])}
        names = {pk: member["name"] for pk, member in self.members.items()}
        missing = {pk for pk in ids if pk and pk not in names}
        names.update({user.pk: str(user) for user in User.objects.filter(pk__in=missing)})
        return names

    def _hidden(self, item: AgendaItem, core: bool) -> bool:
        return not core and self._confidential(item)

    def _confidential(self, item: AgendaItem) -> bool:
        entry = self.entries.get(item.pk) or {}
        return item.confidentiality == Confidentiality.CONFIDENTIAL or bool(entry.get("confidential"))

    # --- the sections ---

    def _room(self, core: bool) -> dict:
        room = self.room
        return {
            "status": "waiting" if room is None else ("open" if room.is_open else "closed"),
            "meeting": self.meeting.pk,
            "current": room.current_item_id if room else None,
            "item_started_at": room.item_started_at.isoformat() if room and room.item_started_at else None,
            "queue_open": room.queue_open if room else True,
            "note_takers": [person.pk for person in room.note_takers.all()] if room else [],
            "public": bool(room and room.public),
        }

    def public_state(self) -> dict:
        """What anyone following a public round table sees: the public items as the chair approved them
        (a title changed since is not public until approved again), the presenting organisation, which
        one is discussed and since when; no names, nothing recorded (public once the minutes are)."""
        room = self.room
        agenda = Agenda.objects.filter(meeting=self.meeting).first()
        now_public = [
            item.pk
            for item in self.items
            if item.confidentiality == Confidentiality.PUBLIC and not self._confidential(item)
        ]
        listed = selectors.publicly_listed_items(now_public)  # public items of the approved agenda
        rows = [row for row in (agenda.approved_items if agenda else []) if row["id"] in listed]
        organisations = {
            o.pk: o.display_name for o in Organisation.objects.filter(pk__in=[r["organisation"] for r in rows])
        }
        current = room.current_item_id if room and room.current_item_id in listed else None
        return {
            "version": room.version if room else 0,
            "room": {
                "status": "open" if room and room.is_open and room.public else "closed",
                "current": current,
                "item_started_at": room.item_started_at.isoformat() if current and room.item_started_at else None,
            },
            "items": [
                {
                    "id": row["id"],
                    "number": number,
                    "title": row["title"],
                    "kind": row["kind"],
                    "planned_minutes": row["minutes"],
                    "presenter": organisations.get(row["organisation"], ""),
                    "redacted": False,
                }
                for number, row in enumerate(rows, start=1)
            ],
        }

    def _items(self, core: bool) -> list[dict]:
        return [self._item(number, item, core) for number, item in enumerate(self.items, start=1)]

    def _item(self, number: int, item: AgendaItem, core: bool) -> dict:
        hidden = self._hidden(item, core)
        entry = {} if hidden else self.entries.get(item.pk) or {}
        return {
            "id": item.pk,
            "number": number,
            "title": "" if hidden else item.title,  # the page names it a confidential item
            "kind": item.kind,
            "planned_minutes": item.planned_minutes,
            "presenter": "" if hidden else _presenter(item),
            "confidential": self._confidential(item),
            "redacted": hidden,
            "notes": entry.get("notes", ""),
            "decisions": [{"key": d["key"], "text": d["text"]} for d in entry.get("decisions", [])],
            "tasks": [
                {"key": t["key"], "what": t["what"], "owner": self.names.get(t.get("owner"), ""), "due": t.get("due")}
                for t in entry.get("tasks", [])
            ],
        }

    def _attendance(self, core: bool) -> list[dict]:
        return [
            {
                "person": row["person"],
                "name": self.names.get(row["person"], ""),
                "organisation": self.members.get(row["person"], {}).get("organisation", ""),
                "status": row.get("status", ""),
            }
            for row in self.content["attendance"]
        ]

    def _speakers(self, core: bool) -> list[dict]:
        if self.room is None:
            return []
        waiting = self.room.speakers.filter(status__in=[SpeakerStatus.WAITING, SpeakerStatus.SPEAKING])
        return [
            {"id": s.pk, "person": s.person_id, "name": str(s.person), "status": s.status}
            for s in waiting.select_related("person")
        ]

    def _polls(self, core: bool) -> list[dict]:
        if self.room is None:
            return []
        hidden = {item.pk for item in self.items if self._hidden(item, core)}
        polls = self.room.polls.prefetch_related("ballots")
        return [_poll_state(poll) for poll in polls if poll.agenda_item_id not in hidden]

    def _members(self, core: bool) -> list[dict]:
        """Who may be given a task or take notes."""
        return [{"person": m["person"], "name": m["name"]} for m in self.members.values() if m["participates"]]


def room_state(meeting: MeetingPage, *, core: bool) -> dict:
    """The whole room for one audience (a browser connecting or asking to catch up)."""
    return RoomView(meeting).state(core=core)


def _presenter(item: AgendaItem) -> str:
    name = str(item.presenter) if item.presenter else ""
    organisation = str(item.presenter_organisation) if item.presenter_organisation else ""
    return ", ".join(part for part in (name, organisation) if part)


def _poll_state(poll: Poll) -> dict:
    closed = poll.closed_at is not None
    state = {
        "id": poll.pk,
        "item": poll.agenda_item_id,
        "question": poll.question,
        "choices": poll.choices,
        "multiple": poll.multiple,
        "anonymous": poll.anonymous,
        "open": not closed,
        "ballots": len(poll.ballots.all()),
        "results": None,
    }
    if closed:  # results only when closed: an open poll's running count would sway the vote
        state["results"] = poll_results(poll)
    return state


def voted_polls(meeting: MeetingPage, user) -> list[int]:
    return list(PollBallot.objects.filter(poll__room__meeting=meeting, person=user).values_list("poll_id", flat=True))
