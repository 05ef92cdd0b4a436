"""What the tracker pages read: approved data only on public pages (`ProgressUpdate.objects.approved`,
values of approved updates), with drafts for the members' area. A fixed number of queries per page,
however many measures, updates and values there are."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page as PaginatorPage
from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plan.models import (
    ConceptPage,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureLink,
    ProgressUpdate,
    Status,
)
from events import selectors as events_selectors
from events.models import AgendaItem, Decision, ItemStatus, MeetingPage, Task
from groups.models import Organisation
from portal.pagination import CountedPaginator

NOT_REPORTED = "not_reported"
NOT_REPORTED_LABEL = _("No approved update yet")


@dataclass
class GoalSummary:
    """A goal with how many of its measures (those matching the tracker's filters) are in each approved
    status, and the ones shown on this page of the tracker."""

    goal: Goal | None
    statuses: Counter = field(default_factory=Counter)  # status (NOT_REPORTED: none approved) -> measures
    measures: list[Measure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, how many) for each status present, in the statuses' order, unreported last."""
        labels = [*Status.choices, (NOT_REPORTED, NOT_REPORTED_LABEL)]
        return [(status, label, self.statuses[status]) for status, label in labels if self.statuses[status]]

    @property
    def completed_share(self) -> int:
        """Per cent of the goal's measures completed (the progress bar)."""
        return round(100 * self.statuses[Status.COMPLETED] / self.total) if self.total else 0


def _statuses_by_goal(measures) -> dict[int, Counter]:
    """How many of `measures` each goal has in each approved status: one grouped query."""
    statuses: dict[int, Counter] = {}
    for row in measures.order_by().values("goal_id", "public_status").annotate(count=Count("pk")):
        statuses.setdefault(row["goal_id"], Counter())[row["public_status"] or NOT_REPORTED] += row["count"]
    return statuses


@dataclass(frozen=True)
class PlanState:
    """The whole plan's figures for the home page: plain numbers, not the measures, because the home's
    sections are kept in the page cache and read back on every uncached request."""

    measures: int
    counts: list[tuple[str, str, int]]
    completed_share: int


def plan_state(concept: ConceptPage) -> PlanState:
    """The whole plan (the home page): every current measure, counted by approved status."""
    measures = Measure.objects.current().filter(goal__concept=concept.plan).with_public_status()
    summary = GoalSummary(goal=None, statuses=sum(_statuses_by_goal(measures).values(), Counter()))
    return PlanState(summary.total, summary.counts, summary.completed_share)


@dataclass(frozen=True)
class TrackerFilters:
    goal: int | None = None
    organisation: int | None = None
    status: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query) -> "TrackerFilters":
        def number(name):
            value = query.get(name, "")
            return int(value) if value.isdigit() and len(value) < 10 else None

        status = query.get("stav", "")
        valid = {*Status.values, NOT_REPORTED}
        return cls(
            goal=number("cil"),
            organisation=number("organizace"),
            status=status if status in valid else "",
            text=query.get("q", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.goal or self.organisation or self.status or self.text)


TRACKER_PAGE_SIZE = 50  # measures a page: a city's plan may hold hundreds


@dataclass
class TrackerPage:
    goals: list[GoalSummary]  # the goals shown on this page, each with its figures and its measures here
    all_goals: list[Goal]  # for the filter
    measures: PaginatorPage  # this page of the matching measures


def matching_measures(plan: ConceptPage, filters: TrackerFilters):
    """The plan's current measures that match the filters, with their approved status."""
    measures = Measure.objects.current().filter(goal__concept=plan).with_public_status()
    if filters.goal:
        measures = measures.filter(goal_id=filters.goal)
    if filters.organisation:
        shared = Measure.partners.through.objects.filter(organisation_id=filters.organisation).values("measure_id")
        measures = measures.filter(Q(lead_organisation_id=filters.organisation) | Q(pk__in=shared))
    if filters.text:
        measures = measures.filter(
            Q(title__icontains=filters.text) | Q(description__icontains=filters.text) | Q(code=filters.text)
        )
    if filters.status == NOT_REPORTED:
        measures = measures.filter(public_status__isnull=True)
    elif filters.status:
        measures = measures.filter(public_status=filters.status)
    return measures


def tracker(concept: ConceptPage, filters: TrackerFilters = TrackerFilters(), page_number=None) -> TrackerPage:
    """One page of the plan's matching measures under their goals, each goal with the figures of all its
    matching measures. A goal spans pages as its measures do; one without measures (listed only when
    nothing is filtered) stands where it falls, after the goal before it. The same queries at any size."""
    plan = concept.plan
    measures = matching_measures(plan, filters)
    statuses = _statuses_by_goal(measures)
    approved_values = IndicatorValue.objects.filter(update__live=True).order_by("date", "pk")
    goals = list(
        Goal.objects.filter(concept=plan).prefetch_related(
            Prefetch("indicators", Indicator.objects.prefetch_related(Prefetch("values", approved_values)))
        )
    )
    total = sum(sum(counted.values()) for counted in statuses.values())
    listed = measures.select_related("lead_organisation").order_by("goal__number", "code_order")
    page = CountedPaginator(listed, TRACKER_PAGE_SIZE, count=total).get_page(page_number)
    shown: dict[int, list[Measure]] = {}
    for measure in page:
        shown.setdefault(measure.goal_id, []).append(measure)
    summaries, before = [], 0  # `before`: matching measures of the goals before this one
    for goal in goals:
        counted = statuses.get(goal.pk, Counter())
        if goal.pk in shown:
            summaries.append(GoalSummary(goal, counted, shown[goal.pk]))
        elif not counted and not filters.active and max(0, before - 1) // TRACKER_PAGE_SIZE + 1 == page.number:
            summaries.append(GoalSummary(goal))
        before += sum(counted.values())
    return TrackerPage(summaries, goals, page)


def members_measures(followed: list[ConceptPage], reporting: dict[ConceptPage, set[int]]):
    """The members' list of measures: every current measure of the plans a person follows, and of the
    others those their organisations lead or share (`reporting`), each with its approved status and its
    plan (`concept_id`), in the plans' order. A query set, to be read a page at a time."""
    visible = Q(goal__concept__in=[concept.pk for concept in followed])
    for concept, organisations in reporting.items():
        shared = Measure.partners.through.objects.filter(organisation__in=organisations).values("measure_id")
        visible |= Q(goal__concept=concept) & (Q(lead_organisation__in=organisations) | Q(pk__in=shared))
    return (
        Measure.objects.current()
        .filter(visible)
        .with_public_status()
        .annotate(concept_id=F("goal__concept_id"))
        .select_related("lead_organisation")
        .order_by("goal__concept__path", "goal__number", "code_order")
    )


def responsible_organisations(concept: ConceptPage):
    """The organisations responsible for some current measure (the tracker's filter)."""
    measures = Measure.objects.current().filter(goal__concept=concept.plan)
    return Organisation.objects.filter(Q(led_measures__in=measures) | Q(partner_measures__in=measures)).distinct()


def public_measure(concept: ConceptPage, slug: str) -> Measure | None:
    """A measure of the plan with everything its public page shows, from approved updates only."""
    approved_values = IndicatorValue.objects.filter(update__live=True).order_by("date", "pk")
    measure = (
        Measure.objects.filter(goal__concept=concept.plan, slug=slug)
        .with_public_status()
        .select_related("goal", "lead_organisation")
        .prefetch_related(
            "partners",
            "activities",
            "strategy_links",
            Prefetch("indicators", Indicator.objects.prefetch_related(Prefetch("values", approved_values))),
            Prefetch(
                "updates",
                ProgressUpdate.objects.approved().select_related("organisation").prefetch_related("evidence"),
                to_attr="approved_updates",
            ),
        )
        .first()
    )
    if measure is not None:
        measure.spent_by_year = spent_by_year(measure.approved_updates)
        measure.public_inspirations = list(measure.inspirations.live().public().order_by("title"))
    return measure


def spent_by_year(approved_updates) -> list[tuple[int, Decimal]]:
    """Money spent on a measure by year (of the reported period's end), from its approved updates,
    already read for the page."""
    totals: dict[int, Decimal] = {}
    for update in approved_updates:
        if update.spent is not None:
            year = update.period_end.year
            totals[year] = totals.get(year, Decimal(0)) + update.spent
    return sorted(totals.items())


def export_measures(concept: ConceptPage):
    """Current measures with their approved status, money spent (approved updates) and indicators with
    their approved values: the open-data export. A fixed number of queries."""
    approved_values = IndicatorValue.objects.filter(update__live=True).order_by("date", "pk")
    return (
        Measure.objects.current()
        .filter(goal__concept=concept.plan)
        .with_public_status()
        .annotate(spent_total=Sum("updates__spent", filter=Q(updates__live=True)))
        .select_related("goal", "lead_organisation")
        .prefetch_related(
            "partners", Prefetch("indicators", Indicator.objects.prefetch_related(Prefetch("values", approved_values)))
        )
        .order_by("goal__number", "code_order")
    )


def meeting_links(measure: Measure, user) -> list[MeasureLink]:
    """Where the measure was discussed, as far as `user` may see it, by the meetings' own rules: in the
    members' area `visible_to`; for the public, what the public meeting page shows (the approved agenda's
    public items, the public version of approved minutes). Each rule is asked only about what the
    measure cites: most measures cite nothing, and the rules' queries are costly to build."""
    links = list(MeasureLink.objects.filter(measure=measure).select_related("agenda_item__meeting", "decision", "task"))
    if user.is_authenticated:

        def visible(model, ids):
            return model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)

    else:

        def visible(model, ids):
            if model is AgendaItem:
                return events_selectors.publicly_listed_items(ids)
            return events_selectors.publicly_listed_register(model, ids).values_list("pk", flat=True)

    cited_things = {"agenda_item": AgendaItem, "decision": Decision, "task": Task}
    shown = set()
    for kind, model in cited_things.items():
        cited = {getattr(link, f"{kind}_id") for link in links} - {None}
        if cited:
            shown |= {(kind, pk) for pk in visible(model, cited)}
    return [link for link in links if any((kind, getattr(link, f"{kind}_id")) in shown for kind in cited_things)]


def linkable(concept: ConceptPage):
    """What the manager may cite a measure at: the last two years' items, decisions and tasks of the
    monitoring body and the bodies below it (newest first)."""
    since = timezone.now() - datetime.timedelta(days=730)
    meetings = MeetingPage.objects.filter(path__startswith=concept.body.path, start__gte=since)
    items = (
        AgendaItem.objects.filter(meeting__in=meetings, status=ItemStatus.ACCEPTED)
        .select_related("meeting")
        .order_by("-meeting__start", "position")[:200]
    )
    decisions = Decision.objects.filter(minutes__meeting__in=meetings, revoked_at=None).order_by("-year", "-sequence")[
        :200
    ]
    tasks = Task.objects.filter(minutes__meeting__in=meetings).order_by("-pk")[:200]
    return items, decisions, tasks
