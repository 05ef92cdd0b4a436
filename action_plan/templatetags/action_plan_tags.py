"""Template helpers of the action plan: links to a measure's public page, its status in words."""

from django import template

from action_plan.models import Status
from action_plan.selectors import NOT_REPORTED_LABEL

register = template.Library()


@register.filter
def measure_url(page, measure) -> str:
    """The measure's public page under the concept page `page`, in the page's language."""
    return page.measure_url(measure)


@register.filter
def public_status_label(measure) -> str:
    """The status of its latest approved update, or that there is none yet."""
    status = getattr(measure, "public_status", None)
    return Status(status).label if status else NOT_REPORTED_LABEL


@register.filter
def status_label(status: str) -> str:
    return Status(status).label if status else NOT_REPORTED_LABEL


@register.filter
def changed_fields(change) -> list[tuple[str, object, object]]:
    """(label, before, after) for what a change of a measure sets; `before` is known once approved."""
    from action_plan.models import PlanChange

    rows = []
    for name in PlanChange.FIELDS:
        field_name = name.removesuffix("_id")
        after = getattr(change, field_name)
        if after in (None, ""):
            continue
        before = change.before.get(field_name) if change.before else None
        rows.append((PlanChange._meta.get_field(field_name).verbose_name, before, after))
    return rows


@register.filter
def latest_value(indicator):
    """The newest of the indicator's (prefetched, approved) values, or None."""
    values = list(indicator.values.all())
    return values[-1] if values else None
