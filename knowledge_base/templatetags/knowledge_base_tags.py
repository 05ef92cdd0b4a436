"""Template helpers of the knowledge base: sub-page links, Czech number format, FAQPage JSON-LD."""

import json

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.locales import language_of
from portal.numbers import format_number

register = template.Library()

# Sub-URLs of the good-practice library in the page's own language (both are routed, see models).
ROUTE_SEGMENTS = {
    "approach": {"cs": "pristupy", "en": "approaches"},
    "municipality": {"cs": "obce", "en": "municipalities"},
    "peer_finder": {"cs": "obce-jako-ta-moje", "en": "peer-finder"},
}


@register.simple_tag(takes_context=True)
def kb_route(context, index, name: str, slug: str = "") -> str:
    language = language_of(index) if index.locale_id else "cs"
    segment = ROUTE_SEGMENTS[name].get(language, ROUTE_SEGMENTS[name]["cs"])
    url = index.get_url(context.get("request")) or ""
    return f"{url}{segment}/{slug + '/' if slug else ''}"


register.filter("number", format_number)


def _ld_json(data: dict) -> str:
    # Like Django's json_script: "<", ">" and "&" escaped so page text cannot close the script element.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)


def _question(myth, request) -> dict:
    answer = myth.short_answer
    explanation = " ".join(strip_tags(str(myth.body)).split()) if myth.body else ""
    return {
        "@type": "Question",
        "name": myth.title,
        "url": myth.get_full_url(request),
        "acceptedAnswer": {"@type": "Answer", "text": f"{myth.get_verdict_display()}. {answer} {explanation}".strip()},
    }


@register.simple_tag(takes_context=True)
def faq_json_ld(context, myths) -> str:
    """schema.org FAQPage for one myth page or the whole index (not executed, so CSP allows it)."""
    request = context.get("request")
    return _ld_json(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": get_language(),
            "mainEntity": [_question(myth, request) for myth in myths],
        }
    )
