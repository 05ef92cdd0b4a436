"""Synthetic good-practice records for benchmarks and query-count tests, clearly marked as such.

Creating thousands of Wagtail pages one by one (tree bookkeeping, revisions, signals) takes
minutes; here pages are written in bulk, which the page tree allows because every new page is a
leaf appended after the parent's existing children. Their search entries are written directly.
"""

import itertools
import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from knowledge_base.models import (
    Approach,
    GoodPracticeIndexPage,
    GoodPracticeOutcome,
    GoodPracticePage,
    Municipality,
    Region,
    SearchEntry,
)
from knowledge_base.text import fold, folded_words
from portal.page_cache import invalidate_now_and_after_commit

SLUG_PREFIX = "synteticky-zaznam-"
TITLE_PREFIX = "[Syntetický záznam]"
MUNICIPALITY_PREFIX = "Syntetická obec"
BATCH = 200
WORDS = [
    "bydlení",
    "bytová",
    "nouze",
    "domácnost",
    "rodina",
    "děti",
    "ubytovna",
    "nájem",
    "obecní",
    "byt",
    "sociální",
    "práce",
    "úřad",
    "práce",
    "krizový",
    "byt",
    "kontaktní",
    "místo",
    "spolupráce",
    "odbor",
    "koncepce",
    "akční",
    "plán",
    "terénní",
    "pracovník",
    "evaluace",
    "zabydlení",
    "prevence",
    "ztráty",
    "bydlení",
    "dluhy",
    "dávky",
    "pronajímatel",
    "škola",
    "zdravotnictví",
    "senioři",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _municipalities(count: int, rng: random.Random) -> list[Municipality]:
    regions = itertools.cycle(Region.values)
    result = []
    for number in range(1, count + 1):
        municipality, _created = Municipality.objects.get_or_create(
            slug=f"synteticka-obec-{number:02d}",
            defaults={
                "name": f"{MUNICIPALITY_PREFIX} {number:02d}",
                "region": next(regions),
                "population": rng.randint(400, 300_000),
                "population_source": "synthetic benchmark data",
                "municipal_flats": rng.randint(10, 13_000),
                "municipal_flats_source": "synthetic benchmark data",
            },
        )
        result.append(municipality)
    return result


@transaction.atomic
def generate_records(count: int, *, seed: int = 5) -> int:
    """Append `count` synthetic live records to the Czech good-practice library; returns the count."""
    rng = random.Random(seed)
    parent = GoodPracticeIndexPage.objects.filter(locale__language_code="cs").first()
    if parent is None:
        raise ValueError("Load the demo first: there is no good-practice library.")
    municipalities = _municipalities(20, rng)
    approaches = list(Approach.objects.all())
    content_type = ContentType.objects.get_for_model(GoodPracticePage)
    last = parent.get_last_child()
    start = int(last.path[-parent.steplen :], 36) if last else 0  # paths are base-36 steps
    numbers = list(range(start + 1, start + count + 1))
    now = timezone.now()
    for offset in range(0, len(numbers), BATCH):
        batch = numbers[offset : offset + BATCH]
        shells, pages = [], []
        for number in batch:
            title = f"{TITLE_PREFIX} {number:05d}: {_text(rng, 4)}"[:255]
            slug = f"{SLUG_PREFIX}{number:05d}"
            fields = {
                "title": title,
                "draft_title": title,
                "slug": slug,
                "content_type": content_type,
                "path": parent._get_path(parent.path, parent.depth + 1, number),
                "depth": parent.depth + 1,
                "numchild": 0,
                "url_path": f"{parent.url_path}{slug}/",
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": now,
                "last_published_at": now,
                "locale_id": parent.locale_id,
                "translation_key": uuid.uuid4(),
            }
            shells.append(Page(**fields))
            pages.append(
                GoodPracticePage(
                    **fields,
                    municipality=rng.choice(municipalities),
                    introduction=_text(rng, 25),
                    body=[("paragraph", RichText(f"<p>{_text(rng, 120)}</p>"))],
                    partners=_text(rng, 3),
                    period_from=rng.randint(2016, 2025),
                )
            )
        Page.objects.bulk_create(shells)
        for shell, page in zip(shells, pages, strict=True):
            page.pk = page.page_ptr_id = shell.pk
        # Django's bulk_create refuses multi-table models; the parent rows exist, so insert the child rows.
        GoodPracticePage._base_manager._insert(pages, fields=GoodPracticePage._meta.local_concrete_fields)
        _relations(pages, approaches, rng)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    invalidate_now_and_after_commit()  # written in bulk, past the publish signals that retire cached pages
    return count


def _relations(pages: list[GoodPracticePage], approaches: list[Approach], rng: random.Random) -> None:
    through = GoodPracticePage.approaches.through
    links, outcomes, entries = [], [], []
    for page in pages:
        chosen = rng.sample(approaches, k=min(len(approaches), rng.randint(1, 3)))
        links.extend(through(goodpracticepage_id=page.pk, approach_id=approach.pk) for approach in chosen)
        outcome = GoodPracticeOutcome(
            page_id=page.pk,
            label="zabydlených domácností",
            label_en="households housed",
            value=Decimal(rng.randint(1, 60)),
            year=2025,
            source="synthetic benchmark data",
            sort_order=0,
        )
        outcomes.append(outcome)
        text = f"{page.introduction} {page.body[0].value.source} {page.municipality.name}"
        entries.append(
            SearchEntry(
                page_id=page.pk,
                language="cs",
                kind=SearchEntry.Kind.GOOD_PRACTICE,
                region=page.municipality.region,
                approaches="|" + "|".join(approach.slug for approach in chosen) + "|",
                title=page.title,
                title_folded=fold(page.title),
                text=text.replace("<p>", "").replace("</p>", ""),
                text_folded=folded_words(f"{page.title} {text}"),
                published_at=page.last_published_at,
            )
        )
    through.objects.bulk_create(links)
    GoodPracticeOutcome.objects.bulk_create(outcomes)
    SearchEntry.objects.bulk_create(entries)


def delete_records() -> int:
    """Remove every synthetic record and municipality."""
    pages = Page.objects.filter(slug__startswith=SLUG_PREFIX, content_type__model="goodpracticepage")
    count = pages.count()
    pages.delete()  # treebeard's queryset delete keeps the parents' child counts right
    Municipality.objects.filter(name__startswith=MUNICIPALITY_PREFIX).delete()
    return count
