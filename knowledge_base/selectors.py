"""Reads that span models: the good-practice listing and the peer finder's ranking."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from knowledge_base.models import Approach, GoodPracticeOutcome, GoodPracticePage, Municipality

# Size bands as the EU peer-city exchange names them (seed 000: "Small city (50k to 250k inhabitants)").
SIZE_BANDS = [
    (0, 10_000, gettext_lazy("village or small town (under 10,000 inhabitants)")),
    (10_000, 50_000, gettext_lazy("town (10,000 to 50,000 inhabitants)")),
    (50_000, 250_000, gettext_lazy("small city (50,000 to 250,000 inhabitants)")),
    (250_000, None, gettext_lazy("large city (over 250,000 inhabitants)")),
]
POINTS_POPULATION = 40
POINTS_FLATS = 20
POINTS_PER_APPROACH = 15
POINTS_PER_OUTCOME = 2
MAX_OUTCOME_POINTS = 10


def size_band(population: int | None) -> str:
    if population is None:
        return ""
    for low, high, label in SIZE_BANDS:
        if population >= low and (high is None or population < high):
            return str(label)
    return ""


def good_practices(parent: Page) -> QuerySet[GoodPracticePage]:
    """Live public records under `parent`, with what a listing shows, in a fixed number of queries."""
    return (
        GoodPracticePage.objects.live()
        .public()
        .child_of(parent)
        .select_related("municipality")
        .prefetch_related(
            "approaches",
            Prefetch("outcomes", queryset=GoodPracticeOutcome.objects.order_by("sort_order")),
        )
        .order_by("municipality__name", "title")
    )


def _similarity(a: int | None, b: int | None) -> float:
    """Smaller divided by larger: 1.0 for equal figures, 0 when either is unknown."""
    if not a or not b:
        return 0.0
    return min(a, b) / max(a, b)


@dataclass
class PeerMatch:
    municipality: Municipality
    score: int
    records: list[GoodPracticePage] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    shared_approaches: list[Approach] = field(default_factory=list)
    measured_outcomes: int = 0


MAX_MATCHES = 10
RECORDS_PER_MATCH = 3


def peer_municipalities(
    *, parent: Page, population: int | None, flats: int | None, approaches: list[Approach], exclude: int | None = None
) -> list[PeerMatch]:
    """Municipalities with at least one published record, best match first (the rule is explained
    on the page). Aggregated in the database, so the cost does not grow with the number of records."""
    records = GoodPracticePage.objects.live().public().child_of(parent).exclude(municipality=None)
    if exclude:
        records = records.exclude(municipality_id=exclude)
    record_ids = records.values("pk")
    wanted = {approach.pk: approach for approach in approaches}
    used: dict[int, set[int]] = {}
    pairs = (
        GoodPracticePage.approaches.through.objects.filter(goodpracticepage__in=record_ids)
        .values_list("goodpracticepage__municipality_id", "approach_id")
        .distinct()
    )
    for municipality_id, approach_id in pairs:
        used.setdefault(municipality_id, set()).add(approach_id)
    measured = dict(
        GoodPracticeOutcome.objects.filter(page__in=record_ids, value__isnull=False)
        .values_list("page__municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    band = size_band(population)
    matches = []
    for municipality in Municipality.objects.filter(pk__in=records.values("municipality_id")):
        shared = sorted(
            (wanted[pk] for pk in used.get(municipality.pk, set()) & wanted.keys()), key=lambda a: a.display_name
        )
        outcome_count = measured.get(municipality.pk, 0)
        population_points = round(POINTS_POPULATION * _similarity(population, municipality.population))
        flats_points = round(POINTS_FLATS * _similarity(flats, municipality.municipal_flats))
        score = (
            population_points
            + flats_points
            + POINTS_PER_APPROACH * len(shared)
            + min(MAX_OUTCOME_POINTS, POINTS_PER_OUTCOME * outcome_count)
        )
        match = PeerMatch(municipality, score, shared_approaches=shared, measured_outcomes=outcome_count)
        match.reasons = _reasons(band, municipality, population_points, flats_points, shared, outcome_count)
        matches.append(match)
    matches.sort(key=lambda match: (-match.score, match.municipality.name))
    matches = matches[:MAX_MATCHES]
    for match in matches:
        match.records = list(records.filter(municipality=match.municipality).order_by("title")[:RECORDS_PER_MATCH])
    return matches


def _reasons(band, municipality, population_points, flats_points, shared, outcome_count) -> list[str]:
    reasons = []
    if band and size_band(municipality.population) == band:
        reasons.append(_("same size band: %(band)s") % {"band": band})
    elif population_points:
        reasons.append(_("population of a comparable order (%(points)s points)") % {"points": population_points})
    if flats_points:
        reasons.append(_("municipal housing stock of a comparable size (%(points)s points)") % {"points": flats_points})
    if shared:
        reasons.append(_("shared approaches: %(names)s") % {"names": ", ".join(a.display_name for a in shared)})
    if outcome_count:
        reasons.append(
            ngettext("%(count)s measurable outcome", "%(count)s measurable outcomes", outcome_count)
            % {"count": outcome_count}
        )
    return reasons
