"""Writes of the groups app: memberships, invitations, and the admin access they grant."""

import datetime
import secrets

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from groups.models import (
    CHAIR_NEEDS_RESOLUTION,
    INVITATION_VALID_DAYS,
    ROLE_FOR_ADMINISTRATORS,
    BodyPage,
    Invitation,
    Membership,
    Organisation,
    hash_token,
    lacks_council_resolution,
)
from groups.permissions import LEADING_ROLES, can_grant_role, forget_cached_roles
from portal import outbox
from portal.links import czech_path, site_url
from portal.models import User
from portal.services import notification_create

ADMIN_GROUP_PREFIX = "Správa orgánu "
# What a body's chair and manager may do in the Wagtail admin besides editing their body's pages.
# Organisations are shared by all bodies (their names show on every body page): managers add and
# look them up, administrators change them.
ADMIN_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("groups", "add_organisation"),
    ("groups", "view_organisation"),
]
BODY_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


@transaction.atomic
def membership_create(
    *,
    person: User,
    organisation: Organisation,
    body: BodyPage,
    role: str,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
    resolution_number: str = "",
    resolution_date: datetime.date | None = None,
    note: str = "",
) -> Membership:
    """Validate and store a membership; access follows at once."""
    membership = Membership(
        person=person,
        organisation=organisation,
        body=body,
        role=role,
        term_start=term_start or timezone.localdate(),
        term_end=term_end,
        resolution_number=resolution_number,
        resolution_date=resolution_date,
        note=note,
    )
    membership.full_clean()
    membership.save()
    admin_access_sync(user=person)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, on: datetime.date | None = None) -> Membership:
    """End a membership (kept for the register's history); access goes at once when it ends today."""
    end = on or timezone.localdate()
    if not membership.is_active:
        raise ValidationError(_("This membership has already ended."))
    if end < membership.term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    membership.term_end = end
    membership.full_clean()
    membership.save(update_fields=["term_end"])
    admin_access_sync(user=membership.person)
    return membership


def _admin_group_for(body: BodyPage) -> Group:
    group, created = Group.objects.get_or_create(name=f"{ADMIN_GROUP_PREFIX}{body.pk}")
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in ADMIN_MODEL_PERMISSIONS
    )
    if created:
        for codename in BODY_PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group,
                page=body,
                permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
            )
    return group


@transaction.atomic
def admin_access_sync(*, user: User) -> None:
    """Make the user's admin groups match their leading roles: one group per body, nothing by hand."""
    forget_cached_roles(user)
    leading = Membership.objects.active().filter(person=user, role__in=LEADING_ROLES).select_related("body")
    wanted = {_admin_group_for(membership.body) for membership in leading}
    current = set(user.groups.filter(name__startswith=ADMIN_GROUP_PREFIX))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))


def admin_access_sync_all() -> int:
    """Resync everyone whose admin access may have changed with the calendar (terms that began or
    ended today). Run daily: `manage.py sync_admin_access`."""
    users = User.objects.filter(
        Q(memberships__role__in=LEADING_ROLES) | Q(groups__name__startswith=ADMIN_GROUP_PREFIX)
    ).distinct()
    count = 0
    for user in users:
        admin_access_sync(user=user)
        count += 1
    return count


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def active_member_with_email(body: BodyPage, email: str) -> bool:
    return Membership.objects.active().filter(body=body, person__email__iexact=email).exists()


@transaction.atomic
def invitation_create(
    *,
    body: BodyPage,
    email: str,
    organisation: Organisation,
    role: str,
    invited_by: User,
    resolution_number: str = "",
    resolution_date: datetime.date | None = None,
    message: str = "",
) -> tuple[Invitation, str]:
    """Store an invitation and e-mail its link. Returns the invitation and the link's token."""
    if active_member_with_email(body, email):
        raise ValidationError({"email": _("This person is already an active member of this body.")})
    if not can_grant_role(invited_by, body, role):
        raise ValidationError({"role": ROLE_FOR_ADMINISTRATORS})
    if lacks_council_resolution(body, role, resolution_number, resolution_date):
        raise ValidationError({"resolution_number": CHAIR_NEEDS_RESOLUTION})
    token = _new_token()
    invitation = Invitation(
        email=email.strip().lower(),
        body=body,
        organisation=organisation,
        role=role,
        resolution_number=resolution_number,
        resolution_date=resolution_date,
        message=message,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _send_invitation_mail(invitation, invitation_url(token))
    _notify_existing_account(invitation)
    return invitation, token


def _notify_existing_account(invitation: Invitation) -> None:
    """Someone who already has an account also sees the invitation in the portal (the link stays in the mail)."""
    recipient = User.objects.filter(
        emailaddress__email__iexact=invitation.email, emailaddress__verified=True, is_active=True
    ).first()
    if recipient is None:
        return
    with translation.override("cs"):
        title = _("Invitation to %(body)s") % {"body": invitation.body.title}
        url = reverse("groups:dashboard")
    notification_create(recipient=recipient, kind="groups.invitation", title=title, url=url)


def invitation_url(token: str) -> str:
    return site_url(czech_path("groups:invitation", token=token))


def _send_invitation_mail(invitation: Invitation, url: str) -> None:
    """The link is in the stored message only (the invitation keeps its hash), so a retry sends it again."""
    with translation.override("cs"):
        message = outbox.Message(
            kind="groups.invitation",
            subject=_("Invitation to %(body)s") % {"body": invitation.body.title},
            template="groups/email/invitation.txt",
            context={"invitation": invitation, "invitation_url": url, "valid_days": INVITATION_VALID_DAYS},
        )
    outbox.send_to_address(invitation.email, message, about=invitation.body)


INVITATION_SESSION_KEY = "groups_invitation"


def invitation_remember_for_signup(request, invitation: Invitation) -> None:
    """Remember which invitation the visitor opened, so that signing up with exactly its address
    (while it is still pending) needs no second verification e-mail: the link proved the mailbox."""
    request.session[INVITATION_SESSION_KEY] = invitation.pk


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("body", "organisation").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turn a pending invitation into a membership, once. The row lock stops a double accept."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    status = invitation.status
    if status != "pending":
        raise ValidationError(INVITATION_REFUSALS[status]())
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    if user.pk == invitation.invited_by_id:
        raise ValidationError(_("You cannot accept an invitation you sent yourself."))
    if not can_grant_role(invitation.invited_by, invitation.body, invitation.role):
        # Sent before the rule, or the inviter has lost the right since: the role is not theirs to give.
        raise ValidationError(ROLE_FOR_ADMINISTRATORS)
    if Membership.objects.active().filter(body=invitation.body, person=user).exists():
        raise ValidationError(_("You are already an active member of this body."))
    membership = membership_create(
        person=user,
        organisation=invitation.organisation,
        body=invitation.body,
        role=invitation.role,
        resolution_number=invitation.resolution_number,
        resolution_date=invitation.resolution_date,
        note=_("Accepted invitation from %(name)s.") % {"name": invitation.invited_by},
    )
    invitation.accepted_at = timezone.now()
    invitation.membership = membership
    invitation.save(update_fields=["accepted_at", "membership"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.status != "pending":
        raise ValidationError(INVITATION_REFUSALS[invitation.status]())
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


INVITATION_REFUSALS = {
    "accepted": lambda: _("This invitation has already been used."),
    "revoked": lambda: _("This invitation was revoked by the group manager."),
    "expired": lambda: _("This invitation has expired. Ask the group manager for a new one."),
}
