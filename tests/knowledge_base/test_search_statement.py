"""The accessibility statement is a public page like the others: published, it is found by the words of
its inaccessible-content list (and the rest of what the operator wrote), in its own language only."""

import pytest
from django.utils import translation

from knowledge_base.models import SearchEntry
from knowledge_base.search import page_text, search, search_index_rebuild
from tests.factories import accessibility_statement, translate

pytestmark = pytest.mark.django_db


def item(content: str, reason: str = "non_compliance", detail: str = "", alternative: str = "") -> tuple:
    return ("item", {"content": content, "reason": reason, "detail": detail, "alternative": alternative})


CZECH_ITEMS = [
    item("Starší zápisy ve formátu PDF.", detail="Chybí jim struktura.", alternative="Pošleme je jako text."),
    item("Archiv fotografií z kulatých stolů.", reason="disproportionate_burden"),
]
ENGLISH_ITEMS = [
    item("Older minutes in PDF format.", detail="They lack structure.", alternative="We send them as text."),
    item("The photo archive of the round tables.", reason="disproportionate_burden"),
]


def titles(query: str, language: str = "cs") -> list[str]:
    return [hit["page"].title for hit in search(query=query, language=language).hits]


@pytest.fixture
def statement():
    page = accessibility_statement(
        inaccessible_content=CZECH_ITEMS,
        assessment_details="<p>Kontrola nástrojem axe-core.</p>",
        enforcement_body="Digitální a informační agentura",
    )
    english = translate(page, title="Accessibility statement", slug="accessibility-statement")
    english.inaccessible_content = ENGLISH_ITEMS
    english.assessment_details = "<p>Checked with axe-core.</p>"
    english.enforcement_body = "Digital and Information Agency"
    english.save_revision().publish()
    return page


def test_the_statement_is_found_by_its_inaccessible_content_in_czech(client, statement):
    assert titles("zapisy") == ["Prohlášení o přístupnosti"]  # "Starší zápisy", folded
    assert titles("fotografii kulatych") == ["Prohlášení o přístupnosti"]
    assert titles("chybi struktura") == titles("posleme jako text") == ["Prohlášení o přístupnosti"]
    assert titles("axe-core") == titles("informacni agentura") == ["Prohlášení o přístupnosti"]
    html = client.get("/hledat/", {"q": "zápisy"}).content.decode()
    assert 'href="/prohlaseni-o-pristupnosti/"' in html and "<mark>zápisy</mark>" in html


def test_the_statement_is_found_by_its_inaccessible_content_in_english(client, statement):
    assert titles("older minutes", "en") == ["Accessibility statement"]
    assert titles("photo archive", "en") == titles("information agency", "en") == ["Accessibility statement"]
    assert titles("older minutes") == [] and titles("zapisy", "en") == []  # each language finds its own copy
    html = client.get("/en/search/", {"q": "photo archive"}).content.decode()
    assert 'href="/en/accessibility-statement/"' in html and "<mark>photo</mark> <mark>archive</mark>" in html


def test_the_index_follows_publishing_and_the_rebuild(statement):
    statement.inaccessible_content = [item("Mapa sídliště bez textového popisu.")]
    statement.save_revision().publish()
    assert titles("sidliste") == ["Prohlášení o přístupnosti"] and titles("zapisy") == []
    assert search_index_rebuild() == SearchEntry.objects.count()
    assert SearchEntry.objects.filter(page=statement).exists() and titles("sidliste") == ["Prohlášení o přístupnosti"]
    statement.unpublish()
    assert titles("sidliste") == []


def test_grounds_are_indexed_in_the_page_language_not_as_choice_values(statement):
    for language in ("cs", "en"):
        with translation.override(language):
            text = page_text(statement)
        assert "Nepřiměřená zátěž" in text  # the ground's heading as the Czech page shows it
        assert "disproportionate_burden" not in text and "Disproportionate burden" not in text
