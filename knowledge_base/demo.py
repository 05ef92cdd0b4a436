"""Demo content of the knowledge base, built idempotently from knowledge_base.demo_content."""

from decimal import Decimal

from wagtail.models import Page
from wagtail.rich_text import RichText

from knowledge_base import demo_content as content
from knowledge_base.models import (
    Approach,
    GoodPracticeIndexPage,
    GoodPracticeOutcome,
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    Municipality,
    MunicipalityFigure,
    MythIndexPage,
    MythPage,
    join_codes,
)
from knowledge_base.search import search_index_rebuild
from portal.sanitize import sanitize_html


def load(home, english_locale, translate, write) -> None:
    """Build the knowledge base under `home`; `translate(page, locale, texts)` makes English copies."""
    approaches = _approaches()
    municipalities = _municipalities()
    library = _index(home, GoodPracticeIndexPage, content.INDEXES["good_practice"], english_locale, translate)
    for record in content.RECORDS:
        page = _child(
            library, GoodPracticePage, record["slug"], lambda r=record: _record(r, approaches, municipalities)
        )
        _english(page, english_locale, translate, record, {"lessons_learned": record["en"]["lessons"]})
    myths = _index(home, MythIndexPage, content.INDEXES["myths"], english_locale, translate)
    for myth in content.MYTHS:
        page = _child(myths, MythPage, myth["slug"], lambda m=myth: _myth(m))
        _english(page, english_locale, translate, myth)
    materials = _index(home, MaterialIndexPage, content.INDEXES["materials"], english_locale, translate)
    for material in content.MATERIALS:
        page = _child(materials, MaterialPage, material["slug"], lambda m=material: _material(m))
        _english(page, english_locale, translate, material)
    count = search_index_rebuild()
    write(
        f"Knowledge base: {len(content.RECORDS)} good-practice records, {len(content.MYTHS)} myths, "
        f"{len(content.MATERIALS)} materials; {count} pages in the public search index."
    )


def _approaches() -> dict[str, Approach]:
    result = {}
    for slug, name, name_en, description, description_en in content.APPROACHES:
        result[slug], _created = Approach.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "description": description, "description_en": description_en},
        )
    return result


def _municipalities() -> dict[str, Municipality]:
    result = {}
    for slug, name, name_en, region, population, flats, figures in content.MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            municipality = Municipality(slug=slug, name=name, name_en=name_en, region=region)
            if population:
                municipality.population, municipality.population_year, municipality.population_source = population
            if flats:
                (
                    municipality.municipal_flats,
                    municipality.municipal_flats_year,
                    municipality.municipal_flats_source,
                ) = flats
            municipality.figures = [
                MunicipalityFigure(label=label, label_en=label_en, value=Decimal(value), year=year, source=source)
                for label, label_en, value, year, source in figures
            ]
            municipality.save()
        result[slug] = municipality
    return result


def _fields(texts: dict) -> dict:
    fields = {name: texts[name] for name in ("title", "introduction") if name in texts}
    if "body" in texts:
        fields["body"] = [(kind, RichText(sanitize_html(value))) for kind, value in texts["body"]]
    return fields


def _index(home, model, texts: dict, english_locale, translate) -> Page:
    index = model.objects.child_of(home).first()
    if index is None:
        index = model(slug=texts["cs"]["slug"], show_in_menus=True, **_fields(texts["cs"]))
        home.add_child(instance=index)
        index.save_revision().publish()
    translate(index, english_locale, texts["en"])
    return index


def _child(parent, model, slug: str, build) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = build()
        page.slug = slug
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _english(page, english_locale, translate, item: dict, extra: dict | None = None) -> None:
    """The English copy through the loader's own helper, plus the fields it does not know about."""
    fresh = page.get_translation_or_none(english_locale) is None
    texts = {name: value for name, value in item["en"].items() if name in {"title", "slug", "introduction", "body"}}
    english = translate(page, english_locale, texts)
    if fresh and extra:
        for name, value in extra.items():
            setattr(english, name, value)
        english.save_revision().publish()


def _sources(sources: list) -> list:
    return [(kind, dict(value)) for kind, value in sources]


def _record(record: dict, approaches: dict, municipalities: dict) -> GoodPracticePage:
    page = GoodPracticePage(
        municipality=municipalities[record["municipality"]],
        period_from=record.get("period_from"),
        partners=record["partners"],
        lessons_learned=sanitize_html(record["cs"]["lessons"]),
        contact=record["contact"],
        sources=_sources(record["sources"]),
        **_fields(record["cs"]),
    )
    page.approaches = [approaches[slug] for slug in record["approaches"]]
    page.outcomes = [
        GoodPracticeOutcome(
            label=label,
            label_en=label_en,
            value=None if value is None else Decimal(value),
            year=year,
            source=source,
        )
        for label, label_en, value, year, source in record["outcomes"]
    ]
    return page


def _myth(myth: dict) -> MythPage:
    return MythPage(
        verdict=myth["verdict"],
        sources=_sources([content.MYTH_SOURCES[key] for key in myth["sources"]]),
        reviewer=content.REVIEWER,
        last_reviewed=myth["last_reviewed"],
        **_fields(myth["cs"]),
    )


def _material(material: dict) -> MaterialPage:
    return MaterialPage(
        material_type=material["type"],
        year=material["year"],
        language=material["language"],
        publisher=material["publisher"],
        audiences=join_codes(material["audiences"]),
        external_url=material.get("url", ""),
        **_fields(material["cs"]),
    )
