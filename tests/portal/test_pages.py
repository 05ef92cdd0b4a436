"""The site core's pages: home, standard pages, both languages, sitemap, robots, error pages."""

import pytest
from django.template.loader import render_to_string
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_czech_home_is_at_the_root(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cs">' in html
    assert "<h1>Sociální bydlení</h1>" in html
    assert "Přeskočit na obsah" in html
    assert '<main id="main"' in html
    assert 'aria-label="Hlavní navigace"' in html


def test_english_home_is_under_en(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Social housing</h1>" in html
    assert "Skip to content" in html


def test_language_switcher_links_to_the_translation(client, site_pages):
    html = client.get("/o-pracovni-skupine/").content.decode()
    assert 'href="/en/about-the-working-group/" hreflang="en"' in html
    html = client.get("/en/about-the-working-group/").content.decode()
    assert 'href="/o-pracovni-skupine/" hreflang="cs"' in html


def test_main_menu_and_footer(client, site_pages):
    html = client.get("/").content.decode()
    assert 'href="/o-pracovni-skupine/"' in html
    assert 'href="/kontaktni-centrum/"' in html
    assert 'href="/prohlaseni-o-pristupnosti/"' in html  # footer link
    assert "socialni.bydleni@mpsv.cz" in html
    assert "Pondělí" in html and "12:00–16:00" in html
    english = client.get("/en/").content.decode()
    assert "Monday" in english and 'href="/en/accessibility-statement/"' in english


def test_sitemap_lists_both_languages_and_no_drafts(client, site_pages):
    draft = StandardPage(title="Koncept", slug="koncept", live=False)
    HomePage.objects.get(locale__language_code="cs").add_child(instance=draft)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/o-pracovni-skupine/" in xml
    assert "/en/about-the-working-group/" in xml
    assert "/koncept/" not in xml


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_404_page_in_the_site_look(client):
    response = client.get("/tahle-stranka-neni/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Stránka nenalezena" in html
    assert "Přeskočit na obsah" in html


def test_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Omlouváme se" in html and '<html lang="cs">' in html


class TestPageTree(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_standard_page_renders(self):
        from tests.factories import StandardPageFactory

        self.assertPageIsRenderable(StandardPageFactory(title="O nás"))


def test_home_page_is_the_front_door(client, library):
    """What happens next and lately, from each app: an upcoming public meeting, the latest public minutes,
    the action plan's state and what is new in the library (tests/events for the minutes themselves)."""
    from tests.factories import ConceptFactory, GoodPracticeFactory, MeasureFactory, MeetingFactory

    meeting = MeetingFactory(title="Jednání pracovní skupiny v prosinci", days=10)
    MeetingFactory(title="Neveřejné jednání", days=5, visibility="members", parent=meeting.get_parent())
    record = GoodPracticeFactory(parent=library, title="Zlín: krizový byt")
    concept = ConceptFactory(title="Koncepce sociálního bydlení 2024–2027")
    MeasureFactory(goal__concept=concept)
    html = client.get("/").content.decode()
    assert "Nejbližší jednání" in html and meeting.title in html and "Neveřejné jednání" not in html
    assert "Zatím nebyl schválen žádný veřejný zápis." in html
    assert "Akční plán" in html and concept.title in html and "Zatím bez schválené zprávy: 1" in html
    assert "Nové v knihovně" in html and record.title in html and 'href="/zpravodaj/"' in html


def test_english_home_shows_english_library_and_no_czech_plan(client, library):
    from tests.factories import ConceptFactory, GoodPracticeFactory

    GoodPracticeFactory(parent=library, title="Zlín: krizový byt")
    ConceptFactory(title="Koncepce sociálního bydlení")
    html = client.get("/en/").content.decode()
    assert "New in the library" in html and "Zlín: krizový byt" not in html
    assert "Koncepce sociálního bydlení" not in html  # the plan has no English page here
