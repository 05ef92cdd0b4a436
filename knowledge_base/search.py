"""The public search: keeping SearchEntry in step with published pages, and querying it.

Only an allowlist of page types is indexed (the knowledge base, the generic public pages and the
accessibility statement), plus the public text other apps give through `PUBLIC_SEARCH_TEXT_HOOK`
(a meeting's approved public minutes), so members' areas and anything confidential can never reach
the public results.
Drafts have no entry (entries are written on publish and removed on unpublish), and view
restrictions are checked at query time with `.public()`, so restricting a page hides it at once.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import translation
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.models import Page

from knowledge_base.models import Approach, GoodPracticePage, MaterialPage, Region, SearchEntry
from knowledge_base.selectors import CountedPaginator
from knowledge_base.text import fold, query_terms, snippet
from portal.hooks import PUBLIC_SEARCH_TEXT_HOOK
from portal.models import AccessibilityStatementPage

PAGE_SIZE = 20
KIND_BY_MODEL = {
    "goodpracticepage": SearchEntry.Kind.GOOD_PRACTICE,
    "mythpage": SearchEntry.Kind.MYTH,
    "materialpage": SearchEntry.Kind.MATERIAL,
    "goodpracticeindexpage": SearchEntry.Kind.PAGE,
    "mythindexpage": SearchEntry.Kind.PAGE,
    "materialindexpage": SearchEntry.Kind.PAGE,
    "standardpage": SearchEntry.Kind.PAGE,
    "homepage": SearchEntry.Kind.PAGE,
    "accessibilitystatementpage": SearchEntry.Kind.PAGE,
}
INDEXED_APPS = {"knowledge_base", "portal"}


def _contributed_text(page: Page) -> str | None:
    """The public text another app gives for this page (None: not its page, or nothing public)."""
    for public_text in hooks.get_hooks(PUBLIC_SEARCH_TEXT_HOOK):
        text = public_text(page)
        if text is not None:
            return text
    return None


def _is_own(page: Page) -> bool:
    return page._meta.app_label in INDEXED_APPS and page._meta.model_name in KIND_BY_MODEL


def is_indexed(page: Page) -> bool:
    return _is_own(page) or _contributed_text(page) is not None


def _plain(value) -> str:
    return " ".join(strip_tags(str(value)).split())


def page_text(page: Page) -> str:
    """The visible text of a page, in reading order, as plain text."""
    if not _is_own(page):
        return _contributed_text(page) or ""
    parts = [getattr(page, "introduction", "")]
    if isinstance(page, AccessibilityStatementPage):
        parts.extend(_statement_text(page))
    body = getattr(page, "body", None)
    if body is not None:
        parts.extend(body.stream_block.get_searchable_content(body))
    if isinstance(page, GoodPracticePage):
        parts.extend([page.municipality.name if page.municipality else "", page.partners, _plain(page.lessons_learned)])
        # In the page's own language only, so a Czech record is not found by its English labels.
        with translation.override(page.locale.language_code):
            parts.extend(outcome.display_label for outcome in page.outcomes.all())
            parts.extend(approach.display_name for approach in page.approaches.all())
    if isinstance(page, MaterialPage):
        parts.append(page.publisher)
    return _plain(" ".join(part for part in parts if part))


def _statement_text(page: AccessibilityStatementPage) -> list[str]:
    """What the operator wrote in the statement, with the compliance sentence and the grounds' headings
    in the page's own language (as the page shows them). The operator's name is left out: it may come
    from the site settings, which do not republish the page."""
    parts = []
    with translation.override(page.locale.language_code):
        parts.append(page.compliance_sentence())
        for group in page.inaccessible_by_reason():
            parts.append(str(group["label"]))
            for item in group["items"]:
                parts.extend([item["content"], item["detail"], item["alternative"]])
    parts.extend([_plain(page.assessment_details), page.feedback_name, page.enforcement_body, page.enforcement_address])
    return parts


def entry_for(page: Page) -> SearchEntry:
    page = page.specific
    region, approaches = "", ""
    if isinstance(page, GoodPracticePage):
        region = page.municipality.region if page.municipality else ""
        approaches = "|" + "|".join(approach.slug for approach in page.approaches.all()) + "|"
    text = page_text(page)
    return SearchEntry(
        page_id=page.pk,
        language=page.locale.language_code,
        kind=KIND_BY_MODEL.get(page._meta.model_name, SearchEntry.Kind.MEETING),
        region=region,
        approaches=approaches,
        title=page.title,
        title_folded=fold(page.title),
        text=text,
        text_folded=fold(f"{page.title} {text}"),
        published_at=page.last_published_at or page.first_published_at,
    )


def search_entry_update(*, page: Page) -> None:
    """Write the entry of a just-published page (or remove it when the page is not live)."""
    page = page.specific
    if not is_indexed(page):
        SearchEntry.objects.filter(page_id=page.pk).delete()  # e.g. a meeting whose minutes stopped being public
        return
    if not page.live:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return
    entry = entry_for(page)
    SearchEntry.objects.update_or_create(
        page_id=page.pk, defaults={f.name: getattr(entry, f.name) for f in SearchEntry._meta.fields if f.name != "page"}
    )


def search_entry_delete(*, page: Page) -> None:
    SearchEntry.objects.filter(page_id=page.pk).delete()


def search_index_rebuild() -> int:
    """Rebuild every entry from the live pages; returns how many were written."""
    SearchEntry.objects.all().delete()
    entries = []
    for page in Page.objects.live().specific().iterator(chunk_size=500):
        if is_indexed(page):
            entries.append(entry_for(page))
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    terms: list[str]
    page: PaginatorPage | None = None
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    total: int = 0


def visible_entries(language: str):
    """Entries of live pages nobody has to sign in for (view restrictions hide the whole subtree)."""
    return SearchEntry.objects.filter(language=language, page__in=Page.objects.live().public().values("pk"))


def search(
    *, query: str, language: str, kind: str = "", approach: str = "", region: str = "", page_number=1, approaches=None
):
    """Entries containing every folded query term, ranked (title matches first, then newest),
    with facet counts. Whatever the index's size, one query counts the matches and every facet
    value in a single pass (conditional counts), one sorts the matches' ids for the shown page, and
    one reads that page's entries.
    `approaches` are the known approaches (read once by the caller; None reads them here)."""
    terms = query_terms(query)
    results = SearchResults(terms=terms)
    if not terms:
        return results
    matching = visible_entries(language)
    for term in terms:
        matching = matching.filter(text_folded__contains=term)
    approaches = list(Approach.objects.all()) if approaches is None else approaches
    chosen = {
        "kind": Q(kind=kind) if kind else Q(),
        "region": Q(region=region) if region else Q(),
        "approach": Q(approaches__contains=f"|{approach}|") if approach else Q(),
    }
    facet_values = {
        "kind": [(value, Q(kind=value)) for value in SearchEntry.Kind.values],
        "region": [(value, Q(region=value)) for value in Region.values],
        "approach": [(a.slug, Q(approaches__contains=f"|{a.slug}|")) for a in approaches],
    }
    counts = matching.aggregate(
        total=_count(_all_but(chosen)),
        **{
            f"{facet}_{index}": _count(condition & _all_but(chosen, skip=facet))
            for facet, values in facet_values.items()
            for index, (_value, condition) in enumerate(values)
        },
    )
    results.total = counts["total"]
    results.facets = _facets(facet_values, counts, {"kind": kind, "region": region, "approach": approach}, approaches)
    title_hits = sum(
        (Case(When(title_folded__contains=term, then=Value(1)), default=Value(0)) for term in terms), Value(0)
    )
    ranked = (
        matching.filter(_all_but(chosen))
        .annotate(title_hits=title_hits)
        .order_by("-title_hits", F("published_at").desc(nulls_last=True), "-page_id")
        .values_list("page_id", flat=True)  # narrow rows to sort; the shown page's text is read below
    )
    results.page = CountedPaginator(ranked, PAGE_SIZE, count=results.total).get_page(page_number)
    shown = list(results.page.object_list)
    entries = SearchEntry.objects.select_related("page").in_bulk(shown)
    kinds = dict(SearchEntry.Kind.choices)
    for page_id in shown:
        entry = entries[page_id]
        results.hits.append(
            {
                "page": entry.page,
                "title": snippet(entry.title, terms, width=255),
                "snippet": snippet(entry.text, terms),
                "kind": kinds.get(entry.kind, ""),
            }
        )
    return results


def _all_but(chosen: dict[str, Q], skip: str = "") -> Q:
    """The visitor's chosen facet values, all of them or all but one: each facet counts under the
    *other* choices, so choosing one value still shows how many results its alternatives would give."""
    combined = Q()
    for facet, condition in chosen.items():
        if facet != skip:
            combined &= condition
    return combined


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition) if condition else Count("pk")


def _facets(facet_values, counts, selected: dict[str, str], approaches) -> dict[str, list[Facet]]:
    """Facet values with at least one match: kinds by count, regions by name, approaches in their order."""
    labels = {
        "kind": dict(SearchEntry.Kind.choices),
        "region": dict(Region.choices),
        "approach": {a.slug: a.display_name for a in approaches},
    }
    facets = {}
    for facet, values in facet_values.items():
        found = [
            Facet(value, str(labels[facet][value]), n, value == selected[facet])
            for index, (value, _condition) in enumerate(values)
            if (n := counts[f"{facet}_{index}"])
        ]
        if facet == "kind":
            found.sort(key=lambda f: -f.count)
        elif facet == "region":
            found.sort(key=lambda f: f.label)
        facets[facet] = found
    return facets
