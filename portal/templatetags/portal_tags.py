"""Template tags for the site frame: navigation, language switcher, footer, the page's description.

The frame is the same for every visitor of a language, so its data is kept in the public-page
cache (see portal.page_cache) and costs no queries once warm.
"""

import datetime
import html

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.rich_text import expand_db_html

from portal import frame_parts, page_cache
from portal.models import WEEKDAY_CHOICES, ContactSettings, FooterSettings
from portal.navigation import localized_home, page_translation_urls
from portal.numbers import format_money, format_number

register = template.Library()

# Search engines show about this much of a page's description.
DESCRIPTION_MAX_CHARS = 160


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    request = context["request"]

    def compute() -> str:
        home = localized_home(request)
        return home.get_url(request) if home else "/"

    return page_cache.remember(frame_parts.home(request), compute)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]

    def compute() -> list[dict]:
        home = localized_home(request)
        if home is None:
            return []
        pages = home.get_children().live().in_menu().public().order_by("path")
        return [{"pk": page.pk, "title": page.title, "url": page.get_url(request)} for page in pages]

    page = context.get("page")
    return {
        "menu_items": page_cache.remember(frame_parts.menu(request), compute),
        "current_pk": getattr(page, "pk", None),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The way from the home page to this one. Titles and addresses change only when pages are published or
    moved, so the trail is kept with the public pages (a query fewer on every page below the home); a view
    that gives its own `breadcrumb_pages` (a meeting shown in another language) and a preview are not kept."""
    request, page = context["request"], context["page"]

    def trail(ancestors) -> list[dict]:
        return [{"title": p.title, "url": p.get_url(request)} for p in ancestors if not p.is_root()]

    given = context.get("breadcrumb_pages")
    if given:
        crumbs = trail(given)
    elif not page.pk or getattr(request, "is_preview", False):  # a page not yet created, or previewed
        crumbs = trail(page.get_ancestors())
    else:
        crumbs = page_cache.remember(frame_parts.breadcrumbs(request, page), lambda: trail(page.get_ancestors()))
    return {"crumbs": crumbs, "title": page.title}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    current = get_language()
    page = context.get("page")
    page_urls = {}
    if page is not None and getattr(page, "pk", None):
        page_urls = page_cache.remember(frame_parts.translations(page), lambda: page_translation_urls(page, request))
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:  # shown, not linked: no address to work out (resolving one costs 0.4 ms)
            links.append({"code": code, "name": name, "url": "", "current": True})
            continue
        url = page_urls.get(code) or translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": False})
    return {"links": links}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context["request"]

    def compute() -> dict:
        contact = ContactSettings.for_request(request)
        footer = FooterSettings.for_request(request)
        hours = [
            {
                "day": weekday_name(block.value["weekday"]),
                "opens": block.value["opens"],
                "closes": block.value["closes"],
            }
            for block in contact.consultation_hours
        ]
        links = [block.value.localized for block in footer.links if block.value]
        language = get_language()
        note = contact.in_language("consultation_note", language)
        return {
            "name": contact.in_language("name", language),
            "description": contact.in_language("description", language),
            "address": contact.address,
            "phone": contact.phone,
            "email": contact.email,
            "hours": hours,
            "note": expand_db_html(note) if note else "",
            "links": [{"title": page.title, "url": page.get_url(request)} for page in links if page.live],
        }

    return {"contact": page_cache.remember(frame_parts.footer(request), compute)}


@register.filter
def weekday_name(value: str) -> str:
    return str(dict(WEEKDAY_CHOICES).get(str(value), ""))


@register.filter
def lookup(mapping, key):
    """`{{ statuses|lookup:person.pk }}`: a dictionary's value in a template."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def userbar(context) -> str:
    """Wagtail's user bar for editors. On a page as the public sees it, a placeholder that site.js fills
    from `portal.views.userbar` once the page has loaded: the bar's five queries (profile, permissions,
    parent page, workflow) would otherwise be added to every page an editor reads. A preview, in the
    admin, gets it in place."""
    request, page = context.get("request"), context.get("page")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("wagtailadmin.access_admin"):
        return ""
    if getattr(request, "is_preview", False) or not getattr(page, "pk", None):
        return wagtailuserbar(context)
    return format_html('<div data-userbar="{}" hidden></div>', reverse("userbar", args=[page.pk]))


register.filter("number", format_number)
register.filter("money", format_money)


@register.filter(expects_localtime=True)
def iso_datetime(value) -> str:
    """A `<time datetime>` value: ISO 8601 in the site's time zone, to the second. (`date:'c'` keeps the
    microseconds, which HTML does not allow: a fraction of a second has one to three digits.)"""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


def plain_text(value, max_chars: int = DESCRIPTION_MAX_CHARS) -> str:
    """Text (or rich-text HTML) as one plain line, cut at a word before `max_chars`, with "…"."""
    text = " ".join(html.unescape(strip_tags(str(value or ""))).split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def _description_of(source) -> str:
    if source is None or source == "":
        return ""
    if isinstance(source, str):
        return plain_text(source)
    for name in ("search_description", "introduction"):  # a page: its own summary, else its introduction
        if text := plain_text(getattr(source, name, "")):
            return text
    return ""


@register.simple_tag
def meta_description(*sources) -> str:
    """`<meta name="description">`: the first of `sources` that says something (a page's search
    description, else its introduction; or a text), else the site's own description."""
    for source in sources:
        if text := _description_of(source):
            return text
    return _(
        "Social housing in the city: the working group and round tables, the housing action plan, good practice "
        "from municipalities, myths and facts, materials."
    )
