"""A known path costs one query to route (the page's type and id kept until public content changes);
the page itself is always read fresh, so unpublishing, renaming, moving or restricting it counts at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.factories import StandardPageFactory
from tests.portal.test_page_cache import uncached_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested(site_pages):
    """A page two levels down: /o-pracovni-skupine/jak-pracujeme/."""
    return StandardPageFactory(parent=site_pages["about"], title="Jak pracujeme", slug="jak-pracujeme")


def queries_for(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, len(queries)


def test_a_known_path_is_routed_with_one_query_however_deep(nested):
    client = uncached_client()
    for path in ("/o-pracovni-skupine/", "/o-pracovni-skupine/jak-pracujeme/"):
        client.get(path)  # the frame and the route kept
    assert queries_for(client, "/o-pracovni-skupine/jak-pracujeme/") == queries_for(client, "/o-pracovni-skupine/")


def test_an_unpublished_page_is_gone_at_once(nested):
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    nested.unpublish()
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 404


def test_a_page_unpublished_behind_the_signals_back_is_gone_too(nested):
    """Even where nothing retires the kept route (a bulk update), the page's liveness is read fresh."""
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    Page.objects.filter(pk=nested.pk).update(live=False)
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 404


def test_a_renamed_or_moved_page_answers_at_its_new_address_only(nested, site_pages):
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    nested.slug = "nase-prace"
    nested.save_revision().publish()
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 404
    assert client.get("/o-pracovni-skupine/nase-prace/").status_code == 200
    Page.objects.get(pk=nested.pk).move(site_pages["contact"], pos="last-child")
    old = client.get("/o-pracovni-skupine/nase-prace/")
    assert old.status_code == 301 and old["Location"] == "/kontaktni-centrum/nase-prace/"  # Wagtail's redirect
    assert client.get("/kontaktni-centrum/nase-prace/").status_code == 200


def test_a_page_restricted_after_its_route_was_kept_asks_for_a_login(nested):
    client = uncached_client()
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 200
    PageViewRestriction.objects.create(page=nested, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/o-pracovni-skupine/jak-pracujeme/")
    assert response.status_code == 302 and "/ucet/login/" in response["Location"]


def test_sub_routes_of_routable_pages_are_not_kept(library):
    """Any text may follow a routable page: such paths are routed as always and never stored."""
    from portal import page_cache

    client = uncached_client()
    for n in range(3):
        client.get(f"/dobra-praxe/obce/neexistuje-{n}/")
    assert page_cache.lookup("route", library.get_parent().pk, "dobra-praxe", "obce", "neexistuje-0").value is None
    assert page_cache.lookup("route", library.get_parent().pk, "dobra-praxe").value is None  # never asked alone
