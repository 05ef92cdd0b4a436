"""Czech-aware text folding and safe highlighting, the same in Python for SQLite and PostgreSQL.

We fold in Python rather than in the database (unaccent, ICU collations) so that both databases
compare exactly the same strings: "bydleni", "BYDLENÍ" and "bydlení" all fold to "bydleni".
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part))


def _fold_table(text: str) -> dict[int, str]:
    return {ord(char): _fold_char(char) for char in set(text)}


def fold(text: str) -> str:
    """Lower-case, without diacritics; "Říjen Žluťoučký" -> "rijen zlutoucky". Each distinct
    character is folded once and the text translated in one pass (search pages fold whole texts)."""
    return text.translate(_fold_table(text))


def _fold_with_map(text: str) -> tuple[str, list[int] | range]:
    """The folded text and, for each folded character, the index of the original character
    (one original character may fold to several or to none, e.g. "ß" -> "ss")."""
    table = _fold_table(text)
    if all(len(folded) == 1 for folded in table.values()):  # the usual case: one character for one
        return text.translate(table), range(len(text))
    folded, origin = [], []
    for index, char in enumerate(text):
        for part in _fold_char(char):
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def folded_words(text: str) -> str:
    """Each distinct word of `text`, folded, once, in order of first use: what the search matches terms
    against. A term is a run of word characters, so it occurs in the text exactly when it occurs in one
    of the text's words; most words repeat, so the search reads a third less text or more."""
    return " ".join(dict.fromkeys(_WORD.findall(fold(text))))


def query_terms(query: str) -> list[str]:
    """Folded words of a visitor's query: bounded in length and number, punctuation ignored, so
    SQL or HTML metacharacters are plain text that simply matches nothing."""
    if len(query) > MAX_QUERY_CHARS:
        cut = query[:MAX_QUERY_CHARS]
        query = cut.rsplit(None, 1)[0] if cut.strip() and not query[MAX_QUERY_CHARS].isspace() else cut
    words = _WORD.findall(fold(query))
    unique = list(dict.fromkeys(word for word in words if word))
    return unique[:MAX_TERMS]


def snippet(text: str, terms: list[str], *, width: int = 220) -> SafeString:
    """A window of `text` around the first match, escaped, with every match wrapped in <mark>."""
    folded, origin = _fold_with_map(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            spans.append((origin[start], origin[start + len(term) - 1] + 1))
            start = folded.find(term, start + len(term))
    spans.sort()
    first = spans[0][0] if spans else 0
    begin = max(0, first - width // 3)
    if begin:  # start at a word boundary
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    end = min(len(text), begin + width)
    parts, cursor = [], begin
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if begin else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every piece escaped above)
