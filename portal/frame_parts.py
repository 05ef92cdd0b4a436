"""Where the site frame's parts (home link, menu, footer, breadcrumbs, language switcher) are kept in the
page cache. The tags that show them (`portal_tags`) and the page routing that reads them ahead with the
route (`page_routes`, `page_cache.lookup_all`) name them here, so both ask for the same keys. The view
restrictions, which every page checks, are read ahead with them."""

from django.utils.translation import get_language

from portal import view_restrictions


def site_key(request) -> str:
    """The frame's parts are kept per host, as whole pages are (`AnonymousPageCacheMiddleware`): finding
    the Wagtail site would cost the members' pages, which Wagtail does not route, a query each."""
    return request.get_host()


def home(request) -> tuple:
    return ("home", site_key(request), get_language())


def menu(request) -> tuple:
    return ("menu", site_key(request), get_language())


def footer(request) -> tuple:
    return ("footer", site_key(request), get_language())


def breadcrumbs(request, page) -> tuple:
    return ("breadcrumbs", site_key(request), page.pk)


def translations(page) -> tuple:
    return ("translations", page.pk)


def on_every_page(request) -> list[tuple]:
    return [home(request), menu(request), footer(request), view_restrictions.TABLE_KEY]


def of_page(request, page) -> list[tuple]:
    return [breadcrumbs(request, page), translations(page)]
