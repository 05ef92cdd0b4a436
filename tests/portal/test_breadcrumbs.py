"""The breadcrumbs: the way from the home page to the page shown, kept with the public pages (no query
once warm) and renewed when a page on the way is published under a new title."""

import re

import pytest
from django.db import connection
from wagtail.models import Page

from tests.factories import StandardPageFactory
from tests.portal.test_page_cache import uncached_client

pytestmark = pytest.mark.django_db


def crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    if nav is None:
        return []
    return [" ".join(strip.split()) for strip in re.findall(r"<li>(.*?)</li>", nav.group(1), re.S)]


@pytest.fixture
def nested(site_pages):
    return StandardPageFactory(parent=site_pages["about"], title="Jak pracujeme", slug="jak-pracujeme")


def test_the_way_from_the_home_page_is_linked_and_the_page_itself_is_marked_current(nested):
    home = Page.objects.get(depth=2, locale__language_code="cs")
    html = uncached_client().get(nested.url).content.decode()
    assert crumbs(html) == [
        f'<a href="/">{home.title}</a>',
        '<a href="/o-pracovni-skupine/">O pracovní skupině</a>',
        '<span aria-current="page">Jak pracujeme</span>',
    ]
    assert crumbs(uncached_client().get("/").content.decode()) == []  # the home page has no way to it


def test_the_way_is_kept_and_renewed_when_a_page_on_it_is_published(nested, site_pages):
    client = uncached_client()
    client.get(nested.url)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(nested.url)
    ancestors = 'SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"'
    assert sum(sql.startswith(ancestors) for sql in statements) == 1  # the page itself, not its ancestors
    about = site_pages["about"]
    about.title = "O skupině"
    about.save_revision().publish()
    assert '<a href="/o-pracovni-skupine/">O skupině</a>' in crumbs(client.get(nested.url).content.decode())


def test_a_preview_and_a_page_not_yet_created_are_not_kept(nested, rf):
    """An editor's preview, and the preview of a page not yet saved (no id: all would share one entry),
    work their trail out afresh instead of keeping it for visitors."""
    from unittest import mock

    from portal import page_cache
    from portal.models import StandardPage
    from portal.templatetags.portal_tags import breadcrumbs

    preview = rf.get(nested.url, HTTP_HOST="localhost")
    preview.is_preview = True
    unsaved = StandardPage(title="Nová stránka", path=nested.path + "0001", depth=nested.depth + 1)
    with mock.patch.object(page_cache, "remember") as remember:
        shown = breadcrumbs({"request": preview, "page": nested})
        unsaved_shown = breadcrumbs({"request": rf.get("/", HTTP_HOST="localhost"), "page": unsaved})
    remember.assert_not_called()
    assert [crumb["title"] for crumb in shown["crumbs"]][-1] == "O pracovní skupině"
    assert [crumb["title"] for crumb in unsaved_shown["crumbs"]][-1] == "Jak pracujeme"
    assert unsaved_shown["title"] == "Nová stránka"
