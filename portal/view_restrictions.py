"""Which pages nobody reads without signing in or a password (Wagtail's view restrictions), read cheaply.

- `.public()` (public lists, the search, the sitemap): Wagtail's `PageQuerySet.private_q` ORs a path
  condition per restriction. Every members-only meeting carries a login restriction (`events.services`),
  so after years of meetings each public query held hundreds of `LIKE` clauses, built and compiled in
  Python and tested on every row (124 of them doubled the search's and the body page's CPU). A restricted
  page without children covers only itself: those become one list of ids; only a restricted page with
  pages below it needs the path condition.
- Serving a page: Wagtail reads the page's ancestors, then their restrictions (two queries on every
  page). The ancestors' paths follow from the page's own, so one query does.

The restrictions are read afresh for every query, as Wagtail reads them, so a page restricted a moment
ago is hidden at once; only while a GET is answered (`kept_while_reading`) is the list read once, since
such a request changes nothing (and a page or restriction saved anyway forgets it).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

# The restricted pages read during the current GET (None before the first read), or no holder outside one.
_kept: ContextVar[dict | None] = ContextVar("restricted_pages", default=None)


@contextmanager
def _kept_as(holder: dict | None):
    token = _kept.set(holder)
    try:
        yield
    finally:
        _kept.reset(token)


def kept_while_reading():
    """While a GET is answered: the restricted pages read once."""
    return _kept_as({"rows": None})


def read_afresh():
    """Within a GET, what is kept for later requests (`page_cache.remember`) reads the restrictions again:
    a restriction added since the GET began has already retired the cache, and what is stored now, under
    the new generation, must not be built from the list read before."""
    return _kept_as(None)


def _restricted_pages() -> list[tuple[int, str, int, int]]:
    kept = _kept.get()
    if kept is not None and kept["rows"] is not None:
        return kept["rows"]
    rows = list(PageViewRestriction.objects.values_list("page_id", "page__path", "page__depth", "page__numchild"))
    if kept is not None:
        kept["rows"] = rows
    return rows


def _forget(sender, instance, **kwargs) -> None:
    kept = _kept.get()
    if kept is not None and isinstance(instance, (Page, PageViewRestriction)):
        kept["rows"] = None


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


def view_restrictions(page: Page) -> QuerySet[PageViewRestriction]:
    """The restrictions that apply to `page`: its own and its ancestors', in one query. As in Wagtail, an
    alias is checked by the restrictions of the page it shows, not its own."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    checked = RawSQL(CHECKED_PAGES.format(paths=", ".join(["%s"] * len(paths))), paths)  # noqa: S611 (placeholders only)
    return PageViewRestriction.objects.filter(page_id__in=checked)


def install() -> None:
    """Replaces Wagtail's conditions with these for every page (`PortalConfig.ready`)."""
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = view_restrictions
    post_save.connect(_forget, dispatch_uid="view_restrictions_forget_saved")
    # A deletion receiver for every model would make Django read every row it deletes (no fast delete).
    for model in (Page, PageViewRestriction):
        post_delete.connect(_forget, sender=model, dispatch_uid=f"view_restrictions_forget_deleted_{model.__name__}")
