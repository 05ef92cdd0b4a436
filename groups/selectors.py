"""Reads of the groups app that span models; each runs a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from groups.models import BodyPage, Invitation, Membership, OrganisationKind, Role


def bodies_for_index(index_page):
    return BodyPage.objects.child_of(index_page).live().public().specific().order_by("path")


def body_public_summary(body: BodyPage) -> dict:
    """What the public page shows: who leads, which organisations take part (no personal contacts).
    A translated page shows the register of its default-language original."""
    active = Membership.objects.active().filter(body=body.register_body)
    leaders = list(
        active.filter(role__in=[Role.CHAIR, Role.MANAGER])
        .select_related("person", "organisation")
        .order_by("role", "person__last_name")
    )
    organisations = (
        active.values("organisation__kind", "organisation__name", "organisation__website")
        .annotate(people=Count("pk"))
        .order_by("organisation__kind", "organisation__name")
    )
    labels = dict(OrganisationKind.choices)
    by_kind = defaultdict(list)
    for row in organisations:
        by_kind[row["organisation__kind"]].append(row)
    stakeholder_map = [
        {"kind": kind, "label": labels.get(kind, kind), "organisations": rows, "count": len(rows)}
        for kind, rows in sorted(by_kind.items(), key=lambda item: str(labels.get(item[0], item[0])))
    ]
    subgroups = BodyPage.objects.child_of(body).live().public().order_by("path")
    return {
        "leaders": leaders,
        "stakeholder_map": stakeholder_map,
        "organisation_count": sum(group["count"] for group in stakeholder_map),
        "subgroups": subgroups,
    }


def body_roster(body: BodyPage):
    """Active members with names, organisations, roles and e-mails, for the internal page."""
    return (
        Membership.objects.active()
        .filter(body=body)
        .select_related("person", "organisation")
        .order_by("role", "organisation__name", "person__last_name")
    )


def body_register(body: BodyPage):
    """Every membership the body has had, for the register export."""
    return (
        Membership.objects.filter(body=body)
        .select_related("person", "organisation")
        .order_by("role", "person__last_name", "person__first_name", "-term_start")
    )


# The newest changes of the register a body's members' page shows; the whole register, over the years,
# is in its export (groups.exporting).
HISTORY_SHOWN = 10


def body_membership_history(body: BodyPage):
    return Membership.objects.filter(body=body).select_related("person", "organisation").order_by("-term_start", "pk")


def recent_history(body: BodyPage) -> dict:
    """The register's newest changes for the body's members' page, and whether older ones exist: one
    query, the same size after years of terms."""
    rows = list(body_membership_history(body)[: HISTORY_SHOWN + 1])
    return {"rows": rows[:HISTORY_SHOWN], "more": len(rows) > HISTORY_SHOWN}


def body_invitations(body: BodyPage):
    """The invitations on the body's members' page: e-mail, role, state and expiry, nothing joined."""
    return Invitation.objects.filter(body=body)


def my_memberships(user):
    return (
        Membership.objects.active()
        .filter(person=user)
        .select_related("organisation", "body")
        .order_by("body__path", "role")
    )


def my_pending_invitations(user):
    verified_emails = user.emailaddress_set.filter(verified=True).values(lowered=Lower("email"))
    return Invitation.objects.filter(
        email__in=Subquery(verified_emails),
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("body", "organisation")


def pending_invitation(invitation_pk) -> Invitation | None:
    """The invitation, while it may still be accepted (not used, revoked or expired)."""
    if not invitation_pk:
        return None
    return Invitation.objects.filter(
        pk=invitation_pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
