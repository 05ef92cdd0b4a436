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
from django.db import connection
from django.db.models import Case, Value, When
from django.utils import translation
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.models import Page

from knowledge_base.models import Approach, GoodPracticePage, MaterialPage, Region, SearchEntry
from knowledge_base.text import fold, folded_words, query_terms, snippet
from portal.hooks import PUBLIC_SEARCH_TEXT_HOOK
from portal.models import AccessibilityStatementPage
from portal.pagination import CountedPaginator
from portal.view_restrictions import restricted_q

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
        text_folded=folded_words(f"{page.title} {text}"),
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
    """Entries of live pages nobody has to sign in for (view restrictions hide the whole subtree). Only
    live pages have entries, but a change that skipped the signals may leave one behind: those are left
    out of the matches, so not even a count reveals such a page's words. They are found as the few
    entries of pages not live (one hashed subquery) rather than by joining every match to its page,
    which PostgreSQL planned as a lookup per match (9 ms at 5,000)."""
    left_behind = SearchEntry.objects.filter(page__live=False).values("page_id")  # normally none
    entries = SearchEntry.objects.filter(language=language).exclude(page_id__in=left_behind)
    return entries.exclude(restricted_q("page__"))


def search(
    *, query: str, language: str, kind: str = "", approach: str = "", region: str = "", page_number=1, approaches=None
):
    """Entries containing every folded query term, ranked (title matches first, then newest), with
    facet counts. The text is scanned once, whatever the index's size: the matches are kept aside
    (a materialised common table expression of narrow rows) and one statement counts them and every
    facet value and picks the shown page's ids from them; one more query reads that page's entries.
    `approaches` are the known approaches (read once by the caller; None reads them here)."""
    terms = query_terms(query)
    results = SearchResults(terms=terms)
    if not terms:
        return results
    matching = visible_entries(language)
    for term in terms:
        matching = matching.filter(text_folded__contains=term)
    approaches = list(Approach.objects.all()) if approaches is None else approaches
    selected = {"kind": kind, "region": region, "approach": approach}
    facet_values = {"kind": SearchEntry.Kind.values, "region": Region.values, "approach": [a.slug for a in approaches]}
    title_hits = sum(
        (Case(When(title_folded__contains=term, then=Value(1)), default=Value(0)) for term in terms), Value(0)
    )
    matching = matching.annotate(title_hits=title_hits)
    number = _page_number(page_number)
    counts, shown = _scan_once(matching, selected, facet_values, offset=(number - 1) * PAGE_SIZE)
    last = max(1, -(-counts[0] // PAGE_SIZE))
    if number > last:  # past the last page: the last one is shown, as Django's paginator does
        number = last
        counts, shown = _scan_once(matching, selected, facet_values, offset=(number - 1) * PAGE_SIZE)
    results.total = counts[0]
    results.facets = _facets(facet_values, counts[1:], selected, approaches)
    results.page = PaginatorPage(shown, number, CountedPaginator([], PAGE_SIZE, count=results.total))
    shown = list(results.page.object_list)
    entries = SearchEntry.objects.select_related("page").filter(page__live=True).in_bulk(shown)
    kinds = dict(SearchEntry.Kind.choices)
    for page_id in shown:
        entry = entries.get(page_id)
        if entry is None:  # unpublished since the statement ran
            continue
        results.hits.append(
            {
                "page": entry.page,
                "title": snippet(entry.title, terms, width=255),
                "snippet": snippet(entry.text, terms),
                "kind": kinds.get(entry.kind, ""),
            }
        )
    return results


MAX_PAGE_NUMBER = 10_000  # far past any last page; a larger number would overflow the SQL offset


def _page_number(value) -> int:
    try:
        return min(max(1, int(value)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _condition(facet: str, value: str) -> tuple[str, list]:
    if facet == "approach":
        return "approaches LIKE %s ESCAPE '\\'", [_like(f"|{value}|")]
    return f"{facet} = %s", [value]


def _all_but(selected: dict[str, str], skip: str = "") -> tuple[str, list]:
    """The visitor's chosen facet values, all of them or all but one, as SQL over the kept matches:
    each facet counts under the *other* choices, so choosing one value still shows how many results
    its alternatives would give."""
    parts = [_condition(facet, value) for facet, value in selected.items() if value and facet != skip]
    return " AND ".join(sql for sql, _params in parts) or "1 = 1", [p for _sql, params in parts for p in params]


def _scan_once(matching, selected: dict[str, str], facet_values: dict[str, list], offset: int):
    """The total and each facet value's count (in `facet_values` order), and the shown page's ids.
    Each facet is counted by grouping the kept matches once, under the other facets' choices; approaches
    are grouped by an entry's whole set of them and split here (a CASE per facet value and row cost
    PostgreSQL 16 ms at 5,000 matches, twelve LIKEs 7 ms)."""
    base_sql, base_params = matching.values(
        "page_id", "kind", "region", "approaches", "published_at", "title_hits"
    ).query.sql_with_params()
    branches, params = [], []
    for facet, column in (("kind", "kind"), ("region", "region"), ("approach", "approaches")):
        others_sql, others_params = _all_but(selected, skip=facet)
        # The typed NULL: PostgreSQL types a union's columns by its first branch.
        columns = f"'{facet}', {column}, COUNT(*), CAST(NULL AS BIGINT)"
        branches.append(f"SELECT {columns} FROM m WHERE {others_sql} GROUP BY {column}")  # noqa: S608
        params += others_params
    all_sql, all_params = _all_but(selected)
    branches.append(
        f"""SELECT 'shown', NULL, page_id,
               ROW_NUMBER() OVER (ORDER BY title_hits DESC, published_at DESC NULLS LAST, page_id DESC)
        FROM (SELECT page_id, title_hits, published_at FROM m WHERE {all_sql}
              ORDER BY title_hits DESC, published_at DESC NULLS LAST, page_id DESC
              LIMIT {PAGE_SIZE} OFFSET {int(offset)}) AS shown"""  # noqa: S608
    )
    params += all_params
    union = "\nUNION ALL\n".join(branches)
    # Only our own SQL and numbers are formatted into the statement; every value is a parameter.
    statement = f"WITH m AS MATERIALIZED ({base_sql})\n{union}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, [*base_params, *params])
        rows = cursor.fetchall()
    counted = {facet: dict.fromkeys(values, 0) for facet, values in facet_values.items()}
    for facet, value, count, _position in rows:
        if facet == "approach":
            for slug in value.strip("|").split("|"):
                if slug in counted["approach"]:
                    counted["approach"][slug] += count
        elif facet != "shown" and value in counted[facet]:
            counted[facet][value] += count
    # Kinds are counted under every other choice: the chosen kind's count, or all of them, is the total.
    kinds = counted["kind"]
    total = kinds.get(selected["kind"], 0) if selected["kind"] else sum(kinds.values())
    shown = [row[2] for row in sorted((row for row in rows if row[0] == "shown"), key=lambda row: row[3])]
    return [total, *(count for values in counted.values() for count in values.values())], shown


def _facets(facet_values: dict[str, list], counts: list[int], selected: dict[str, str], approaches):
    """Facet values with at least one match: kinds by count, regions by name, approaches in their order."""
    labels = {
        "kind": dict(SearchEntry.Kind.choices),
        "region": dict(Region.choices),
        "approach": {a.slug: a.display_name for a in approaches},
    }
    facets, position = {}, 0
    for facet, values in facet_values.items():
        found = []
        for value in values:
            if counts[position]:
                found.append(Facet(value, str(labels[facet][value]), counts[position], value == selected[facet]))
            position += 1
        if facet == "kind":
            found.sort(key=lambda f: -f.count)
        elif facet == "region":
            found.sort(key=lambda f: f.label)
        facets[facet] = found
    return facets
