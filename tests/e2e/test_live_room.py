"""The live meeting room in browsers side by side: the manager opens the meeting and moves through the
agenda, a member on a phone sees it without reloading, asks to speak and votes, the manager gives the
floor and sees the vote; a permanent guest never sees the confidential item; a visitor follows the public
round table's programme; what the room recorded is in the minutes draft when the manager ends the meeting.
Without JavaScript the page still shows the agenda."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, sign_in, signed_in_page, watched_page

pytestmark = pytest.mark.e2e

PASSWORD = "E2e-heslo-mistnost-2026"
MEMBER = "clen@demo.socialni-bydleni.example"
GUEST = "host@demo.socialni-bydleni.example"
PHONE = {"width": 375, "height": 812}
# A public round table that started five minutes ago, its agenda approved: a public item, an item for
# members and a case discussion; a manager of its own (two-factor is set up in the browser).
SETUP = f"""
import datetime
from allauth.account.models import EmailAddress
from django.utils import timezone
from events import services
from events.models import AgendaItem, Confidentiality, MeetingPage
from groups.models import BodyPage, Organisation, Role
from groups.permissions import approver_ids
from groups.services import membership_create
from portal.models import User

body = BodyPage.objects.get(slug="kulaty-stul", locale__language_code="cs")
email = "e2e-mistnost-manazer@example.org"
manager = User.objects.create_user(username="e2e-mistnost", email=email, password="{PASSWORD}",
                                   first_name="Marta", last_name="Místní")
EmailAddress.objects.create(user=manager, email=email, verified=True, primary=True)
membership_create(person=manager, organisation=Organisation.objects.get(short_name="MMO OSVZ"), body=body,
                  role=Role.MANAGER, resolution_number="e2e 2/RM/2026", resolution_date=datetime.date(2026, 1, 13))
start = timezone.now() + datetime.timedelta(days=1)
meeting = MeetingPage(title="Živé jednání e2e", slug="zive-jednani-e2e", start=start,
                      end=start + datetime.timedelta(hours=2), place="Nová radnice")
body.add_child(instance=meeting)
meeting.save_revision().publish()
for position, (title, level) in enumerate([
    ("Informace o dotační výzvě", Confidentiality.PUBLIC),
    ("Stav obecního bytového fondu", Confidentiality.MEMBERS),
    ("Kazuistika rodiny v bytové nouzi", Confidentiality.CONFIDENTIAL),
]):
    AgendaItem.objects.create(meeting=meeting, position=position, title=title, confidentiality=level,
                              planned_minutes=10)
services.agenda_submit(meeting=meeting, user=manager)
services.agenda_approve(meeting=meeting, user=User.objects.get(pk=min(approver_ids(body))))
start = timezone.now() - datetime.timedelta(minutes=5)
MeetingPage.objects.filter(pk=meeting.pk).update(start=start, end=start + datetime.timedelta(hours=2))
print("ROOM", meeting.pk)
"""


@pytest.fixture(scope="module")
def meeting_id(site):
    return int(re.search(r"^ROOM (\d+)$", site.manage("shell", "-c", SETUP), re.M).group(1))


def browser_page(browser, site, email, password, viewport=None, *, two_factor=False):
    return signed_in_page(
        browser, site, email, password, two_factor=two_factor, viewport=viewport or {"width": 1280, "height": 900}
    )


def test_the_room_live_in_two_browsers(site, browser, meeting_id):
    room = f"{site.url}/clenove/jednani/{meeting_id}/zive/"
    manager = browser_page(browser, site, "e2e-mistnost-manazer@example.org", PASSWORD, two_factor=True)
    manager.goto(f"{site.url}/clenove/jednani/{meeting_id}/")
    manager.get_by_role("link", name="Živé jednání").click()
    manager.get_by_role("button", name="Zahájit jednání").click()
    manager.get_by_text("Připojeno").wait_for()

    member = browser_page(browser, site, MEMBER, site.passwords[MEMBER], PHONE)
    member.goto(room)
    member.get_by_text("Připojeno").wait_for()
    current = member.locator("[data-live-current-title]")
    assert current.inner_text() == "1. Informace o dotační výzvě"

    # The manager moves on; the member's page follows without a reload and announces it.
    manager.get_by_role("button", name="Další bod").click()
    expect(current).to_have_text("2. Stav obecního bytového fondu")
    assert member.locator("[aria-current=step]").inner_text().startswith("Stav obecního bytového fondu")
    expect(member.locator("[data-live-announcer]")).to_contain_text("Stav obecního bytového fondu")

    # The member checks in and asks to speak from the phone; the manager sees both and gives the floor.
    member.get_by_role("button", name="Jsem přítomen/přítomna").click()
    member.get_by_role("button", name="Přihlásit se o slovo").click()
    member.get_by_role("button", name="Odvolat přihlášku").wait_for()
    manager.get_by_role("button", name=re.compile(r"^Udělit slovo\s*: Jana Veselá$")).click()
    member.get_by_text("Slovo má Jana Veselá.").wait_for()
    assert manager.get_by_label(re.compile("^Jana Veselá")).input_value() == "present"

    # A poll, a member's vote, the result into a decision.
    manager.get_by_text("Zahájit hlasování", exact=True).first.click()
    manager.get_by_label("Otázka").fill("Doporučit navýšení fondu?")
    manager.get_by_role("button", name="Zahájit hlasování").click()
    member.get_by_label("Pro", exact=True).check()
    member.get_by_role("button", name="Hlasovat").click()
    member.get_by_text("Hlasovali jste.").wait_for()
    manager.get_by_text("Hlasovalo: 1").wait_for()
    manager.get_by_role("button", name="Ukončit hlasování").click()
    member.get_by_text("Pro: 1").wait_for()
    manager.get_by_text("Zapsat usnesení").click()
    manager.get_by_label("Usnesení").fill("Pracovní skupina doporučuje navýšení fondu.")
    manager.get_by_label("S výsledkem hlasování").select_option(label="Doporučit navýšení fondu?")
    manager.locator("form[data-live-command=decision]").get_by_role("button", name="Zapsat do zápisu").click()
    member.get_by_text("Pracovní skupina doporučuje navýšení fondu. (Pro 1 (Jana Veselá)").wait_for()

    # A permanent guest follows too, but the case discussion is only named as a confidential item.
    guest = browser_page(browser, site, GUEST, site.passwords[GUEST], PHONE)
    guest.goto(room)
    guest.get_by_text("Připojeno").wait_for()
    manager.get_by_role("button", name=re.compile(r"^Projednat nyní\s*: 3\. Kazuistika")).click()
    # A note goes to the item the manager's page shows as discussed: once the move has reached it.
    expect(manager.locator("[data-live-current-title]")).to_have_text("3. Kazuistika rodiny v bytové nouzi")
    manager.get_by_text("Zapsat poznámku").click()
    manager.get_by_label("Poznámka k bodu").fill("Rodině nabídnut krizový byt.")
    manager.locator("form[data-live-command=note]").get_by_role("button", name="Zapsat do zápisu").click()
    member.get_by_text("Rodině nabídnut krizový byt.").wait_for()
    expect(guest.locator("[data-live-current-title]")).to_have_text("Důvěrný bod")
    assert "Kazuistika" not in guest.content() and "krizový byt" not in guest.content()

    # The round table is public: the manager lets anyone follow the agenda, which the meeting's page links
    # to; a visitor sees only the public programme, and the current item when it is a public one.
    manager.get_by_role("button", name="Zveřejnit průběh programu").click()
    manager.get_by_role("button", name="Ukončit zveřejňování průběhu").wait_for()
    visitor = watched_page(browser, viewport=PHONE)
    visitor.goto(f"{site.url}/jednani/{meeting_id}/")
    visitor.get_by_role("link", name="Sledovat průběh jednání").click()
    visitor.get_by_text("Připojeno").wait_for()
    assert visitor.locator("[data-live-current-title]").inner_text() == "–"  # the case discussion
    manager.get_by_role("button", name=re.compile(r"^Projednat nyní\s*: 1\. Informace")).click()
    expect(visitor.locator("[data-live-current-title]")).to_have_text("1. Informace o dotační výzvě")
    public_view = visitor.content()
    for hidden in ("Kazuistika", "krizový byt", "Stav obecního", "Jana Veselá", "navýšení fondu"):
        assert hidden not in public_view
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(visitor)

    # On a phone nothing scrolls sideways, and the room passes axe for each of them.
    for page in (member, guest):
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page)
    assert_accessible(manager)

    # The manager ends the meeting and lands in the minutes draft, which holds what the room recorded.
    manager.get_by_role("button", name="Ukončit jednání a otevřít zápis").click()
    assert "/zapis/upravit/" in manager.url
    draft = manager.content()
    assert "Pracovní skupina doporučuje navýšení fondu." in draft and "Rodině nabídnut krizový byt." in draft
    visitor.get_by_text("Průběh jednání se už živě nezveřejňuje").first.wait_for()  # closed with the meeting
    for page in (manager, member, guest, visitor):
        assert page.csp_violations == []
        page.context.close()


def test_without_javascript_the_room_shows_the_agenda_and_a_reload_link(site, browser, meeting_id):
    page = browser.new_context(locale="cs-CZ", viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, site, MEMBER, site.passwords[MEMBER])
    page.goto(f"{site.url}/clenove/jednani/{meeting_id}/zive/")
    assert page.get_by_role("link", name="Načíst znovu").is_visible()
    agenda = page.locator("[data-live-items]").inner_text()
    assert "Informace o dotační výzvě" in agenda and "Kazuistika rodiny v bytové nouzi" in agenda
    assert page.get_by_role("button", name="Přihlásit se o slovo").count() == 0  # nothing that needs the socket
    page.context.close()
