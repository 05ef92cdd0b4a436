"""Which pages nobody reads without signing in or a password (Wagtail's view restrictions), as one filter
condition whose size does not grow with the restricted pages that have nothing below them.

Wagtail's `PageQuerySet.private_q`, behind every `.public()` (public lists, the search, the sitemap), ORs a
path condition per restriction. Every members-only meeting carries a login restriction
(`events.services`), so after years of meetings each public query held hundreds of `LIKE` clauses, built
and compiled in Python and tested on every row (124 of them doubled the search's and the body page's CPU).
A restricted page without children covers only itself: those become one list of ids; only a restricted
page with pages below it needs the path condition. The restrictions are read afresh on each call, as
Wagtail reads them, so a page restricted a moment ago is hidden at once.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def restricted_q(prefix: str = "") -> Q:
    """The pages under a view restriction, their own or one above them; `prefix` names the page from
    another model ("page__"), where a page restricted itself is matched by its id, without a join."""
    leaves, sections = set(), Q()
    rows = PageViewRestriction.objects.values_list("page_id", "page__path", "page__depth", "page__numchild")
    for page_id, path, depth, numchild in rows:
        if numchild:
            sections |= Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
        else:
            leaves.add(page_id)
    condition = sections | Q(**{f"{prefix}pk__in": sorted(leaves)}) if leaves else sections
    return condition if condition else Q(**{f"{prefix}pk__in": []})  # no restriction: no page is private


def private_q(queryset: PageQuerySet) -> Q:
    """The pages of `queryset`'s model under a view restriction, their own or one above them."""
    return restricted_q()


def install() -> None:
    """Replaces Wagtail's condition with this one for every page query set (`PortalConfig.ready`)."""
    PageQuerySet.private_q = private_q
