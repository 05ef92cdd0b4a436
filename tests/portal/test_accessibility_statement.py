"""The accessibility statement: a page type with the parts law 99/2019 Sb. and decree 523/2020 Sb. ask
for, each filled by the operator, rendered in Czech and English with the legal sentences."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from wagtail.models import Page

from portal.models import AccessibilityStatementPage, HomePage
from tests.factories import StandardPageFactory, accessibility_statement, operator_settings, translate
from tests.groups.conftest import with_totp

pytestmark = pytest.mark.django_db

ITEMS = [
    (
        "item",
        {
            "content": "Starší zápisy ve formátu PDF.",
            "reason": "non_compliance",
            "detail": "Chybí jim struktura.",
            "alternative": "Na požádání je pošleme jako text.",
        },
    ),
    ("item", {"content": "Archiv fotografií.", "reason": "disproportionate_burden", "detail": "", "alternative": ""}),
    ("item", {"content": "Odkazy na cizí studie.", "reason": "out_of_scope", "detail": "", "alternative": ""}),
]
FILLED = {
    "compliance_status": "partial",
    "inaccessible_content": ITEMS,
    "prepared_on": datetime.date(2026, 11, 21),
    "reviewed_on": datetime.date(2026, 12, 1),
    "assessment_method": "self",
    "assessment_details": "<p>Kontrola nástrojem axe-core.</p>",
    "feedback_name": "Odbor informatiky",
    "feedback_email": "pristupnost@example.org",
    "feedback_phone": "+420 599 000 000",
    "response_days": 30,
    "enforcement_body": "Digitální a informační agentura",
    "enforcement_web": "https://www.dia.gov.cz/egovernment/",
}


def readable(html: str) -> str:
    """The page's text with Czech typography's non-breaking spaces read as spaces."""
    return html.replace("\u00a0", " ")


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_levels(html: str) -> list[int]:
    parser = Headings()
    parser.feed(html.split('<main id="main"')[1])
    return parser.levels


@pytest.fixture
def statement() -> AccessibilityStatementPage:
    operator_settings(name="Statutární město Ostrava")
    return accessibility_statement(**FILLED)


def test_statement_has_every_part_in_czech(client, statement):
    html = readable(client.get("/prohlaseni-o-pristupnosti/").content.decode())
    assert "Statutární město Ostrava se zavazuje zpřístupnit své internetové stránky v souladu se zákonem " in html
    assert "č. 99/2019 Sb., o přístupnosti internetových stránek a mobilních aplikací" in html
    assert 'se vztahuje na internetové stránky <a href="http://localhost/">http://localhost/</a>' in html
    for heading in [
        "Stav souladu",
        "Nepřístupný obsah",
        "Nesoulad se zákonem",
        "Nepřiměřená zátěž",
        "Obsah mimo působnost zákona",
        "Vypracování tohoto prohlášení o přístupnosti",
        "Zpětná vazba a kontaktní údaje",
        "Postupy pro vymáhání",
    ]:
        assert re.search(rf"<h[23][^>]*>{heading}</h[23]>", html), heading
    assert "Tyto internetové stránky jsou částečně v souladu se zákonem č. 99/2019 Sb." in html
    assert "<strong>Přístupná alternativa:</strong> Na požádání je pošleme jako text." in html
    assert '<dt>Vypracováno dne</dt>\n            <dd><time datetime="2026-11-21">21. 11. 2026</time></dd>' in html
    assert '<time datetime="2026-12-01">1. 12. 2026</time>' in html
    assert "<dd>Vlastní posouzení</dd>" in html and "Kontrola nástrojem axe-core." in html
    assert '<a href="mailto:pristupnost@example.org">' in html and 'href="tel:+420599000000"' in html
    assert "Odpovíme do 30 dnů." in html
    assert "<dd>Digitální a informační agentura</dd>" in html
    assert '<a href="https://www.dia.gov.cz/egovernment/">www.dia.gov.cz</a>' in html


def test_statement_in_english(client, statement):
    translate(statement, title="Accessibility statement", slug="accessibility-statement")
    html = readable(client.get("/en/accessibility-statement/").content.decode())
    assert '<html lang="en">' in html
    assert (
        "Statutární město Ostrava is committed to making its website accessible in accordance with Act No. 99/2019"
        in html
    )
    for heading in [
        "Compliance status",
        "Inaccessible content",
        "Non-compliance with the law",
        "Disproportionate burden",
        "Outside the scope of the law",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ]:
        assert re.search(rf"<h[23][^>]*>{heading}</h[23]>", html), heading
    assert "This website is partially compliant with Act No. 99/2019 Coll." in html
    assert "We will answer within 30 days." in html and "<dd>Self-assessment</dd>" in html


@pytest.mark.parametrize(
    "status, czech, english",
    [
        ("full", "jsou plně v souladu se zákonem", "is fully compliant with Act"),
        ("partial", "jsou částečně v souladu se zákonem", "is partially compliant with Act"),
        ("none", "nejsou v souladu se zákonem", "is not compliant with Act"),
    ],
)
def test_compliance_status_in_the_legal_wording(client, status, czech, english):
    page = accessibility_statement(compliance_status=status)
    translate(page, slug="accessibility-statement")
    assert f"Tyto internetové stránky {czech} č. 99/2019 Sb." in readable(
        client.get("/prohlaseni-o-pristupnosti/").content.decode()
    )
    assert f"This website {english} No. 99/2019 Coll." in client.get("/en/accessibility-statement/").content.decode()


def test_headings_go_down_one_level_at_a_time(client, statement):
    levels = heading_levels(client.get(statement.url).content.decode())
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels
    assert 3 in levels  # the grounds of inaccessible content, under their section


@pytest.mark.parametrize(
    "days, answer", [(1, "Odpovíme do 1 dne."), (3, "Odpovíme do 3 dnů."), (15, "Odpovíme do 15 dnů.")]
)
def test_response_time_in_czech_plural(client, days, answer):
    accessibility_statement(response_days=days)
    assert answer in client.get("/prohlaseni-o-pristupnosti/").content.decode()


def test_nothing_known_to_be_inaccessible_is_said_so(client):
    accessibility_statement(compliance_status="full")
    html = readable(client.get("/prohlaseni-o-pristupnosti/").content.decode())
    assert "Nevíme o žádném obsahu těchto stránek, který by nebyl přístupný." in html
    assert "<h3>" not in html.split('id="inaccessible-content"')[1].split("</section>")[0]


def test_who_commits_the_page_the_operator_or_the_site_never_the_contact_centre(client):
    page = accessibility_statement()
    assert page.committed_operator() == "Sociální bydlení"  # nothing filled in: the site's name
    operator_settings(name="Statutární město Ostrava")
    assert page.committed_operator() == "Statutární město Ostrava"
    page.operator_name = "Město Zlín"
    assert page.committed_operator() == "Město Zlín"
    assert "Kontaktní místo" not in client.get(page.url).content.decode().split("<footer")[0]


def test_one_statement_per_home_page_and_only_there():
    czech_home = HomePage.objects.get(locale__language_code="cs")
    english_home = HomePage.objects.get(locale__language_code="en")
    other = StandardPageFactory(title="O nás")
    assert AccessibilityStatementPage.can_create_at(czech_home)
    assert not AccessibilityStatementPage.can_create_at(other)
    assert not AccessibilityStatementPage.can_create_at(Page.get_first_root_node())
    accessibility_statement()
    czech_home.refresh_from_db()  # it has a child now (treebeard reads `numchild` from the instance)
    assert not AccessibilityStatementPage.can_create_at(czech_home)
    assert AccessibilityStatementPage.can_create_at(english_home)  # the English statement has its own place
    assert AccessibilityStatementPage.allowed_subpage_models() == []


def test_the_operator_fills_it_in_the_czech_admin(client, staff_user):
    client.force_login(with_totp(staff_user))
    home = HomePage.objects.get(locale__language_code="cs")
    html = readable(
        client.get(f"/admin/pages/add/portal/accessibilitystatementpage/{home.pk}/").content.decode()
    ).lower()
    for label in [
        "Závazek a rozsah",
        "stav souladu",
        "Částečně v souladu",
        "nepřístupný obsah",
        "prohlášení vypracováno dne",
        "Vlastní posouzení",
        "Posouzení třetí stranou",
        "Zpětná vazba a kontaktní údaje",
        "lhůta pro odpověď ve dnech",
        "Postupy pro vymáhání",
        "dozorový orgán",
    ]:
        assert label.lower() in html, label
    for english in ["compliance status", "enforcement procedure", "self-assessment", "supervisory body"]:
        assert english not in html, english
