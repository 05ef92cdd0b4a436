"""The membership register as CSV and XLSX: for the body's manager only, with ended memberships too."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from groups import services
from groups.models import Membership, Role
from tests.factories import OrganisationFactory, UserFactory
from tests.factories import member_of as recorded
from tests.groups.conftest import member_of, with_totp

pytestmark = pytest.mark.django_db


def _url(body, file_format):
    return reverse("groups:register_export", args=[body.pk, file_format])


@pytest.fixture
def register(working_group):
    """Two members in force (one with a title and a position) and one whose membership has ended."""
    city = OrganisationFactory(name="Statutární město Zlín", short_name="Zlín")
    jana = UserFactory(
        first_name="Jana", last_name="Šťastná", title="Mgr.", position="vedoucí odboru", email="jana@zlin.example"
    )
    recorded(working_group, Role.MEMBER, person=jana, organisation=city)
    # A name a spreadsheet would take for a formula stays text.
    recorded(working_group, Role.SUBSTITUTE, person=UserFactory(first_name="=HYPERLINK(1)", last_name="Pokus"))
    gone = recorded(working_group, Role.MEMBER, person=UserFactory(first_name="Petr", last_name="Bývalý"))
    membership = Membership.objects.get(person=gone)
    Membership.objects.filter(pk=membership.pk).update(term_start=datetime.date(2025, 1, 1))
    membership.refresh_from_db()
    services.membership_end(membership=membership, on=datetime.date(2026, 1, 31))
    return working_group


def test_the_manager_downloads_the_register_as_csv_for_excel(client, manager, register):
    response = client.get(_url(register, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("utf-8")
    assert text.startswith(
        "\ufeffTitul;Křestní jméno;Příjmení;Funkce;Zastupovaná organizace;Role;E-mail;"
        "Začátek členství;Konec členství;Platí;Číslo usnesení rady;Datum usnesení rady\r\n"
    )
    lines = text.splitlines()
    jana = next(line for line in lines if "Šťastná" in line)
    assert jana.startswith("Mgr.;Jana;Šťastná;vedoucí odboru;Zlín;Člen;jana@zlin.example;")
    assert jana.split(";")[9] == "ano"
    ended = next(line for line in lines if "Bývalý" in line)
    assert ";2025-01-01;2026-01-31;ne;" in ended
    assert "'=HYPERLINK(1)" in text
    # In force first: the ended membership is the last row.
    assert lines[-1] == ended


def test_the_register_as_xlsx_keeps_dates_as_dates(client, manager, register):
    response = client.get(_url(register, "xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Rejstřík členství"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Titul", "Křestní jméno", "Příjmení")
    ended = next(row for row in rows if row[2] == "Bývalý")
    assert ended[7] == datetime.datetime(2025, 1, 1) and ended[8] == datetime.datetime(2026, 1, 31)
    tricky = next(row for row in rows if row[2] == "Pokus")
    assert tricky[1] == "=HYPERLINK(1)"
    assert sheet.cell(row=rows.index(tricky) + 1, column=2).data_type == "s"  # text, never a formula
    # The manager (from the fixture) is in the register too: four rows and the heading.
    assert len(rows) == 5


@pytest.mark.parametrize("role", [Role.CHAIR, Role.MEMBER, Role.SUBSTITUTE, Role.GUEST])
def test_nobody_but_the_manager_downloads_it(client, register, role):
    client.force_login(with_totp(member_of(register, role)))

    assert client.get(_url(register, "csv")).status_code == 403
    assert client.get(_url(register, "xlsx")).status_code == 403


def test_a_manager_of_another_body_is_refused(client, register, round_table):
    """Outsiders are told nothing exists there, as on the members' space itself."""
    client.force_login(with_totp(member_of(round_table, Role.MANAGER)))

    assert client.get(_url(register, "csv")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, register):
    response = client.get(_url(register, "csv"))

    assert response.status_code == 302
    assert "/ucet/prihlaseni/" in response["Location"] or "login" in response["Location"]


def test_an_unknown_format_is_not_found(client, manager, register):
    assert client.get(_url(register, "pdf")).status_code == 404


def test_the_members_space_offers_the_download_to_the_manager_only(client, manager, register):
    page = client.get(reverse("groups:body_internal", args=[register.pk])).content.decode()
    assert _url(register, "xlsx") in page and _url(register, "csv") in page

    client.force_login(with_totp(member_of(register, Role.CHAIR)))
    page = client.get(reverse("groups:body_internal", args=[register.pk])).content.decode()
    assert _url(register, "xlsx") not in page


def test_the_members_space_shows_the_registers_newest_changes_and_sends_older_ones_to_the_export(
    client, manager, register
):
    url = reverse("groups:body_internal", args=[register.pk])
    older = "Starší změny najdete v celém rejstříku"
    page = client.get(url).content.decode()
    assert "Bývalý" in page and older not in page  # four changes: all shown
    for year in range(2010, 2022):  # twelve terms of years gone by
        person = UserFactory(first_name="Dávný", last_name=f"Člen{year}")
        recorded(register, Role.MEMBER, person=person)
        Membership.objects.filter(person=person).update(
            term_start=datetime.date(year, 1, 1), term_end=datetime.date(year, 12, 31)
        )
    page = client.get(url).content.decode()
    history = page.split('id="history-heading"', 1)[1]
    assert history.count("<tr>") - 1 == 10  # the newest ten, under the heading row
    assert "Bývalý" in history and "Člen2021" in history and "Člen2015" not in history
    assert older in history and _url(register, "xlsx") in history and _url(register, "csv") in history
