"""Parts of public pages that are the same for every visitor (a body's leaders and meetings, a meeting's
heading, approved programme and public minutes, a measure's article, a good-practice record, and lists
as they first open: the tracker, the myths, the materials, the good-practice library, an approach, a
municipality, a body's archive), kept as HTML in the page cache per host and language, like a whole page
for anonymous visitors and retired with it. A rendered page (a session's, a signed-in member's) then
reads each back in one round trip instead of running its queries.

What a kept part shows must not depend on the visitor: it is rendered without the request's context
processors (no CSRF token, no user), with `request` for page links only. Like a whole kept page, it may
lag behind the clock by up to `page_cache.PUBLIC_PAGE_TIMEOUT` (a meeting that has just ended still
listed as upcoming, or its status not yet "held"), for members too. A preview, or a page not yet
created, is rendered as it is and never kept: its draft must not reach the public, nor the kept part
stand in for the draft. A list is kept only as it first opens (`as_first_opened`: an address with a
query string, a filter or a later page, is rendered each time); the other parts do not depend on it.

Parts of members' pages that are the same for everyone who may see them (a body's meetings, the
plan's ownership matrix, the measures an agenda item monitors, under the items the reader sees) are
kept the same way; the page checks who may see them first, and nothing kept holds a form, a CSRF token
or anything of the reader's own. What they show is retired like public content, and also by every step
of the approval engine and every change to the register (`groups.receivers`); what follows the date
(who sits in a body, the period due, what is overdue) is kept under the day. Like the public parts, a
body's meetings may lag a meeting's end by up to `page_cache.PUBLIC_PAGE_TIMEOUT`."""

from collections.abc import Callable
from typing import Any

from django.template import Context
from django.template.loader import get_template
from django.utils.translation import get_language
from wagtail.models import Page

from portal import frame_parts, page_cache


def key(request, name: str, *ids: Any) -> tuple:
    return (name, frame_parts.site_key(request), get_language(), *ids)


def render(request, template_name: str, context: dict) -> str:
    """The part's HTML, from `context` and the request (for page links and `{% querystring %}`) only."""
    template = get_template(template_name).template
    bound = Context({**context, "request": request}, autoescape=template.engine.autoescape)
    bound.request = request  # where `{% querystring %}` reads it; no context processor runs
    return template.render(bound)


def kept_html(request, name: str, page: Page, template_name: str, context: Callable[[], dict]) -> str:
    """The HTML of `page`'s part `name`: kept, or rendered from `context()` and kept."""
    return _kept(request, name, page, lambda: render(request, template_name, {**context(), "page": page}))


def kept_htmls(request, name: str, page: Page, template_names: tuple, context: Callable[[], dict]) -> tuple:
    """The HTML of each of `template_names` (parts of one page shown apart), from one `context()`,
    kept together under `name` (a name of its own: what it keeps is a tuple, not one part's HTML)."""

    def rendered() -> tuple:
        shown = {**context(), "page": page}
        return tuple(render(request, template_name, shown) for template_name in template_names)

    return _kept(request, name, page, rendered)


def _kept(request, name: str, page: Page, rendered: Callable[[], Any]) -> Any:
    if not page.pk or getattr(request, "is_preview", False):
        return rendered()
    return kept(request, (name, page.pk), rendered)


def kept(request, parts: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under `parts` for this host and language: for what is neither a page's part nor
    a list (the measures each agenda item of a meeting monitors, under the items shown)."""
    return page_cache.remember(key(request, *parts), compute)


def listing_html(request, name: str, page: Page, template_name: str, context: Callable[[], dict]) -> str:
    """A list's HTML: kept as it first opens, rendered afresh for any other view (`as_first_opened`)."""
    return as_first_opened(
        request, (name, page.pk), lambda: render(request, template_name, {**context(), "page": page})
    )


def as_first_opened(request, parts: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under `parts` when the address has no query string (no filter, the first page)
    and computed afresh for any other view. Query strings are as many as visitors care to type, so none
    is kept (as `portal.middleware.AnonymousPageCacheMiddleware` keeps no page with one); nor is a
    preview."""
    if request.GET or getattr(request, "is_preview", False):
        return compute()
    return kept(request, parts, compute)
