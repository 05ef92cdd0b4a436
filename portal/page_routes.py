"""Wagtail's page serving with the way to each page kept until public content changes.

To serve a page Wagtail finds the site for the host (a query), the home page in the request's language
(two more) and walks the path from there, two queries a level. The site, and for each path the page's
type and id, are kept in the page cache (`portal.page_cache`, retired by every publish, move, rename,
deletion, view restriction and site change), all read in one round trip, so a known path costs one
query: the page itself. Everything that decides whether it may be shown is read from that fresh row
and checked as always: its liveness, its sub-route (for routable pages), then its view restrictions.

Only a page's own path is kept, never what follows a routable page (any text may), so what is kept
is bounded by the pages. A path below a kept page (a routable page's sub-route, or a page not yet
asked for) starts from the deepest kept page on the way, unless a routable page lies above that one:
a routable page's sub-routes come before its sub-pages, so such paths are walked as Wagtail walks them.
Paths deeper than any page is are not looked up at all.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from portal import frame_parts, page_cache, view_restrictions

# Deeper than the site's pages go (home, section, index, record): a longer path is no kept page's, and
# looking up each of its prefixes would cost more the longer it is.
MAX_KEPT_DEPTH = 8


def serve(request, path: str):
    components = [component for component in path.split("/") if component]
    if not hasattr(request, "_wagtail_route_for_request") and len(components) <= MAX_KEPT_DEPTH:
        _route(request, components)
        _read_ahead_of_page(request)
    route = getattr(request, "_wagtail_route_for_request", None)
    with view_restrictions.serving(route[0] if route else None):
        return wagtail_views.serve(request, path)


def _where(request) -> tuple:
    return (split_domain_port(request.get_host())[0], request.get_port(), get_language())


def attach_site(request) -> None:
    """Sets the request's site where Wagtail reads it (`Site.find_for_request`), from what is kept: for
    the views Wagtail does not serve, where each page link (`{% pageurl %}`) would otherwise cost the
    site's query."""
    if hasattr(request, "_wagtail_site"):
        return
    (lookup,) = page_cache.lookup_all([("site", *_where(request))], read_ahead=frame_parts.on_every_page(request))
    if lookup.value is not None:
        request._wagtail_site = lookup.value
    elif (site := Site.find_for_request(request)) is not None:
        page_cache.store(lookup.key, site)


def _route(request, components: list[str]) -> None:
    """Sets what Wagtail reads before it finds the site and the route itself (`Site.find_for_request`,
    `Page.route_for_request`): from what is kept, or from Wagtail's own search, which is then kept."""
    where = _where(request)
    # Every path on the way, the deepest first: route_lookups[n] is the path without its last n parts.
    site_lookup, *route_lookups = page_cache.lookup_all(
        [("site", *where)] + [("route", *where, *components[:length]) for length in range(len(components), -1, -1)],
        read_ahead=frame_parts.on_every_page(request),
    )
    found = next((n for n, lookup in enumerate(route_lookups) if lookup.value is not None), None)
    # Below a kept page only where no routable page above it could claim the path first.
    if site_lookup.value is not None and found is not None and (found == 0 or route_lookups[found].value[3]):
        content_type_id, page_id, url_path, _walk_below = route_lookups[found].value
        page = _page(content_type_id, page_id)
        if page is not None and page.url_path == url_path:  # still there, even behind the signals' back
            request._wagtail_site = site_lookup.value
            try:
                request._wagtail_route_for_request = page.route(request, components[len(components) - found :])
            except Http404:
                request._wagtail_route_for_request = None
            _keep(request._wagtail_route_for_request, site_lookup.value, components, route_lookups)
            return
    result = Page.route_for_request(request, "/".join(components))
    site = Site.find_for_request(request)
    if result is not None and site is not None:
        page_cache.store(site_lookup.key, site)
        _keep(result, site, components, route_lookups)


def _read_ahead_of_page(request) -> None:
    """The frame's parts kept for the page routed to (its breadcrumbs, its translations), read together
    before its template asks for them one at a time."""
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is not None:
        page_cache.lookup_all([], read_ahead=frame_parts.of_page(request, route[0]))


def _keep(result, site: Site, components: list[str], route_lookups: list) -> None:
    """Keeps the page routed to under its own path, unless it is kept there already."""
    if result is None:
        return
    page = result[0]
    levels = page.depth - site.root_page.depth  # the home's translations are its siblings
    own_path = "".join(f"{component}/" for component in components[:levels])
    if not (0 <= levels <= len(components) and page.url_path.endswith("/" + own_path)):
        return
    own = route_lookups[len(components) - levels]
    if own.value is None or own.value[1] != page.pk:
        page_cache.store(own.key, (page.content_type_id, page.pk, page.url_path, not _routable_above(page)))


def _routable_above(page: Page) -> bool:
    """Whether a routable page is among the page's ancestors (read once, when its path is kept)."""
    ancestor_types = page.get_ancestors().values_list("content_type_id", flat=True)
    return any(
        issubclass(ContentType.objects.get_for_id(type_id).model_class() or Page, RoutablePageMixin)
        for type_id in ancestor_types
    )


def _page(content_type_id: int, page_id: int) -> Page | None:
    """The page, with what its type names as shown with it on every view (`served_with`: a meeting's
    agenda and minutes) in the same query."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    pages = model.objects.filter(pk=page_id)
    served_with = getattr(model, "served_with", ())
    return (pages.select_related(*served_with) if served_with else pages).first()
