"""The permission matrix: every role against every action the groups app adds."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups import permissions, services
from groups.models import Membership, Role
from tests.conftest import make_user
from tests.groups.conftest import editor, member_of, person, with_totp

ACTIONS = ["public", "internal", "contacts", "invite", "edit_membership", "edit_page"]
# role -> allowed actions
MATRIX = {
    "anonymous": {"public"},
    "non_member": {"public"},
    "member": {"public", "internal", "contacts"},
    "substitute": {"public", "internal", "contacts"},
    "guest": {"public", "internal", "contacts"},
    "manager": {"public", "internal", "contacts", "invite", "edit_membership", "edit_page"},
    "chair": {"public", "internal", "contacts", "edit_page"},
    "editor": {"public"},
    "staff": {"public", "internal", "contacts", "invite", "edit_membership", "edit_page"},
    "ended_member": {"public"},
}
ROLE_OF = {
    "member": Role.MEMBER,
    "substitute": Role.SUBSTITUTE,
    "guest": Role.GUEST,
    "manager": Role.MANAGER,
    "chair": Role.CHAIR,
}


def make_actor(kind: str, body):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "non_member":
        return person("nonmember")
    if kind == "editor":
        return editor()
    if kind == "staff":
        return make_user("it-admin@example.org", is_staff=True, is_superuser=True)
    if kind == "ended_member":
        user = member_of(body, Role.MEMBER, label="ended")
        services.membership_end(membership=Membership.objects.get(person=user, body=body))
        return user
    return member_of(body, ROLE_OF[kind], label=kind)


def someone_elses_membership(body):
    user = member_of(body, Role.MEMBER, label="target")
    return Membership.objects.get(person=user, body=body)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(MATRIX))
def test_predicates(kind, working_group):
    actor = make_actor(kind, working_group)
    target = someone_elses_membership(working_group)
    answers = {
        "public": working_group.live and working_group.get_view_restrictions().count() == 0,
        "internal": permissions.can_view_internal(actor, working_group),
        "contacts": permissions.can_see_contacts(actor, working_group),
        "invite": permissions.can_invite(actor, working_group),
        "edit_membership": permissions.can_edit_membership(actor, target),
        "edit_page": permissions.can_edit_body_page(actor, working_group),
    }
    assert {action for action, allowed in answers.items() if allowed} == MATRIX[kind]


def login(client, actor):
    if actor.is_authenticated:
        with_totp(actor)  # leaders and staff must have two-factor; members may
        client.force_login(actor)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(MATRIX))
def test_views(kind, client, working_group, organisation):
    actor = make_actor(kind, working_group)
    target = someone_elses_membership(working_group)
    login(client, actor)
    allowed = MATRIX[kind]

    public = client.get(working_group.url)
    assert public.status_code == 200
    assert target.person.email not in public.content.decode()  # contacts never on public pages

    internal = client.get(f"/clenove/{working_group.pk}/")
    if "internal" in allowed:
        assert internal.status_code == 200
        assert target.person.email in internal.content.decode()
    else:
        # to the sign-in, or, signed in, not told what exists
        assert internal.status_code == (404 if actor.is_authenticated else 302)

    invite = client.post(
        f"/clenove/{working_group.pk}/pozvat/",
        {"email": f"new-{kind}@example.org", "organisation": organisation.pk, "role": Role.MEMBER},
    )
    assert (invite.status_code == 302 and "/ucet/" not in invite["Location"]) == ("invite" in allowed)

    end = client.post(f"/clenove/clenstvi/{target.pk}/ukoncit/")
    target.refresh_from_db()
    assert (target.term_end is not None) == ("edit_membership" in allowed)
    if "edit_membership" not in allowed:
        assert end.status_code in (302, 403, 404) and target.is_active

    edit_page = client.get(f"/admin/pages/{working_group.pk}/edit/")
    assert (edit_page.status_code == 200) == ("edit_page" in allowed)


@pytest.mark.django_db
def test_subgroup_is_led_by_the_working_group_leaders(working_group, subgroup):
    manager = member_of(working_group, Role.MANAGER)
    member = member_of(working_group, Role.MEMBER)
    assert permissions.can_manage(manager, subgroup)
    assert permissions.can_view_internal(manager, subgroup)
    assert not permissions.can_view_internal(member, subgroup)  # plain membership does not trickle down


@pytest.mark.django_db
def test_roles_in_one_body_give_nothing_in_another(working_group, round_table):
    manager = member_of(round_table, Role.MANAGER)
    assert permissions.can_manage(manager, round_table)
    assert not permissions.can_view_internal(manager, working_group)
    assert not permissions.can_approve(manager, round_table)


@pytest.mark.django_db
def test_only_the_chair_approves(working_group):
    chair = member_of(working_group, Role.CHAIR)
    manager = member_of(working_group, Role.MANAGER)
    assert permissions.can_approve(chair, working_group)
    assert not permissions.can_approve(manager, working_group)
    assert not permissions.can_approve(make_user("root@example.org", is_superuser=True), working_group)


@pytest.mark.django_db
def test_guests_read_but_do_not_participate(working_group):
    guest = member_of(working_group, Role.GUEST)
    substitute = member_of(working_group, Role.SUBSTITUTE)
    assert permissions.can_view_internal(guest, working_group)
    assert not permissions.can_participate(guest, working_group)
    assert permissions.can_participate(substitute, working_group)


@pytest.mark.django_db
def test_leaders_must_use_two_factor(client, working_group):
    manager = member_of(working_group, Role.MANAGER)
    member = member_of(working_group, Role.MEMBER)
    client.force_login(member)
    assert client.get("/clenove/").status_code == 200
    client.force_login(manager)
    assert client.get("/clenove/")["Location"] == "/ucet/2fa/totp/activate/"
