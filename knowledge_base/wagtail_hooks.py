"""Wagtail admin for the knowledge base: the taxonomy, municipality profiles, subscribers (CSV export)
and the reminder of myth pages that are due for review."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge_base.models import (
    MYTH_REVIEW_INTERVAL,
    Approach,
    GoodPracticePage,
    Municipality,
    MythPage,
    Subscriber,
)
from portal.hooks import DEMO_CONTENT_HOOK, HOME_SECTIONS_HOOK, DemoSite, Section


class ApproachViewSet(SnippetViewSet):
    model = Approach
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "region", "population", "municipal_flats"]
    list_filter = ["region"]
    search_fields = ["name"]


class KnowledgeBaseSnippets(SnippetViewSetGroup):
    items = (ApproachViewSet, MunicipalityViewSet)
    menu_icon = "doc-full"
    menu_label = _("Knowledge base")
    menu_name = "knowledge-base"


register_snippet(KnowledgeBaseSnippets)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Subscribers come only through the double opt-in; nobody adds or edits them by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ConfirmedSubscriberIndexView(IndexView):
    def get_base_queryset(self):
        # Only confirmed addresses: pending and unsubscribed ones must not be mailed or exported.
        return super().get_base_queryset().filter(status=Subscriber.Status.CONFIRMED)


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    add_to_admin_menu = True
    menu_order = 310
    permission_policy = ReadOnlyPermissionPolicy(Subscriber)
    list_display = ["email", "language", "confirmed_at"]
    list_export = ["email", "language", "confirmed_at", "consent_text"]
    export_formats = ["csv"]
    export_filename = "newsletter-subscribers"
    search_fields = ["email"]
    inspect_view_enabled = False
    form_fields = ["email"]  # required by ModelViewSet; the policy above never allows a form

    index_view_class = ConfirmedSubscriberIndexView


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


class MythReviewPanel(Component):
    """The myths this person may edit whose review is over a year old. Only for those who edit myths:
    a chair, in the admin to approve, has nothing to do with them."""

    name = "myth_review"
    order = 120
    template_name = "knowledge_base/admin/myth_review_panel.html"

    def __init__(self, editable_myths):
        self.editable_myths = editable_myths

    def get_context_data(self, parent_context=None):
        due = timezone.localdate() - MYTH_REVIEW_INTERVAL
        return {"myths": self.editable_myths.filter(last_reviewed__lt=due).order_by("last_reviewed")[:20]}


@hooks.register("construct_homepage_panels")
def add_myth_review_panel(request, panels):
    editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    myths = MythPage.objects.filter(pk__in=editable.values("pk"))
    if myths.exists():
        panels.append(MythReviewPanel(myths))


@hooks.register(HOME_SECTIONS_HOOK, order=40)
def new_in_the_library(request, home):
    """The newest good-practice records and myths in the visitor's language, and the newsletter."""
    records = GoodPracticePage.objects.live().public().filter(locale=home.locale).select_related("municipality")
    myths = MythPage.objects.live().public().filter(locale=home.locale)
    context = {
        "records": records.order_by("-first_published_at")[:3],
        "myths": myths.order_by("-first_published_at")[:2],
    }
    return Section("knowledge_base/sections/home.html", context)


@hooks.register(DEMO_CONTENT_HOOK, order=30)
def load_demo_knowledge_base(site: DemoSite) -> None:
    """Good practice, myths and materials (deleted with the demo's home page by `load_demo --reset`)."""
    from knowledge_base import demo  # the demo's code is loaded by `manage.py load_demo` only

    demo.load(site.home, site.english, site.translate, site.write)
