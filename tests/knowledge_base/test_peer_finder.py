"""The peer finder ranks municipalities by size, shared approaches and measurable outcomes."""

import pytest
from wagtail.models import Page

from knowledge_base.models import GoodPracticeOutcome, GoodPracticePage, Municipality
from knowledge_base.selectors import peer_municipalities

pytestmark = pytest.mark.django_db


@pytest.fixture
def similar_city(library, housing_first) -> Municipality:
    """A made-up city of Zlín's size with one record using Housing First (test data, not demo)."""
    city = Municipality.objects.create(
        name="Testov", slug="testov", region="zlinsky", population=80_000, population_source="test",
        municipal_flats=2_000, municipal_flats_source="test",
    )  # fmt: skip
    record = GoodPracticePage(title="Testov: Housing First", slug="testov-hf", municipality=city)
    record.approaches = [housing_first]
    record.outcomes = [GoodPracticeOutcome(label="zabydlených domácností", value=5, source="test")]
    library.add_child(instance=record)
    record.save_revision().publish()
    return city


def test_zlin_figures_rank_a_similar_city_with_shared_approaches_above_praha(
    knowledge, library, similar_city, zlin, housing_first
):
    matches = peer_municipalities(
        parent=library,
        population=zlin.population,
        flats=zlin.municipal_flats,
        approaches=[housing_first],
        exclude=zlin.pk,
    )
    names = [match.municipality.name for match in matches]
    assert names[0] == "Testov"
    assert names.index("Testov") < names.index("Praha")
    top = matches[0]
    assert [a.slug for a in top.shared_approaches] == ["housing-first"]
    assert any("menší velké město" in reason for reason in top.reasons)
    assert top.score > next(m for m in matches if m.municipality.name == "Praha").score


def test_unknown_figures_give_no_points(knowledge, library):
    praha = next(
        m
        for m in peer_municipalities(parent=library, population=74_255, flats=1_886, approaches=[])
        if m.municipality.slug == "praha"
    )
    assert praha.score == 2 * 1  # one measurable outcome, nothing for size it never published


def test_drafts_do_not_make_a_municipality_a_peer(library, zlin):
    draft = GoodPracticePage(title="Koncept", slug="koncept", municipality=zlin)
    library.add_child(instance=draft)
    Page.objects.filter(pk=draft.pk).update(live=False)
    matches = peer_municipalities(parent=library, population=None, flats=None, approaches=[])
    assert "zlin" not in {m.municipality.slug for m in matches}


def test_peer_finder_page_explains_ranking_and_handles_bad_input(client, knowledge, similar_city):
    html = client.get("/dobra-praxe/obce-jako-ta-moje/", {"municipality": "zlin", "approaches": "housing-first"})
    text = html.content.decode()
    assert "Jak řadíme" in text and "Testov" in text and "Proč se hodí" in text
    assert "74\u00a0255 obyvatel, 1\u00a0886 obecních bytů" in text  # Czech plural forms
    bad = client.get("/dobra-praxe/obce-jako-ta-moje/", {"population": "hodně", "flats": "-5", "municipality": "x"})
    assert bad.status_code == 200
    assert "Zadejte celé číslo." in bad.content.decode()


@pytest.mark.parametrize(
    ("language", "count", "reason"),
    [("en", 1, "1 measurable outcome"), ("cs", 1, "1 měřitelný výsledek"), ("cs", 3, "3 měřitelné výsledky"),
     ("cs", 7, "7 měřitelných výsledků")],
)  # fmt: skip
def test_reasons_use_the_languages_plural_forms(language, count, reason):
    from django.utils import translation

    from knowledge_base.selectors import _reasons

    with translation.override(language):
        assert _reasons("", None, 0, 0, [], count) == [reason]


def test_a_newly_published_record_counts_at_once_though_the_summaries_are_kept(library, zlin, housing_first):
    """What municipalities' records use is summed up once per publish: the next publish retires it."""
    compare = {"parent": library, "population": 75_000, "flats": 1_900, "approaches": [housing_first]}
    assert peer_municipalities(**compare) == []
    city = Municipality.objects.create(name="Testov", slug="testov", region="zlinsky", population=80_000)
    record = GoodPracticePage(title="Testov: Housing First", slug="testov-hf", municipality=city)
    record.approaches = [housing_first]
    library.add_child(instance=record)
    record.save_revision().publish()
    [match] = peer_municipalities(**compare)
    assert match.municipality == city and [a.slug for a in match.shared_approaches] == ["housing-first"]
    assert [r.title for r in match.records] == ["Testov: Housing First"]
    record.unpublish()
    assert peer_municipalities(**compare) == []


def test_each_match_lists_its_first_three_records_by_title(library, zlin):
    for title in ("Zlín: D", "Zlín: B", "Zlín: A", "Zlín: C"):
        record = GoodPracticePage(title=title, slug=title[-1].lower(), municipality=zlin)
        library.add_child(instance=record)
        record.save_revision().publish()
    [match] = peer_municipalities(parent=library, population=None, flats=None, approaches=[])
    assert [r.title for r in match.records] == ["Zlín: A", "Zlín: B", "Zlín: C"]


def test_the_first_records_are_chosen_once_per_publish_and_read_by_id(library, zlin):
    """Ranking every municipality's records by title is the costly part at thousands of records: it is
    done with the summaries, and a request reads only the shown records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for title in ("Zlín: B", "Zlín: A"):
        record = GoodPracticePage(title=title, slug=title[-1].lower(), municipality=zlin)
        library.add_child(instance=record)
        record.save_revision().publish()
    compare = {"parent": library, "population": None, "flats": None, "approaches": []}
    peer_municipalities(**compare)
    with CaptureQueriesContext(connection) as queries:
        [match] = peer_municipalities(**compare)
    assert [r.title for r in match.records] == ["Zlín: A", "Zlín: B"]
    assert not [query for query in queries if "ROW_NUMBER" in query["sql"].upper()]
