from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def comments_for(threads: dict, item) -> list:
    """The top-level comments on an agenda item (or, for None, on the minutes as a whole)."""
    return threads.get(item.pk if item else None, [])


@register.simple_tag(takes_context=True)
def meeting_url(context, meeting) -> str:
    """Where a link to a meeting leads in the visitor's language: its page in Czech, otherwise the same
    meeting in the visitor's language (`events:meeting_public`). Meetings are Czech pages (no query
    for their locale)."""
    if get_language() == settings.LANGUAGE_CODE:
        return meeting.get_url(context.get("request"))
    return reverse("events:meeting_public", args=[meeting.pk])
