"""The Atom feed and the editors' admin: snippets, the myth-review reminder."""

import xml.etree.ElementTree as ET

import pytest

from knowledge_base.models import GoodPracticePage, Municipality, MythPage

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and "atom+xml" in response["Content-Type"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_atom_feed_lists_published_knowledge_in_each_language(client, library):
    czech = entries(client, "/kanal/")
    assert "Liberec: dva roky programu Housing First" in czech
    assert "Housing First u nás fungovat nemůže" in czech
    assert "Liberec: two years of Housing First" in entries(client, "/en/feed/")
    draft = GoodPracticePage(title="Koncept do kanálu", slug="koncept-kanal", municipality=Municipality.objects.first())
    library.add_child(instance=draft)
    draft.save_revision()
    assert "Koncept do kanálu" not in entries(client, "/kanal/")


def test_editor_manages_municipalities_and_sees_the_review_reminder(client, signed_in_editor):
    assert client.get("/admin/snippets/knowledge_base/municipality/").status_code == 200
    zlin = Municipality.objects.get(slug="zlin")
    response = client.get(f"/admin/snippets/knowledge_base/municipality/edit/{zlin.pk}/")
    assert response.status_code == 200
    home = client.get("/admin/").content.decode()
    stale = MythPage.objects.get(slug="rodiny-z-ubytoven-nelze-zabydlet", locale__language_code="cs")
    assert "Stránky mýtů k ověření" in home and stale.title in home


def test_figure_without_source_and_non_numeric_outcome_are_refused(client, signed_in_editor):
    zlin = Municipality.objects.get(slug="zlin")
    response = client.post(
        f"/admin/snippets/knowledge_base/municipality/edit/{zlin.pk}/",
        {
            "name": "Zlín", "name_en": "", "slug": "zlin", "region": "zlinsky",
            "population": "hodně", "population_year": "", "population_source": "",
            "municipal_flats": "1886", "municipal_flats_year": "", "municipal_flats_source": "",
            "figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0", "figures-MIN_NUM_FORMS": "0",
            "figures-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zadejte celé číslo." in html and 'value="hodně"' in html
    zlin.refresh_from_db()
    assert zlin.population == 74255
