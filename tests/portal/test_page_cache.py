"""Anonymous visitors get public pages from the cache; publishing or changing shown data retires it."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from portal import page_cache
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


def test_uncached_home_page_runs_three_queries(site_pages, django_assert_max_num_queries):
    client = uncached_client()
    client.get("/")  # warms the frame cache (menu, footer, language links) and the route, as in steady state
    with django_assert_max_num_queries(3):  # the home, its view restrictions (2)
        assert client.get("/").status_code == 200


def test_a_members_page_reads_no_site_for_its_frame(site_pages, member, django_assert_max_num_queries):
    """The frame's parts are kept per host: the members' area, which Wagtail does not route, needs no
    query for the site (two hosts of one site keep two copies, each right)."""
    client = Client()
    client.force_login(member)
    client.get("/clenove/ukoly/")
    with django_assert_max_num_queries(10) as captured:
        html = client.get("/clenove/ukoly/").content.decode()
    assert 'href="/kontaktni-centrum/"' in html and "socialni.bydleni@mpsv.cz" in html  # menu, footer
    assert not [query for query in captured.captured_queries if '"wagtailcore_site"' in query["sql"]]


def test_changing_a_site_retires_the_cache(site_pages):
    client = Client()
    assert 'href="/kontaktni-centrum/"' in client.get("/").content.decode()
    site = Site.objects.get(is_default_site=True)
    site.root_page = site_pages["about"]
    site.save()
    assert 'href="/kontaktni-centrum/"' not in client.get("/").content.decode()  # served from the new root


def test_deleting_a_page_retires_the_cache(site_pages):
    client = Client()
    page = site_pages["accessibility"]
    client.get("/prohlaseni-o-pristupnosti/")
    Page.objects.get(pk=page.pk).delete()
    assert client.get("/prohlaseni-o-pristupnosti/").status_code == 404


class CountingCache:
    """The cache backend, with each call (each round trip to Redis in production) noted by name."""

    def __init__(self, backend):
        self.backend = backend
        self.calls: list[str] = []

    def __getattr__(self, name):
        attribute = getattr(self.backend, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def counted_cache():
    counting = CountingCache(cache)
    with mock.patch.object(page_cache, "cache", counting):
        yield counting


# A standard page reads the cache twice: its site and route (portal.page_routes) with the frame every page
# shows (the home link, the menu, the footer), then the frame's parts of that page (its breadcrumbs, its
# language links). Each was a round trip of its own: six.
CACHED_READS = 2


def test_the_site_frame_is_read_with_the_route_and_the_page(site_pages, counted_cache):
    client = uncached_client()  # rendered, not served whole: the frame's fragments come from the cache
    assert client.get("/o-pracovni-skupine/").status_code == 200
    counted_cache.calls.clear()
    html = client.get("/o-pracovni-skupine/").content.decode()
    assert counted_cache.calls == ["get_many"] * CACHED_READS
    assert 'href="/kontaktni-centrum/"' in html and "socialni.bydleni@mpsv.cz" in html  # menu, footer
    assert 'class="breadcrumbs"' in html and 'hreflang="en"' in html  # the page's own parts


def test_a_members_page_reads_its_frame_with_the_site_in_one_round_trip(site_pages, member, counted_cache):
    client = Client()
    client.force_login(member)
    client.get("/clenove/ukoly/")
    counted_cache.calls.clear()
    html = client.get("/clenove/ukoly/").content.decode()
    assert counted_cache.calls == ["get_many"]
    assert 'href="/kontaktni-centrum/"' in html and "socialni.bydleni@mpsv.cz" in html  # menu, footer


def test_what_is_read_ahead_is_held_for_the_request_only(site_pages, counted_cache):
    """Outside a request that holds them, parts read ahead are not read; within it, each is used once."""
    menu = ("menu", "testserver", "cs")
    page_cache.store(page_cache.lookup(*menu).key, ["kept menu"])
    counted_cache.calls.clear()
    page_cache.lookup_all([("site", "testserver")], read_ahead=[menu])
    assert page_cache.remember(menu, lambda: ["computed"]) == ["kept menu"]
    assert counted_cache.calls == ["get_many", "get_many"]  # nothing was held: remember read it
    with page_cache.held_for_request():
        page_cache.lookup_all([("site", "testserver")], read_ahead=[menu])
        counted_cache.calls.clear()
        assert page_cache.remember(menu, lambda: ["computed"]) == ["kept menu"]
        assert counted_cache.calls == []  # held: no round trip
        page_cache.remember(menu, lambda: ["computed"])
        assert counted_cache.calls == ["get_many"]  # used once; asked again, read again
    with page_cache.held_for_request():
        page_cache.lookup_all([], read_ahead=[menu])  # read ahead, never asked for
    assert page_cache._held.get() is None
    with pytest.raises(RuntimeError), page_cache.held_for_request():
        page_cache.lookup_all([], read_ahead=[menu])
        raise RuntimeError("a request that fails")
    assert page_cache._held.get() is None
    with page_cache.held_for_request():
        counted_cache.calls.clear()
        page_cache.remember(menu, lambda: ["computed"])
        assert counted_cache.calls == ["get_many"]  # a new request holds nothing of the last one
    counted_cache.calls.clear()
    assert page_cache.lookup_all([], read_ahead=[menu]) == [] and counted_cache.calls == []  # nothing to read


def test_a_cached_page_costs_one_round_trip(site_pages, counted_cache, django_assert_num_queries):
    client = Client()
    client.get("/o-pracovni-skupine/")
    counted_cache.calls.clear()
    with django_assert_num_queries(0):
        assert client.get("/o-pracovni-skupine/").status_code == 200
    assert counted_cache.calls == ["get_many"]


def test_after_a_publish_each_process_reads_the_generation_again_once(site_pages, counted_cache):
    client = uncached_client()
    client.get("/o-pracovni-skupine/")
    page = site_pages["contact"]
    page.title = "Kontaktní centrum pro bydlení"
    page.save_revision().publish()  # a new generation
    counted_cache.calls.clear()
    html = client.get("/o-pracovni-skupine/").content.decode()
    assert "Kontaktní centrum pro bydlení" in html  # the menu of the new generation, not the cached one
    # The first lookup (the site and route) reads again under the new generation: one round trip more.
    assert counted_cache.calls.count("get_many") == CACHED_READS + 1
    assert "get" not in counted_cache.calls
    counted_cache.calls.clear()
    client.get("/o-pracovni-skupine/")
    assert counted_cache.calls == ["get_many"] * CACHED_READS


def test_a_flushed_cache_starts_a_new_generation(site_pages, counted_cache):
    client = uncached_client()
    client.get("/o-pracovni-skupine/")
    cache.clear()  # Redis restarted empty, or the generation evicted
    assert 'href="/kontaktni-centrum/"' in client.get("/o-pracovni-skupine/").content.decode()
    counted_cache.calls.clear()
    client.get("/o-pracovni-skupine/")
    assert counted_cache.calls == ["get_many"] * CACHED_READS
