"""Regression tests for holes a review found: each would reopen if its fix were undone."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from groups import services
from groups.models import Membership, Role
from portal.models import User
from tests.conftest import PASSWORD, make_user
from tests.factories import OrganisationFactory
from tests.groups.conftest import RESOLUTION, editor, member_of, person, with_totp

pytestmark = pytest.mark.django_db


def test_leader_without_a_name_is_shown_by_organisation_never_by_e_mail(working_group, organisation):
    nameless = User.objects.create_user(username="bezejmenny", email="bezejmenny@example.org", password=PASSWORD)
    services.membership_create(
        person=nameless, organisation=organisation, body=working_group, role=Role.CHAIR, **RESOLUTION
    )
    html = Client().get(working_group.url).content.decode()
    assert "bezejmenny@example.org" not in html
    assert organisation.display_name in html


def test_history_and_usage_of_foreign_records_are_closed(client, manager, round_table, organisation):
    foreign = Membership.objects.get(person=member_of(round_table, Role.MEMBER, label="cizi"))
    for url in (f"/admin/groups/memberships/history/{foreign.pk}/", f"/admin/groups/memberships/usage/{foreign.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    invitation, _ = services.invitation_create(
        body=round_table,
        email="tajny@example.org",
        organisation=organisation,
        role=Role.MEMBER,
        invited_by=member_of(round_table, Role.MANAGER, label="jiny-manazer"),
    )
    response = client.get(f"/admin/groups/invitations/history/{invitation.pk}/")
    assert response.status_code in (302, 403) and "tajny@example.org" not in response.content.decode()


def test_membership_form_offers_only_people_of_my_bodies(client, manager):
    stranger = make_user("nekdo-uplne-cizi@example.org")
    html = client.get("/admin/groups/memberships/new/").content.decode()
    assert stranger.email not in html


def test_manager_cannot_record_their_own_membership(client, manager, working_group, organisation):
    response = client.post(
        "/admin/groups/memberships/new/",
        {
            "person": manager.pk,
            "organisation": organisation.pk,
            "body": working_group.pk,
            "role": Role.CHAIR,
            "term_start": "2026-01-13",
            "resolution_number": "1/RM",
            "resolution_date": "2026-01-13",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(person=manager, role=Role.CHAIR).exists()


def test_manager_cannot_accept_own_invitation(manager, working_group, organisation):
    EmailAddress.objects.filter(user=manager).update(verified=True)
    invitation, _ = services.invitation_create(
        body=working_group,
        email="druhy@example.org",
        organisation=organisation,
        role=Role.MEMBER,
        invited_by=manager,
    )
    EmailAddress.objects.create(user=manager, email="druhy@example.org", verified=True)
    with pytest.raises(Exception, match="sami"):
        services.invitation_accept(invitation=invitation, user=manager)


def test_an_ended_membership_cannot_be_ended_again(working_group, organisation):
    user = person()
    services.membership_create(
        person=user,
        organisation=organisation,
        body=working_group,
        role=Role.MEMBER,
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2021, 1, 1),
        **RESOLUTION,
    )
    membership = Membership.objects.get(person=user)
    with pytest.raises(Exception, match="už skončilo"):
        services.membership_end(membership=membership)
    membership.refresh_from_db()
    assert membership.term_end == datetime.date(2021, 1, 1)


def test_editing_keeps_person_body_and_start_read_only_for_managers(client, manager, working_group):
    target = Membership.objects.get(person=member_of(working_group, Role.MEMBER, label="cil"))
    other = member_of(working_group, Role.MEMBER, label="jiny")
    client.post(
        f"/admin/groups/memberships/edit/{target.pk}/",
        {
            "person": other.pk,
            "organisation": target.organisation_id,
            "body": working_group.pk,
            "role": Role.MEMBER,
            "term_start": "2020-01-01",
            "term_end": "",
            "resolution_number": "9/RM",
            "resolution_date": "2026-01-13",
            "note": "upraveno",
        },
    )
    target.refresh_from_db()
    assert target.person_id != other.pk and target.term_start != datetime.date(2020, 1, 1)


def test_daily_sync_removes_admin_access_when_a_term_runs_out(working_group, organisation):
    leader = person("odchazejici")
    services.membership_create(
        person=leader,
        organisation=organisation,
        body=working_group,
        role=Role.MANAGER,
        term_start=datetime.date(2025, 1, 1),
        **RESOLUTION,
    )
    assert leader.has_perm("wagtailadmin.access_admin")
    Membership.objects.filter(person=leader).update(term_end=timezone.localdate())  # the term ran out today
    call_command("sync_admin_access", stdout=None)
    leader = User.objects.get(pk=leader.pk)
    assert not leader.has_perm("wagtailadmin.access_admin")


def test_managers_cannot_change_shared_organisations(client, manager):
    organisation = OrganisationFactory(name="Sdílená organizace")
    response = client.post(
        f"/admin/snippets/groups/organisation/edit/{organisation.pk}/",
        {"name": "Přejmenováno", "kind": organisation.kind},
    )
    organisation.refresh_from_db()
    assert response.status_code in (302, 403) and organisation.name == "Sdílená organizace"


def test_restricting_a_page_retires_its_cached_copy(working_group):
    client = Client()
    assert client.get(working_group.url).status_code == 200
    PageViewRestriction.objects.create(page=working_group, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(working_group.url).status_code == 302


def test_deactivated_people_disappear_from_public_and_internal_lists(working_group):
    user = member_of(working_group, Role.CHAIR)
    assert user.last_name in Client().get(working_group.url).content.decode()
    User.objects.filter(pk=user.pk).update(is_active=False)
    User.objects.get(pk=user.pk).save()  # any save of a user retires the cached pages
    assert user.last_name not in Client().get(working_group.url).content.decode()


def test_query_strings_are_neither_served_from_nor_stored_in_the_cache():
    from portal.models import HomePage

    Client().get("/")  # cached now
    HomePage.objects.filter(locale__language_code="cs").update(title="Změněno bez signálu")
    assert "Změněno bez signálu" not in Client().get("/").content.decode()  # the cached copy
    assert "Změněno bez signálu" in Client().get("/?utm=1").content.decode()  # not from the cache
    assert "Změněno bez signálu" in Client().get("/?utm=2").content.decode()  # and nothing stored under "/"
    assert "Změněno bez signálu" not in Client().get("/").content.decode()


def test_invitation_link_does_not_hand_the_address_to_another_sign_up(working_group, organisation):
    invitation, token = services.invitation_create(
        body=working_group,
        email="obet@example.org",
        organisation=organisation,
        role=Role.MEMBER,
        invited_by=member_of(working_group, Role.MANAGER, label="manazer2"),
    )
    visitor = Client()
    visitor.get(f"/clenove/pozvanka/{token}/")
    services.invitation_revoke(invitation=invitation)
    visitor.post(
        "/ucet/signup/",
        {
            "email": "utocnik@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Eva",
            "last_name": "Malá",
        },
    )
    # The revoked invitation no longer opens sign-up at all (sign-up is by invitation only).
    assert not User.objects.filter(email="utocnik@example.org").exists()
    assert not EmailAddress.objects.filter(email__iexact="obet@example.org").exists()


def test_accepting_with_a_second_address_while_already_a_member_is_refused(working_group, organisation):
    member = member_of(working_group, Role.MEMBER)
    EmailAddress.objects.create(user=member, email="druha-adresa@example.org", verified=True)
    invitation, _ = services.invitation_create(
        body=working_group,
        email="druha-adresa@example.org",
        organisation=organisation,
        role=Role.MEMBER,
        invited_by=member_of(working_group, Role.MANAGER, label="manazer3"),
    )
    with pytest.raises(Exception, match="Už jste aktivním členem"):
        services.invitation_accept(invitation=invitation, user=member)


def test_moderators_cannot_lock_bodies_and_editors_cannot_found_them(client, working_group):
    moderator = with_totp(person("moderator"))
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    client.post(f"/admin/pages/{working_group.pk}/lock/")
    working_group.refresh_from_db()
    assert not working_group.locked
    index = working_group.get_parent()
    writer = with_totp(editor())
    client.force_login(writer)
    assert client.get(f"/admin/pages/add/groups/bodypage/{index.pk}/").status_code in (302, 403)


def test_english_body_page_shows_the_register_of_the_czech_one(working_group):
    from tests.factories import OrganisationFactory, UserFactory, translate
    from tests.factories import member_of as add_member

    translate(working_group.get_parent(), title="Groups", slug="groups")
    english = translate(working_group, title="Social housing working group", slug="working-group")
    chair = UserFactory(first_name="Lenka", last_name="Pokorná")
    add_member(working_group, Role.CHAIR, person=chair, organisation=OrganisationFactory(name="Heimstaden Czech"))
    html = Client().get(english.url).content.decode()
    assert "Heimstaden Czech" in html and "Lenka Pokorná" in html
