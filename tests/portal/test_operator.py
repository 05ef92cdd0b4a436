"""Whose portal it is: the operator (a site setting) heads the print views and the PDFs filed in the
city's records; without one, the site's name does. Never the contact centre, the ministry's project
shown in the footer."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from events import documents
from portal.models import ContactSettings
from portal.pdf import letterhead
from tests.action_plan.conftest import Plan
from tests.conftest import sign_in_fresh
from tests.events.conftest import People, add_item, make_meeting, pdf_text
from tests.factories import ImageFactory, operator_settings
from tests.groups.conftest import with_totp

pytestmark = pytest.mark.django_db

CONTACT_CENTRE = "Kontaktní místo"  # the contact centre of the test site (tests/factories.py: build_site)
OSTRAVA = {
    "name": "Statutární město Ostrava",
    "office": "Magistrát města Ostravy",
    "department": "odbor sociálních věcí a zdravotnictví",
    "address": "Náměstí 1\n700 00 Ostrava",
}


def pdf_alt_text(text: str) -> bytes:
    """How WeasyPrint writes a figure's text alternative in a tagged PDF: UTF-16 with its byte-order mark."""
    return b"/Alt <" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"


@pytest.fixture
def people(working_group) -> People:
    return People(working_group)


@pytest.fixture
def meeting(working_group, people):
    meeting = make_meeting(working_group)
    add_item(meeting, people.manager, "Veřejný bod")
    return meeting


def test_the_letterhead_is_the_operators(db):
    operator_settings(**OSTRAVA)
    head = letterhead()["letterhead"]
    assert head["name"] == "Statutární město Ostrava"
    assert head["office"] == "Magistrát města Ostravy" and head["department"].startswith("odbor sociálních")
    assert "Ostrava" in head["address"]
    assert CONTACT_CENTRE not in str(head) and head["logo"] is None


@pytest.mark.parametrize("operator", [None, {"name": "", "office": "Magistrát města Ostravy"}])
def test_without_an_operator_the_site_name_heads_the_documents_never_the_contact_centre(db, operator):
    if operator is not None:
        operator_settings(**operator)
    assert ContactSettings.objects.get().name == CONTACT_CENTRE
    assert letterhead()["letterhead"]["name"] == "Sociální bydlení"


def test_print_view_of_the_agenda_is_headed_by_the_operator(client, people, meeting):
    operator_settings(**OSTRAVA)
    sign_in_fresh(client, people.member)
    html = client.get(reverse("events:agenda_print", args=[meeting.pk])).content.decode()
    header = html.split('<header class="letterhead">')[1].split("</header>")[0]
    assert '<p class="letterhead-name">Statutární město Ostrava</p>' in header
    assert "Magistrát města Ostravy, odbor sociálních věcí a zdravotnictví" in header
    assert "Náměstí 1<br>700 00 Ostrava" in header
    assert meeting.body.title in header
    assert CONTACT_CENTRE not in html


def test_minutes_and_agenda_pdf_carry_the_operator_and_its_logo(people, meeting):
    operator_settings(**OSTRAVA, logo=ImageFactory(title="Znak města"))
    pdf = documents.agenda_pdf(meeting, list(meeting.agenda_items.all()))
    text = pdf_text(pdf)
    assert "Statutární město Ostrava" in text and "Magistrát města Ostravy" in text
    assert CONTACT_CENTRE not in text
    assert b"/Subtype /Image" in pdf  # the logo is embedded, not a link to a web address
    assert pdf_alt_text("Statutární město Ostrava") in pdf  # tagged as a figure with the operator's name


def test_the_logo_in_the_print_view_is_a_rendition_with_the_operators_name_as_alt(client, people, meeting):
    operator_settings(**OSTRAVA, logo=ImageFactory(title="Znak města"))
    sign_in_fresh(client, people.member)
    html = client.get(reverse("events:agenda_print", args=[meeting.pk])).content.decode()
    logo = letterhead()["letterhead"]["logo"]
    assert f'src="{logo.url}"' in html and logo.url.startswith("/media/images/")
    assert 'alt="Statutární město Ostrava"' in html
    assert "data:image/png;base64," not in html  # inline only in the PDF, which has no web address to load from
    assert logo.data_uri.startswith("data:image/png;base64,")


def test_the_action_plan_report_is_headed_by_the_operator(client):
    plan = Plan()
    plan.approved(narrative="Schválená práce roku")
    operator_settings(**OSTRAVA)
    sign_in_fresh(client, plan.other_member)
    url = reverse("action_plan:fulfilment_report", args=[plan.concept.pk, 2026, "pdf"])
    text = pdf_text(client.get(url).content)
    assert "Statutární město Ostrava" in text and CONTACT_CENTRE not in text


def test_the_operator_is_edited_in_the_czech_admin(client, staff_user):
    client.force_login(with_totp(staff_user))
    site = Site.objects.get(is_default_site=True)
    html = client.get(f"/admin/settings/portal/operatorsettings/{site.pk}/").content.decode().lower()
    for label in ["Provozovatel", "název", "úřad", "odbor", "poštovní adresa", "ID datové schránky", "logo"]:
        assert label.lower() in html, label
    assert "kontakty" in html and "např. statutární město ostrava." in html
    for english in ["operator", "office", "department", "postal address", "data box id"]:
        assert f">{english}<" not in html and f">{english}\n" not in html, english
