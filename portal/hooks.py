"""Extension points through which an app shows or builds what an app above it contributes.

Imports run one way, `portal` ← `groups` ← `events`, `knowledge_base` ← `action_plan`
(`.importlinter` checks it). A lower app that needs something from a higher one names a Wagtail hook;
the higher app registers a function under it in its `wagtail_hooks.py`. The hook names of the site
core are here; an app's own hooks (the sections of a body's pages) are declared by that app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal
from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.models import Locale, Page

# `manage.py load_demo` builds the site core, then calls the functions registered under this hook with
# a `DemoSite`, lowest app first (`order`: groups 10, events 20, knowledge base 30), so that an app's
# demo content finds the content of the apps it builds on.
DEMO_CONTENT_HOOK = "load_demo_content"
# `load_demo --reset` calls these (no arguments) in the reverse order, before it deletes the site core.
DEMO_RESET_HOOK = "reset_demo_content"


# The home page shows what the apps contribute under this hook, in its order (events 20: the next
# meetings and the latest public minutes; action plan 30: the plan's state; knowledge base 40: what is
# new in the library): functions take the request and the home page, and answer a `Section` or None.
HOME_SECTIONS_HOOK = "home_page_sections"

# The public search indexes the site core's and the knowledge base's pages. An app whose pages have a
# public text of their own (a meeting's approved public minutes) registers a function under this hook:
# it takes a specific page and returns its public plain text, or None for a page that is not its own or
# has nothing public. When that text changes without the page being published, the app sends
# `public_text_changed` (sender: the page's class, page=the page) so the index follows.
PUBLIC_SEARCH_TEXT_HOOK = "public_search_text"
public_text_changed = Signal()


# The sockets of the apps above the core (the live meeting room): functions that return a list of URL
# patterns for `portal.routing`, which serves them under the core's own.
WEBSOCKET_URLS_HOOK = "websocket_urls"


@dataclass(frozen=True)
class DemoSite:
    """The site core that `load_demo` has built, and its helpers, for the apps' demo content."""

    home: Page
    english: Locale
    translate: Callable[[Page, Locale, dict], Page]  # the page's translation, made once from the texts
    write: Callable[[str], None]  # the command's output


@dataclass(frozen=True)
class Section:
    """A part of a page that another app contributes: its template, rendered in the page's context (so
    it sees `request`, the CSRF token and what the page's documentation of its hook promises) with the
    section's own values on top. A page's template shows it with `{% include section %}`."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)

    def render(self, context: Context) -> SafeString:
        template = context.template.engine.get_template(self.template_name)
        with context.push(self.context):
            return template.render(context)

    @classmethod
    def of_html(cls, html: str) -> "Section":
        """A section rendered already: kept HTML (`portal.public_parts`), shown as it is."""
        return cls("includes/rendered_section.html", {"html": html})

    def render_alone(self, request) -> SafeString:
        """Its HTML with only the request's context, for a page that keeps its sections' HTML (the home):
        such sections must not depend on who asks."""
        return render_to_string(self.template_name, self.context, request)


def sections(hook_name: str, *args: Any) -> list[Section]:
    """The sections contributed under the hook, in its order; a function may answer None (nothing to show)."""
    answers: Iterable[Section | None] = (answer(*args) for answer in hooks.get_hooks(hook_name))
    return [section for section in answers if section is not None]


def sections_by_key(hook_name: str, *args: Any) -> dict[Any, list[Section]]:
    """Sections for many things at once (each agenda item of a meeting): every function answers a
    dictionary from a key (an item's id) to its section, so that one query serves the whole page."""
    found: dict[Any, list[Section]] = {}
    for answer in hooks.get_hooks(hook_name):
        for key, section in (answer(*args) or {}).items():
            found.setdefault(key, []).append(section)
    return found
