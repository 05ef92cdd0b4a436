"""Only administrators record chairs and managers: nobody makes themselves an approver through a manager."""

import pytest

from groups import services
from groups.models import Invitation, Membership, Role
from groups.permissions import grantable_roles
from tests.conftest import make_user
from tests.factories import OrganisationFactory
from tests.groups.conftest import RESOLUTION, member_of, with_totp

pytestmark = pytest.mark.django_db

LEADING = (Role.CHAIR, Role.MANAGER)


@pytest.fixture
def rt_manager(client, round_table):
    user = with_totp(member_of(round_table, Role.MANAGER, label="rt-manazer"))
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", LEADING)
def test_manager_cannot_invite_a_chair_or_manager_in_the_members_area(client, rt_manager, round_table, role):
    organisation = Membership.objects.filter(person=rt_manager).first().organisation
    form = client.get(f"/clenove/{round_table.pk}/pozvat/").content.decode()
    assert f'value="{Role.MEMBER}"' in form and f'value="{role}"' not in form
    response = client.post(
        f"/clenove/{round_table.pk}/pozvat/",
        {"email": "nekdo@example.org", "organisation": organisation.pk, "role": role},
    )
    assert response.status_code == 200 and not Invitation.objects.filter(email="nekdo@example.org").exists()


@pytest.mark.parametrize("role", LEADING)
def test_manager_cannot_record_a_chair_or_manager_in_the_admin(client, rt_manager, round_table, role):
    someone = member_of(round_table, Role.MEMBER, label="budouci-predseda")
    organisation = Membership.objects.get(person=someone).organisation
    form = client.get("/admin/groups/memberships/new/").content.decode()
    assert f'value="{role}"' not in form
    client.post(
        "/admin/groups/memberships/new/",
        {"person": someone.pk, "organisation": organisation.pk, "body": round_table.pk, "role": role},
    )
    assert not Membership.objects.filter(person=someone, role=role).exists()
    membership = Membership.objects.get(person=someone)
    client.post(
        f"/admin/groups/memberships/edit/{membership.pk}/",
        {"organisation": organisation.pk, "role": role, "term_start": membership.term_start.isoformat()},
    )
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_manager_cannot_change_or_end_the_chairs_record(client, rt_manager, round_table):
    chair = member_of(round_table, Role.CHAIR, label="rt-predseda")
    record = Membership.objects.get(person=chair, body=round_table)
    assert client.get(f"/admin/groups/memberships/edit/{record.pk}/").status_code in (302, 403)
    assert client.post(f"/clenove/clenstvi/{record.pk}/ukoncit/").status_code == 403
    record.refresh_from_db()
    assert record.is_active
    page = client.get(f"/clenove/{round_table.pk}/").content.decode()
    assert f"/clenove/clenstvi/{record.pk}/ukoncit/" not in page


def test_an_invitation_to_a_leading_role_from_a_manager_cannot_be_accepted(round_table):
    """Sent before the rule existed (or forged into the table): accepting it gives no chair."""
    manager = member_of(round_table, Role.MANAGER, label="stary-manazer")
    invitation = Invitation.objects.create(
        email="predseda@example.org",
        body=round_table,
        organisation=Membership.objects.get(person=manager).organisation,
        role=Role.CHAIR,
        token_hash="x" * 64,
        invited_by=manager,
        expires_at=Invitation._meta.get_field("expires_at").to_python("2099-01-01T00:00:00Z"),
    )
    invitee = make_user("predseda@example.org")
    with pytest.raises(Exception, match="administrátor"):
        services.invitation_accept(invitation=invitation, user=invitee)
    assert not Membership.objects.filter(person=invitee).exists()


def test_administrator_records_a_chair_with_the_council_resolution(client, staff_user, working_group):
    client.force_login(with_totp(staff_user))
    invitee = make_user("nova-predsedkyne@example.org")
    organisation = OrganisationFactory()
    invitation, _token = services.invitation_create(
        body=working_group,
        email=invitee.email,
        organisation=organisation,
        role=Role.CHAIR,
        invited_by=staff_user,
        **RESOLUTION,
    )
    membership = services.invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == Role.CHAIR and membership.resolution_number == RESOLUTION["resolution_number"]


def test_who_may_grant_what(working_group, round_table, staff_user):
    manager = member_of(round_table, Role.MANAGER, label="kdo-muze")
    chair = member_of(round_table, Role.CHAIR, label="kdo-muze-predseda")
    assert grantable_roles(staff_user, round_table) == frozenset(Role.values)
    assert grantable_roles(manager, round_table) == {Role.MEMBER, Role.SUBSTITUTE, Role.GUEST}
    assert grantable_roles(manager, working_group) == frozenset()
    assert grantable_roles(chair, round_table) == frozenset()  # the chair approves; the manager invites
