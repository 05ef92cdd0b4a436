"""The admin's "Sent messages": what the outbox holds, for administrators; for managers, the mail about
their own bodies' pages (who was invited, whether it went out). Message texts are never shown: they
carry personal links and may quote what the reader of this list may not read."""

from functools import reduce
from operator import or_

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal import outbox
from portal.models import OutboxMessage
from portal.page_visibility import is_administrator

# Functions registered under this hook take a user and return the pages (bodies) whose mail they may
# follow; groups answers with the bodies the user manages (portal does not import groups).
MANAGED_PAGES_HOOK = "outbox_pages_managed_by"


def visible_to(user):
    """The deliveries this admin user may see: all for administrators, the mail about their own
    bodies (their meetings, their invitations) for managers, none for anyone else (editors included)."""
    if is_administrator(user):
        return OutboxMessage.objects.all()
    if not user.is_authenticated or not user.is_active:
        return OutboxMessage.objects.none()
    paths = [page.path for answer in hooks.get_hooks(MANAGED_PAGES_HOOK) for page in answer(user)]
    if not paths:
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(reduce(or_, (Q(about__path__startswith=path) for path in paths)))


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Read-only for everyone; administrators may also send a failed message again."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_administrator(user) or visible_to(user).exists()
        return action == "resend" and is_administrator(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and visible_to(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_to(user) if "view" in actions else OutboxMessage.objects.none()


class OutboxFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("created"), widget=DateRangePickerWidget)

    class Meta:
        model = OutboxMessage
        fields = ["status", "kind"]


class OutboxIndexView(IndexView):
    def get_base_queryset(self):
        return visible_to(self.request.user).select_related("recipient")


class OutboxInspectView(InspectView):
    def get_object(self, *args, **kwargs):
        return get_object_or_404(visible_to(self.request.user), pk=self.kwargs["pk"])


class ResendView(WagtailAdminTemplateMixin, View):
    """Administrators send a failed message again (asked first: a GET never sends anything)."""

    template_name = "portal/outbox_resend.html"
    page_title = _("Send again")
    header_icon = "mail"

    def dispatch(self, request, pk: int):
        if not is_administrator(request.user):
            raise PermissionDenied
        self.message = get_object_or_404(OutboxMessage, pk=pk, status=OutboxMessage.Status.FAILED)
        return super().dispatch(request, pk)

    def get(self, request, pk: int):
        return self.render_to_response(self.get_context_data(message=self.message))

    def post(self, request, pk: int):
        outbox.resend(self.message)
        messages.success(
            request, _("The message to %(address)s will be sent again.") % {"address": self.message.to_email}
        )
        return redirect(reverse("outbox:inspect", args=[self.message.pk]))


class OutboxInspectWithResend(OutboxInspectView):
    @cached_property
    def header_buttons(self):
        if self.object.status == OutboxMessage.Status.FAILED and is_administrator(self.request.user):
            return [
                HeaderButton(_("Send again"), url=reverse("outbox:resend", args=[self.object.pk]), icon_name="mail")
            ]
        return []


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Sent messages")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "outbox"
    url_namespace = "outbox"
    index_view_class = OutboxIndexView
    inspect_view_enabled = True
    inspect_view_class = OutboxInspectWithResend
    inspect_view_fields = [
        "kind",
        "to_email",
        "recipient",
        "subject",
        "about",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "give_up_at",
        "sent_at",
        "last_error",
    ]
    filterset_class = OutboxFilterSet
    list_display = [
        DateColumn("created_at", label=_("created")),
        "to_email",
        "subject",
        Column("get_status_display", label=_("status"), sort_key="status"),
        "attempts",
        DateColumn("sent_at", label=_("sent")),
        Column("last_error", label=_("error")),
    ]
    search_fields = ["to_email", "subject"]
    form_fields = ["status"]  # required by ModelViewSet; nobody may add or edit (see the policy)
    permission_policy = OutboxPermissionPolicy(OutboxMessage)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/resend/", ResendView.as_view(), name="resend")]
