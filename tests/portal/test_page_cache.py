"""Anonymous visitors get public pages from the cache; publishing or changing shown data retires it."""

import pytest
from django.test import Client
from wagtail.models import Page

from portal.models import ContactSettings

pytestmark = pytest.mark.django_db


def uncached_client() -> Client:
    """A visitor with a session cookie: the page cache never serves or stores for them."""
    client = Client()
    client.cookies["sessionid"] = "no-such-session"
    return client


def test_second_anonymous_visit_costs_no_query(site_pages, django_assert_num_queries):
    client = Client()
    first = client.get("/")
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not second.cookies  # no session or CSRF cookie on anonymous public pages


def test_languages_are_cached_apart():
    client = Client()
    assert '<html lang="cs">' in client.get("/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    assert '<html lang="cs">' in client.get("/").content.decode()


def test_publishing_retires_the_cached_page(site_pages):
    client = Client()
    page = site_pages["about"]
    assert "Nový název stránky" not in client.get("/").content.decode()
    page.title = "Nový název stránky"
    page.save_revision().publish()
    assert "Nový název stránky" in client.get("/").content.decode()  # the menu shows it


def test_unpublishing_retires_the_cached_page(site_pages):
    client = Client()
    page = site_pages["contact"]
    assert client.get("/kontaktni-centrum/").status_code == 200
    page.unpublish()
    assert client.get("/kontaktni-centrum/").status_code == 404
    assert 'href="/kontaktni-centrum/"' not in client.get("/").content.decode()


def test_changing_the_contact_centre_retires_the_cached_footer():
    client = Client()
    client.get("/")
    contact = ContactSettings.objects.get()
    contact.phone = "+420 111 222 333"
    contact.save()
    assert "+420 111 222 333" in client.get("/").content.decode()


def test_signed_in_visitors_never_get_the_anonymous_copy(member):
    Client().get("/")
    client = Client()
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Odhlásit se" in html and "Přihlásit se" not in html


def test_uncached_home_page_runs_at_most_10_queries(site_pages, django_assert_max_num_queries):
    client = uncached_client()
    client.get("/")  # warms the frame cache (menu, footer, language links), as in steady state
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_deleting_a_page_retires_the_cache(site_pages):
    client = Client()
    page = site_pages["accessibility"]
    client.get("/prohlaseni-o-pristupnosti/")
    Page.objects.get(pk=page.pk).delete()
    assert client.get("/prohlaseni-o-pristupnosti/").status_code == 404
