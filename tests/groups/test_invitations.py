"""The invitation flow end to end, and every way an invitation can be refused."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from groups.models import Invitation, Membership, Role
from tests.conftest import PASSWORD, make_user
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, working_group):
    manager = with_totp(member_of(working_group, Role.MANAGER))
    client.force_login(manager)
    return client


def invite(client, body, organisation, email="pozvany@example.org", **extra):
    data = {"email": email, "organisation": organisation.pk, "role": Role.MEMBER, **extra}
    return client.post(f"/clenove/{body.pk}/pozvat/", data)


def link_from_mail() -> str:
    return re.search(r"http://\S+/clenove/pozvanka/\S+/", mail.outbox[-1].body).group(0)


def test_invite_sign_up_accept_and_see_the_internal_page(
    manager_client, client, working_group, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(manager_client, working_group, organisation)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["pozvany@example.org"]
    assert "Pozvánka" in mail.outbox[-1].subject
    path = link_from_mail().split("127.0.0.1:8000")[-1]
    invitation = Invitation.objects.get(email="pozvany@example.org")
    assert invitation.token_hash not in mail.outbox[-1].body  # only the hash is stored, only the token is sent

    client.logout()
    page = client.get(path)
    assert (
        page.status_code == 200
        and "přihlaste nebo si založte účet s adresou pozvany@example.org" in page.content.decode()
    )
    # Signing up with the invited address needs no second verification e-mail: the link proved it.
    sent_before = len(mail.outbox)
    client.post(
        "/ucet/signup/",
        {
            "email": "pozvany@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Eva",
            "last_name": "Malá",
        },
    )
    assert "_auth_user_id" in client.session and len(mail.outbox) == sent_before
    accepted = client.post(path)
    assert accepted["Location"] == f"/clenove/{working_group.pk}/"
    membership = Membership.objects.get(person__email="pozvany@example.org", body=working_group)
    assert membership.is_active and membership.organisation == organisation and membership.role == Role.MEMBER
    assert client.get(f"/clenove/{working_group.pk}/").status_code == 200

    # single use
    again = client.post(path)
    assert again.status_code == 410 and "už byla použita" in again.content.decode()


def test_expired_revoked_and_tampered_links_are_refused(manager_client, working_group, organisation):
    invite(manager_client, working_group, organisation)
    invitation = Invitation.objects.get()
    user = make_user("pozvany@example.org")
    invitee = Client()
    invitee.force_login(user)
    assert invitee.get(f"/clenove/pozvanka/{'x' * 43}/").status_code == 404

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    from groups.services import invitation_accept

    with pytest.raises(Exception, match="vypršela"):
        invitation_accept(invitation=invitation, user=user)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    manager_client.post(f"/clenove/pozvanky/{invitation.pk}/zrusit/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(Exception, match="zrušil"):
        invitation_accept(invitation=invitation, user=user)
    assert not Membership.objects.filter(person=user).exists()


def test_expired_link_page_says_so(
    manager_client, working_group, organisation, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, working_group, organisation)
    path = link_from_mail().split("127.0.0.1:8000")[-1]
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    response = client.get(path)
    assert response.status_code == 410 and "Platnost pozvánky vypršela" in response.content.decode()


def test_invitations_expire_after_14_days_by_default(manager_client, working_group, organisation):
    invite(manager_client, working_group, organisation)
    invitation = Invitation.objects.get()
    assert abs((invitation.expires_at - timezone.now()) - datetime.timedelta(days=14)) < datetime.timedelta(minutes=1)


def test_accepting_with_another_address_is_refused(
    manager_client, working_group, organisation, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, working_group, organisation)
    path = link_from_mail().split("127.0.0.1:8000")[-1]
    stranger = make_user("jiny@example.org")
    client.force_login(stranger)
    response = client.post(path, follow=True)
    assert "Pro přijetí se přihlaste s touto adresou" in response.content.decode()
    assert not Membership.objects.filter(person=stranger).exists()


def test_reinviting_an_active_member_is_refused(manager_client, working_group, organisation):
    member = member_of(working_group, Role.MEMBER)
    response = invite(manager_client, working_group, organisation, email=member.email)
    assert response.status_code == 200
    assert "už je aktivním členem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_email_is_refused_in_czech(manager_client, working_group, organisation):
    response = invite(manager_client, working_group, organisation, email="neni-to-email")
    assert response.status_code == 200
    assert "Zadejte platnou e-mailovou adresu." in response.content.decode()
    assert not Invitation.objects.exists() and len(mail.outbox) == 0


def test_chair_invitation_to_a_working_group_needs_a_resolution(client, staff_user, working_group, organisation):
    client.force_login(with_totp(staff_user))  # chairs are recorded by administrators only
    response = invite(client, working_group, organisation, role=Role.CHAIR)
    assert "potřebuje usnesení rady" in response.content.decode()
    assert not Invitation.objects.exists()
    ok = invite(
        client,
        working_group,
        organisation,
        role=Role.CHAIR,
        resolution_number="5/RM/2026",
        resolution_date="2026-02-03",
    )
    assert ok.status_code == 302 and Invitation.objects.get().resolution_number == "5/RM/2026"


def test_round_table_chair_needs_no_resolution(client, staff_user, round_table, organisation):
    client.force_login(with_totp(staff_user))
    assert invite(client, round_table, organisation, role=Role.CHAIR).status_code == 302


def test_someone_with_an_account_also_gets_an_in_app_notification(manager_client, working_group, organisation):
    from portal.models import Notification

    existing = make_user("ma-ucet@example.org")
    invite(manager_client, working_group, organisation, email="MA-UCET@example.org")
    notification = Notification.objects.get(recipient=existing)
    assert notification.kind == "groups.invitation" and working_group.title in notification.title
    assert notification.url == "/clenove/"  # the token stays in the e-mail only
    invite(manager_client, working_group, organisation, email="nikdo-takovy@example.org")
    assert Notification.objects.filter(kind="groups.invitation").count() == 1
