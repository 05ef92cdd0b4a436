"""Reads for the meeting pages: each returns everything a page needs in a fixed number of queries."""

import datetime
import math
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Page, WorkflowState

from events import permissions
from events.models import (
    Agenda,
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    InvitationPack,
    ItemStatus,
    MeetingPage,
    Minutes,
    MinutesComment,
    Response,
    Task,
    TaskStatus,
    Visibility,
    entry_is_confidential,
)
from events.text import format_notes
from groups import permissions as groups_permissions
from groups import workflows
from groups.models import AgendaKind, BodyPage, Membership, Organisation
from portal.models import OutboxMessage, User


def meetings_of(body: BodyPage):
    return MeetingPage.objects.child_of(body).live().select_related("agenda", "minutes").order_by("start")


def listed_meetings(meetings):
    """Meetings for a list whose rows show a status, read in the list's one query: the agenda and the
    minutes joined (without the agenda's snapshot of items, which a row never shows), and whether the
    minutes are in a comment period (`MeetingPage.status`), which would otherwise cost a query a row."""
    in_comment_period = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Minutes),
        object_id=Cast(OuterRef("minutes__pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
        current_task_state__commentperiodtaskstate__isnull=False,
    )
    return (
        meetings.select_related("agenda", "minutes")
        .defer("agenda__items")
        .annotate(minutes_in_comment_period=Exists(in_comment_period))
    )


def body_meetings_overview(body: BodyPage, limit: int = 5) -> dict:
    """A body's members' page: its next meetings and the last ones before now, a few of each, and how
    many it has had in all (every one is in the members' archive by year, `meeting_years`)."""
    meetings = listed_meetings(meetings_of(body))
    now = timezone.now()
    return {
        "upcoming": list(meetings.filter(end__gt=now).order_by("start")[:limit]),
        "recent": list(meetings.filter(end__lte=now).order_by("-start")[:limit]),
        "count": meetings_of(body).count(),
    }


def meeting_years(meetings) -> dict[int, int]:
    """How many of these meetings fall in each year (Prague time), newest year first."""
    rows = (
        meetings.order_by()
        .annotate(year=ExtractYear("start"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
        .values_list("year", "count")
    )
    return dict(rows)


def public_meetings():
    """Meetings anyone may read (public, live, not restricted)."""
    return MeetingPage.objects.live().public().visible_to(AnonymousUser()).filter(visibility=Visibility.PUBLIC)


def public_meetings_of(body: BodyPage):
    return meetings_of(body).public().visible_to(AnonymousUser())


def upcoming(meetings, limit: int = 5):
    return meetings.filter(end__gte=timezone.now(), cancelled=False)[:limit]


def next_public_meetings(limit: int = 3):
    """For the home page: the next public meetings of every body."""
    return public_meetings().filter(end__gte=timezone.now(), cancelled=False).order_by("start")[:limit]


def latest_public_minutes(limit: int = 3):
    """For the home page: public meetings whose minutes were approved most recently."""
    return (
        public_meetings()
        .filter(cancelled=False, minutes__live=True)
        .select_related("minutes")
        .order_by("-minutes__last_published_at")[:limit]
    )


def held(meetings):
    """The public archive: held meetings, newest first, with their minutes (for "approved")."""
    return meetings.filter(end__lt=timezone.now(), cancelled=False).select_related("minutes").order_by("-start")


def public_minutes_text(meeting: MeetingPage) -> str | None:
    """What the public search may know of a meeting: its public minutes' items, notes and decisions
    (never people's names, members' or confidential items); None without approved public minutes."""
    if meeting.visibility != Visibility.PUBLIC or meeting.cancelled:
        return None
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.approved_content:
        return None
    rows = minutes_rows(meeting, minutes.approved_content, public=True, confidential=False)["rows"]
    parts = []
    for row in rows:
        entry = next(e for e in minutes.approved_content["items"] if e["agenda_item"] == row["item"].pk)
        parts += [row["item"].title, entry.get("notes", "")]
        parts += [decision["text"] for decision in row["decisions"] if not decision["revoked"]]
        parts += [task["what"] for task in row["tasks"]]
    return " ".join(" ".join(part.split()) for part in parts if part)


@dataclass
class PlanPeriod:
    start: datetime.date
    end: datetime.date  # last day
    meetings: list
    is_current: bool
    is_past: bool

    @property
    def is_covered(self) -> bool:
        return any(not m.cancelled for m in self.meetings)


def year_plan(body: BodyPage, year: int, today: datetime.date | None = None) -> dict:
    """The year split into as many equal periods as the body's rhythm asks meetings; each period should
    hold one meeting that is not cancelled. The current period without one is the warning; past ones
    without one are reported as missed (nobody can convene them any more)."""
    today = today or timezone.localdate()
    meetings = list(listed_meetings(meetings_of(body)).filter(start__year=year))  # each shows its status
    rhythm = max(body.meetings_per_year, 1)
    periods = []
    for index in range(rhythm):
        first_month = 1 + math.floor(12 * index / rhythm)
        next_month = 1 + math.floor(12 * (index + 1) / rhythm)
        start = datetime.date(year, first_month, 1)
        end = (
            datetime.date(year + 1, 1, 1) if next_month > 12 else datetime.date(year, next_month, 1)
        ) - datetime.timedelta(days=1)
        inside = [m for m in meetings if start <= timezone.localtime(m.start).date() <= end]
        periods.append(PlanPeriod(start, end, inside, start <= today <= end, end < today))
    held = [m for m in meetings if not m.cancelled and m.has_ended]
    planned = [m for m in meetings if not m.cancelled and not m.has_ended]
    return {
        "year": year,
        "rhythm": rhythm,
        "periods": periods,
        "held": len(held),
        "planned": len(planned),
        # The current period without a meeting asks for one; a past one can only be reported as missed.
        "due": [p for p in periods if p.is_current and not p.is_covered],
        "missed": [p for p in periods if p.is_past and not p.is_covered],
    }


def _names(person_ids, organisation_ids) -> tuple[dict, dict]:
    people = {u.pk: u for u in User.objects.filter(pk__in={i for i in person_ids if i})}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in={i for i in organisation_ids if i})}
    return people, organisations


def agenda_items_at(meeting: MeetingPage, levels):
    """The accepted items at these confidentiality levels, with presenters and annexes."""
    return (
        meeting.agenda_items.filter(status=ItemStatus.ACCEPTED, confidentiality__in=levels)
        .select_related("presenter", "presenter_organisation")
        .prefetch_related("documents")
    )


def agenda_items_for(meeting: MeetingPage, user):
    """The items on the agenda this user may read, with presenters and annexes."""
    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting, status=ItemStatus.ACCEPTED)
        .select_related("presenter", "presenter_organisation")
        .prefetch_related("documents")
    )


@dataclass
class PackState:
    """The reader's invitation pack: READY (with `pack`), PREPARING (the worker has it booked), or
    AFTER_APPROVAL (none until the chair approves the agenda, or approves its changes)."""

    READY = "ready"
    PREPARING = "preparing"
    AFTER_APPROVAL = "after_approval"

    state: str
    pack: InvitationPack | None = None

    @property
    def is_ready(self) -> bool:
        return self.state == self.READY

    @property
    def is_preparing(self) -> bool:
        return self.state == self.PREPARING


def invitation_pack_for(meeting: MeetingPage, user) -> PackState:
    """The pack built for what this reader may see from the agenda as last approved; a pack of an
    earlier approval is stale and not theirs any more."""
    agenda = getattr(meeting, "agenda", None)
    if agenda is None or agenda.approved_at is None:
        return PackState(PackState.AFTER_APPROVAL)
    levels = InvitationPack.levels_key(permissions.visible_confidentiality(user, meeting))
    pack = InvitationPack.objects.filter(meeting=meeting, levels=levels, sequence=agenda.sequence).first()
    if pack is not None:
        return PackState(PackState.READY, pack)
    # The worker builds only from an agenda that stands approved (`services.invitation_packs_build`).
    return PackState(PackState.PREPARING if agenda.stands_approved else PackState.AFTER_APPROVAL)


def minutes_rows(meeting: MeetingPage, content: dict, *, public: bool, confidential: bool, **read_along) -> dict:
    """Minutes content resolved for display. The public version names organisations, never people,
    and leaves out confidential items and everything in them."""
    return minutes_versions_rows(meeting, [content], public=public, confidential=confidential, **read_along)[0]


def minutes_versions_rows(
    meeting: MeetingPage, contents: list[dict | None], *, public: bool, confidential: bool, organisation_ids=None
) -> list[dict | None]:
    """`minutes_rows` of several versions of one meeting's minutes (the working copy beside the
    approved one; None stays None): the agenda items, people, organisations and decision numbers are
    read once for all of them, four queries whatever their size (three for the public version, two
    without decisions). `organisation_ids`: more organisations to read with theirs (the public agenda's
    beside the public minutes); each version's rows then hold every organisation read, by id, as
    "organisations"."""
    items = {item.pk: item for item in meeting.agenda_items.all()}
    shown = [
        None
        if content is None
        else [
            e
            for e in content.get("items", [])
            if e["agenda_item"] in items
            and (confidential or not entry_is_confidential(e, items[e["agenda_item"]]))
            and (not public or items[e["agenda_item"]].confidentiality == Confidentiality.PUBLIC)
        ]
        for content in contents
    ]
    read_along = organisation_ids is not None
    person_ids, organisation_ids = [], list(organisation_ids or ())
    for content, entries in zip(contents, shown, strict=True):
        if content is None:
            continue
        organisation_ids += [r.get("organisation") for r in content.get("attendance", [])]
        for entry in entries:
            organisation_ids += [t.get("organisation") for t in entry.get("tasks", [])]
        if not public:  # the public version names no one: nobody to read
            person_ids += [r["person"] for r in content.get("attendance", [])]
            person_ids += [t.get("owner") for entry in entries for t in entry.get("tasks", [])]
    people, organisations = _names(person_ids, organisation_ids)
    decided = any(entry.get("decisions") for entries in shown if entries for entry in entries)
    numbers = dict(_decision_numbers(meeting)) if decided else {}
    return [
        None
        if content is None
        else _resolved_rows(content, entries, items, people, organisations, numbers, public=public)
        | ({"organisations": organisations} if read_along else {})
        for content, entries in zip(contents, shown, strict=True)
    ]


def _resolved_rows(content: dict, entries: list, items, people, organisations, numbers, *, public: bool) -> dict:
    attendance = [
        {
            "person": None if public else people.get(r["person"]),
            "organisation": organisations.get(r.get("organisation")),
            "status": r.get("status", ""),
            "status_label": Attendance(r["status"]).label if r.get("status") else "",
            "substitute": "" if public else r.get("substitute", ""),
        }
        for r in content.get("attendance", [])
    ]
    rows = []
    for entry in entries:
        rows.append(
            {
                "item": items[entry["agenda_item"]],
                "notes": format_notes(entry.get("notes", "")),
                "confidential": entry_is_confidential(entry, items[entry["agenda_item"]]),
                "decisions": [
                    {"number": numbers.get(d["key"], ""), "text": d["text"], "revoked": d.get("revoked", "")}
                    for d in entry.get("decisions", [])
                ],
                "tasks": [
                    {
                        "what": t["what"],
                        "owner": None if public else people.get(t.get("owner")),
                        "organisation": organisations.get(t.get("organisation")),
                        "due": datetime.date.fromisoformat(t["due"]) if t.get("due") else None,
                    }
                    for t in entry.get("tasks", [])
                ],
            }
        )
    return {"attendance": attendance, "rows": rows}


def _decision_numbers(meeting: MeetingPage):
    return Decision.objects.filter(minutes__meeting=meeting).values_list("key", "number")


def _public_rows(agenda: Agenda) -> list[dict]:
    return [item for item in agenda.approved_items if item["confidentiality"] == Confidentiality.PUBLIC]


def publicly_listed_items(item_ids) -> set[int]:
    """Of these agenda items, the ones the public reads on their meeting's page: public items of the
    agenda as the chair approved it, on a public meeting (`meeting_public_view`)."""
    public_meetings = MeetingPage.objects.visible_to(AnonymousUser())
    agendas = Agenda.objects.filter(meeting__in=public_meetings, meeting__agenda_items__in=item_ids, live=True)
    return {row["id"] for agenda in agendas.distinct() for row in _public_rows(agenda)} & set(item_ids)


def publicly_listed_register(model, ids):
    """Of these decisions (or tasks), the ones the public reads in the public version of approved
    minutes (`public_meeting_context`): of a public meeting, under a public item, not confidential."""
    public_meetings = MeetingPage.objects.visible_to(AnonymousUser())
    return model.objects.filter(
        pk__in=ids,
        minutes__live=True,
        minutes__meeting__in=public_meetings,
        minutes__meeting__visibility=Visibility.PUBLIC,
        agenda_item__confidentiality=Confidentiality.PUBLIC,
        confidential=False,
    )


def _approved_public_items(meeting: MeetingPage) -> list[dict]:
    """The public items of the agenda as the chair last approved it: nothing before approval, and a
    later draft change only once it is approved again."""
    agenda = meeting._one_to_one("agenda")  # kept on the page for its status line
    if agenda is None or agenda.approved_at is None:
        return []
    return _public_rows(agenda)


def meeting_public_view(meeting: MeetingPage) -> dict:
    """What the meeting's public page shows of its programme and minutes, the same for every visitor: the
    approved public items, and the approved minutes' public version. The organisations of both are read
    together."""
    minutes = meeting._one_to_one("minutes")
    items = _approved_public_items(meeting)
    presenting = [item["organisation"] for item in items if item["organisation"]]
    context = {"public_minutes": None}
    if minutes and minutes.approved_content and meeting.visibility == Visibility.PUBLIC:
        context["public_minutes"] = minutes_rows(
            meeting, minutes.approved_content, public=True, confidential=False, organisation_ids=presenting
        )
        context["minutes"] = minutes
        organisations = context["public_minutes"]["organisations"]
    else:
        organisations = Organisation.objects.in_bulk(presenting)
    kinds = dict(AgendaKind.choices)
    context["items"] = [
        {
            "title": item["title"],
            "kind": kinds.get(item["kind"], ""),
            "organisation": organisations.get(item["organisation"]),
        }
        for item in items
    ]
    return context


def comment_threads(minutes: Minutes, user) -> dict:
    """The comments this person may read, keyed by agenda item (None: the minutes as a whole), replies
    nested under their parent."""
    comments = list(MinutesComment.objects.visible_to(user).filter(minutes=minutes).select_related("author"))
    children: dict = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        comment.thread = children.get(comment.pk, [])
    threads: dict = {}
    for comment in children.get(None, []):
        threads.setdefault(comment.agenda_item_id, []).append(comment)
    return threads


def my_invitation(meeting: MeetingPage, user, among: list | None = None):
    """This person's invitation to the meeting; `among`: its invitations, read already (the manager's list)."""
    if not user.is_authenticated:
        return None
    if among is not None:
        return next((invitation for invitation in among if invitation.person_id == user.pk), None)
    return meeting.invitations.filter(person=user).first()


def invitations_of(meeting: MeetingPage):
    return meeting.invitations.select_related("person", "organisation")


# The answers as the manager counts them (Response's labels are the invitee's own words: "Attending").
SUMMARY_LABELS = {
    Response.YES: gettext_lazy("Coming"),
    Response.SUBSTITUTE: gettext_lazy("Sending a substitute"),
    Response.NO: gettext_lazy("Not coming"),
    Response.PENDING: gettext_lazy("No answer"),
}


def rsvp_summary(invitations) -> dict:
    """What the manager chases: how many said yes, no, sent a substitute, or have not answered."""
    counts = dict.fromkeys(SUMMARY_LABELS, 0)
    for invitation in invitations:
        counts[invitation.response] += 1
    labelled = [(SUMMARY_LABELS[value], count) for value, count in counts.items()]
    return {"counts": labelled, "pending": counts[Response.PENDING]}


def body_people(body: BodyPage, role: str | None = None) -> list[User]:
    """The body's active members (each person once), or only those in one role: who hears of its
    minutes and of the comments on them."""
    memberships = Membership.objects.active().filter(body=body).select_related("person")
    if role:
        memberships = memberships.filter(role=role)
    return list({m.person_id: m.person for m in memberships}.values())


def agenda_approval_audience(meeting: MeetingPage) -> list[User]:
    """Whom the chair's approval of the agenda e-mails: the body's members (invited now) and whoever
    was invited before (told what changed), by name."""
    members = Membership.objects.active().filter(body=meeting.body).values("person_id")
    invited = meeting.invitations.values("person_id")
    return list(User.objects.filter(Q(pk__in=members) | Q(pk__in=invited)).order_by("last_name", "first_name", "pk"))


@dataclass(frozen=True)
class Attendee:
    person: User
    organisation: Organisation | None
    substitute: str = ""

    @property
    def organisation_id(self):
        return self.organisation.pk if self.organisation else None


def expected_attendees(meeting: MeetingPage) -> list[Attendee]:
    """Who is expected (the minutes' attendance, the attendance sheet): those invited, with the substitute
    they named, else the body's active members, one row per person even with two roles."""
    invited = [Attendee(i.person, i.organisation, i.substitute_name) for i in invitations_of(meeting)]
    if invited:
        return invited
    memberships = Membership.objects.active().filter(body=meeting.body).select_related("person", "organisation")
    return list({m.person_id: Attendee(m.person, m.organisation) for m in memberships}.values())


def attendance_sheet_rows(meeting: MeetingPage) -> list[Attendee]:
    """The attendance sheet, by surname."""
    return sorted(expected_attendees(meeting), key=lambda row: (row.person.last_name, row.person.first_name))


INVITATION_MAIL_KINDS = ("events.invitation", "events.agenda_changed")


def invitation_mail_status(meeting: MeetingPage) -> dict:
    """For the manager: the state of each invitee's latest invitation e-mail (sent, waiting, failed),
    and how many there are in each state, from the outbox."""
    latest = {}
    mails = OutboxMessage.objects.filter(about=meeting, kind__in=INVITATION_MAIL_KINDS).order_by("created_at", "pk")
    for recipient_id, status in mails.values_list("recipient_id", "status"):
        latest[recipient_id] = status
    labels = dict(OutboxMessage.Status.choices)
    counts = {labels[status]: list(latest.values()).count(status) for status in dict.fromkeys(latest.values())}
    return {"by_person": {pk: labels[status] for pk, status in latest.items()}, "counts": counts}


def proposals_of(meeting: MeetingPage):
    return meeting.agenda_items.exclude(status=ItemStatus.ACCEPTED).select_related("proposed_by", "presenter")


def task_rows(tasks):
    """With what a row of the task table shows: its owner and organisation, and its meeting's id and
    title as plain values (`meeting_id`, `meeting_title`). The title is looked up for the rows shown
    only: joined in as pages, the meetings made planning the query cost several times running it, and
    read as objects with their minutes they cost more than the rows themselves."""
    title = Page.objects.filter(pk=OuterRef("minutes__meeting_id")).values("title")[:1]
    return tasks.select_related("owner", "organisation").annotate(
        meeting_id=F("minutes__meeting_id"), meeting_title=Subquery(title)
    )


def my_tasks(user):
    """One's tasks, the bare rows (the dashboard shows what and when; lists add `task_rows`)."""
    return Task.objects.filter(owner=user).order_by("status", "due")


def body_tasks(body: BodyPage, user):
    """The body's tasks this person may see, in every state, with what a row shows."""
    return task_rows(Task.objects.visible_to(user).filter(body=body))


# The task lists' filter by state (`?stav=`): unfinished ones unless asked otherwise.
UNFINISHED = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
TASK_STATES = {
    "": (gettext_lazy("Not done yet"), UNFINISHED),
    TaskStatus.OPEN: (TaskStatus.OPEN.label, (TaskStatus.OPEN,)),
    TaskStatus.IN_PROGRESS: (TaskStatus.IN_PROGRESS.label, (TaskStatus.IN_PROGRESS,)),
    TaskStatus.DONE: (TaskStatus.DONE.label, (TaskStatus.DONE,)),
    TaskStatus.CANCELLED: (gettext_lazy("Cancelled"), (TaskStatus.CANCELLED,)),
    "all": (gettext_lazy("All"), None),
}


@dataclass(frozen=True)
class TaskStateFilter:
    key: str
    label: str
    count: int
    current: bool


def soonest_due_first(tasks):
    """Overdue and due soon at the top; tasks without a due date last, on every database."""
    return tasks.order_by(F("due").asc(nulls_last=True), "pk")


def tasks_in_state(tasks, state: str) -> tuple:
    """These tasks in one state of the filter (an unknown state: the unfinished ones), and the filter's
    choices with how many tasks each holds, counted in one query."""
    if state not in TASK_STATES:
        state = ""
    by_status = dict(tasks.order_by().values_list("status").annotate(count=Count("pk")))
    choices = [
        TaskStateFilter(
            key,
            label,
            sum(count for status, count in by_status.items() if statuses is None or status in statuses),
            key == state,
        )
        for key, (label, statuses) in TASK_STATES.items()
    ]
    statuses = TASK_STATES[state][1]
    chosen = tasks if statuses is None else tasks.filter(status__in=statuses)
    return soonest_due_first(chosen), choices


# Unfinished tasks an overview (a body's members' page, the dashboard) shows, due soonest; the rest are
# in the task lists. Few enough that the page is the same size whether a body has 4 tasks open or 400.
OVERVIEW_TASKS = 5


def tasks_overview(tasks) -> dict:
    """An overview's tasks (a body's members' page, the dashboard): how many of these are unfinished, how
    many of those are overdue, and the ones due soonest (the rest are in the task lists). The counts
    come with the rows, counted over all of them before the first few are taken: one query."""
    overdue = Q(due__lt=timezone.localdate())
    shown = list(
        soonest_due_first(tasks.unfinished()).annotate(
            unfinished_count=Window(Count("pk")), overdue_count=Window(Count("pk", filter=overdue))
        )[:OVERVIEW_TASKS]
    )
    first = shown[0] if shown else None
    return {
        "tasks": shown,
        "count": first.unfinished_count if first else 0,
        "overdue": first.overdue_count if first else 0,
    }


def upcoming_meetings_for(user, limit: int = 10):
    """Meetings of the bodies the user sits in, from today."""
    meetings = MeetingPage.objects.live().filter(
        groups_permissions.membership_reach(user).pages_below(), end__gte=timezone.now()
    )
    return listed_meetings(meetings).order_by("start")[:limit]


def meetings_for_person(person):
    """The person's calendar: meetings of their bodies from a year back on."""
    since = timezone.now() - datetime.timedelta(days=365)
    bodies = groups_permissions.membership_reach(person).pages_below()
    return MeetingPage.objects.live().filter(bodies, start__gte=since).select_related("agenda").order_by("start")


def minutes_awaiting(user):
    """Minutes in circulation or with the chair, in the bodies whose meetings the user may see: from
    the engine's kept list of what is in progress (`groups.workflows.in_progress`), each with its
    meeting, body and current step."""
    reach = groups_permissions.membership_reach(user)
    return [minutes for minutes in workflows.in_progress(Minutes) if reach.covers(minutes.meeting.body)]
