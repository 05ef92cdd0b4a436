"""Folding and highlighting: the heart of the Czech search, the same for every database."""

from knowledge_base.text import MAX_TERMS, fold, folded_words, query_terms, snippet


def test_fold_removes_diacritics_and_case():
    assert fold("BYDLENÍ") == fold("bydlení") == fold("bydleni") == "bydleni"
    assert fold("Říjen, Žluťoučký kůň, Štětí") == "rijen, zlutoucky kun, steti"


def test_query_terms_are_bounded_and_metacharacters_are_plain_text():
    assert query_terms("'; DROP TABLE wagtailcore_page; -- <script>%_") == [
        "drop", "table", "wagtailcore_page", "script", "_",
    ]  # fmt: skip
    assert len(query_terms("slovo " * 500)) == 1
    assert len(query_terms(" ".join(f"w{n}" for n in range(100)))) == MAX_TERMS
    assert query_terms("x" * 1000) == ["x" * 200]


def test_snippet_escapes_first_then_marks_every_match():
    text = "Obec <b>zřídila</b> krizový byt & Bydlení pro rodiny; bydlení funguje."
    html = snippet(text, query_terms("bydleni krizovy"))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert html.count("<mark>") == 3
    assert "<mark>Bydlení</mark>" in html and "<mark>krizový</mark>" in html


def test_snippet_windows_long_text_around_the_first_match():
    text = "slovo " * 200 + "Housing First " + "konec " * 200
    html = snippet(text, ["housing"], width=100)
    assert html.startswith("… ") and html.endswith(" …") and "<mark>Housing</mark>" in html


def test_folded_words_keep_every_word_once_and_match_what_the_whole_text_matches():
    text = "Bydlení, BYDLENÍ a bydlení – sociální bydlení (Housing First) v ubytovnách; 2+2 jednání."
    words = folded_words(text)
    assert words == "bydleni a socialni housing first v ubytovnach 2 jednani"
    whole = fold(text)
    for query in ("bydleni", "ydlen", "ubytovn", "first", "2", "sing", "nach", "jednani", "a"):
        for term in query_terms(query):
            assert (term in words) == (term in whole) is True, term
    for query in ("bydlenix", "ubytovnou", "kriz", "ab"):
        for term in query_terms(query):
            assert term not in words and term not in whole, term
