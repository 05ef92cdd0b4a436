"""Every "may this user do X to this body" question, answered from memberships. The one place.

Rights come only from active memberships (plus administrators); signing up gives none. Managers and
chairs of a working group hold the same rights over its thematic sub-groups.
"""

from groups.models import BodyPage, Membership, Role

EDITORS_GROUP = "Editors"
PARTICIPANT_ROLES = frozenset({Role.CHAIR, Role.MANAGER, Role.MEMBER, Role.SUBSTITUTE})
LEADING_ROLES = frozenset({Role.CHAIR, Role.MANAGER})


def _roles_by_body_path(user) -> dict[str, frozenset[str]]:
    """The user's active roles keyed by the body's tree path, read once per user object (request)."""
    cached = getattr(user, "_groups_roles_by_path", None)
    if cached is None:
        cached = {}
        for path, role in Membership.objects.active().filter(person=user).values_list("body__path", "role"):
            cached[path] = cached.get(path, frozenset()) | {role}
        user._groups_roles_by_path = cached
    return cached


def forget_cached_roles(user) -> None:
    user.__dict__.pop("_groups_roles_by_path", None)


def roles_in(user, body: BodyPage) -> frozenset[str]:
    """Roles held in the body itself, plus leading roles held in a body above it."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles: frozenset[str] = frozenset()
    for path, held in _roles_by_body_path(user).items():
        if path == body.path:
            roles |= held
        elif body.path.startswith(path):
            roles |= held & LEADING_ROLES
    return roles


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def can_view_internal(user, body: BodyPage) -> bool:
    """The internal space: roster with contacts, documents, draft minutes."""
    return is_administrator(user) or bool(roles_in(user, body))


def can_see_contacts(user, body: BodyPage) -> bool:
    return can_view_internal(user, body)


def can_participate(user, body: BodyPage) -> bool:
    """Write as a member: propose items, comment, RSVP. Permanent guests only read."""
    return bool(roles_in(user, body) & PARTICIPANT_ROLES)


def can_manage(user, body: BodyPage) -> bool:
    """Run the body: meetings, agendas, minutes drafts, the membership register, invitations."""
    return is_administrator(user) or Role.MANAGER in roles_in(user, body)


def can_invite(user, body: BodyPage) -> bool:
    return can_manage(user, body)


def can_edit_membership(user, membership: Membership) -> bool:
    return can_manage(user, membership.body)


def can_approve(user, body: BodyPage) -> bool:
    """Approve agendas, minutes and action-plan updates: the chair (deputy mayor) only."""
    return Role.CHAIR in roles_in(user, body)


def can_edit_body_page(user, body: BodyPage) -> bool:
    """Edit the body's public page in the Wagtail admin: its chair and manager, and administrators.
    Reaching the page in the admin also needs the page permission that `admin_access_sync` grants."""
    return is_administrator(user) or bool(roles_in(user, body.register_body) & LEADING_ROLES)


def managed_bodies(user):
    """The bodies whose register this user may keep."""
    if is_administrator(user):
        return BodyPage.objects.all()
    if not user.is_authenticated:
        return BodyPage.objects.none()
    ids = [body.pk for body in BodyPage.objects.all().only("pk", "path") if can_manage(user, body)]
    return BodyPage.objects.filter(pk__in=ids)


def has_leading_role(user) -> bool:
    """Chairs and managers reach the admin and approve things: they must use two-factor."""
    if not user.is_authenticated:
        return False
    return any(held & LEADING_ROLES for held in _roles_by_body_path(user).values())
