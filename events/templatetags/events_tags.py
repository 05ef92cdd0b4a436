from django import template

register = template.Library()


@register.simple_tag
def comments_for(threads: dict, item) -> list:
    """The top-level comments on an agenda item (or, for None, on the minutes as a whole)."""
    return threads.get(item.pk if item else None, [])
