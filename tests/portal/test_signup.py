"""Sign-up is by invitation only (portal/signup.py, groups' hook): without a pending invitation opened
in the session the sign-up page is closed and says why, in Czech, pointing to the newsletter."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from groups import services
from groups.models import Invitation, Role
from portal.models import User
from tests.conftest import PASSWORD
from tests.factories import OrganisationFactory
from tests.groups.conftest import member_of

pytestmark = pytest.mark.django_db

INVITED = "pozvana@example.org"
CLOSED = "Účty jen na pozvání"
SIGNUP = "/ucet/signup/"


def sign_up(client, email=INVITED, **names):
    names = names or {"first_name": "Petra", "last_name": "Nová"}
    return client.post(SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD, **names})


@pytest.fixture
def invitation_link(working_group) -> tuple[Invitation, str]:
    invitation, token = services.invitation_create(
        body=working_group,
        email=INVITED,
        organisation=OrganisationFactory(),
        role=Role.MEMBER,
        invited_by=member_of(working_group, Role.MANAGER, label="zvouci"),
    )
    return invitation, f"/clenove/pozvanka/{token}/"


def test_without_an_invitation_sign_up_is_closed_and_points_to_the_newsletter(client):
    page = client.get(SIGNUP)
    html = page.content.decode()
    assert page.status_code == 200 and CLOSED in html
    assert "Pozvánku vám e-mailem pošle manažer skupiny" in html
    assert 'href="/zpravodaj/"' in html and "účet k tomu nepotřebujete" in html
    assert 'name="password1"' not in html
    response = sign_up(client)
    assert CLOSED in response.content.decode()
    assert not User.objects.filter(email=INVITED).exists() and len(mail.outbox) == 0


def test_sign_in_page_offers_no_sign_up(client):
    html = client.get("/ucet/login/").content.decode()
    assert SIGNUP not in html
    assert "Účty vznikají na pozvání manažera skupiny" in html and 'href="/zpravodaj/"' in html


def test_with_a_pending_invitation_the_invited_address_signs_up(client, invitation_link):
    _invitation, link = invitation_link
    client.get(link)
    form = client.get(SIGNUP).content.decode()
    assert 'name="password1"' in form and f'value="{INVITED}"' in form
    assert 'name="first_name"' in form and 'name="position"' in form
    response = sign_up(client, first_name="Petra", last_name="Nová", title="Mgr.", position="sociální pracovnice")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    user = User.objects.get(email=INVITED)
    assert user.emailaddress_set.get().verified
    assert str(user) == "Mgr. Petra Nová" and user.position == "sociální pracovnice"


def test_sign_up_asks_for_the_name_and_keeps_what_was_typed(client, invitation_link):
    client.get(invitation_link[1])
    response = sign_up(client, first_name="", last_name="Nová", position="terénní pracovnice")
    html = response.content.decode()
    assert response.status_code == 200 and not User.objects.filter(email=INVITED).exists()
    assert "Toto pole je povinné." in html
    assert 'value="Nová"' in html and 'value="terénní pracovnice"' in html


def test_an_invitation_signs_up_no_other_address(client, invitation_link):
    client.get(invitation_link[1])
    response = sign_up(client, "nekdo-jiny@example.org")
    assert response.status_code == 200
    assert f"Zaregistrujte se s adresou, na kterou přišla pozvánka: {INVITED}." in response.content.decode()
    assert not User.objects.filter(email="nekdo-jiny@example.org").exists()


@pytest.mark.parametrize("ended", ["expired", "revoked", "accepted"])
def test_an_invitation_no_longer_pending_closes_sign_up_again(invitation_link, ended):
    invitation, link = invitation_link
    visitor = Client()
    visitor.get(link)
    changes = {
        "expired": {"expires_at": timezone.now() - datetime.timedelta(seconds=1)},
        "revoked": {"revoked_at": timezone.now()},
        "accepted": {"accepted_at": timezone.now()},
    }[ended]
    Invitation.objects.filter(pk=invitation.pk).update(**changes)
    assert CLOSED in visitor.get(SIGNUP).content.decode()
    assert CLOSED in sign_up(visitor).content.decode()
    assert not User.objects.filter(email=INVITED).exists()


def test_password_reset_for_an_unknown_address_explains_invitations(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # account mail leaves through the outbox
        client.post("/ucet/password/reset/", {"email": "nikdo@example.org"})
    body = mail.outbox[-1].body
    assert "Pozvánku vám e-mailem pošle manažer skupiny" in body
    assert "http://testserver/ucet/signup/" in body  # the page that explains it, with the newsletter
