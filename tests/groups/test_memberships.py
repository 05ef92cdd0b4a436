"""The membership register: its rules, its history, and the access it grants and removes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from groups import permissions, services
from groups.models import Membership, Role
from groups.selectors import body_membership_history, body_roster
from tests.groups.conftest import RESOLUTION, member_of, person

pytestmark = pytest.mark.django_db


def test_term_end_before_start_is_refused(working_group, organisation):
    with pytest.raises(ValidationError) as error:
        services.membership_create(
            person=person(),
            organisation=organisation,
            body=working_group,
            role=Role.MEMBER,
            term_start=datetime.date(2026, 5, 1),
            term_end=datetime.date(2026, 4, 1),
            **RESOLUTION,
        )
    assert "nemůže skončit dřív" in str(error.value)
    assert not Membership.objects.filter(term_start=datetime.date(2026, 5, 1)).exists()


def test_second_active_membership_in_the_same_role_is_refused(working_group, organisation):
    user = member_of(working_group, Role.MEMBER)
    with pytest.raises(ValidationError, match="už"):
        services.membership_create(person=user, organisation=organisation, body=working_group, role=Role.MEMBER)
    assert Membership.objects.filter(person=user).count() == 1
    # another role in the same body is fine
    services.membership_create(person=user, organisation=organisation, body=working_group, role=Role.SUBSTITUTE)


def test_working_group_chair_needs_a_council_resolution(working_group, round_table, organisation):
    with pytest.raises(ValidationError, match="usnesení rady"):
        services.membership_create(person=person(), organisation=organisation, body=working_group, role=Role.CHAIR)
    services.membership_create(person=person(), organisation=organisation, body=round_table, role=Role.CHAIR)


def test_ending_removes_access_at_once_and_keeps_history(working_group):
    user = member_of(working_group, Role.MANAGER)
    assert permissions.can_manage(user, working_group)
    assert user.groups.filter(name__startswith=services.ADMIN_GROUP_PREFIX).exists()
    membership = Membership.objects.get(person=user, body=working_group)
    services.membership_end(membership=membership)
    user = type(user).objects.get(pk=user.pk)  # a fresh request
    assert not permissions.can_view_internal(user, working_group)
    assert not user.groups.filter(name__startswith=services.ADMIN_GROUP_PREFIX).exists()
    assert membership not in body_roster(working_group)
    assert membership in body_membership_history(working_group)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_who_was_a_member_when(working_group, organisation):
    user = person()
    services.membership_create(
        person=user,
        organisation=organisation,
        body=working_group,
        role=Role.MEMBER,
        term_start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2025, 1, 1),
        **RESOLUTION,
    )
    assert Membership.objects.active(on=datetime.date(2024, 6, 1)).filter(person=user).exists()
    assert not Membership.objects.active(on=datetime.date(2025, 1, 1)).filter(person=user).exists()
    # a new term after the old one ended is allowed; an overlapping one is not
    services.membership_create(
        person=user,
        organisation=organisation,
        body=working_group,
        role=Role.MEMBER,
        term_start=datetime.date(2025, 6, 1),
        **RESOLUTION,
    )
    with pytest.raises(ValidationError):
        services.membership_create(
            person=user,
            organisation=organisation,
            body=working_group,
            role=Role.MEMBER,
            term_start=datetime.date(2024, 12, 1),
            term_end=datetime.date(2025, 7, 1),
            **RESOLUTION,
        )


def test_ending_before_the_start_is_refused(working_group):
    user = member_of(working_group, Role.MEMBER)
    membership = Membership.objects.get(person=user)
    with pytest.raises(ValidationError):
        services.membership_end(membership=membership, on=membership.term_start - datetime.timedelta(days=1))
    membership.refresh_from_db()
    assert membership.term_end is None


def test_members_dashboard_lists_my_bodies_and_roles(client, working_group, round_table):
    user = member_of(working_group, Role.MEMBER)
    client.force_login(user)
    html = client.get("/clenove/").content.decode()
    assert working_group.title in html and "Člen" in html
    assert round_table.title not in html
    assert client.get("/en/members/").status_code == 200
