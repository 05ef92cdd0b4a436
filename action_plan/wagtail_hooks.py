"""Wagtail wiring of the action plan: its names in the audit log, its link and section in the members'
area, the demo concept."""

from wagtail import hooks

from groups.models import DASHBOARD_SECTIONS_HOOK
from portal.hooks import DEMO_CONTENT_HOOK, DEMO_RESET_HOOK, DemoSite, Section


@hooks.register(DASHBOARD_SECTIONS_HOOK)
def action_plan_link(request):
    return Section("action_plan/sections/dashboard.html")


@hooks.register(DEMO_CONTENT_HOOK, order=40)
def load_demo_action_plan(site: DemoSite) -> None:
    from action_plan import demo  # the demo's code is loaded by `manage.py load_demo` only

    demo.load(site.home, site.english, site.translate, site.write)


@hooks.register(DEMO_RESET_HOOK, order=40)
def reset_demo_action_plan() -> None:
    from action_plan import demo

    demo.reset()
