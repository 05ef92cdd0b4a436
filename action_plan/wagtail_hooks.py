"""Wagtail wiring of the action plan: its sections in the members' area (the dashboard link, the
measures an agenda item monitors, the body's ownership matrix), the demo concept."""

from django.utils import timezone
from wagtail import hooks

from action_plan import monitoring, selectors
from action_plan.models import ConceptPage
from events.models import MEETING_ITEM_SECTIONS_HOOK
from groups.models import BODY_INTERNAL_SECTIONS_HOOK, DASHBOARD_SECTIONS_HOOK
from portal import public_parts
from portal.hooks import DEMO_CONTENT_HOOK, DEMO_RESET_HOOK, HOME_SECTIONS_HOOK, DemoSite, Section


@hooks.register(HOME_SECTIONS_HOOK, order=30)
def plan_on_the_home_page(request, home):
    """The state of the housing concept's action plan in the visitor's language."""
    concept = ConceptPage.objects.live().public().filter(locale=home.locale).first()
    if concept is None:
        return None
    return Section("action_plan/sections/home.html", {"concept": concept, "state": selectors.plan_state(concept)})


@hooks.register(DASHBOARD_SECTIONS_HOOK)
def action_plan_link(request):
    return Section("action_plan/sections/dashboard.html")


@hooks.register(MEETING_ITEM_SECTIONS_HOOK)
def measures_monitored_at_the_items(request, meeting, items):
    """Each item citing measures shows their status and the updates approved since the last meeting:
    the same for everyone who sees the item, so kept (`portal.public_parts`) under the items shown,
    until a citation, a measure, an update or the meetings change."""
    shown = tuple(item.pk for item in items)

    def rendered() -> dict[int, str]:
        report = monitoring.monitoring_report(meeting, items)
        template = "action_plan/sections/item_monitoring.html"
        return {
            item_id: public_parts.render(request, template, {"monitored": monitored})
            for item_id, monitored in report.items()
        }

    parts = public_parts.kept(request, ("meeting-monitoring", meeting.pk, *shown), rendered)
    return {item_id: Section.of_html(html) for item_id, html in parts.items()}


@hooks.register(BODY_INTERNAL_SECTIONS_HOOK)
def ownership_matrix(request, body):
    """Who is responsible for which measure, and what they owe before the next meeting: the same for
    everyone in the members' space, so kept (`portal.public_parts`) until a measure, an update's step,
    a meeting or the register changes, and rendered again each day (who sits in the body, the period
    due and what is overdue follow the date)."""

    def rendered() -> str:
        concepts = ConceptPage.objects.live().filter(body=body, locale__language_code="cs")
        for concept in concepts:
            concept.body = body  # the page's own body, not read again for its next meeting
        matrices = [monitoring.ownership(concept) for concept in concepts]
        return public_parts.render(request, "action_plan/sections/ownership.html", {"matrices": matrices})

    html = public_parts.kept(request, ("ownership-matrix", body.pk, timezone.localdate().isoformat()), rendered)
    return Section.of_html(html) if html.strip() else None


@hooks.register(DEMO_CONTENT_HOOK, order=40)
def load_demo_action_plan(site: DemoSite) -> None:
    from action_plan import demo  # the demo's code is loaded by `manage.py load_demo` only

    demo.load(site.home, site.english, site.translate, site.write)


@hooks.register(DEMO_RESET_HOOK, order=40)
def reset_demo_action_plan() -> None:
    from action_plan import demo

    demo.reset()
