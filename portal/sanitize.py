"""The one sanitiser for user HTML that does not come through Wagtail's rich-text editor.

Wagtail cleans rich text only when it is submitted through the admin form. Member-facing forms,
importers and code that writes HTML must call `sanitize_html` before saving.
"""

import bleach

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li",
        "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "hreflang"],
    "abbr": ["title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
# No javascript:, data:, vbscript: or anything else that can run or smuggle content.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def sanitize_html(html: str | None) -> str:
    """Return `html` with everything outside the allowlist removed (tags stripped, text kept)."""
    if not html:
        return ""
    return _cleaner.clean(html)
