"""The public search: Czech folding, facets, highlighting, and never a draft or a private page."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from knowledge_base.models import GoodPracticePage, SearchEntry
from knowledge_base.search import page_text, search
from tests.factories import ApproachFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def titles(query: str, **filters) -> list[str]:
    return [hit["page"].title for hit in search(query=query, language="cs", **filters).hits]


def test_diacritics_and_case_do_not_matter(knowledge):
    plain, upper, accented = titles("bydleni"), titles("BYDLENÍ"), titles("bydlení")
    assert plain and plain == upper == accented
    assert "Štětí: pracovní skupina se všemi místními aktéry a se školami" in titles("steti skoly")


def test_every_word_must_match_and_title_hits_rank_first(knowledge):
    results = titles("krizovy byt")
    assert results[0] == "Trutnov: od mapování bytové nouze ke krizovému bytu"
    assert titles("krizovy neexistujicislovo") == []


def test_languages_are_kept_apart(knowledge):
    english = [hit["page"].title for hit in search(query="hostels", language="en").hits]
    assert "Prague: every child out of hostels into ordinary housing" in english
    assert titles("hostels") == []


def test_facets_count_the_matches_and_filter_them(knowledge):
    results = search(query="bydleni", language="cs")
    kinds = {facet.value: facet.count for facet in results.facets["kind"]}
    # Liberec and Trutnov do not say "bydlení", nor does the stale myth; the home page and the study do
    assert kinds == {"good_practice": 4, "myth": 1, "material": 1, "page": 1}
    filtered = search(query="bydleni", language="cs", kind="good_practice", region="praha")
    assert [hit["page"].title for hit in filtered.hits] == ["Praha: žádné dítě na ubytovně"]
    assert filtered.total == sum(f.count for f in filtered.facets["region"] if f.value == "praha") == 1
    assert {hit["kind"] for hit in filtered.hits} == {"Dobrá praxe"}
    approach = search(query="rodiny", language="cs", approach="housing-first")
    assert {hit["page"].title.split(":")[0] for hit in approach.hits} == {"Jihlava", "Liberec"}
    assert next(f for f in approach.facets["approach"] if f.value == "housing-first").selected


def test_snippets_are_highlighted_and_escaped(client, knowledge):
    html = client.get("/hledat/", {"q": "KRIZOVÝ byt"}).content.decode()
    assert "<mark>krizový</mark>" in html or "<mark>krizovému</mark>" in html
    html = client.get("/hledat/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "query",
    ["x" * 1000, "' OR 1=1; --", "%_%", '"><img src=x onerror=alert(1)>', "\\", "bydlení " * 150, "\x00"],
)
def test_hostile_or_huge_queries_answer_normally(client, query):
    response = client.get("/hledat/", {"q": query, "type": "nonsense", "region": "'", "page": "-1"})
    assert response.status_code == 200
    assert "<img src=x" not in response.content.decode()


def test_drafts_and_unpublished_pages_are_never_found(library, praha):
    draft = GoodPracticePage(title="Tajný koncept Ďáblice", slug="tajny-koncept", municipality=praha, live=False)
    library.add_child(instance=draft)
    draft.save_revision()
    assert titles("dablice") == []
    draft.save_revision().publish()
    assert titles("dablice") == ["Tajný koncept Ďáblice"]
    draft.refresh_from_db()
    draft.unpublish()
    assert titles("dablice") == []
    assert not SearchEntry.objects.filter(page_id=draft.pk).exists()


def test_an_entry_left_behind_by_a_change_without_signals_shows_nothing(client, knowledge):
    """Entries exist for live pages only, unless a change skipped the signals: such a page is neither
    shown nor counted (a count alone would tell a visitor which words its text holds), nor in the feed."""
    record = knowledge["records"]["liberec"]
    Page.objects.filter(pk=record.pk).update(live=False)  # as a bulk change would, without signals
    assert SearchEntry.objects.filter(page_id=record.pk).exists()
    results = search(query="liberec dva roky programu", language="cs")
    assert results.total == 0 and results.hits == [] and not any(results.facets.values())
    assert record.title not in titles("liberec")
    assert "dva roky programu" not in client.get("/hledat/", {"q": "liberec"}).content.decode()
    assert "dva roky programu" not in client.get("/kanal/").content.decode()


def test_login_restricted_pages_are_hidden_at_once(client, library, knowledge):
    record = knowledge["records"]["liberec"]
    assert "Liberec: dva roky programu Housing First" in titles("liberec")
    PageViewRestriction.objects.create(page=record, restriction_type=PageViewRestriction.LOGIN)
    assert record.title not in titles("liberec")
    assert "dva roky programu" not in client.get("/hledat/", {"q": "liberec"}).content.decode()
    PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.LOGIN)
    assert not any(title.startswith("Jihlava") for title in titles("jihlava"))


def test_members_and_meeting_pages_are_not_indexed(working_group):
    from groups.models import BodyPage
    from knowledge_base.search import search_index_rebuild

    search_index_rebuild()
    assert not SearchEntry.objects.filter(page__in=BodyPage.objects.all()).exists()
    assert titles("pracovni skupina sociálního bydlení mandat") == []


def test_search_page_in_english(client, knowledge):
    response = client.get("/en/search/", {"q": "HOUSING first"})
    assert response.status_code == 200
    assert "Liberec: two years of <mark>Housing</mark> <mark>First</mark>" in response.content.decode()


def test_private_documents_reach_neither_search_nor_feed(client, working_group, material_index):
    """A document of a body's private collection, even linked from a public material page: its title is
    in no search entry and no feed item (only pages are indexed, never documents)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from groups.documents import private_collection_create
    from knowledge_base.models import MaterialPage

    collection = private_collection_create(body=working_group, name="Podklady skupiny (hledání)")
    document = get_document_model()(title="Důvěrná analýza Omega", collection=collection)
    document.file.save("podklad.txt", ContentFile(b"interni"), save=True)
    material = MaterialPage(
        title="Přehled materiálů Sigma", slug="prehled-sigma", material_type="study", publisher="Město"
    )
    material.document = document
    material_index.add_child(instance=material)
    material.save_revision().publish()
    assert titles("sigma") == ["Přehled materiálů Sigma"]
    assert titles("omega") == []
    assert "Omega" not in client.get("/hledat/", {"q": "omega"}).content.decode()
    assert "Omega" not in client.get("/kanal/").content.decode()


def test_heading_levels_are_no_page_text(client):
    """A heading block's level ("Nadpis 2" in the admin) is markup: neither searched nor shown in snippets."""
    page = StandardPageFactory(
        title="Jak pracujeme",
        slug="jak-pracujeme",
        body=json.dumps(
            [
                {"type": "heading", "value": {"text": "Členství ve skupině", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Členy jmenuje rada města na návrh náměstka.</p>"},
                {"type": "heading", "value": {"text": "Kulaté stoly", "level": "h3"}},
            ]
        ),
    )
    for language in ("cs", "en"):
        with translation.override(language):
            text = page_text(page)
        assert "Členství ve skupině" in text and "Kulaté stoly" in text
        assert not re.search(r"Nadpis|Heading", text)
    entry = SearchEntry.objects.get(page=page)
    assert "Nadpis" not in entry.text and "nadpis" not in entry.text_folded
    assert search(query="nadpis", language="cs").hits == []
    html = client.get("/hledat/", {"q": "clenstvi"}).content.decode()
    snippet = re.search(r'class="kb-hit__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>Členství</mark> ve skupině" in snippet and "Nadpis" not in snippet


def test_the_meeting_minutes_facet_can_be_chosen(client, knowledge):
    page = StandardPageFactory(title="Zápis z jednání", slug="zapis")
    SearchEntry.objects.filter(page=page).update(kind="meeting", text_folded="zapis z jednani: bydleni ve meste")
    html = client.get("/hledat/", {"q": "bydleni", "type": "meeting"}).content.decode()
    assert "1 výsledek" in html and "Zápis z jednání" in html


def test_rare_words_are_found_through_the_trigram_index_on_postgresql(knowledge):
    """On PostgreSQL `LIKE '%term%'` is served by a pg_trgm index; SQLite (the embedded default) scans."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can serve at all
            cursor.execute("EXPLAIN SELECT 1 FROM knowledge_base_searchentry WHERE text_folded LIKE '%ubytovn%'")
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "knowledge_base_searchentry_text_trgm" in plan
        else:
            indexes = connection.introspection.get_constraints(cursor, "knowledge_base_searchentry")
            assert not any("trgm" in name for name in indexes)
    assert titles("ubytoven") == titles("UBYTOVEN")


def test_the_pages_no_longer_live_are_found_through_an_index(knowledge):
    """`visible_entries` leaves out entries of pages not live; those pages come from a partial index, not a
    scan of every page (both databases)."""
    from knowledge_base.search import visible_entries

    assert 'WHERE NOT U1."live"' in str(visible_entries("cs").query)  # the condition the index serves
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN SELECT id FROM wagtailcore_page WHERE NOT live")
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        else:
            cursor.execute("EXPLAIN QUERY PLAN SELECT id FROM wagtailcore_page WHERE NOT live")
            plan = " ".join(str(row) for row in cursor.fetchall())
    assert "knowledge_base_page_not_live" in plan


def test_pages_of_results_and_a_page_past_the_last(knowledge):
    for number in range(25):
        StandardPageFactory(title=f"Stránka o sociálním bydlení {number:02d}", slug=f"stranka-{number:02d}")
    first = search(query="stranka socialnim", language="cs")
    second = search(query="stranka socialnim", language="cs", page_number=2)
    assert first.total == second.total == 25
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert not {hit["page"].pk for hit in first.hits} & {hit["page"].pk for hit in second.hits}
    past = search(query="stranka socialnim", language="cs", page_number=99)
    assert past.page.number == 2 and [h["page"].pk for h in past.hits] == [h["page"].pk for h in second.hits]
    assert search(query="stranka socialnim", language="cs", page_number="9" * 30).page.number == 2
    assert search(query="stranka socialnim", language="cs", page_number="x").page.number == 1


def test_an_approach_facet_matches_its_own_slug_only(knowledge):
    """Slugs may hold "_", a wildcard in LIKE: it is escaped, so "a_b" does not count "axb"."""
    entries = SearchEntry.objects.filter(kind="good_practice", language="cs").order_by("page_id")[:2]
    SearchEntry.objects.filter(pk=entries[0].pk).update(approaches="|a_b|", text_folded="zvlastni slovo")
    SearchEntry.objects.filter(pk=entries[1].pk).update(approaches="|axb|", text_folded="zvlastni slovo")
    approaches = [ApproachFactory(slug="a_b", name="A b"), ApproachFactory(slug="axb", name="A x b")]
    results = search(query="zvlastni", language="cs", approach="a_b", approaches=approaches)
    counts = {facet.value: facet.count for facet in results.facets["approach"]}
    assert counts == {"a_b": 1, "axb": 1}
    assert results.total == 1 and [hit["page"].pk for hit in results.hits] == [entries[0].page_id]


def test_each_facet_counts_under_the_other_choices_and_an_entry_under_each_of_its_approaches(knowledge):
    """Choosing a kind and a region: the kinds are counted within the region, the regions within the
    kind, the approaches within both; a record with two approaches counts under each of them."""
    entries = list(SearchEntry.objects.filter(kind="good_practice", language="cs").order_by("page_id")[:3])
    rows = [("praha", "|a|b|"), ("praha", "|b|"), ("jihomoravsky", "|a|")]
    for entry, (region, approaches) in zip(entries, rows, strict=True):
        SearchEntry.objects.filter(pk=entry.pk).update(region=region, approaches=approaches, text_folded="zvlastni")
    page = StandardPageFactory(title="Zvláštní stránka", slug="zvlastni")
    SearchEntry.objects.filter(page=page).update(text_folded="zvlastni")
    approaches = [ApproachFactory(slug="a", name="A"), ApproachFactory(slug="b", name="B")]

    def counts(results, facet):
        return {f.value: f.count for f in results.facets[facet]}

    everything = search(query="zvlastni", language="cs", approaches=approaches)
    assert everything.total == 4
    assert counts(everything, "kind") == {"good_practice": 3, "page": 1}
    assert counts(everything, "region") == {"praha": 2, "jihomoravsky": 1}
    assert counts(everything, "approach") == {"a": 2, "b": 2}
    chosen = search(query="zvlastni", language="cs", kind="good_practice", region="praha", approaches=approaches)
    assert chosen.total == 2 and len(chosen.hits) == 2
    assert counts(chosen, "kind") == {"good_practice": 2}  # the page has no region
    assert counts(chosen, "region") == {"praha": 2, "jihomoravsky": 1}
    assert counts(chosen, "approach") == {"a": 1, "b": 2}
    narrowed = search(query="zvlastni", language="cs", region="praha", approach="a", approaches=approaches)
    assert narrowed.total == 1 and counts(narrowed, "approach") == {"a": 1, "b": 2}
    assert counts(narrowed, "region") == {"praha": 1, "jihomoravsky": 1}


def test_the_statement_does_not_grow_with_the_facet_values(knowledge):
    """Facets are counted by grouping, not by an expression per value and row (PostgreSQL spent 16 ms on
    those at 5,000 matches): with forty approaches the statement is as long as with two."""

    def statement_length(approaches) -> int:
        with CaptureQueriesContext(connection) as queries:
            search(query="bydleni", language="cs", approaches=approaches)
        return max(len(query["sql"]) for query in queries)

    few = [ApproachFactory(slug=f"pristup-{n}", name=f"Přístup {n}") for n in range(2)]
    many = few + [ApproachFactory(slug=f"dalsi-{n}", name=f"Další {n}") for n in range(38)]
    assert statement_length(many) == statement_length(few)


def test_the_search_finds_the_kept_site(library, knowledge):
    """The search links every hit with `{% pageurl %}`, which asks for the site: it is read from what is
    kept (`KeptSiteMiddleware`), and a changed site is used at once."""
    from wagtail.models import Site

    from tests.portal.test_page_cache import uncached_client

    client = uncached_client()
    client.get("/hledat/", {"q": "bydleni"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hledat/", {"q": "bydleni"})
    assert response.status_code == 200 and 'href="/dobra-praxe/' in response.content.decode()
    assert not [query for query in queries if '"wagtailcore_site"' in query["sql"]]
    site = Site.objects.get(is_default_site=True)
    site.root_page = library
    site.save()
    assert client.get("/hledat/", {"q": "bydleni"}).wsgi_request._wagtail_site.root_page_id == library.pk


def test_an_entry_keeps_each_word_once_and_is_found_by_part_of_a_word(knowledge):
    page = StandardPageFactory(
        title="Bydlení v ubytovnách",
        slug="bydleni-v-ubytovnach",
        introduction="Bydlení, bydlení a zase bydlení: rodiny s dětmi v ubytovnách.",
    )
    entry = SearchEntry.objects.get(page=page)
    assert entry.text_folded.split().count("bydleni") == 1 and "ubytovnach" in entry.text_folded
    assert "Bydlení v ubytovnách" in titles("ubytovn detmi")
    assert "Bydlení v ubytovnách" in titles("BYDLEN rodin")
    assert "Bydlení v ubytovnách" not in titles("ubytovn neexistujici")


def test_the_entries_written_before_keep_their_words_once_after_the_migration(knowledge):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("knowledge_base.migrations.0006_search_entry_distinct_words")
    page = StandardPageFactory(title="Starý záznam", slug="stary-zaznam")
    SearchEntry.objects.filter(page=page).update(text_folded="stary zaznam: bydleni, bydleni a bydleni.")
    migration.keep_distinct_words(apps, None)
    assert SearchEntry.objects.get(page=page).text_folded == "stary zaznam bydleni a"
    assert "Starý záznam" in titles("zaznam bydlen")
