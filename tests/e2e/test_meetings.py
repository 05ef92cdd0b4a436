"""End to end: an agenda from draft to RSVP, minutes from draft to the redacted public version."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import confirm_with_code_if_asked, set_up_two_factor, sign_in

pytestmark = pytest.mark.e2e

MEMBER = "clen@demo.socialni-bydleni.example"
PASSWORD = "E2e-heslo-jednani-2026"
# Fresh leaders of the round table, so this module's two-factor set-up touches no other test's accounts;
# one meeting ahead (agenda still a draft) and one held yesterday (agenda approved, no minutes yet).
SETUP = f"""
import datetime
from django.utils import timezone
from allauth.account.models import EmailAddress
from events import services
from events.models import MeetingPage
from groups.models import BodyPage, Organisation, Role
from groups.services import membership_create
from portal.models import User

body = BodyPage.objects.get(slug="kulaty-stul", locale__language_code="cs")
organisation = Organisation.objects.get(short_name="MMO OSVZ")
people = {{}}
for local, role in (("e2e-manazer", Role.MANAGER), ("e2e-predseda", Role.CHAIR)):
    email = local + "@example.org"
    user = User.objects.create_user(username=local, email=email, password="{PASSWORD}", first_name="E2E",
                                    last_name=local)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership_create(person=user, organisation=organisation, body=body, role=role)
    people[role] = user

def meeting(slug, days):
    start = timezone.now() + datetime.timedelta(days=days)
    page = MeetingPage(title="E2E " + slug, slug=slug, start=start, end=start + datetime.timedelta(hours=2),
                       place="Nová radnice")
    body.add_child(instance=page)
    page.save_revision().publish()
    return page

ahead = meeting("e2e-budouci", 30)
held = meeting("e2e-probehle", 20)
for title, level in (("Bezbariérové byty", "public"), ("Kazuistika rodiny Malých", "confidential")):
    services.agenda_item_save(meeting=held, user=people[Role.MANAGER],
                              values={{"title": title, "confidentiality": level}})
services.agenda_submit(meeting=held, user=people[Role.MANAGER])
services.agenda_approve(meeting=held, user=people[Role.CHAIR])
yesterday = timezone.now() - datetime.timedelta(days=1)
MeetingPage.objects.filter(pk=held.pk).update(start=yesterday, end=yesterday + datetime.timedelta(hours=2))
print("MEETINGS", ahead.pk, held.pk, held.url_path)
"""


@pytest.fixture(scope="module")
def meetings(site):
    # The shell also prints the invitation e-mails (console backend): take our line.
    ahead, held, path = re.search(r"^MEETINGS (\d+) (\d+) (\S+)$", site.manage("shell", "-c", SETUP), re.M).groups()
    return {"ahead": int(ahead), "held": int(held), "held_path": path.split("/", 2)[2]}


def leader(browser, site, local: str):
    page = browser.new_context(locale="cs-CZ").new_page()
    sign_in(page, site, f"{local}@example.org", PASSWORD)
    set_up_two_factor(page, PASSWORD)
    return page


@pytest.fixture(scope="module")
def manager(browser, site, meetings):
    page = leader(browser, site, "e2e-manazer")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def chair(browser, site, meetings):
    page = leader(browser, site, "e2e-predseda")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def member(browser, site):
    page = browser.new_context(locale="cs-CZ").new_page()
    sign_in(page, site, MEMBER, site.passwords[MEMBER])
    yield page
    page.context.close()


def no_axe_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_agenda_drafted_approved_and_answered(site, meetings, manager, chair, member):
    url = f"{site.url}/clenove/jednani/{meetings['ahead']}/"
    manager.goto(url)
    manager.get_by_role("link", name="Přidat bod").click()
    manager.get_by_label("Název").fill("Dostupnost bytů pro seniory")
    manager.get_by_label("Druh").select_option(label="Edukační")
    manager.get_by_label("Důvěrnost").select_option(label="Veřejné")
    manager.get_by_role("button", name="Uložit").click()
    manager.get_by_role("button", name="Předložit program předsedovi").click()
    assert "Program byl předložen předsedovi ke schválení." in manager.content()

    chair.goto(url)
    no_axe_violations(chair)
    chair.get_by_role("link", name="Schválit program a pozvat členy…").click()
    # The second step says who gets the invitation; nothing is sent until the chair confirms.
    assert "Pozvánka s programem odejde e-mailem" in chair.content()
    no_axe_violations(chair)
    chair.get_by_role("button", name=re.compile(r"^Ano, schválit a odeslat \d+ e-mail")).click()
    confirm_with_code_if_asked(chair)
    assert "Program je schválen; pozvánky se odesílají." in chair.content()
    invitation_mail = site.last_link(r"http://\S+/odpoved/\S+/")
    assert invitation_mail

    member.goto(url)
    assert "Dostupnost bytů pro seniory" in member.content()
    member.get_by_label("Zúčastním se", exact=True).check()
    member.get_by_role("button", name="Odeslat odpověď").click()
    assert "Děkujeme, vaše odpověď je zaznamenána." in member.content()
    manager.goto(url)
    answers = manager.get_by_role("table", name="Pozvaní a jejich odpovědi").inner_text()
    assert re.search(r"Veselá.*Zúčastním se", answers, re.S)


def test_minutes_circulated_commented_approved_and_published_redacted(site, meetings, manager, chair, member):
    held = meetings["held"]
    manager.goto(f"{site.url}/clenove/jednani/{held}/")
    manager.get_by_role("link", name="Napsat zápis").click()
    no_axe_violations(manager)
    manager.get_by_role("group", name="1. Bezbariérové byty").get_by_label("Záznam").fill(
        "Odbor představil mapu bezbariérových bytů."
    )
    manager.get_by_role("group", name="1. Bezbariérové byty").get_by_label("Usnesení 1").fill(
        "Kulatý stůl doporučuje rozšířit nabídku bezbariérových bytů."
    )
    manager.get_by_role("group", name="2. Kazuistika rodiny Malých").get_by_label("Záznam").fill(
        "Rodina Malých potřebuje krizový byt."
    )
    manager.get_by_role("button", name="Uložit zápis").click()
    assert "Zápis byl uložen." in manager.content()
    manager.get_by_role("button", name="Rozeslat k připomínkám").click()
    assert "Zápis byl rozeslán členům k připomínkám." in manager.content()

    member.goto(f"{site.url}/clenove/jednani/{held}/zapis/")
    no_axe_violations(member)
    member.get_by_label("Vaše připomínka: Bezbariérové byty").fill("Prosím doplnit počet bytů.")
    member.get_by_label("Vaše připomínka: Bezbariérové byty").locator("xpath=ancestor::form").get_by_role(
        "button", name="Přidat připomínku"
    ).click()
    assert "Prosím doplnit počet bytů." in member.content()

    manager.reload()  # the members' comment period is theirs: the manager cannot cut it short
    assert manager.get_by_role("button", name="Předložit předsedovi ke schválení").count() == 0
    chair.goto(f"{site.url}/clenove/jednani/{held}/zapis/")
    chair.get_by_label("důvod předčasného ukončení").fill("Připomínky jsme vypořádali na jednání.")
    chair.get_by_role("button", name="Ukončit připomínky nyní").click()
    confirm_with_code_if_asked(chair)
    assert "Připomínky jsou uzavřeny; zápis čeká na vaše schválení." in chair.content()
    chair.get_by_role("link", name="Schválit a zveřejnit zápis…").click()
    chair.get_by_role("button", name=re.compile(r"^Ano, schválit a odeslat \d+ e-mail")).click()
    confirm_with_code_if_asked(chair)
    assert "Zápis je schválen a zveřejněn." in chair.content()

    public = site.url + "/" + meetings["held_path"]
    anonymous = member.context.browser.new_context(locale="cs-CZ").new_page()
    anonymous.goto(public)
    text = anonymous.content()
    assert "Kulatý stůl doporučuje rozšířit nabídku bezbariérových bytů." in text
    assert re.search(r"KS-\d{4}-\d\d", text)
    assert "Malých" not in text and "krizový byt" not in text and "Veselá" not in text
    no_axe_violations(anonymous)
    anonymous.context.close()
