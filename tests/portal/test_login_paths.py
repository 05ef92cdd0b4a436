"""Every sign-in goes through allauth: no other view in the URL tree checks a password."""

import re
import uuid

import pytest
from django.contrib.auth.backends import BaseBackend
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from wagtail.models import PageViewRestriction

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PASSWORD_CHECKS: list[dict] = []

SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


class RecordingBackend(BaseBackend):
    """Put first in AUTHENTICATION_BACKENDS: notes every attempt to authenticate with a password."""

    def authenticate(self, request, **credentials):
        if credentials.get("password"):
            PASSWORD_CHECKS.append(credentials)
        return None


def _concrete(pattern) -> str | None:
    """A path that the pattern matches, with sample values for its parameters."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "x"), str(pattern._route))
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern
        for candidate in ("", "x/", "1/", "x"):
            if re.match(regex, candidate):
                return candidate
    return None


def _every_path(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):  # Czech at the root, English under /en/
            parts = ["", "en/"]
        else:
            parts = [part] if (part := _concrete(entry.pattern)) is not None else []
        for part in parts:
            if isinstance(entry, URLResolver):
                yield from _every_path(entry, prefix + part)
            elif isinstance(entry, URLPattern):
                yield "/" + prefix + part


def _is_allauth(path: str) -> bool:
    return resolve(path).func.__module__.startswith("allauth.")


@override_settings(
    AUTHENTICATION_BACKENDS=[f"{__name__}.RecordingBackend", "portal.auth_backends.AuthenticationBackend"]
)
def test_no_view_but_allauths_checks_a_password(client):
    """POST a real person's credentials, under every field name a login form uses, to every URL."""
    user = make_user("spravce.webu@example.org", is_staff=True, is_superuser=True)
    user.username = "spravce"  # a guessable username, as the e-mail's local part
    user.save()
    credentials = {"username": "spravce", "login": user.email, "email": user.email, "password": PASSWORD}
    checked_by = set()
    paths = sorted(set(_every_path()))
    assert len(paths) > 350  # the whole tree: Wagtail's admin, allauth, our apps
    for path in paths:
        PASSWORD_CHECKS.clear()
        client.post(path, credentials)
        if PASSWORD_CHECKS or "_auth_user_id" in client.session:
            checked_by.add(path)
        client.logout()
    outside_allauth = sorted(path for path in checked_by if not _is_allauth(path))
    assert outside_allauth == []
    assert "/ucet/login/" in checked_by  # the probe does detect a login view


@pytest.mark.parametrize("path", ["/_util/login/", "/en/_util/login/", "/admin/login/", "/accounts/login/"])
def test_old_login_addresses_lead_to_allauth(client, path):
    response = client.get(path + "?next=/clenove/")
    assert response.status_code == 302
    assert re.match(r"^(/en)?/(ucet|account)/login/\?next=(/|%2F)clenove(/|%2F)$", response["Location"])


def test_wagtail_frontend_login_is_no_way_around_two_factor_or_rate_limits(client):
    """The attack from the report: 30 wrong passwords, then the right one, on Wagtail's login form."""
    user = make_user("admin.webu@example.org", is_staff=True, is_superuser=True)
    for attempt in range(31):
        password = PASSWORD if attempt == 30 else f"spatne-{attempt}"
        client.post("/_util/login/", {"username": user.username, "password": password})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/users/").status_code == 302


def test_restricted_page_sends_visitors_to_allauth(client, working_group):
    PageViewRestriction.objects.create(page=working_group, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(working_group.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/ucet/login/?next=")
