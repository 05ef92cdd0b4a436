"""Reads that span models: the good-practice listing and the peer finder's ranking."""

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from wagtail.models import Page

from knowledge_base.models import Approach, GoodPracticeOutcome, GoodPracticePage, Municipality
from portal import frame_parts, page_cache

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


LISTING_PAGE_SIZE = 12
# The long fields a record card does not show: left unread, so sorting a page of cards stays narrow.
CARD_LEAVES_OUT = ("body", "lessons_learned", "partners", "contact", "sources", "search_description")


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
        .defer(*CARD_LEAVES_OUT)
        .order_by("municipality__name", "title")
    )


CARD_TEMPLATE = "knowledge_base/_record_card.html"


def record_cards(records: QuerySet[GoodPracticePage], page_number, request) -> PaginatorPage:
    """One page of record cards, as HTML. The order of all of them, as ids, is kept in the public-page
    cache until the next publish (keyed by the query itself, so every filter is kept apart): sorting
    thousands of records by municipality and title on every request cost PostgreSQL 6 ms at 5,000. Each
    card is kept there too, per host and language: only the cards not yet kept are read (three queries)
    and rendered, and a filtered or later page (whose address has a query string, so the whole page is
    never kept) costs no more than the first."""

    def order() -> list[int]:
        return list(records.values_list("pk", flat=True))

    ordered = page_cache.remember(("record-order", str(records.query)), order)
    page = Paginator(ordered, LISTING_PAGE_SIZE).get_page(page_number)
    ids = list(page.object_list)
    kept = page_cache.lookup_all([("record-card", frame_parts.site_key(request), get_language(), pk) for pk in ids])
    missing = [pk for pk, lookup in zip(ids, kept, strict=True) if lookup.value is None]
    template = get_template(CARD_TEMPLATE)
    rendered = {
        pk: template.render({"record": record, "request": request}) for pk, record in records.in_bulk(missing).items()
    }
    # A kept card is shown as its id stands in the kept order, both retired together by every publish,
    # unpublish, move or deletion (as a whole kept page is: an invalidation lost in a Redis outage leaves
    # both for up to PUBLIC_PAGE_TIMEOUT).
    cards = []
    for pk, (key, value) in zip(ids, kept, strict=True):
        if value is None and pk in rendered:
            value = rendered[pk]
            page_cache.store(key, value)
        if value is not None:
            cards.append(mark_safe(value))  # noqa: S308 (the card template's own output, escaped as it rendered)
    page.object_list = cards
    return page


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
    on the page). What each municipality's records use and measure, and which of them come first, is
    worked out over all records once per publish (the public-page cache); a request reads the
    municipalities and the shown matches' first records by id."""
    records = GoodPracticePage.objects.live().public().child_of(parent).exclude(municipality=None)
    used, measured, first = page_cache.remember(("peer-summaries", parent.pk), lambda: _municipality_summaries(records))
    wanted = {approach.pk: approach for approach in approaches}
    band = size_band(population)
    matches = []
    for municipality in Municipality.objects.filter(pk__in=used.keys() - {exclude}):
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
    by_municipality = {match.municipality.pk: match for match in matches}
    shown = [pk for match in matches for pk in first.get(match.municipality.pk, [])]
    for record in records.filter(pk__in=shown).defer(*CARD_LEAVES_OUT).order_by("municipality_id", "title"):
        by_municipality[record.municipality_id].records.append(record)
    return matches


def _municipality_summaries(records: QuerySet) -> tuple[dict[int, set[int]], dict[int, int], dict[int, list[int]]]:
    """For each municipality with a record: the approaches its records use, how many measured outcomes
    they give and its first few records (by title). Over every record, so kept in the public-page
    cache until the next publish."""
    record_ids = records.values("pk")
    used: dict[int, set[int]] = {pk: set() for pk in records.values_list("municipality_id", flat=True).distinct()}
    pairs = (
        GoodPracticePage.approaches.through.objects.filter(goodpracticepage__in=record_ids)
        .values_list("goodpracticepage__municipality_id", "approach_id")
        .distinct()
    )
    for municipality_id, approach_id in pairs:
        used[municipality_id].add(approach_id)
    measured = dict(
        GoodPracticeOutcome.objects.filter(page__in=record_ids, value__isnull=False)
        .values_list("page__municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    position = Window(RowNumber(), partition_by=F("municipality_id"), order_by=F("title").asc())
    first: dict[int, list[int]] = {}
    for municipality_id, pk in (
        records.annotate(position=position)
        .filter(position__lte=RECORDS_PER_MATCH)
        .order_by("municipality_id", "title")
        .values_list("municipality_id", "pk")
    ):
        first.setdefault(municipality_id, []).append(pk)
    return used, measured, first


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
