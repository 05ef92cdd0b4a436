"""The authentication backend: allauth's, loading the signed-in user together with what every page
asks about them, so that being signed in costs a page two queries (the session and the user).

Every page's header shows the unread notifications and, to whoever may enter the Wagtail admin, a
link to it (so does Wagtail's user bar); before any view runs, the two-factor rule asks whether the
person may enter the admin, holds a role that needs a second factor, and has one set up
(portal/middleware.py). Asked one by one these were four to six queries per page; here they are
subqueries of the user's own row, as fresh as the user (read at the start of each request).
"""

from dataclasses import dataclass

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from wagtail import hooks

from portal.accounts import ADMIN_ACCESS_PERMISSION
from portal.models import Notification

# What the other apps read with the signed-in user (portal does not import them): functions registered
# under this hook return {attribute: expression over the users' table}; the user comes with each
# attribute set, and the app that asked reads it (groups: the person's roles).
SIGNED_IN_USER_HOOK = "annotate_signed_in_user"


@dataclass(frozen=True)
class SignedInFacts:
    """Read with the user at the start of the request (`user.signed_in_facts`)."""

    unread_notifications: int
    admin_access: bool  # `wagtailadmin.access_admin`, given to the user or to a group of theirs
    second_factor: bool  # an authenticator is set up (allauth's `is_mfa_enabled`)


def _boolean(condition) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False))


def _facts() -> dict:
    app_label, codename = ADMIN_ACCESS_PERMISSION.split(".")
    admin_access = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return {
        "unread_notifications": Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        "admin_access": _boolean(
            Q(Exists(admin_access.filter(user=OuterRef("pk"))))
            | Q(Exists(admin_access.filter(group__user=OuterRef("pk"))))
        ),
        "second_factor": _boolean(Exists(Authenticator.objects.filter(user=OuterRef("pk")))),
    }


class AuthenticationBackend(AllauthAuthenticationBackend):
    def get_user(self, user_id):
        facts = {f"_fact_{name}": expression for name, expression in _facts().items()}
        for annotations in hooks.get_hooks(SIGNED_IN_USER_HOOK):
            facts.update(annotations())
        user_model = get_user_model()
        try:
            user = user_model._default_manager.annotate(**facts).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        user.signed_in_facts = SignedInFacts(
            **{name: user.__dict__.pop(f"_fact_{name}") for name in SignedInFacts.__dataclass_fields__}
        )
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        """Admin access, asked on every page (the header's link, the user bar, the two-factor rule),
        answered from the facts read with the user; other permissions as Django's ModelBackend does."""
        facts = getattr(user_obj, "signed_in_facts", None)
        if perm == ADMIN_ACCESS_PERMISSION and obj is None and facts is not None:
            return user_obj.is_active and (user_obj.is_superuser or facts.admin_access)
        return super().has_perm(user_obj, perm, obj)
