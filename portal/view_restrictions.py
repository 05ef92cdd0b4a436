"""Which pages nobody reads without signing in or a password (Wagtail's view restrictions), read cheaply.

- `.public()` (public lists, the search, the sitemap): Wagtail's `PageQuerySet.private_q` ORs a path
  condition per restriction. Every members-only meeting carries a login restriction (`events.services`),
  so after years of meetings each public query held hundreds of `LIKE` clauses, built and compiled in
  Python and tested on every row (124 of them doubled the search's and the body page's CPU). A restricted
  page without children covers only itself: those become one list of ids; only a restricted page with
  pages below it needs the path condition.
- Serving a page: Wagtail reads the page's ancestors, then their restrictions (two queries on every
  page). The ancestors' paths follow from the page's own, so one query does; while a GET serves a page
  (`serving`), none: the table of restrictions below answers.

Outside a GET the restrictions are read afresh for every query, as Wagtail reads them. A GET changes
nothing, so it reads them once (`kept_while_reading`): as a table (`RestrictionTable`) kept in the page
cache for a minute at most, which every publish, move, live page placed and restriction retires
(`portal.receivers`), read ahead with the site frame (`portal.frame_parts`). A page or restriction
saved during the GET makes it read again, and what the GET computes to keep for later requests
(`page_cache.computing`) is built from the restrictions read afresh.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from portal import page_cache

# The key of the table in the page cache. Kept for a minute only, not the page cache's ten: access
# checks rest on it, so an invalidation lost in a Redis outage (`page_cache.invalidate_public_pages`)
# must not leave a page open to whoever was just shut out of it for long.
TABLE_KEY = ("view-restrictions",)
TABLE_TIMEOUT = 60


# A restriction as kept: its id, its page's id and depth, its type. A plain tuple: hundreds are unpickled
# on every page (a named tuple takes twice as long).
Restriction = tuple[int, int, int, str]


class RestrictionTable(NamedTuple):
    """Every view restriction, in plain values (what a page reads on every request must unpickle fast)."""

    # Each restricted page, for `.public()`: its id, path, depth and number of children.
    pages: list[tuple[int, str, int, int]]
    # For serving: under which paths each restriction applies (its page's, and its aliases': an alias is
    # checked by the restrictions of the page it shows). Passwords are not kept: checking one reads it.
    by_path: dict[str, list[Restriction]]


# The restricted pages' columns `.public()` needs.
PAGE_COLUMNS = ("page_id", "page__path", "page__depth", "page__numchild")


def _read_pages() -> list[tuple[int, str, int, int]]:
    return list(PageViewRestriction.objects.values_list(*PAGE_COLUMNS))


def _read_table() -> RestrictionTable:
    rows = list(PageViewRestriction.objects.values_list("id", *PAGE_COLUMNS, "page__alias_of_id", "restriction_type"))
    by_path: dict[str, list[Restriction]] = defaultdict(list)
    applying = [row for row in rows if row[5] is None]  # an alias's own restrictions apply nowhere
    aliases_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if applying:
        for alias_id, path, original_id in Page.objects.filter(alias_of__isnull=False).values_list(
            "id", "path", "alias_of_id"
        ):
            aliases_of[original_id].append((alias_id, path))
    for restriction_id, page_id, path, depth, _numchild, _alias_of, kind in applying:
        restriction = (restriction_id, page_id, depth, kind)
        seen, waiting = {page_id}, [(page_id, path)]
        while waiting:  # the page, the aliases of it, the aliases of those, …
            shown_id, shown_path = waiting.pop()
            by_path[shown_path].append(restriction)
            for alias in aliases_of[shown_id]:
                if alias[0] not in seen:
                    seen.add(alias[0])
                    waiting.append(alias)
    return RestrictionTable([row[1:5] for row in rows], dict(by_path))


# Within a GET: {"table": the table once read, or None}; outside one, None.
_kept: ContextVar[dict | None] = ContextVar("view_restrictions_kept", default=None)
# The page a GET is serving (`serving`): its restrictions come from the table.
_served: ContextVar[Page | None] = ContextVar("view_restrictions_served", default=None)


@contextmanager
def kept_while_reading():
    """While a GET is answered: the restrictions read once, from the page cache."""
    token = _kept.set({"table": None})
    try:
        yield
    finally:
        _kept.reset(token)


@contextmanager
def serving(page: Page | None):
    """While Wagtail serves `page` in a GET: its restrictions are taken from the kept table."""
    token = _served.set(page)
    try:
        yield
    finally:
        _served.reset(token)


def _kept_table() -> RestrictionTable | None:
    """The table, within a GET that is not computing something to keep (which reads afresh)."""
    kept = _kept.get()
    if kept is None or page_cache.computing() is not None:
        return None
    if kept["table"] is None:
        kept["table"] = page_cache.remember(TABLE_KEY, _read_table, timeout=TABLE_TIMEOUT)
    return kept["table"]


def _restricted_pages() -> list[tuple[int, str, int, int]]:
    fresh = page_cache.computing()
    if fresh is not None:  # once for what is being computed to keep, however many lists it shows
        if "restricted_pages" not in fresh:
            fresh["restricted_pages"] = _read_pages()
        return fresh["restricted_pages"]
    table = _kept_table()
    return _read_pages() if table is None else table.pages


def _forget(sender, instance, **kwargs) -> None:
    """A page or restriction saved during a GET: the table is read again, not taken from what was read
    ahead (under the generation it retires)."""
    if not isinstance(instance, (Page, PageViewRestriction)):
        return
    kept, fresh = _kept.get(), page_cache.computing()
    if kept is not None:
        kept["table"] = None
        page_cache.drop_held(TABLE_KEY)
    if fresh is not None:
        fresh.pop("restricted_pages", None)


def restricted_q(prefix: str = "") -> Q:
    """The pages under a view restriction, their own or one above them; `prefix` names the page from
    another model ("page__"), where a page restricted itself is matched by its id, without a join."""
    leaves, sections = set(), Q()
    for page_id, path, depth, numchild in _restricted_pages():
        if numchild:
            sections |= Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
        else:
            leaves.add(page_id)
    condition = sections | Q(**{f"{prefix}pk__in": sorted(leaves)}) if leaves else sections
    return condition if condition else Q(**{f"{prefix}pk__in": []})  # no restriction: no page is private


def private_q(queryset: PageQuerySet) -> Q:
    """The pages of `queryset`'s model under a view restriction, their own or one above them."""
    return restricted_q()


# The pages whose restrictions apply to a page: the page and its ancestors (by path), an alias replaced by
# the page it shows, to any depth, as Wagtail's own check does.
CHECKED_PAGES = """
    WITH RECURSIVE checked(id) AS (
        SELECT id FROM wagtailcore_page WHERE path IN ({paths})
        UNION
        SELECT page.alias_of_id FROM wagtailcore_page page JOIN checked ON page.id = checked.id
        WHERE page.alias_of_id IS NOT NULL
    )
    SELECT checked.id FROM checked JOIN wagtailcore_page page ON page.id = checked.id WHERE page.alias_of_id IS NULL
"""


def view_restrictions(page: Page) -> QuerySet[PageViewRestriction] | list[PageViewRestriction]:
    """The restrictions that apply to `page`: its own and its ancestors', in one query. As in Wagtail, an
    alias is checked by the restrictions of the page it shows, not its own. For the page a GET serves,
    from the kept table without a query (Wagtail's check only goes through them; the admin's privacy
    dialog and page copies, which filter and order them, get the query)."""
    if page is _served.get() and (table := _kept_table()) is not None:
        return _served_restrictions(table, page)
    paths = _ancestor_paths(page)
    checked = RawSQL(CHECKED_PAGES.format(paths=", ".join(["%s"] * len(paths))), paths)  # noqa: S611 (placeholders only)
    return PageViewRestriction.objects.filter(page_id__in=checked)


def _ancestor_paths(page: Page) -> list[str]:
    """The paths of the page and of every page above it."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def _served_restrictions(table: RestrictionTable, page: Page) -> list[PageViewRestriction]:
    applying = {restriction for path in _ancestor_paths(page) for restriction in table.by_path.get(path, ())}
    in_order = sorted(applying, key=lambda restriction: (restriction[2], restriction[0]))  # the highest first
    return [
        PageViewRestriction(id=restriction_id, page_id=page_id, restriction_type=kind)
        for restriction_id, page_id, _depth, kind in in_order
    ]


def install() -> None:
    """Replaces Wagtail's conditions with these for every page (`PortalConfig.ready`)."""
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = view_restrictions
    post_save.connect(_forget, dispatch_uid="view_restrictions_forget_saved")
    # A deletion receiver for every model would make Django read every row it deletes (no fast delete).
    for model in (Page, PageViewRestriction):
        post_delete.connect(_forget, sender=model, dispatch_uid=f"view_restrictions_forget_deleted_{model.__name__}")
