"""Reads that span models: the good-practice listing and the peer finder's ranking."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
    records: list[GoodPracticePage]
    reasons: list[str] = field(default_factory=list)
    shared_approaches: list[Approach] = field(default_factory=list)
    outcomes: list[GoodPracticeOutcome] = field(default_factory=list)


def peer_municipalities(
    *, parent: Page, population: int | None, flats: int | None, approaches: list[Approach], exclude: int | None = None
) -> list[PeerMatch]:
    """Municipalities with at least one published record, best match first (rule: see the page)."""
    wanted = {approach.pk for approach in approaches}
    by_municipality: dict[int, list[GoodPracticePage]] = {}
    for record in good_practices(parent):
        if record.municipality_id and record.municipality_id != exclude:
            by_municipality.setdefault(record.municipality_id, []).append(record)
    matches = []
    band = size_band(population)
    for records in by_municipality.values():
        municipality = records[0].municipality
        used = {approach.pk: approach for record in records for approach in record.approaches.all()}
        shared = [used[pk] for pk in sorted(wanted & used.keys(), key=lambda pk: used[pk].display_name)]
        measured = [outcome for record in records for outcome in record.outcomes.all() if outcome.is_number]
        population_points = round(POINTS_POPULATION * _similarity(population, municipality.population))
        flats_points = round(POINTS_FLATS * _similarity(flats, municipality.municipal_flats))
        score = (
            population_points
            + flats_points
            + POINTS_PER_APPROACH * len(shared)
            + min(MAX_OUTCOME_POINTS, POINTS_PER_OUTCOME * len(measured))
        )
        match = PeerMatch(municipality, score, records, shared_approaches=shared, outcomes=measured)
        their_band = size_band(municipality.population)
        if band and their_band == band:
            match.reasons.append(_("same size band: %(band)s") % {"band": band})
        elif population_points:
            match.reasons.append(
                _("population of a comparable order (%(points)s points)") % {"points": population_points}
            )
        if flats_points:
            match.reasons.append(
                _("municipal housing stock of a comparable size (%(points)s points)") % {"points": flats_points}
            )
        if shared:
            match.reasons.append(
                _("shared approaches: %(names)s") % {"names": ", ".join(a.display_name for a in shared)}
            )
        if measured:
            match.reasons.append(_("%(count)s measurable outcomes") % {"count": len(measured)})
        matches.append(match)
    matches.sort(key=lambda match: (-match.score, match.municipality.name))
    return matches
