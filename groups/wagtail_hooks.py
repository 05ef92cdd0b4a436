"""Wagtail admin for the groups app: organisations, the membership register, invitations, private
document collections; the sign-up, document-serving, two-factor and demo hooks."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from groups import documents, permissions, selectors, services
from groups.models import ROLE_FOR_ADMINISTRATORS, Invitation, Membership, Organisation, PrivateCollection, Role
from portal.accounts import TWO_FACTOR_ROLE_HOOK
from portal.auth_backends import SIGNED_IN_USER_HOOK
from portal.hooks import DEMO_CONTENT_HOOK, DEMO_RESET_HOOK, DemoSite
from portal.models import User
from portal.outbox_admin import MANAGED_PAGES_HOOK
from portal.signup import INVITED_EMAIL_HOOK


class BodyScopedPermissionPolicy(ModelPermissionPolicy):
    """Managers keep the register of their own bodies only; nobody deletes a record (history stays)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return permissions.managed_bodies(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" or not permissions.can_manage(user, instance.body):
            return False
        # A chair's or manager's record is the administrators' to change.
        return action == "view" or permissions.can_grant_role(user, instance.body, instance.role)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if set(actions) <= {"delete"}:
            return self.model.objects.none()
        return self.model.objects.filter(body__in=permissions.managed_bodies(user))


class BodyScopedObjectMixin:
    """Wagtail's edit and inspect views check the model-level right only; ours check the body too."""

    object_action = "change"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.object_action, instance):
            raise PermissionDenied
        return instance


class BodyScopedIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(body__in=permissions.managed_bodies(self.request.user))


class BodyScopedForm(WagtailAdminModelForm):
    """Offers, and accepts, only the bodies the signed-in user manages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        managed = permissions.managed_bodies(self.for_user)
        self.fields["body"].queryset = managed.order_by("path")
        if "person" in self.fields and not permissions.is_administrator(self.for_user):
            # New people join by invitation; a manager picks only among people already in their bodies.
            self.fields["person"].queryset = (
                User.objects.filter(memberships__body__in=managed).distinct().order_by("last_name", "first_name")
            )
        if self.instance.pk and not permissions.is_administrator(self.for_user):
            for name in ("person", "body", "term_start"):  # the register's history is not rewritten
                if name in self.fields:
                    self.fields[name].disabled = True
        if "role" in self.fields and not permissions.is_administrator(self.for_user):
            self.fields["role"].choices = [c for c in Role.choices if c[0] in permissions.MANAGER_GRANTABLE_ROLES]

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person") or getattr(self.instance, "person", None)
        if person is not None and person == self.for_user and not permissions.is_administrator(self.for_user):
            raise ValidationError(_("You cannot record or change your own membership; ask an administrator."))
        body, role = cleaned.get("body"), cleaned.get("role")
        if body is not None and role and not permissions.can_grant_role(self.for_user, body, role):
            self.add_error("role", ROLE_FOR_ADMINISTRATORS)
        return cleaned


class BodyScopedHistoryView(BodyScopedObjectMixin, HistoryView):
    object_action = "view"


class BodyScopedUsageView(BodyScopedObjectMixin, UsageView):
    object_action = "view"


class BodyScopedViewSetMixin:
    """Forms built on BodyScopedForm, and the body-scoped permission policy."""

    permission_policy_class = BodyScopedPermissionPolicy
    history_view_class = BodyScopedHistoryView
    usage_view_class = BodyScopedUsageView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model, form=BodyScopedForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )

    @property
    def permission_policy(self):
        return self.permission_policy_class(self.model)


class MembershipFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(label=_("In force today"), method="filter_active")

    class Meta:
        model = Membership
        fields = ["body", "role"]

    def filter_active(self, queryset, name, value):
        active = Membership.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class MembershipCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.admin_access_sync(user=instance.person)
        return instance


class MembershipEditView(BodyScopedObjectMixin, EditView):
    def save_instance(self):
        previous_person = Membership.objects.get(pk=self.object.pk).person
        instance = super().save_instance()
        for person in {previous_person, instance.person}:
            services.admin_access_sync(user=person)
        return instance


# The register's columns, in the order of the council's paperwork; the export has them all.
REGISTER_FIELDS = [
    "person",
    "organisation",
    "body",
    "role",
    "term_start",
    "term_end",
    "resolution_number",
    "resolution_date",
    "note",
]


class MembershipViewSet(BodyScopedViewSetMixin, ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Membership register")
    url_prefix = "groups/memberships"
    add_to_admin_menu = False
    index_view_class = BodyScopedIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    form_fields = [*REGISTER_FIELDS[:-1], "resolution_document", "note"]
    list_display = [
        Column("person", label=_("person"), sort_key="person__last_name"),
        "organisation",
        "body",
        "role",
        DateColumn("term_start", label=_("term start")),
        DateColumn("term_end", label=_("term end")),
    ]
    filterset_class = MembershipFilterSet
    list_export = REGISTER_FIELDS
    export_filename = "rejstrik-clenstvi"
    search_fields = ["person__first_name", "person__last_name", "person__email", "organisation__name"]


class InvitationCreateView(CreateView):
    """Invitations go through the service: token, expiry, e-mail, the re-invite rule."""

    def save_instance(self):
        data = self.form.cleaned_data
        invitation, _token = services.invitation_create(
            body=data["body"],
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            invited_by=self.request.user,
            resolution_number=data["resolution_number"],
            resolution_date=data["resolution_date"],
            message=data["message"],
        )
        return invitation

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = _("The invitation could not be sent because of the errors below.")
            return self.form_invalid(form)


class InvitationInspectView(BodyScopedObjectMixin, InspectView):
    object_action = "view"


class InvitationPermissionPolicy(BodyScopedPermissionPolicy):
    """Invitations are created and revoked, never edited: a changed invitation is a new one."""

    def user_has_permission(self, user, action):
        return action not in {"change", "delete"} and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in {"change", "delete"} and super().user_has_permission_for_instance(user, action, instance)


class InvitationViewSet(BodyScopedViewSetMixin, ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    url_prefix = "groups/invitations"
    add_to_admin_menu = False
    index_view_class = BodyScopedIndexView
    add_view_class = InvitationCreateView
    form_fields = ["body", "email", "organisation", "role", "resolution_number", "resolution_date", "message"]
    list_display = ["email", "body", "role", Column("get_status_display", label=_("status")), DateColumn("expires_at")]
    list_filter = ["body", "role"]
    inspect_view_enabled = True
    inspect_view_class = InvitationInspectView
    permission_policy_class = InvitationPermissionPolicy


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class PrivateCollectionCreateView(CreateView):
    """Through the service: the collection also gets Wagtail's login restriction if it has none."""

    def save_instance(self):
        data = self.form.cleaned_data
        return documents.private_collection_assign(collection=data["collection"], body=data["body"])


class PrivateCollectionEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return documents.private_collection_assign(collection=data["collection"], body=data["body"])


class PrivateCollectionViewSet(ModelViewSet):
    """Which document collection belongs to which body (administrators only, by model permissions).
    A login-restricted collection that belongs to no body is readable by administrators only."""

    model = PrivateCollection
    icon = "folder-inverse"
    menu_label = _("Private document collections")
    url_prefix = "groups/private-collections"
    add_to_admin_menu = False
    add_view_class = PrivateCollectionCreateView
    edit_view_class = PrivateCollectionEditView
    form_fields = ["collection", "body"]
    list_display = ["collection", "body"]


class GroupsViewSetGroup(ViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet, InvitationViewSet, PrivateCollectionViewSet)
    menu_icon = "group"
    menu_label = _("Working groups")
    menu_order = 200


@hooks.register("register_admin_viewset")
def register_groups_viewsets():
    return GroupsViewSetGroup()


@hooks.register(INVITED_EMAIL_HOOK)
def invited_email_for_signup(request):
    """Sign-up is open to a visitor who opened a still pending invitation (portal/signup.py)."""
    invitation = selectors.pending_invitation(request.session.get(services.INVITATION_SESSION_KEY))
    return invitation.email if invitation else None


@hooks.register("before_serve_document")
def serve_private_documents_to_their_readers(document, request):
    """Documents of a body's private collection go to its people only (groups/documents.py)."""
    return documents.refuse_unreadable_document(document, request)


@hooks.register(MANAGED_PAGES_HOOK)
def bodies_whose_mail_a_manager_follows(user):
    """The outbox's admin list shows a manager the mail about the bodies they run."""
    return permissions.managed_bodies(user)


@hooks.register(TWO_FACTOR_ROLE_HOOK)
def leads_a_body(user) -> bool:
    """Chairs and managers approve things: they sign in with a second factor (portal/accounts.py)."""
    return permissions.has_leading_role(user)


@hooks.register(SIGNED_IN_USER_HOOK)
def roles_read_with_the_signed_in_user() -> dict:
    """Nearly every page asks about the person's roles (the two-factor rule, a body's page, the
    members' pages): they come with the user instead of in a query of their own."""
    return permissions.roles_annotation()


@hooks.register(DEMO_CONTENT_HOOK, order=10)
def load_demo_groups(site: DemoSite) -> None:
    """First of the apps' demo content: the bodies, their people and memberships that the others use."""
    from groups import demo  # the demo's code is loaded by `manage.py load_demo` only

    demo.load(site.home, site.english, site.translate, site.write)


@hooks.register(DEMO_RESET_HOOK, order=10)
def reset_demo_groups() -> None:
    from groups import demo

    demo.reset()
