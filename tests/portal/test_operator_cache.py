"""The operator's name speaks in the accessibility statement: editing the operator setting retires the
cached public pages at once, in Czech and in English, as editing the contact centre does."""

import pytest
from django.test import Client

from portal.models import OperatorSettings
from tests.factories import accessibility_statement, operator_settings, translate

pytestmark = pytest.mark.django_db

CZECH = "/prohlaseni-o-pristupnosti/"
ENGLISH = "/en/accessibility-statement/"


@pytest.fixture
def statement():
    operator_settings(name="Statutární město Ostrava")
    page = accessibility_statement()
    translate(page, title="Accessibility statement", slug="accessibility-statement")
    return page


def test_renaming_the_operator_retires_the_cached_statement(statement, django_assert_num_queries):
    client = Client()
    for url in (CZECH, ENGLISH):
        assert "Statutární město Ostrava" in client.get(url).content.decode()
        with django_assert_num_queries(0):  # the anonymous copy is cached now
            assert "Statutární město Ostrava" in client.get(url).content.decode()
    operator = OperatorSettings.objects.get()
    operator.name = "Statutární město Zlín"
    operator.save()
    for url in (CZECH, ENGLISH):
        html = client.get(url).content.decode()
        assert "Statutární město Zlín" in html and "Statutární město Ostrava" not in html


def test_removing_the_operator_retires_the_cached_statement(statement):
    client = Client()
    assert "Statutární město Ostrava" in client.get(CZECH).content.decode()
    OperatorSettings.objects.get().delete()
    html = client.get(CZECH).content.decode()
    assert "Statutární město Ostrava" not in html
    assert "Sociální bydlení se zavazuje" in html  # without an operator, the site's name commits
