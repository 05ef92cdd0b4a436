"""A known path costs one query to route: the site and the page's type and id are kept until public
content changes (portal.page_routes); the page itself is always read fresh, so unpublishing, renaming,
moving or restricting it counts at once."""

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


def test_a_known_path_reads_neither_the_site_nor_the_language_nor_the_home(nested):
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 200
    tables = " ".join(query["sql"] for query in queries)
    assert '"wagtailcore_site"' not in tables and '"wagtailcore_locale"' not in tables
    assert '"portal_homepage"' not in tables
    # The page only: the view restrictions are kept with the public pages (portal.view_restrictions), and
    # so are its breadcrumbs (portal_tags.breadcrumbs).
    assert len(queries) == 1


def test_the_home_in_each_language_is_kept_apart(site_pages):
    client = uncached_client()
    for _ in range(2):
        assert client.get("/").context["page"].locale.language_code == "cs"
        assert client.get("/en/").context["page"].locale.language_code == "en"


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


def test_a_page_renamed_behind_the_signals_back_is_not_served_at_its_old_address(nested):
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    Page.objects.filter(pk=nested.pk).update(
        slug="nase-prace", url_path=nested.url_path.replace("jak-pracujeme", "nase-prace")
    )
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").status_code == 404
    assert client.get("/o-pracovni-skupine/nase-prace/").status_code == 200


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


def kept_route(*components: str):
    """What is kept for a path of the test client's host in Czech."""
    from portal import page_cache

    return page_cache.lookup("route", "testserver", "80", "cs", *components).value


def test_sub_routes_of_routable_pages_are_not_kept_but_start_from_their_page(library):
    """Any text may follow a routable page: such paths are never stored. Their page is, under its own
    path, and routing the next sub-route starts from it."""
    client = uncached_client()
    for n in range(3):
        client.get(f"/dobra-praxe/obce/neexistuje-{n}/")
    assert kept_route("dobra-praxe", "obce", "neexistuje-0") is None
    assert kept_route("dobra-praxe", "obce") is None
    assert kept_route("dobra-praxe")[1] == library.pk
    with CaptureQueriesContext(connection) as queries:
        client.get("/dobra-praxe/obce/neexistuje-3/")
    assert not [query for query in queries if '"wagtailcore_site"' in query["sql"]]


def test_a_path_below_a_kept_page_is_walked_from_it(nested, site_pages):
    client = uncached_client()
    client.get("/o-pracovni-skupine/")
    assert kept_route("o-pracovni-skupine", "jak-pracujeme") is None
    assert client.get("/o-pracovni-skupine/jak-pracujeme/").context["page"].pk == nested.pk
    assert kept_route("o-pracovni-skupine", "jak-pracujeme")[1] == nested.pk
    assert client.get("/o-pracovni-skupine/neni-tu/").status_code == 404


def test_a_kept_sub_page_does_not_hide_the_sub_routes_of_a_routable_page_above_it(library):
    """A routable page's sub-routes come before its sub-pages: a record that happens to be called like
    one of the library's sub-routes must not take the paths below it once its own path is kept."""
    from tests.factories import GoodPracticeFactory, MunicipalityFactory

    praha = MunicipalityFactory(name="Praha", slug="praha")
    GoodPracticeFactory(parent=library, title="Praha: kontaktní místo", municipality=praha)
    GoodPracticeFactory(parent=library, title="Obce", slug="obce")
    client = uncached_client()
    assert client.get("/dobra-praxe/obce/praha/").status_code == 200  # the library's municipality page
    assert client.get("/dobra-praxe/obce/").status_code == 200  # the record, now kept
    assert kept_route("dobra-praxe", "obce") is not None
    assert client.get("/dobra-praxe/obce/praha/").status_code == 200


def test_paths_deeper_than_any_page_are_not_looked_up(site_pages):
    from unittest import mock

    from portal import page_cache

    client = uncached_client()
    with mock.patch.object(page_cache, "lookup_all", wraps=page_cache.lookup_all) as lookups:
        assert client.get("/o-pracovni-skupine/" + "a/" * 500).status_code == 404
        assert client.get("/o-pracovni-skupine/a/").status_code == 404
    routes = [call for call in lookups.call_args_list if call.args[0][0][0] == "site"]
    assert len(routes) == 1  # the second path only


def test_only_what_a_page_type_names_is_read_with_it(nested):
    """A page is read alone; a meeting with its agenda and minutes (`served_with`), nothing else."""
    client = uncached_client()
    client.get("/o-pracovni-skupine/jak-pracujeme/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/o-pracovni-skupine/jak-pracujeme/")
    assert "JOIN" not in queries[0]["sql"].split(" WHERE ")[0].replace('INNER JOIN "wagtailcore_page"', "")
