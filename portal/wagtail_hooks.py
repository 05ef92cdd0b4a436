"""Wagtail wiring of the site core: the admin lists only pages the user may see (portal/page_visibility.py).

Views that show page titles without a hook to filter them are wrapped by
`portal.admin_guard.AdminPageVisibilityMiddleware`.
"""

from wagtail import hooks

from portal.page_visibility import explorable_by, is_administrator, visible_to

PAGE_TYPES_REPORT_MENU_NAME = "page-types-usage"


@hooks.register("construct_page_chooser_queryset")
def show_only_visible_pages_in_chooser(pages, request):
    """The page chooser's browsing and search, also the link chooser of the rich-text editor."""
    return visible_to(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def show_only_visible_pages_in_explorer(parent_page, pages, request):
    """The explorer listing, its search and the sidebar's page explorer."""
    return explorable_by(request.user, pages)


@hooks.register("construct_reports_menu")
def hide_page_types_report(request, menu_items):
    # The report names the last edited page of each type, drafts included: administrators only
    # (the view itself is closed by the middleware).
    if not is_administrator(request.user):
        menu_items[:] = [item for item in menu_items if item.name != PAGE_TYPES_REPORT_MENU_NAME]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    from portal.outbox_admin import OutboxViewSet

    return OutboxViewSet()
