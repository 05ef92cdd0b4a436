"""The one test that loads the demo (every other test builds its data with factories): the real
command on an empty site, complete in both languages, idempotent, rebuilt by --reset."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageViewRestriction

from groups import demo as groups_demo
from groups.models import BodyPage, PrivateCollection, Role
from knowledge_base.models import GoodPracticePage, MaterialPage, MythPage
from portal.management.commands.load_demo import ADMIN_EMAIL
from portal.models import (
    AccessibilityStatementPage,
    ContactSettings,
    FooterSettings,
    HomePage,
    OperatorSettings,
    StandardPage,
    User,
)
from tests.factories import StandardPageFactory, UserFactory, member_of, translate

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def password_in(output: str) -> str:
    return output.split("password: ")[1].split()[0]


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_demo_builds_a_complete_site_once_and_rebuilds_on_reset():
    first = run("--reset")  # the test database holds an empty site; --reset starts from nothing, as `make run`
    check_site_core()
    check_every_public_page_answers()
    check_knowledge_base_is_translated()
    check_working_group()

    pages_before = Page.objects.count()
    again = run()
    assert Page.objects.count() == pages_before
    assert "password:" not in again
    assert User.objects.filter(email=ADMIN_EMAIL).count() == 1

    rebuilt = run("--reset")
    assert password_in(first) != password_in(rebuilt) and len(password_in(rebuilt)) >= 12
    assert User.objects.get(email=ADMIN_EMAIL).check_password(password_in(rebuilt))
    assert HomePage.objects.count() == 2 and Page.objects.count() == pages_before


def check_site_core():
    assert HomePage.objects.filter(locale__language_code="cs").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert StandardPage.objects.filter(locale__language_code="en").count() == 2
    contact = ContactSettings.objects.get()
    assert contact.email == "socialni.bydleni@mpsv.cz"
    operator = OperatorSettings.objects.get()  # the city of the demo (seed 004), not the contact centre
    assert (operator.name, operator.office) == ("Statutární město Ostrava", "Magistrát města Ostravy")
    check_accessibility_statement()
    assert len(contact.consultation_hours) == 3
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.emailaddress_set.get().verified
    home = Client().get("/").content.decode()
    assert "Pracovní skupina sociálního bydlení" in home
    assert "277\u00a0626" in home  # Czech typography: a non-breaking space in numbers
    assert "Social housing working group" in Client().get("/en/").content.decode()


def check_every_public_page_answers():
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    client = Client()
    answers = {
        page.url: client.get(page.url).status_code
        for page in Page.objects.live().filter(depth__gt=1).specific()
        if not any(page.path.startswith(path) for path in restricted)
    }
    assert len(answers) > 40  # both languages of every kind of page
    assert {url: status for url, status in answers.items() if status != 200} == {}


def check_knowledge_base_is_translated():
    english_locale = Locale.objects.get(language_code="en")
    for model in (GoodPracticePage, MythPage, MaterialPage):
        czech = model.objects.filter(locale__language_code="cs")
        assert czech.exists()
        assert [page.slug for page in czech if page.get_translation_or_none(english_locale) is None] == []
    english = GoodPracticePage.objects.get(slug="ostrava-working-group-and-round-tables")
    assert "Legislation" in english.lessons_learned


def check_working_group():
    working_group = BodyPage.objects.get(slug="pracovni-skupina", locale__language_code="cs")
    english = working_group.get_translation(Locale.objects.get(language_code="en"))
    html = Client().get(english.url).content.decode()
    assert "Heimstaden" in html and "Lenka Pokorná" in html  # the Czech page's register, in English
    private = PrivateCollection.objects.get(collection__name=groups_demo.PRIVATE_COLLECTION_NAME)
    assert private.body == working_group
    document = get_document_model().objects.get(collection=private.collection)
    assert as_user(member_of(working_group, Role.MEMBER)).get(document.url).status_code == 200
    assert as_user(UserFactory()).get(document.url).status_code == 404


def check_accessibility_statement():
    """The statement in both languages, linked from the footer, true of this portal's own checks."""
    czech = AccessibilityStatementPage.objects.get(slug="prohlaseni-o-pristupnosti", locale__language_code="cs")
    english = czech.get_translation(Locale.objects.get(language_code="en"))
    assert english.slug == "accessibility-statement" and english.enforcement_body.startswith("Digital and")
    assert czech.compliance_status == "partial" and czech.enforcement_body == "Digitální a informační agentura"
    reasons = [block.value["reason"] for block in czech.inaccessible_content]
    assert reasons.count("non_compliance") == 3 and reasons.count("out_of_scope") == 1
    assert [block.value.pk for block in FooterSettings.objects.get().links] == [czech.pk]
    html = Client().get("/prohlaseni-o-pristupnosti/").content.decode().replace("\u00a0", " ")
    assert "Statutární město Ostrava se zavazuje" in html and "jsou částečně v souladu se zákonem" in html
    assert "axe-core" in html and "veraPDF" in html and "Ukázkový obsah" in html
    assert "Kontaktní centrum sociálního bydlení" not in html.split("<footer")[0]
    english_html = Client().get("/en/accessibility-statement/").content.decode()
    assert "This website is partially compliant" in english_html and "Sample content" in english_html


def test_an_older_demos_placeholder_statement_gives_way_and_the_footer_follows():
    """A site loaded before the statement had its own page type: a StandardPage at the same address,
    in both languages, linked from the footer. Loading the demo again replaces it, once."""
    placeholder = StandardPageFactory(title="Prohlášení o přístupnosti", slug="prohlaseni-o-pristupnosti")
    translate(placeholder, title="Accessibility statement", slug="accessibility-statement")
    footer = FooterSettings.objects.get()
    footer.links = [("page", placeholder)]
    footer.save()

    run()
    assert not StandardPage.objects.filter(slug__in=["prohlaseni-o-pristupnosti", "accessibility-statement"])
    check_accessibility_statement()
    pages = Page.objects.count()
    operator = OperatorSettings.objects.get()
    operator.name = "Město Zlín"  # the operator's own entry is kept
    operator.save()

    run()
    assert Page.objects.count() == pages and AccessibilityStatementPage.objects.count() == 2
    assert OperatorSettings.objects.get().name == "Město Zlín"
    assert len(FooterSettings.objects.get().links) == 1
