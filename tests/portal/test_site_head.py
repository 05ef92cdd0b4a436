"""What every page carries for machines: a description, a favicon, `<time>` values HTML accepts."""

import datetime
import html
import re

import pytest
from django.template import Context, Template

from portal.templatetags.portal_tags import DESCRIPTION_MAX_CHARS, plain_text
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load portal_tags %}" + source).render(Context(context))


def description(response) -> str:
    (content,) = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    return html.unescape(content)


def test_iso_datetime_is_to_the_second_in_the_site_time_zone():
    moment = datetime.datetime(2026, 12, 6, 7, 42, 51, 743830, tzinfo=datetime.UTC)
    assert render("{{ moment|iso_datetime }}", moment=moment) == "2026-12-06T08:42:51+01:00"
    assert render("{{ day|iso_datetime }}", day=datetime.date(2026, 10, 1)) == "2026-10-01"
    assert render("{{ missing|iso_datetime }}") == ""


def test_standard_page_time_has_no_microseconds(client):
    page = StandardPageFactory(title="O skupině", slug="o-skupine")
    found = re.search(r'<time datetime="([^"]+)">', client.get(page.url).content.decode()).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", found)


def test_description_is_the_search_description_else_the_introduction(client):
    described = StandardPageFactory(title="A", slug="a", search_description="Krátce o skupině & jejích členech.")
    assert description(client.get(described.url)) == "Krátce o skupině & jejích členech."
    long_intro = "Pracovní skupina připravuje jednání a sleduje plnění akčního plánu. " * 6
    introduced = StandardPageFactory(title="B", slug="b", introduction=long_intro)
    text = description(client.get(introduced.url))
    assert text.endswith("…") and len(text) <= DESCRIPTION_MAX_CHARS
    assert long_intro.startswith(text[:-1])


def test_pages_without_their_own_text_get_the_site_description(client):
    site_default = description(client.get("/neexistuje/"))
    assert site_default and site_default == description(client.get("/ucet/login/"))


def test_plain_text_strips_markup_and_cuts_at_a_word():
    assert plain_text("<p>Byty <b>pro</b>\n rodiny &amp; jednotlivce</p>") == "Byty pro rodiny & jednotlivce"
    assert plain_text("slovo " * 100, max_chars=20) == "slovo slovo slovo…"


def test_favicon_is_linked_and_favicon_ico_leads_to_it(client):
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', client.get("/").content.decode())
    assert icon.group(1).endswith("favicon.svg")
    for method in (client.get, client.head):
        response = method("/favicon.ico")
        assert response.status_code == 302 and response["Location"] == icon.group(1)
