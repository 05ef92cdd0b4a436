import pytest

from tests.conftest import PASSWORD


def csp(response) -> dict[str, str]:
    directives = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")]
    return {name: (rest[0] if rest else "") for name, *rest in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/", "/o-pracovni-skupine/", "/ucet/login/", "/neexistuje/", "/robots.txt"])
def test_public_responses_carry_the_security_headers(client, url):
    response = client.get(url, secure=True)
    policy = csp(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_admin_may_frame_its_own_previews_but_nobody_else_may(client, staff_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)
    admin = client.get("/admin/pages/")
    assert admin.status_code == 200
    assert csp(admin)["frame-ancestors"] == "'self'"  # page previews are same-origin frames
    assert "https:" not in csp(admin)["img-src"] and "*" not in admin["Content-Security-Policy"]
    assert csp(client.get("/"))["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, member):
    client.get("/ucet/login/")
    response = client.post("/ucet/login/", {"login": member.email, "password": PASSWORD})
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/clenove/", "/oznameni/", "/clenove/ukoly/", "/", "/dobra-praxe/"])
def test_whatever_a_signed_in_person_gets_is_never_stored(client, member, library, url):
    """Their name is in the header of every page, and members' pages are theirs alone."""
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["groups:invitation", "newsletter_confirm", "newsletter_unsubscribe"])
def test_personal_links_are_never_stored(client, name):
    from django.urls import reverse

    assert _no_store(client.get(reverse(name, args=["neplatny-token"])))


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(client):
    assert not _no_store(client.get("/"))
