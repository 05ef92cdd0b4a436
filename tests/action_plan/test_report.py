"""The yearly fulfilment report for the council: approved data only, tagged PDF and DOCX."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from tests.conftest import sign_in_fresh
from tests.events.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _report(client, plan, year, format):
    return client.get(reverse("action_plan:fulfilment_report", args=[plan.concept.pk, year, format]))


def test_the_report_holds_the_years_approved_updates_only(client, plan):
    plan.approved(narrative="Schválená práce roku", value=Decimal(1234))
    second_half = (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    plan.submitted(narrative="Neschválený koncept", value=Decimal(999), period=second_half)
    plan.measure.planned_budget = Decimal(1500000)
    plan.measure.save()
    sign_in_fresh(client, plan.other_member)
    response = _report(client, plan, 2026, "pdf")
    assert response["Content-Type"] == "application/pdf" and b"/StructTreeRoot" in response.content
    text = pdf_text(response.content)
    assert "Schválená práce roku" in text and "Neschválený koncept" not in text
    assert "1 234" in text and "1 500 000" in text and "Plní se" in text
    document = Document(io.BytesIO(_report(client, plan, 2026, "docx").content))
    words = " ".join(p.text for p in document.paragraphs) + " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Schválená práce roku" in words and "Neschválený koncept" not in words and "1\u00a0234" in words
    earlier = pdf_text(_report(client, plan, 2025, "pdf").content)
    assert "Schválená práce roku" not in earlier and "Za tento rok nebyla schválena žádná zpráva o plnění." in earlier


@pytest.mark.parametrize("role, status", [("outsider", 404), ("guest", 200), ("chair", 200)])
def test_who_may_generate_it(client, plan, role, status):
    sign_in_fresh(client, getattr(plan, role))
    assert _report(client, plan, 2026, "docx").status_code == status


def test_a_year_outside_the_plan_is_not_found(client, plan):
    sign_in_fresh(client, plan.manager)
    assert _report(client, plan, 1999, "pdf").status_code == 404
    assert _report(client, plan, 2026, "exe").status_code == 404
