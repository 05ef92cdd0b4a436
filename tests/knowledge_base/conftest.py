"""A small library of the knowledge base, built by factories: the three index pages with their English
copies, a few municipalities (figures from the seeds, with their sources), records, myths and a
material. Tests state what they rely on from here; nothing is looked up in the demo site."""

import datetime
from decimal import Decimal

import pytest

from knowledge_base.models import GoodPracticeOutcome, MythIndexPage
from tests.factories import (
    ApproachFactory,
    GoodPracticeFactory,
    MaterialFactory,
    MaterialIndexFactory,
    MunicipalityFactory,
    MythFactory,
    MythIndexFactory,
    translate,
)
from tests.groups.conftest import editor, with_totp

SRC_ZLIN = "Statutární město Zlín: výzva k výměně zkušeností s partnerským městem (EU)"
SRC_OSTRAVA = "Statutární město Ostrava: Sociální bydlení jako systémová aktivita (prezentace, 2023)"


@pytest.fixture
def myth_index(db) -> MythIndexPage:
    index = MythIndexFactory()
    translate(index, title="Myths and facts", slug="myths-and-facts")
    return index


@pytest.fixture
def material_index(db):
    index = MaterialIndexFactory()
    translate(index, title="Materials", slug="materials")
    return index


@pytest.fixture
def housing_first(db):
    return ApproachFactory(slug="housing-first", name="Housing First")


@pytest.fixture
def zlin(db):
    return MunicipalityFactory(
        name="Zlín", slug="zlin", region="zlinsky", population=74_255, population_source=SRC_ZLIN,
        municipal_flats=1_886, municipal_flats_source=SRC_ZLIN,
    )  # fmt: skip


@pytest.fixture
def praha(db):
    """A profile without published figures."""
    return MunicipalityFactory(name="Praha", name_en="Prague", slug="praha", region="praha")


@pytest.fixture
def knowledge(library, myth_index, material_index, housing_first, zlin, praha):
    """Records, myths and a material, as the pages and search need them."""
    crisis_flat = ApproachFactory(slug="krizovy-byt", name="Krizový byt", name_en="Crisis flat")
    ostrava = MunicipalityFactory(
        name="Ostrava", slug="ostrava", region="moravskoslezsky", population=277_626, population_source=SRC_OSTRAVA,
        municipal_flats=12_636, municipal_flats_year=2023, municipal_flats_source=SRC_OSTRAVA,
    )  # fmt: skip
    records = {
        "ostrava": GoodPracticeFactory(
            parent=library,
            title="Ostrava: pracovní skupina a kulaté stoly",
            slug="ostrava-pracovni-skupina-a-kulate-stoly",
            municipality=ostrava,
            introduction="Město řídí sociální bydlení jako systémovou aktivitu.",
            outcomes=[
                GoodPracticeOutcome(
                    label="bytů v projektech sociálního bydlení",
                    label_en="flats in social-housing projects",
                    value=Decimal(215),
                    year=2023,
                    source=SRC_OSTRAVA,
                )
            ],
        ),  # fmt: skip
        "liberec": GoodPracticeFactory(
            parent=library,
            title="Liberec: dva roky programu Housing First",
            slug="liberec-housing-first",
            municipality=MunicipalityFactory(name="Liberec", slug="liberec", region="liberecky"),
            introduction="Rodiny z ubytoven bydlí v běžných bytech s podporou sociální práce.",
            approaches=[housing_first],
            outcomes=[
                GoodPracticeOutcome(
                    label="zabydlených domácností", label_en="households housed", value=Decimal(50), source="Město"
                )
            ],
        ),
        "jihlava": GoodPracticeFactory(
            parent=library,
            title="Jihlava: Housing First pro rodiny s dětmi",
            municipality=MunicipalityFactory(name="Jihlava", slug="jihlava", region="vysocina"),
            introduction="Bydlení pro rodiny s dětmi v bytové nouzi.",
            approaches=[housing_first],
        ),
        "trutnov": GoodPracticeFactory(
            parent=library,
            title="Trutnov: od mapování bytové nouze ke krizovému bytu",
            municipality=MunicipalityFactory(name="Trutnov", slug="trutnov", region="kralovehradecky"),
            introduction="Město zmapovalo bytovou nouzi a zřídilo krizový byt.",
            approaches=[crisis_flat],
        ),
        "steti": GoodPracticeFactory(
            parent=library,
            title="Štětí: pracovní skupina se všemi místními aktéry a se školami",
            municipality=MunicipalityFactory(name="Štětí", slug="steti", region="ustecky"),
            introduction="Sociální bydlení projednává pracovní skupina, ve které jsou i školy.",
        ),
        "praha": GoodPracticeFactory(
            parent=library,
            title="Praha: žádné dítě na ubytovně",
            municipality=praha,
            introduction="Rodiny s dětmi se stěhují z ubytoven do běžného bydlení.",
            outcomes=[GoodPracticeOutcome(label="rodin v bytech", value=Decimal(40), source="Hlavní město Praha")],
        ),
    }
    # English copies of the two records the English pages and search are tested on (copies are slow)
    translate(records["liberec"], title="Liberec: two years of Housing First", slug="liberec-housing-first")
    translate(records["praha"], title="Prague: every child out of hostels into ordinary housing", slug="prague")
    myths = {
        "housing_first": MythFactory(
            parent=myth_index,
            title="Housing First u nás fungovat nemůže",
            slug="housing-first-u-nas-nefunguje",
            introduction="Zkušenosti Liberce a Jihlavy ukazují opak; bydlení je výchozí bod.",
        ),
        "stale": MythFactory(
            parent=myth_index,
            title="Rodiny z ubytoven nelze zabydlet",
            slug="rodiny-z-ubytoven-nelze-zabydlet",
            last_reviewed=datetime.date.today() - datetime.timedelta(days=400),
        ),
    }
    material = MaterialFactory(
        parent=material_index, title="Studie sociálního bydlení", audiences="|politicians|", language="cs"
    )
    return {"records": records, "myths": myths, "material": material, "ostrava": ostrava}


@pytest.fixture
def signed_in_editor(client):
    """A communications editor (Wagtail's Editors group), signed in with two-factor set up."""
    user = with_totp(editor())
    client.force_login(user)
    return user
