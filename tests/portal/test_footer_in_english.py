"""The contact centre in the footer speaks the page's language: English texts where the operator
gave them, the Czech ones otherwise."""

import pytest
from wagtail.models import Site

from portal.models import ContactSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(site_pages):
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.name, contact.name_en = "Kontaktní centrum sociálního bydlení", "Social Housing Contact Centre"
    contact.description = "Projekt neposkytuje byty."
    contact.description_en = "The project does not provide flats."
    contact.consultation_note = "<p>Schůzku sjednejte předem.</p>"
    contact.consultation_note_en = "<p>Arrange a meeting in advance.</p>"
    contact.save()
    return contact


def test_the_english_footer_is_in_english(client, contact):
    english = client.get("/en/").content.decode()
    assert "Social Housing Contact Centre" in english and "The project does not provide flats." in english
    assert "Arrange a meeting in advance." in english
    assert "Kontaktní centrum sociálního bydlení" not in english and "Schůzku sjednejte" not in english

    czech = client.get("/").content.decode()
    assert "Kontaktní centrum sociálního bydlení" in czech and "Schůzku sjednejte předem." in czech
    assert "Social Housing Contact Centre" not in czech


def test_without_english_texts_the_czech_ones_stand(client, contact):
    contact.name_en = contact.description_en = contact.consultation_note_en = ""
    contact.save()

    english = client.get("/en/").content.decode()

    assert "Kontaktní centrum sociálního bydlení" in english and "Schůzku sjednejte předem." in english
