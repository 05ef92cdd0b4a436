"""Wagtail wiring of the events app: the names of our steps in the admin's history and audit log; the
meetings and tasks on the groups app's pages; the demo meetings."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from events import selectors
from events.models import MeetingPage, TaskStatus
from groups.models import (
    BODY_INTERNAL_LINKS_HOOK,
    BODY_INTERNAL_SECTIONS_HOOK,
    BODY_PAGE_SECTIONS_HOOK,
    DASHBOARD_SECTIONS_HOOK,
)
from portal import public_parts
from portal.hooks import (
    DEMO_CONTENT_HOOK,
    DEMO_RESET_HOOK,
    HOME_SECTIONS_HOOK,
    PUBLIC_SEARCH_TEXT_HOOK,
    WEBSOCKET_URLS_HOOK,
    DemoSite,
    Section,
)


@hooks.register("register_log_actions")
def register_meeting_actions(actions):
    actions.register_action("events.agenda_approved", _("Agenda approved"), _("Agenda approved"))
    actions.register_action("events.minutes_circulated", _("Minutes circulated"), _("Minutes circulated"))
    actions.register_action("events.minutes_submitted", _("Minutes submitted"), _("Minutes submitted"))
    actions.register_action("events.minutes_returned", _("Minutes returned"), _("Minutes returned"))
    actions.register_action("events.minutes_approved", _("Minutes approved"), _("Minutes approved"))


@hooks.register(BODY_PAGE_SECTIONS_HOOK)
def public_meetings_section(request, body):
    """The next public meetings and the last held ones, with links to their public minutes."""
    public = selectors.public_meetings_of(body)  # one lookup of the view restrictions for both lists
    context = {
        "meetings": selectors.upcoming(public),
        "past_meetings": selectors.held(public)[:5],
        "body": body,
    }
    return Section("events/sections/body_page.html", context)


@hooks.register(HOME_SECTIONS_HOOK, order=20)
def home_meetings_section(request, home):
    context = {"next_meetings": selectors.next_public_meetings(), "latest_minutes": selectors.latest_public_minutes()}
    return Section("events/sections/home.html", context)


@hooks.register(PUBLIC_SEARCH_TEXT_HOOK)
def public_minutes_search_text(page):
    return selectors.public_minutes_text(page) if isinstance(page, MeetingPage) else None


@hooks.register(BODY_INTERNAL_LINKS_HOOK)
def meeting_links(request, body):
    return Section("events/sections/body_internal_links.html")


@hooks.register(BODY_INTERNAL_SECTIONS_HOOK)
def body_meetings_and_tasks_section(request, body):
    """The next meetings and the last few, the unfinished tasks due soonest with their counts: the same
    size after years of meetings (the rest are in the archive by year and the body's task list). The
    meetings are the same for everyone in the members' space, so kept (`portal.public_parts`); the
    tasks are each person's own view (confidential ones, the forms of those they may change)."""
    meetings_html = public_parts.kept_html(
        request,
        "body-meetings",
        body,
        "events/includes/body_meetings.html",
        lambda: {"meetings": selectors.body_meetings_overview(body), "body": body},
    )
    context = {
        "meetings_html": meetings_html,
        "tasks": selectors.tasks_overview(selectors.body_tasks(body, request.user)),
        "status_choices": TaskStatus.choices,
    }
    return Section("events/sections/body_internal.html", context)


@hooks.register(DASHBOARD_SECTIONS_HOOK)
def my_meetings_and_tasks_section(request):
    context = {
        "meetings": selectors.upcoming_meetings_for(request.user),
        "tasks": selectors.tasks_overview(selectors.my_tasks(request.user)),
        "minutes_awaiting": selectors.minutes_awaiting(request.user),
    }
    return Section("events/sections/dashboard.html", context)


@hooks.register(DEMO_CONTENT_HOOK, order=20)
def load_demo_meetings(site: DemoSite) -> None:
    from events import demo  # the demo's code is loaded by `manage.py load_demo` only

    demo.load(site.write)


@hooks.register(DEMO_RESET_HOOK, order=20)
def reset_demo_meetings() -> None:
    from events import demo

    demo.reset()


@hooks.register(WEBSOCKET_URLS_HOOK)
def live_room_socket():
    from events.consumers import MeetingRoomConsumer, PublicRoomConsumer

    return [
        path("ws/meetings/<int:meeting_id>/live/", MeetingRoomConsumer.as_asgi()),
        path("ws/meetings/<int:meeting_id>/live/public/", PublicRoomConsumer.as_asgi()),
    ]
