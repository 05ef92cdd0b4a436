"""The page-visibility rule (`portal/page_visibility.py`) where the Wagtail admin has no hook for it.

Lists are filtered by Wagtail's hooks in `portal/wagtail_hooks.py`. A few admin views show page
titles outside those lists; this middleware wraps exactly those:

- the page chooser opened at a parent page (the parent is shown as the first row),
- the chooser's answer for several chosen pages (ids from the query string),
- the external-link chooser, which recognises the address of one of our pages and offers it with
  its draft title: a page the user may not see stays an external link,
- the explorer opened at a page by its id (Wagtail admits any page below the user's common ancestor),
- the page-types usage report, which names the last edited page of every type: administrators only.
"""

import json

from django.http import Http404
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms.choosers import ExternalLinkChooserForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page

from portal.page_visibility import explorable_by, is_administrator, visible_to

ADMINISTRATORS_ONLY_VIEWS = frozenset(
    {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}
)
CHOOSE_PAGE_CHILD = "wagtailadmin_choose_page_child"
CHOSEN_MULTIPLE = "wagtailadmin_choose_page_chosen_multiple"
EXPLORE_VIEWS = frozenset({"wagtailadmin_explore", "wagtailadmin_explore_results"})
EXTERNAL_LINK = "wagtailadmin_choose_page_external_link"
EXTERNAL_LINK_PREFIX = "external-link-chooser"


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def _all_visible(user, page_ids) -> bool:
    ids = {int(page_id) for page_id in page_ids if str(page_id).isdigit()}
    return visible_to(user, Page.objects.filter(pk__in=ids)).count() == len(ids)


def _explorable(user, page_id) -> bool:
    return page_id is None or explorable_by(user, Page.objects.filter(pk=page_id)).exists()


class AdminPageVisibilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and _view_name(request) == EXTERNAL_LINK and not is_administrator(request.user):
            return self._external_link_only_for_hidden_pages(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = _view_name(request)
        user = request.user
        if not view_name.startswith("wagtailadmin") or is_administrator(user) or not user.is_authenticated:
            return None
        if view_name in ADMINISTRATORS_ONLY_VIEWS:
            return permission_denied(request)
        if view_name == CHOOSE_PAGE_CHILD and not _all_visible(user, [view_kwargs.get("parent_page_id")]):
            raise Http404
        if view_name in EXPLORE_VIEWS and not _explorable(user, view_kwargs.get("parent_page_id")):
            raise Http404  # Wagtail admits any page below the user's common ancestor, and shows its title
        if view_name == CHOSEN_MULTIPLE and not _all_visible(user, request.GET.getlist("id")):
            raise Http404
        return None

    @staticmethod
    def _external_link_only_for_hidden_pages(request, response):
        if response.get("Content-Type") != "application/json":
            return response
        data = json.loads(response.content)
        internal = data.get("internal") or (data.get("result") if data.get("step") == "external_link_chosen" else None)
        if not internal or "id" not in internal or _all_visible(request.user, [internal["id"]]):
            return response
        external = data.get("external")
        if external is None:
            form = ExternalLinkChooserForm(request.POST, prefix=EXTERNAL_LINK_PREFIX)
            if not form.is_valid():
                return response
            url, text = form.cleaned_data["url"], form.cleaned_data["link_text"].strip()
            external = {
                "url": url,
                "title": text or url,
                "prefer_this_title_as_link_text": text != request.GET.get("link_text", "").strip(),
            }
        return render_modal_workflow(
            request, None, None, None, json_data={"step": "external_link_chosen", "result": external}
        )
