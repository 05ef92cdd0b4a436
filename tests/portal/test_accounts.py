"""Accounts through allauth: e-mail login, verification, no enumeration, rate limits, two-factor."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail

from groups.models import Role
from groups.services import invitation_create
from portal.models import User
from tests.conftest import PASSWORD, make_user
from tests.factories import OrganisationFactory
from tests.groups.conftest import member_of

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_up_gives_no_rights_until_the_invitation_is_accepted(client, working_group):
    # Sign-up is by invitation only (tests/portal/test_signup.py); the invitation link proves the address.
    _invitation, token = invitation_create(
        body=working_group,
        email="novy@example.org",
        organisation=OrganisationFactory(),
        role=Role.MEMBER,
        invited_by=member_of(working_group, Role.MANAGER, label="zvouci"),
    )
    client.get(f"/clenove/pozvanka/{token}/")
    response = client.post(
        "/ucet/signup/",
        {
            "email": "novy@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Eva",
            "last_name": "Malá",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="novy@example.org")
    assert not user.is_staff and not user.is_superuser and not user.groups.exists()
    assert not user.memberships.exists() and not user.has_perm("wagtailadmin.access_admin")


def test_unverified_user_cannot_sign_in(client):
    make_user("neovereny@example.org", verified=False)
    response = client.post("/ucet/login/", {"login": "neovereny@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/ucet/confirm-email/"


def test_sign_in_by_e_mail(client, member):
    response = client.post("/ucet/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_wrong_password_shows_a_czech_error(client, member):
    response = client.post("/ucet/login/", {"login": member.email, "password": "spatne-heslo"})
    assert response.status_code == 200
    assert "Zadaný e-mail nebo heslo není správné." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_who_has_an_account(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # account mail leaves through the outbox
        known = client.post("/ucet/password/reset/", {"email": member.email})
        unknown = client.post("/ucet/password/reset/", {"email": "nikdo@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2  # the stranger is told there is no account, in the same way


def test_failed_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post("/ucet/login/", {"login": member.email, "password": "spatne"})
    response = client.post("/ucet/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_account_pages_in_czech_and_english(client):
    czech = client.get("/ucet/login/").content.decode()
    assert '<html lang="cs">' in czech and "Přihlásit" in czech and "Přeskočit na obsah" in czech
    english = client.get("/en/account/login/").content.decode()
    assert '<html lang="en">' in english and "Sign In" in english


def test_admin_login_is_no_side_door(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/ucet/login/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/")["Location"].startswith("/ucet/login/")
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 405


def test_admin_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_staff_must_set_up_two_factor_first(client, staff_user):
    client.post("/ucet/login/", {"login": staff_user.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == staff_user.pk
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/ucet/2fa/totp/activate/"
    # signed in a moment ago: not asked for the password again before adding the second factor
    activate = client.get("/ucet/2fa/totp/activate/")
    assert activate.status_code == 200 and "data:image/svg+xml;base64," in activate.content.decode()  # the QR code
    assert client.get("/")["Location"] == "/ucet/2fa/totp/activate/"  # the public site too, until it is done


def test_members_are_offered_but_not_forced_into_two_factor(client, member):
    client.force_login(member)
    assert client.get("/").status_code == 200
    assert client.get("/ucet/2fa/").status_code == 200


def test_staff_with_totp_signs_in_with_a_code_and_reaches_the_admin(client, staff_user):
    secret = generate_totp_secret()
    TOTP.activate(staff_user, secret)
    response = client.post("/ucet/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response["Location"] == "/ucet/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/ucet/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    client.post("/ucet/2fa/authenticate/", {"code": current_code(secret)})
    assert int(client.session["_auth_user_id"]) == staff_user.pk
    assert client.get("/admin/").status_code == 200


def test_anyone_with_admin_access_must_use_two_factor(client):
    from django.contrib.auth.models import Group

    moderator = make_user("moderator@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))  # admin access without is_staff
    client.post("/ucet/login/", {"login": moderator.email, "password": PASSWORD})
    assert client.get("/admin/pages/")["Location"] == "/ucet/2fa/totp/activate/"


def test_foreign_next_is_dropped_after_login(client, member):
    response = client.post("/ucet/login/?next=https://evil.example/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_accounts_login_address_leads_to_the_czech_login(client):
    response = client.get("/accounts/login/?next=/clenove/")
    assert response["Location"] == "/ucet/login/?next=/clenove/"
    assert client.get(response["Location"]).status_code == 200


def test_admin_cannot_change_e_mail_outside_allauth(client, staff_user):
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)
    html = client.get("/admin/account/").content.decode()
    assert 'name="email"' not in html


def test_a_person_gives_their_name_title_and_position_and_registers_use_it(client, working_group):
    person = member_of(working_group, Role.MEMBER, label="bez-jmena")
    User.objects.filter(pk=person.pk).update(first_name="", last_name="")
    client.force_login(person)
    page = client.get("/ucet/profil/")
    assert page.status_code == 200 and 'name="position"' in page.content.decode()
    refused = client.post("/ucet/profil/", {"first_name": "", "last_name": "Nová", "title": "Mgr."})
    assert refused.status_code == 400 and 'value="Nová"' in refused.content.decode()
    assert User.objects.get(pk=person.pk).last_name == ""  # nothing saved from a refused form
    client.post(
        "/ucet/profil/",
        {"first_name": "Petra", "last_name": "Nová", "title": "Mgr.", "position": "sociální pracovnice"},
    )
    person.refresh_from_db()
    assert str(person) == "Mgr. Petra Nová" and person.position == "sociální pracovnice"
    register = client.get(f"/clenove/{working_group.pk}/").content.decode()
    assert "Mgr. Petra Nová" in register


def test_profile_is_for_signed_in_people_only(client):
    response = client.get("/ucet/profil/")
    assert response.status_code == 302 and "/ucet/login/" in response["Location"]


def test_two_factor_pages_read_correct_czech():
    """allauth's Czech said the ten codes left were "used", and misspelt "ověřovací" (corrected in
    locale_wagtail/)."""
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    singular = "There is %(unused_count)s out of %(total_count)s recovery codes available."
    plural = "There are %(unused_count)s out of %(total_count)s recovery codes available."
    with translation.override("cs"):
        left = ngettext(singular, plural, 10) % {"unused_count": 10, "total_count": 10}
        assert left == "Zbývá 10 nepoužitých záchranných kódů z celkových 10."
        assert gettext("Re-send Verification") == "Znovu zaslat ověřovací e-mail"


def test_recovery_codes_page_counts_what_is_left_and_leads_on(client, member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.conftest import sign_in_fresh

    TOTP.activate(member, generate_totp_secret())
    RecoveryCodes.activate(member)
    sign_in_fresh(client, member)
    html = client.get("/ucet/2fa/recovery-codes/").content.decode()
    assert "Zbývá 10 nepoužitých záchranných kódů z celkových 10." in html
    assert 'href="/clenove/"' in html and "Hotovo: pokračovat do části pro členy" in html


def test_a_sign_in_minutes_old_is_asked_to_re_authenticate_for_two_factor_settings(client, staff_user):
    import time

    client.post("/ucet/login/", {"login": staff_user.email, "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - 600  # ten minutes ago: beyond allauth's re-authentication window
    session.save()
    assert client.get("/ucet/2fa/totp/activate/")["Location"].startswith("/ucet/reauthenticate/")
