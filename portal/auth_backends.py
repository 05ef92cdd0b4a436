"""The authentication backend: allauth's, loading the signed-in user together with what every page
asks about them, so that being signed in costs a page two queries (the session and the user).

Every page's header shows the unread notifications and, to whoever may enter the Wagtail admin, a
link to it (so does Wagtail's user bar); before any view runs, the two-factor rule asks whether the
person may enter the admin, holds a role that needs a second factor, and has one set up
(portal/middleware.py). Asked one by one these were four to six queries per page; here they are
subqueries of the user's own row, as fresh as the user (read at the start of each request).
"""

import datetime
import functools
from dataclasses import dataclass

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
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
    # Narrow subqueries over the link tables: joined in, the permission's tables made PostgreSQL plan
    # the statement longer than it ran.
    admin_access = Permission.objects.filter(content_type__app_label=app_label, codename=codename).values("pk")
    user_model = get_user_model()
    given = user_model.user_permissions.through.objects.filter(user_id=OuterRef("pk"), permission_id__in=admin_access)
    groups = user_model.groups.through.objects.filter(user_id=OuterRef(OuterRef("pk"))).values("group_id")
    given_to_group = Permission.group_set.through.objects.filter(group_id__in=groups, permission_id__in=admin_access)
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return {
        "unread_notifications": Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        "admin_access": _boolean(Q(Exists(given)) | Q(Exists(given_to_group))),
        "second_factor": _boolean(Exists(Authenticator.objects.filter(user=OuterRef("pk")))),
    }


# Stands for the user's id while the statement is compiled; no other parameter of it takes this value.
_USER_ID_PLACEHOLDER = -7_316_504_219


@functools.lru_cache(maxsize=4)
def _statement(vendor: str, day: datetime.date) -> tuple[str, list, int]:
    """The user's row with the facts, as SQL, its parameters and where the user's id goes among them:
    built once a day (memberships count from the day) per process, because building and compiling the
    query with its subqueries cost more than running it (about 6 ms a request)."""
    facts = {f"_fact_{name}": expression for name, expression in _facts().items()}
    for annotations in hooks.get_hooks(SIGNED_IN_USER_HOOK):
        facts.update(annotations())
    queryset = get_user_model()._default_manager.annotate(**facts).filter(pk=_USER_ID_PLACEHOLDER)
    sql, params = queryset.query.sql_with_params()
    return sql, list(params), list(params).index(_USER_ID_PLACEHOLDER)


class AuthenticationBackend(AllauthAuthenticationBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, params, position = _statement(connection.vendor, timezone.localdate())
        params = [*params[:position], user_id, *params[position + 1 :]]
        user = next(iter(user_model._default_manager.raw(sql, params)), None)
        if user is None:
            return None
        user.signed_in_facts = SignedInFacts(
            unread_notifications=user.__dict__.pop("_fact_unread_notifications") or 0,
            # Read raw, a boolean arrives as 0 or 1 on SQLite.
            admin_access=bool(user.__dict__.pop("_fact_admin_access")),
            second_factor=bool(user.__dict__.pop("_fact_second_factor")),
        )
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        """Admin access, asked on every page (the header's link, the user bar, the two-factor rule),
        answered from the facts read with the user; other permissions as Django's ModelBackend does."""
        facts = getattr(user_obj, "signed_in_facts", None)
        if perm == ADMIN_ACCESS_PERMISSION and obj is None and facts is not None:
            return user_obj.is_active and (user_obj.is_superuser or facts.admin_access)
        return super().has_perm(user_obj, perm, obj)
