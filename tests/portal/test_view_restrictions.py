"""`.public()` (public lists, the search, the sitemap) hides every page under a view restriction, with a
condition that does not grow with the restricted pages that have nothing below them
(portal/view_restrictions.py): every members-only meeting is one. Serving a page checks its restrictions
and its ancestors' in one query; a GET reads them from a table kept with the public pages, retired by
whatever changes which pages a restriction covers."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Page, PageViewRestriction

from portal import page_cache, view_restrictions
from portal.models import StandardPage
from tests.conftest import make_user
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind=PageViewRestriction.LOGIN) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=kind, password="tajne-heslo")


def public_titles() -> set[str]:
    return set(Page.objects.public().filter(title__startswith="Test ").values_list("title", flat=True))


def test_a_restricted_page_hides_itself_and_everything_below_it():
    section = StandardPageFactory(title="Test sekce")
    below = StandardPageFactory(parent=section, title="Test pod sekcí")
    further = StandardPageFactory(parent=below, title="Test ještě níž")
    leaf = StandardPageFactory(title="Test list")
    StandardPageFactory(title="Test vedle")
    assert public_titles() == {"Test sekce", "Test pod sekcí", "Test ještě níž", "Test list", "Test vedle"}
    restrict(below, PageViewRestriction.PASSWORD)
    restrict(leaf)
    assert public_titles() == {"Test sekce", "Test vedle"}
    hidden = set(Page.objects.not_public().filter(title__startswith="Test ").values_list("title", flat=True))
    assert hidden == {"Test pod sekcí", "Test ještě níž", "Test list"}
    assert further.pk not in Page.objects.public().values_list("pk", flat=True)


def test_a_page_added_under_a_restricted_one_is_hidden_at_once():
    leaf = StandardPageFactory(title="Test dosud bez podstránek")
    restrict(leaf)
    StandardPageFactory(parent=Page.objects.get(pk=leaf.pk), title="Test nová podstránka")
    assert public_titles() == set()


def test_the_condition_does_not_grow_with_restricted_pages_without_children():
    def conditions() -> int:
        sql = str(Page.objects.public().query)
        return sql.count("LIKE") + sql.count("GLOB")

    section = StandardPageFactory(title="Test sekce")
    StandardPageFactory(parent=section, title="Test pod sekcí")
    restrict(section)
    for number in range(3):
        restrict(StandardPageFactory(title=f"Test neveřejné jednání {number}"))
    few = conditions()
    for number in range(3, 40):
        restrict(StandardPageFactory(title=f"Test neveřejné jednání {number}"))
    assert conditions() == few == 1  # the section's path; the others are one list of ids
    assert public_titles() == set()


def served(client, page):
    client.cookies["sessionid"] = "nobody"  # past the anonymous page cache, as any session is
    return client.get(page.url, HTTP_HOST="localhost")


def test_serving_checks_the_page_and_every_page_above_it(client):
    section = StandardPageFactory(title="Test sekce")
    below = StandardPageFactory(parent=section, title="Test pod sekcí")
    further = StandardPageFactory(parent=below, title="Test ještě níž")
    assert served(client, further).status_code == 200
    restrict(section)
    for page in (section, below, further):
        response = served(client, page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    PageViewRestriction.objects.all().delete()
    restrict(below, PageViewRestriction.PASSWORD)
    assert served(client, section).status_code == 200
    for page in (below, further):
        response = served(client, page)
        assert response.status_code == 200 and 'name="password"' in response.content.decode()


def test_an_alias_is_checked_by_the_restrictions_of_the_page_it_shows(client):
    original = StandardPageFactory(title="Test originál")
    aliases = [original]
    for depth in range(3):  # an alias of an alias of an alias, as the admin lets editors make
        aliases.append(aliases[-1].create_alias(update_slug=f"test-alias-{depth}"))
    assert served(client, aliases[-1]).status_code == 200
    restrict(original)
    for page in aliases:
        assert served(client, page).status_code == 302, page.slug
    PageViewRestriction.objects.all().delete()
    restrict(aliases[1])  # an alias's own restriction (Wagtail's admin offers none): it shows the original's
    assert served(client, aliases[1]).status_code == 200


def read_while_serving(client, page) -> list[str]:
    """The statements of a request after a first one (which warms the site, the menu, the routes)."""
    served(client, page)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert served(client, page).status_code == 200
    return statements


def restriction_reads(statements: list[str]) -> int:
    return sum('FROM "wagtailcore_pageviewrestriction"' in sql for sql in statements)


def test_serving_reads_the_restrictions_from_the_kept_table_without_the_ancestors(client):
    page = StandardPageFactory(parent=StandardPageFactory(title="Test sekce"), title="Test pod sekcí")
    statements = read_while_serving(client, page)
    assert restriction_reads(statements) == 0
    ancestors = 'SELECT "wagtailcore_page"."id", "wagtailcore_page"."alias_of_id" FROM'  # Wagtail's own way
    assert not any(sql.startswith(ancestors) for sql in statements)


def test_outside_a_get_the_restrictions_of_a_page_and_its_ancestors_are_one_query():
    section = StandardPageFactory(title="Test sekce")
    page = StandardPageFactory(parent=section, title="Test pod sekcí")
    restrict(section)
    with CaptureQueriesContext(connection) as queries:
        assert [restriction.page_id for restriction in page.get_view_restrictions()] == [section.pk]
    assert len(queries) == 1


def test_a_get_reads_the_restrictions_once_however_many_public_lists_it_shows(client, working_group):
    served(client, working_group)
    restrict(StandardPageFactory(title="Test neveřejná"))  # retires the kept table
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert served(client, working_group).status_code == 200  # its public meetings, upcoming and held
    # Once for the request, once afresh for each part it keeps (page_cache.computing), however many lists
    # each shows: the site frame, the body's public part (its meetings, upcoming and held; its sub-groups).
    assert restriction_reads(statements) == 3
    assert restriction_reads(read_while_serving(client, working_group)) == 0  # then kept


def kept_public_titles() -> set[str]:
    """`public_titles` as a GET reads them: from the table kept in the page cache."""
    with view_restrictions.kept_while_reading():
        return public_titles()


def test_a_page_added_under_a_restricted_one_after_the_table_was_kept_is_hidden_at_once():
    leaf = StandardPageFactory(title="Test dosud bez podstránek")
    restrict(leaf)
    assert kept_public_titles() == set()  # the table kept: a restricted page with nothing below it
    # Live at once, as a copy is: no publish to retire the cache.
    Page.objects.get(pk=leaf.pk).add_child(instance=StandardPage(title="Test nová podstránka", slug="nova"))
    assert kept_public_titles() == set()


def test_an_alias_made_after_the_table_was_kept_is_checked_at_once(client):
    original = StandardPageFactory(title="Test originál")
    restrict(original)
    assert served(client, original).status_code == 302  # the table kept
    alias = original.create_alias(update_slug="test-alias")
    assert served(client, alias).status_code == 302
    PageViewRestriction.objects.filter(page=alias).delete()  # Wagtail copies the original's to the alias
    assert served(client, alias).status_code == 302  # the original's restriction, through the alias
    ConvertAliasPageAction(alias).execute(skip_permission_checks=True)  # a page of its own, unrestricted
    assert served(client, Page.objects.get(pk=alias.pk)).status_code == 200


def test_a_group_restriction_from_the_kept_table_lets_in_its_groups_only(client):
    page = StandardPageFactory(title="Test pro skupinu")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    allowed, other = Group.objects.create(name="Test povolení"), Group.objects.create(name="Test ostatní")
    restriction.groups.add(allowed)
    outsider, insider = make_user("mimo@example.org"), make_user("uvnitr@example.org")
    outsider.groups.add(other)
    insider.groups.add(allowed)
    assert served(client, page).status_code == 302  # anonymous; the table kept
    client.force_login(outsider)
    assert client.get(page.url, HTTP_HOST="localhost").status_code == 302
    client.force_login(insider)
    assert client.get(page.url, HTTP_HOST="localhost").status_code == 200


def test_a_password_restriction_from_the_kept_table_asks_for_the_password_and_accepts_it(client):
    page = StandardPageFactory(title="Test s heslem")
    restrict(page, PageViewRestriction.PASSWORD)
    served(client, page)  # the table kept, without the password
    form = served(client, page).content.decode()
    action = re.search(r'action="(/_util/authenticate_with_password/[^"]+)"', form).group(1)
    wrong = client.post(action, {"password": "spatne", "return_url": page.url}, HTTP_HOST="localhost")
    assert wrong.status_code == 200 and 'name="password"' in wrong.content.decode()
    right = client.post(action, {"password": "tajne-heslo", "return_url": page.url}, HTTP_HOST="localhost")
    assert right.status_code == 302
    assert served(client, page).status_code == 200


def test_what_a_get_keeps_for_later_requests_reads_the_restrictions_again():
    """A restriction added by another request (no signal here) after this GET read the list has already
    retired the cache: what this GET stores for later requests must not come from the list read before."""
    page = StandardPageFactory(title="Test omezená jinde")
    with view_restrictions.kept_while_reading():
        assert public_titles() == {"Test omezená jinde"}
        PageViewRestriction.objects.bulk_create([PageViewRestriction(page=page, restriction_type="login")])
        assert public_titles() == {"Test omezená jinde"}  # this request's own list, read once
        assert page_cache.remember(("test-titles",), lambda: sorted(public_titles())) == []


def test_deleting_keeps_djangos_fast_delete():
    """The receiver that forgets the kept list listens to pages and restrictions only: a receiver for
    every model would make Django read each row it deletes."""
    from django.db.models.deletion import Collector

    from knowledge_base.models import Subscriber

    assert Collector(using="default", origin=None).can_fast_delete(Subscriber.objects.all())


def test_a_page_restricted_while_a_get_is_answered_is_hidden_at_once():
    page = StandardPageFactory(title="Test právě omezená")
    with view_restrictions.kept_while_reading():
        assert public_titles() == {"Test právě omezená"}
        restrict(page)
        assert public_titles() == set()
        PageViewRestriction.objects.all().delete()
        assert public_titles() == {"Test právě omezená"}


def test_a_restriction_saved_during_a_get_before_its_first_check_is_seen():
    """The table read ahead at the start of the GET is dropped, not used, once a restriction is saved."""
    page = StandardPageFactory(title="Test omezená v půli")
    assert kept_public_titles() == {"Test omezená v půli"}  # the table kept, without the restriction
    with view_restrictions.kept_while_reading(), page_cache.held_for_request():
        page_cache.lookup_all([], read_ahead=[view_restrictions.TABLE_KEY])
        restrict(page)
        assert public_titles() == set()


def test_a_new_draft_retires_nothing_a_page_placed_live_does(site_pages):
    def generation() -> int:
        return page_cache._current_generation()

    before = generation()
    site_pages["about"].add_child(instance=StandardPage(title="Test koncept", slug="koncept", live=False))
    assert generation() == before  # its publish will
    site_pages["about"].add_child(instance=StandardPage(title="Test kopie", slug="kopie", live=True))
    assert generation() > before
