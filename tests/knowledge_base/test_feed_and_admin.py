"""The Atom feed and the editors' admin: snippets, the myth-review reminder."""

import xml.etree.ElementTree as ET

import pytest

from groups.models import Role
from knowledge_base.models import GoodPracticePage, Municipality
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'  # what the Draftail editor posts when empty


def entries(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and "atom+xml" in response["Content-Type"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_atom_feed_lists_published_knowledge_in_each_language(client, library, knowledge, zlin):
    czech = entries(client, "/kanal/")
    assert "Liberec: dva roky programu Housing First" in czech
    assert "Housing First u nás fungovat nemůže" in czech
    assert "Liberec: two years of Housing First" in entries(client, "/en/feed/")
    draft = GoodPracticePage(
        title="Koncept do kanálu", slug="koncept-kanal", municipality=Municipality.objects.get(slug="zlin")
    )
    library.add_child(instance=draft)
    draft.save_revision()
    assert "Koncept do kanálu" not in entries(client, "/kanal/")


def test_editor_manages_municipalities_and_sees_the_review_reminder(client, signed_in_editor, knowledge, zlin):
    assert client.get("/admin/snippets/knowledge_base/municipality/").status_code == 200
    response = client.get(f"/admin/snippets/knowledge_base/municipality/edit/{zlin.pk}/")
    assert response.status_code == 200
    home = client.get("/admin/").content.decode()
    stale, fresh = knowledge["myths"]["stale"], knowledge["myths"]["housing_first"]
    assert "Stránky mýtů k ověření" in home and stale.title in home and fresh.title not in home


def test_a_chair_in_the_admin_is_not_asked_to_review_myths(client, knowledge, working_group):
    """The chair comes to the admin to approve; myths are the editors' work, which she cannot open."""
    chair = with_totp(member_of(working_group, Role.CHAIR))
    client.force_login(chair)

    response = client.get("/admin/")

    assert response.status_code == 200
    home = response.content.decode()
    assert "Stránky mýtů k ověření" not in home and knowledge["myths"]["stale"].title not in home


def test_figure_without_source_and_non_numeric_outcome_are_refused(client, signed_in_editor, zlin):
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


def test_editor_opens_the_page_editors(client, signed_in_editor, knowledge, material_index):
    record = knowledge["records"]["liberec"]
    assert client.get(f"/admin/pages/{record.pk}/edit/").status_code == 200
    html = client.get(f"/admin/pages/{knowledge['material'].pk}/edit/").content.decode()
    assert 'name="audience_choices"' in html
    assert client.get(f"/admin/pages/add/knowledge_base/materialpage/{material_index.pk}/").status_code == 200


def test_record_without_municipality_or_with_a_word_for_a_number_keeps_the_input(client, signed_in_editor, library):
    response = client.post(
        f"/admin/pages/add/knowledge_base/goodpracticepage/{library.pk}/",
        {
            "title": "Nový příklad z Kolína", "slug": "novy-priklad", "municipality": "", "introduction": "Úvod",
            "partners": "", "contact": "", "lessons_learned": EMPTY_RICH_TEXT, "period_from": "", "period_to": "",
            "body-count": "0", "sources-count": "0",
            "outcomes-TOTAL_FORMS": "1", "outcomes-INITIAL_FORMS": "0", "outcomes-MIN_NUM_FORMS": "0",
            "outcomes-MAX_NUM_FORMS": "1000", "outcomes-0-label": "zabydlených domácností",
            "outcomes-0-label_en": "", "outcomes-0-value": "dvacet", "outcomes-0-unit": "", "outcomes-0-year": "",
            "outcomes-0-source": "Obec", "outcomes-0-ORDER": "1", "outcomes-0-id": "",
        },
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert not GoodPracticePage.objects.filter(slug="novy-priklad").exists()
    assert "Nový příklad z Kolína" in html and "dvacet" in html
    assert "Zadejte číslo." in html


def test_a_new_myths_address_is_filled_from_its_title_as_for_records(client, signed_in_editor, myth_index, library):
    """Wagtail's title panel syncs the slug; a plain FieldPanel for the title does not (the editor met a
    hidden slug error on another tab)."""
    for model, parent in (("mythpage", myth_index), ("goodpracticepage", library)):
        html = client.get(f"/admin/pages/add/knowledge_base/{model}/{parent.pk}/").content.decode()
        title_input = next(tag for tag in html.split("<input") if 'name="title"' in tag)
        assert "w-sync" in title_input, model
