"""What a chair approves (agendas, minutes, progress updates), in the Wagtail admin: its history,
workflow state and the chair's "Awaiting your review" (the admin's home panel links here). Records are
written in the members' area; here they are read, and the workflow's actions are taken. Rights come
from the membership register, not from Django model permissions: the approving body's manager and
chair see their own, administrators all. Nobody publishes or deletes them here: publishing is the
chair's approval, and a record stays. The apps register their models with `approval_viewset`."""

from django.contrib.admin.utils import quote, unquote
from django.http import Http404
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, WorkflowActionView

from groups import permissions as groups_permissions
from portal.accounts import require_fresh_authentication
from portal.models import User

READ_AND_ACT = frozenset({"view", "change"})


class ApprovalRecordPolicy(BasePermissionPolicy):
    """Who may open a record in the admin: see the module's docstring. `related`: what naming the
    record's approving body needs (select_related)."""

    def __init__(self, model, related=()):
        super().__init__(model)
        self.related = related

    def user_has_permission(self, user, action):
        if action not in READ_AND_ACT or not (user.is_authenticated and user.is_active):
            return False
        return groups_permissions.is_administrator(user) or groups_permissions.has_leading_role(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        body = instance.approval_body
        return (
            groups_permissions.is_administrator(user)
            or groups_permissions.can_manage(user, body)
            or groups_permissions.can_approve(user, body)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        records = self.model.objects.select_related(*self.related)
        if not any(self.user_has_permission(user, action) for action in actions):
            return records.none()
        if groups_permissions.is_administrator(user):
            return records
        allowed = [
            record.pk
            for record in records
            if any(self.user_has_permission_for_instance(user, action, record) for action in actions)
        ]
        return records.filter(pk__in=allowed)

    def users_with_any_permission(self, actions):
        return (
            User.objects.filter(is_superuser=True, is_active=True)
            if set(actions) & READ_AND_ACT
            else User.objects.none()
        )


def _takes_a_workflow_step(view_class, request) -> bool:
    return issubclass(view_class, WorkflowActionView) or "action-workflow-action" in request.POST


class ApprovalRecordViewSet(SnippetViewSet):
    """Every view of one record (edit, history, workflow actions, revisions…) first asks the policy
    about that record: Wagtail's own views check the model-wide permission only."""

    add_to_admin_menu = False
    related: tuple[str, ...] = ()  # what naming the approving body needs (select_related)
    list_display = ["__str__", "live", "last_published_at"]

    @property
    def permission_policy(self):
        return ApprovalRecordPolicy(self.model, self.related)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(request.user, READ_AND_ACT)

    @property
    def url_finder_class(self):
        """Links to a record (the admin home's "Awaiting your review") for whom the policy admits."""
        policy = self.permission_policy

        class RecordURLFinder:
            def __init__(self, user=None):
                self.user = user

            def get_edit_url(self, instance):
                if self.user and not policy.user_has_permission_for_instance(self.user, "change", instance):
                    return None
                return reverse(instance.snippet_viewset.get_url_name("edit"), args=[quote(instance.pk)])

        return RecordURLFinder

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        def for_permitted_record(request, *args, **view_kwargs):
            if "pk" in view_kwargs:
                record = (
                    self.model.objects.select_related(*self.related).filter(pk=unquote(str(view_kwargs["pk"]))).first()
                )
                if record is None or not self.permission_policy.user_has_permission_for_instance(
                    request.user, "view", record
                ):
                    raise Http404
            if request.method == "POST" and _takes_a_workflow_step(view_class, request):
                require_fresh_authentication(request)  # the chair's signature, as in the members' area
            return view(request, *args, **view_kwargs)

        return for_permitted_record


def approval_viewset(
    model, *, icon: str, label: str, help_text: str, field: str, related: tuple[str, ...] = ()
) -> type[ApprovalRecordViewSet]:
    """The admin's view of one approvable model: `field` names what the record is of (read only)."""
    panels = [FieldPanel(field, read_only=True), HelpPanel(content=help_text)]
    attributes = {"model": model, "icon": icon, "menu_label": label, "panels": panels, "related": related}
    return type(f"{model.__name__}ViewSet", (ApprovalRecordViewSet,), attributes)
