"""Importing a plan from the municipality's spreadsheet (all or nothing, errors by row and column in
Czech, formulas refused) and exporting the approved plan as open data."""

import csv
import datetime
import io
import json
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from action_plan import importing
from action_plan.models import Measure
from tests.conftest import sign_in_fresh
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HEADER = [str(label) for _key, label, _required in importing.COLUMNS]


def _row(**values) -> list:
    row = {
        "goal_number": 2, "goal_title": "Kontaktní místo a evaluace", "code": "2.1", "title": "Pilotní sběr dat",
        "lead": "OSV", "start_year": 2024, "end_year": 2027, "planned_budget": "1 500 000,50",
        "indicator": "Domácnosti v bytové nouzi", "unit": "domácností", "baseline_value": 3000,
        "baseline_year": 2023, "target_value": 2500, "target_year": 2027, "direction": "nižší",
    }  # fmt: skip
    row.update(values)
    return [row.get(key) for key, _label, _required in importing.COLUMNS]


def _xlsx(rows, formula_at=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=SUM(1,2)"
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("plan.xlsx", out.getvalue())


def _import(client, plan, upload):
    sign_in_fresh(client, plan.manager)
    return client.post(reverse("action_plan:plan_import", args=[plan.concept.pk]), {"file": upload})


def test_a_plan_is_imported_from_xlsx_with_indicators_on_repeated_rows(client, plan):
    rows = [
        _row(activities="Dotazník; Školení"),
        _row(code="2.1", goal_number=None, goal_title=None, title=None, lead=None, indicator="Zapsané domácnosti",
             unit="domácností", baseline_value=None, baseline_year=None, target_value=None, target_year=None,
             direction="vyšší"),
        _row(code="2.2", title="Evaluace", partners="OSV", indicator=None),
    ]  # fmt: skip
    response = _import(client, plan, _xlsx(rows))
    assert response.status_code == 302
    measure = Measure.objects.get(goal__concept=plan.concept, code="2.1")
    assert measure.goal.number == 2 and measure.planned_budget == Decimal("1500000.50")
    assert [i.name for i in measure.indicators.all()] == ["Domácnosti v bytové nouzi", "Zapsané domácnosti"]
    assert measure.indicators.first().direction == "lower"
    assert [a.title for a in measure.activities.all()] == ["Dotazník", "Školení"]
    assert list(Measure.objects.get(goal__concept=plan.concept, code="2.2").partners.all()) == [plan.responsible]


def test_a_csv_with_semicolons_imports_too(client, plan):
    text = ";".join(HEADER) + "\n" + ";".join("" if cell is None else str(cell) for cell in _row()) + "\n"
    response = _import(client, plan, SimpleUploadedFile("plan.csv", text.encode("utf-8-sig")))
    assert response.status_code == 302 and Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(client, plan):
    rows = [
        _row(),
        _row(code="2.2", lead="Neznámá organizace"),
        _row(code="2.3", baseline_value="hodně"),
        _row(code="2.4", target_year=2020),
        _row(code="2.5", title=None),
        _row(code="1.1"),  # already in the plan
    ]
    page = _import(client, plan, _xlsx(rows, formula_at="P3")).content.decode()
    assert "Řádek 3, sloupec „Odpovědná organizace“: „Neznámá organizace“ není v rejstříku organizací." in page
    assert "Řádek 3, sloupec „Výchozí hodnota“" in page and "vzorec" in page
    assert "Řádek 4, sloupec „Výchozí hodnota“: „hodně“ není číslo." in page
    assert "Řádek 5, sloupec „Cílový rok“" in page
    assert "Řádek 6, sloupec „Opatření“: musí být vyplněno." in page
    assert "Řádek 7, sloupec „Kód opatření“: plán už opatření 1.1 obsahuje." in page
    assert not Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("plan.xlsx", b"not a zip"), "nepodařilo přečíst jako XLSX"),
        (SimpleUploadedFile("plan.pdf", b"%PDF"), "XLSX nebo CSV"),
        (SimpleUploadedFile("plan.csv", ("Něco;jiného\n1;2\n").encode()), "chybí"),
        (SimpleUploadedFile("plan.csv", "Kód".encode("cp1250")), "UTF-8"),
        (SimpleUploadedFile("plan.csv", b"x" * (importing.MAX_BYTES + 1)), "2 MB"),
    ],
)
def test_a_file_that_is_not_a_plan_gets_a_czech_message(client, plan, upload, message):
    page = _import(client, plan, upload).content.decode()
    assert message in page
    assert Measure.objects.filter(goal__concept=plan.concept).count() == 1


def test_a_zip_bomb_is_refused_before_it_is_opened(client, plan):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"0" * (importing.MAX_UNPACKED_BYTES + 1))
    page = _import(client, plan, SimpleUploadedFile("plan.xlsx", out.getvalue())).content.decode()
    assert "20 MB" in page


@pytest.mark.parametrize("role", ["reporter", "chair", "outsider"])
def test_only_the_manager_imports(client, plan, role):
    sign_in_fresh(client, getattr(plan, role))
    response = client.post(reverse("action_plan:plan_import", args=[plan.concept.pk]), {"file": _xlsx([_row()])})
    assert response.status_code in (403, 404)
    assert not Measure.objects.filter(goal__concept=plan.concept, code="2.1").exists()


def test_the_template_reads_back_as_the_import_layout(client, plan):
    sign_in_fresh(client, plan.manager)
    response = client.get(reverse("action_plan:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER


def test_the_export_holds_approved_data_only_and_writes_no_formulas(client, plan):
    plan.approved(value=Decimal(230))
    second_half = (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    plan.submitted(narrative="neschváleno", value=Decimal(999), period=second_half)
    plan.measure.title = '=HYPERLINK("http://zle.example")'
    plan.measure.save()
    data = json.loads(client.get(f"{plan.concept.url}export/json/").content)
    measure = data["goals"][0]["measures"][0]
    assert measure["status"] == "on_track" and measure["spent"] is None
    assert [v["value"] for v in measure["indicators"][0]["values"]] == [230]
    rows = list(
        csv.reader(io.StringIO(client.get(f"{plan.concept.url}export/csv/").content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][3].startswith("'=") and "999" not in str(rows)
    book = load_workbook(io.BytesIO(client.get(f"{plan.concept.url}export/xlsx/").content))
    cell = book.active.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_importing_300_measures_is_quick(client, plan, django_assert_max_num_queries):
    OrganisationFactory(name="Partner")
    rows = [_row(code=f"3.{n}", goal_number=3, partners="Partner") for n in range(300)]
    upload = _xlsx(rows)
    started = time.perf_counter()
    assert _import(client, plan, upload).status_code == 302
    assert time.perf_counter() - started < 10
    assert Measure.objects.filter(goal__concept=plan.concept, goal__number=3).count() == 300
