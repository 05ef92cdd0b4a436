"""The plan at the working group's meetings (the 2+2 rhythm, seed 004): which period is reported
before the next meeting, what each responsible organisation still owes, which measures have gone
unreported too long, what a monitoring agenda item reports, and the reminders a week before.

The period due is the calendar half-year in which the next meeting of the monitoring body falls (the
one in progress when none is planned). An update counts once submitted to the chair or approved.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plan.models import ConceptPage, Measure, MeasureLink, PlanReminder, ProgressUpdate, code_order, period_label
from events.models import MeetingPage
from groups import permissions as groups_permissions
from groups.models import Membership, Organisation, Role
from portal import outbox
from portal.links import czech_path

REMIND_DAYS_BEFORE = 7
OVERDUE_AFTER_DAYS = 183  # longer than one reporting period without an approved update


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def next_meeting(concept: ConceptPage) -> MeetingPage | None:
    return (
        MeetingPage.objects.live()
        .child_of(concept.body)
        .filter(start__gte=timezone.now(), cancelled=False)
        .order_by("start")
        .first()
    )


def due_period(concept: ConceptPage, meeting: MeetingPage | None = None) -> tuple[datetime.date, datetime.date]:
    day = timezone.localtime(meeting.start).date() if meeting else timezone.localdate()
    return half_year(day)


def _reported(measures, period) -> set[int]:
    """Measures with an update for the period that is submitted to the chair or approved."""
    updates = ProgressUpdate.objects.waiting_or_approved().filter(measure__in=measures, period_start=period[0])
    return set(updates.values_list("measure_id", flat=True))


@dataclass
class Ownership:
    organisation: Organisation
    measures: list[Measure] = field(default_factory=list)
    owed: list[Measure] = field(default_factory=list)


@dataclass
class OwnershipMatrix:
    concept: ConceptPage
    meeting: MeetingPage | None
    period: tuple[datetime.date, datetime.date]
    rows: list[Ownership]
    overdue: list[Measure]

    @property
    def period_label(self) -> str:
        return period_label(*self.period)


def ownership(concept: ConceptPage) -> OwnershipMatrix:
    """Each organisation represented in the monitoring body, its measures, and the updates it owes
    before the next meeting; and the measures without an approved update for longer than a period."""
    meeting = next_meeting(concept)
    period = due_period(concept, meeting)
    current = Measure.objects.current().filter(goal__concept=concept)
    measures = list(
        current.only("code", "title", "lead_organisation").annotate(
            last_approved=Max("updates__period_end", filter=Q(updates__live=True))
        )
    )
    reported = _reported(current, period)
    represented = Organisation.objects.filter(
        pk__in=Membership.objects.active().filter(body=concept.body).values("organisation_id")
    ).order_by("name")
    responsible = Measure.responsible_organisations_of(measures)
    by_organisation: dict[int, list[Measure]] = {}
    for measure in measures:  # in the plan's order
        for organisation_id in responsible[measure.pk]:
            by_organisation.setdefault(organisation_id, []).append(measure)
    rows = []
    for organisation in represented:
        own = by_organisation.get(organisation.pk)
        if own:
            rows.append(Ownership(organisation, own, [m for m in own if m.pk not in reported]))
    limit = timezone.localdate() - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    overdue = [m for m in measures if m.last_approved is None or m.last_approved < limit]
    return OwnershipMatrix(concept, meeting, period, rows, overdue)


# --- A monitoring item on the meeting page -------------------------------------------------------


@dataclass
class MonitoredMeasure:
    measure: Measure
    approved_since: list[ProgressUpdate]


def monitoring_report(meeting: MeetingPage, items) -> dict[int, list[MonitoredMeasure]]:
    """For each agenda item that cites measures (itself, or through its decisions and tasks): their
    current approved status and the updates approved between the body's previous meeting and this one's
    start (the manager's ready-made monitoring report; a held meeting's does not take in later ones)."""
    ids = [item.pk for item in items]
    links = MeasureLink.objects.filter(
        Q(agenda_item__in=ids) | Q(decision__agenda_item__in=ids) | Q(task__agenda_item__in=ids)
    ).values_list("measure_id", "agenda_item_id", "decision__agenda_item_id", "task__agenda_item_id")
    cited: dict[int, list[int]] = {}
    for measure_id, *item_ids in links:
        item_id = next(pk for pk in item_ids if pk in ids)
        if measure_id not in cited.setdefault(item_id, []):
            cited[item_id].append(measure_id)
    if not cited:
        return {}
    previous_start = (
        MeetingPage.objects.live()
        .child_of(meeting.body)
        .filter(start__lt=meeting.start)
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    measure_ids = {pk for measures in cited.values() for pk in measures}
    statuses = {m.pk: m for m in Measure.objects.filter(pk__in=measure_ids).with_public_status()}
    since = ProgressUpdate.objects.approved().filter(measure_id__in=measure_ids, last_published_at__lte=meeting.start)
    if previous_start is not None:
        since = since.filter(last_published_at__gt=previous_start)
    by_measure: dict[int, list[ProgressUpdate]] = {}
    for update in since.order_by("period_end"):
        by_measure.setdefault(update.measure_id, []).append(update)
    return {
        item_id: [MonitoredMeasure(statuses[pk], by_measure.get(pk, [])) for pk in measures]
        for item_id, measures in cited.items()
    }


# --- Reminders -----------------------------------------------------------------------------------


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: a week before the monitoring body's next meeting, each responsible member is reminded of
    the updates their organisation still owes, and the managers get the measures unreported too long.
    Once per meeting, however often it runs."""
    today = today or timezone.localdate()
    sent = {"members": 0, "managers": 0}
    for concept in ConceptPage.objects.live().filter(locale__language_code="cs").select_related("body"):
        meeting = next_meeting(concept)
        if meeting is None or (timezone.localtime(meeting.start).date() - today).days > REMIND_DAYS_BEFORE:
            continue
        with transaction.atomic():
            reminder, created = PlanReminder.objects.get_or_create(meeting=meeting)
            if not created:
                continue
            matrix = ownership(concept)
            sent["members"] += _remind_members(matrix)
            sent["managers"] += _flag_for_managers(matrix)
    return sent


def _remind_members(matrix: OwnershipMatrix) -> int:
    owed_by_organisation = {row.organisation.pk: row.owed for row in matrix.rows if row.owed}
    memberships = Membership.objects.active().filter(
        body=matrix.concept.body,
        organisation_id__in=owed_by_organisation,
        role__in=groups_permissions.PARTICIPANT_ROLES,
    )
    owed_by_person: dict = {}
    for membership in memberships.select_related("person"):
        owed_by_person.setdefault(membership.person, []).extend(owed_by_organisation[membership.organisation_id])
    count = 0
    for person, measures in owed_by_person.items():
        count += outbox.send_to_people(
            [person],
            lambda recipient, measures=measures: outbox.Message(
                kind="action_plan.update_due",
                subject=_("Progress updates due before the meeting on %(date)s")
                % {"date": _date(matrix.meeting.start)},
                template="action_plan/email/update_due.txt",
                context={"measures": sorted(set(measures), key=lambda m: code_order(m.code)), "matrix": matrix},
                path=czech_path("action_plan:plan"),
            ),
        )
    return count


def _flag_for_managers(matrix: OwnershipMatrix) -> int:
    if not matrix.overdue:
        return 0
    prefetch_related_objects(matrix.overdue, "lead_organisation")  # the mail names each one's
    managers = [m.person for m in Membership.objects.active().filter(body=matrix.concept.body, role=Role.MANAGER)]
    return outbox.send_to_people(
        managers,
        lambda recipient: outbox.Message(
            kind="action_plan.updates_overdue",
            subject=_("Measures without an approved progress update"),
            template="action_plan/email/updates_overdue.txt",
            context={"matrix": matrix},
            path=czech_path("groups:body_internal", body_id=matrix.concept.body_id),
        ),
    )


def _date(moment: datetime.datetime) -> str:
    day = timezone.localtime(moment)
    return f"{day.day}.\u00a0{day.month}.\u00a0{day.year}"
