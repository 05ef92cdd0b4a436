"""Every "may this user do X to this body" question, answered from memberships. The one place.

Rights come only from active memberships (plus administrators); signing up gives none. Managers and
chairs of a working group hold the same rights over its thematic sub-groups.
"""

import contextlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from wagtail.models import CollectionViewRestriction

from groups.models import BodyKind, BodyPage, Membership, PrivateCollection, Role
from portal.page_visibility import is_administrator  # one definition, shared with the admin

EDITORS_GROUP = "Editors"
PARTICIPANT_ROLES = frozenset({Role.CHAIR, Role.MANAGER, Role.MEMBER, Role.SUBSTITUTE})
LEADING_ROLES = frozenset({Role.CHAIR, Role.MANAGER})
MANAGER_GRANTABLE_ROLES = frozenset(Role.values) - LEADING_ROLES


# The signed-in user comes with their active roles as "path:role,path:role" (roles_annotation).
ROLES_READ_WITH_USER = "_groups_roles_read_with_user"


class _Joined(Aggregate):
    """A group's texts joined by commas, in any order: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')", **extra_context
        )


def roles_annotation() -> dict:
    """The user's active roles as a subquery of the users' table, to load with the signed-in user
    (portal.auth_backends.SIGNED_IN_USER_HOOK). Tree paths and role names hold neither ":" nor ","."""
    held = (
        Membership.objects.active()
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(joined=_Joined(Concat("body__path", Value(":"), "role", output_field=CharField())))
        .values("joined")
    )
    return {ROLES_READ_WITH_USER: Coalesce(Subquery(held, output_field=CharField()), Value(""))}


def _roles_by_body_path(user) -> dict[str, frozenset[str]]:
    """The user's active roles keyed by the body's tree path, read once per user object (request):
    taken from what came with the signed-in user when it did, else read here."""
    cached = getattr(user, "_groups_roles_by_path", None)
    if cached is None:
        loaded = getattr(user, ROLES_READ_WITH_USER, None)
        if loaded is not None:
            delattr(user, ROLES_READ_WITH_USER)  # once: after forget_cached_roles they are read afresh
            rows = [entry.split(":") for entry in loaded.split(",") if entry]
        else:
            rows = Membership.objects.active().filter(person=user).values_list("body__path", "role")
        cached = {}
        for path, role in rows:
            cached[path] = cached.get(path, frozenset()) | {role}
        user._groups_roles_by_path = cached
    return cached


def prefetch_roles(users) -> None:
    """Read the active roles of many people in one query (an approval tells each invitee only what
    their role may see)."""
    by_person: dict[int, dict[str, frozenset[str]]] = {user.pk: {} for user in users}
    rows = Membership.objects.active().filter(person__in=list(by_person)).values_list("person_id", "body__path", "role")
    for person_id, path, role in rows:
        held = by_person[person_id]
        held[path] = held.get(path, frozenset()) | {role}
    for user in users:
        user._groups_roles_by_path = by_person[user.pk]


def forget_cached_roles(user) -> None:
    # delattr, not __dict__: request.user is a lazy object that passes attributes on to the user.
    for name in ("_groups_roles_by_path", "_groups_approved_beside", ROLES_READ_WITH_USER):
        with contextlib.suppress(AttributeError):
            delattr(user, name)


# A condition every row meets (an empty Q() would vanish when OR-ed with another one).
EVERYTHING = ~Q(pk__in=[])


@dataclass(frozen=True)
class Reach:
    """The bodies where a person holds a right, by tree path: `everything` (administrators), the
    bodies they hold a role in, and the subtrees their leading roles extend over (a working group's
    chair and manager act in its sub-groups). `covers` answers for one body; `pages_below` is the same
    rule as a filter on the pages (meetings) placed under those bodies, `bodies_q` on the bodies."""

    everything: bool = False
    bodies: frozenset[str] = frozenset()
    subtrees: frozenset[str] = frozenset()

    def covers(self, body: BodyPage) -> bool:
        return self.everything or body.path in self.bodies or any(body.path.startswith(path) for path in self.subtrees)

    def bodies_q(self, relation: str = "") -> Q:
        """The covered bodies themselves, as a filter (`relation`: the way to the body, e.g. "body__")."""
        if self.everything:
            return EVERYTHING
        where = Q(pk__in=[])
        for path in self.bodies:
            where |= Q(**{f"{relation}path": path})
        for path in self.subtrees:
            where |= Q(**{f"{relation}path__startswith": path})
        return where

    def pages_below(self, relation: str = "") -> Q:
        """`relation`: the way from the filtered model to the page, e.g. "meeting__"."""
        if self.everything:
            return EVERYTHING
        step = BodyPage.steplen
        where = Q(pk__in=[])
        for path in self.bodies:
            where |= Q(**{f"{relation}path__startswith": path, f"{relation}depth": len(path) // step + 1})
        for path in self.subtrees:
            where |= Q(**{f"{relation}path__startswith": path, f"{relation}depth__gt": len(path) // step})
        return where


def reach(user, roles: frozenset[str], *, administrators: bool = False) -> Reach:
    """Where `user` holds one of `roles` (administrators reach everything when `administrators`). A
    chair also reaches the bodies they approve for without sitting in them (`approved_beside`)."""
    if administrators and is_administrator(user):
        return Reach(everything=True)
    if not user.is_authenticated or not user.is_active:
        return Reach()
    bodies, subtrees = set(), set()
    for path, held in _roles_by_body_path(user).items():
        if held & roles & LEADING_ROLES:
            subtrees.add(path)
        elif held & roles:
            bodies.add(path)
    if Role.CHAIR in roles:
        bodies |= approved_beside(user)
    return Reach(bodies=frozenset(bodies), subtrees=frozenset(subtrees))


def approved_beside(user) -> frozenset[str]:
    """The round tables beside a working group that this person chairs, which they approve for
    (`approver_ids`) though they hold no role in them: they must read what they approve. Read once per
    user object; nothing to read for someone who chairs nothing."""
    cached = getattr(user, "_groups_approved_beside", None)
    if cached is not None:
        return cached
    chaired = [path for path, held in _roles_by_body_path(user).items() if Role.CHAIR in held]
    found = set()
    if chaired:
        groups = BodyPage.objects.filter(path__in=chaired, kind=BodyKind.WORKING_GROUP).only("path", "depth")
        step = BodyPage.steplen
        beside = Q(pk__in=[])
        for group in groups:
            beside |= Q(path__startswith=group.path[:-step], depth=group.depth)
        for table in BodyPage.objects.filter(beside, kind=BodyKind.ROUND_TABLE).only("path", "depth", "kind"):
            if user.pk in approver_ids(table):
                found.add(table.path)
    user._groups_approved_beside = frozenset(found)
    return user._groups_approved_beside


def internal_reach(user) -> Reach:
    """Where the user may enter the internal space (see `can_view_internal`)."""
    return reach(user, frozenset(Role.values), administrators=True)


def membership_reach(user) -> Reach:
    """Where the user sits (any role), administrators included only by their own memberships."""
    return reach(user, frozenset(Role.values))


def participation_reach(user, *, administrators: bool = False) -> Reach:
    return reach(user, PARTICIPANT_ROLES, administrators=administrators)


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


def can_view_internal(user, body: BodyPage) -> bool:
    """The internal space: roster with contacts, documents, draft minutes. A role in the body (or a
    leading one above it), read with the user, answers without a query; only for the rest is the whole
    reach worked out (the round tables a chair approves for, read from the tree)."""
    return bool(roles_in(user, body)) or internal_reach(user).covers(body)


def can_see_contacts(user, body: BodyPage) -> bool:
    return can_view_internal(user, body)


def can_participate(user, body: BodyPage) -> bool:
    """Write as a member: propose items, comment, RSVP. Permanent guests only read."""
    return participation_reach(user).covers(body)


def can_manage(user, body: BodyPage) -> bool:
    """Run the body: meetings, agendas, minutes drafts, the membership register, invitations."""
    return reach(user, frozenset({Role.MANAGER}), administrators=True).covers(body)


def can_invite(user, body: BodyPage) -> bool:
    return can_manage(user, body)


def grantable_roles(user, body: BodyPage) -> frozenset[str]:
    """The roles this user may record or invite someone to. Chairs (approved by the city council)
    and managers are recorded by administrators only: a manager cannot make an approver."""
    if is_administrator(user):
        return frozenset(Role.values)
    if can_manage(user, body):
        return MANAGER_GRANTABLE_ROLES
    return frozenset()


def can_grant_role(user, body: BodyPage, role: str) -> bool:
    return role in grantable_roles(user, body)


def can_edit_membership(user, membership: Membership) -> bool:
    """A leading role's record (chair, manager) is changed or ended by administrators only."""
    return can_manage(user, membership.body) and can_grant_role(user, membership.body, membership.role)


def approver_ids(body: BodyPage) -> frozenset[int]:
    """Who approves what `body` submits (agendas, minutes, action-plan updates): the body's chairs;
    for a body without one, the chairs of the working group above it (a sub-group's parent, or, for a
    round table beside the working group on the list page, that working group). Empty: nobody may
    approve, so nothing can be submitted. One query, remembered on the body object."""
    cached = getattr(body, "_approver_ids", None)
    if cached is None:
        read_approvers([body])
    return body._approver_ids


def _nearest_first(body: BodyPage) -> list[str]:
    """The body's path, then the paths of the pages above it."""
    return [body.path[:end] for end in range(len(body.path), 0, -body.steplen)]


def _beside(body: BodyPage) -> Q:
    """A round table's working groups beside it on the list page (for its approver)."""
    parent_path = body.path[: -body.steplen]
    return Q(body__path__startswith=parent_path, body__depth=body.depth, body__kind=BodyKind.WORKING_GROUP)


def read_approvers(bodies) -> None:
    """`approver_ids` of many bodies in one query (the approval queue), remembered on each body object."""
    bodies = [body for body in bodies if getattr(body, "_approver_ids", None) is None]
    if not bodies:
        return
    where = Q(body__path__in={path for body in bodies for path in _nearest_first(body)})
    for body in bodies:
        if body.kind == BodyKind.ROUND_TABLE:
            where |= _beside(body)
    chairs: dict[str, set[int]] = {}
    working_groups = set()
    rows = (
        Membership.objects.active().filter(where, role=Role.CHAIR).values_list("body__path", "body__kind", "person_id")
    )
    for path, kind, person_id in rows:
        chairs.setdefault(path, set()).add(person_id)
        if kind == BodyKind.WORKING_GROUP:
            working_groups.add(path)
    for body in bodies:
        order = _nearest_first(body)
        if body.kind == BodyKind.ROUND_TABLE:
            parent_path = body.path[: -body.steplen]
            order += sorted(
                path
                for path in working_groups - set(order)
                if path.startswith(parent_path) and len(path) == len(body.path)
            )
        body._approver_ids = frozenset(next((chairs[path] for path in order if path in chairs), ()))


def can_approve(user, body: BodyPage) -> bool:
    """Approve agendas, minutes and action-plan updates: the chair (deputy mayor) of the approving body."""
    return user.is_authenticated and user.is_active and user.pk in approver_ids(body)


def can_edit_body_page(user, body: BodyPage) -> bool:
    """Edit the body's public page in the Wagtail admin: its chair and manager, and administrators.
    Reaching the page in the admin also needs the page permission that `admin_access_sync` grants."""
    return is_administrator(user) or bool(roles_in(user, body.register_body) & LEADING_ROLES)


def refuse(user, body: BodyPage):
    """The refusal to raise: 403 for the body's own people, 404 for outsiders, so that ids of other
    bodies' meetings, annexes and tasks cannot be probed for existence."""
    return PermissionDenied() if can_view_internal(user, body) else Http404()


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


def can_read_document(user, document) -> bool:
    """A Wagtail document in a body's private collection (or in a collection below one) is read by
    whoever may enter the body's internal space, and by administrators. A login-restricted collection
    that belongs to no body is read by administrators only: nobody has said whose it is, and "any
    signed-in account" is nobody's rule here. Other documents are public, or restricted to groups by
    Wagtail's own check."""
    collections = document.collection.get_ancestors(inclusive=True)
    private = PrivateCollection.objects.filter(collection__in=collections).select_related("body")
    bodies = [entry.body for entry in private]
    login_restricted = CollectionViewRestriction.objects.filter(
        collection__in=collections, restriction_type=CollectionViewRestriction.LOGIN
    ).exists()
    if not bodies and not login_restricted:
        return True
    if is_administrator(user):
        return True
    return bool(bodies) and all(can_view_internal(user, body.register_body) for body in bodies)
