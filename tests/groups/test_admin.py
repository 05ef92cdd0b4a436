"""Managers and chairs reach the Wagtail admin only for their own body."""

import pytest

from groups.models import Membership, Role
from portal.models import HomePage
from tests.groups.conftest import member_of

pytestmark = pytest.mark.django_db


def test_manager_edits_own_body_and_its_subgroups_only(client, manager, working_group, subgroup, round_table):
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{working_group.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{subgroup.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{round_table.pk}/edit/").status_code == 302
    home = HomePage.objects.get(locale__language_code="cs")
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 302


def test_register_lists_only_own_bodies(client, manager, working_group, round_table):
    other = member_of(round_table, Role.MEMBER, label="cizi")
    html = client.get("/admin/groups/memberships/").content.decode()
    assert "Spravce" in html
    assert other.email not in html and "Cizi" not in html
    foreign = Membership.objects.get(person=other)
    assert client.get(f"/admin/groups/memberships/edit/{foreign.pk}/").status_code == 302


def test_register_filters_and_exports_csv(client, manager, working_group):
    member = member_of(working_group, Role.MEMBER, label="exportovany")
    response = client.get("/admin/groups/memberships/?export=csv&role=member&active=true")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Exportovany" in body and "Spravce" not in body
    exported = next(line for line in body.splitlines() if "Exportovany" in line)
    assert working_group.title in exported and member.memberships.get().organisation.name in exported


def test_nobody_deletes_a_membership(client, manager, working_group):
    membership = Membership.objects.get(person=manager)
    assert client.get(f"/admin/groups/memberships/delete/{membership.pk}/").status_code in (302, 403, 404)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_form_refuses_bad_terms_with_a_message(client, manager, working_group, organisation):
    target = member_of(working_group, Role.MEMBER, label="cil")
    response = client.post(
        "/admin/groups/memberships/new/",
        {
            "person": target.pk,
            "organisation": organisation.pk,
            "body": working_group.pk,
            "role": Role.SUBSTITUTE,
            "term_start": "2026-05-01",
            "term_end": "2026-04-01",
            "resolution_number": "1/RM",
            "resolution_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "nemůže skončit dřív" in response.content.decode()
    assert not Membership.objects.filter(person=target, role=Role.SUBSTITUTE).exists()


def test_member_without_leading_role_has_no_admin(client, working_group):
    client.force_login(member_of(working_group, Role.MEMBER))
    assert client.get("/admin/").status_code == 302


def test_manager_invites_through_the_admin(
    client, manager, working_group, organisation, django_capture_on_commit_callbacks
):
    from django.core import mail

    from groups.models import Invitation

    data = {
        "body": working_group.pk,
        "email": "admin-pozvany@example.org",
        "organisation": organisation.pk,
        "role": Role.MEMBER,
        "resolution_number": "",
        "resolution_date": "",
        "message": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/groups/invitations/new/", data)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="admin-pozvany@example.org")
    assert invitation.invited_by == manager and invitation.status == "pending"
    assert "/clenove/pozvanka/" in mail.outbox[-1].body

    member = member_of(working_group, Role.MEMBER, label="uz-clen")
    again = client.post("/admin/groups/invitations/new/", {**data, "email": member.email})
    assert again.status_code == 200 and "už je aktivním členem" in again.content.decode()


def test_manager_cannot_invite_to_a_body_they_do_not_manage(client, manager, round_table, organisation):
    from groups.models import Invitation

    data = {"body": round_table.pk, "email": "x@example.org", "organisation": organisation.pk, "role": Role.MEMBER}
    response = client.post("/admin/groups/invitations/new/", data)
    assert response.status_code == 200  # the body is not among the choices: a field error
    assert not Invitation.objects.exists()


def test_manager_cannot_add_a_membership_to_a_body_they_do_not_manage(client, manager, round_table, organisation):
    target = member_of(round_table, Role.GUEST, label="mimo")
    response = client.post(
        "/admin/groups/memberships/new/",
        {
            "person": target.pk,
            "organisation": organisation.pk,
            "body": round_table.pk,
            "role": Role.MEMBER,
            "term_start": "2026-05-01",
            "term_end": "",
            "resolution_number": "",
            "resolution_date": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(person=target, role=Role.MEMBER).exists()
