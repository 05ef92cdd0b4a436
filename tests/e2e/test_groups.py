"""End to end: a manager invites, the invitee accepts and sees the internal page; live notifications."""

import re

import pytest

from tests.e2e.helpers import set_up_two_factor, sign_in

pytestmark = pytest.mark.e2e

MANAGER = "manazerka@demo.socialni-bydleni.example"
MEMBER = "clen@demo.socialni-bydleni.example"


@pytest.fixture(scope="module")
def manager_page(site, browser):
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    sign_in(page, site, MANAGER, site.passwords[MANAGER])
    set_up_two_factor(page, site.passwords[MANAGER])  # managers must use two-factor
    yield page
    context.close()


def invite(manager_page, site, body_title: str, email: str, organisation: str) -> None:
    manager_page.goto(site.url + "/clenove/")
    manager_page.get_by_role("link", name=body_title, exact=True).first.click()
    manager_page.get_by_role("link", name="Pozvat člena").click()
    manager_page.get_by_label(re.compile(r"^E-mail")).fill(email)
    manager_page.get_by_label("Zastupovaná organizace").select_option(label=organisation)
    manager_page.get_by_role("button", name="Odeslat pozvánku").click()
    manager_page.wait_for_load_state()
    assert f"Pozvánka byla odeslána na {email}" in manager_page.content()


def test_manager_invites_invitee_accepts_and_sees_the_internal_page(site, browser, manager_page):
    invite(manager_page, site, "Kulatý stůl k sociálnímu bydlení", "nova-clenka@example.org", "Ostravská univerzita")

    invitee = browser.new_context(locale="cs-CZ").new_page()
    invitee.goto(site.last_link(r"http://\S+/clenove/pozvanka/\S+/"))
    invitee.get_by_role("link", name="Založit účet").click()
    invitee.get_by_label(re.compile(r"^Jméno")).fill("Petra")
    invitee.get_by_label(re.compile(r"^Příjmení")).fill("Nová")
    invitee.get_by_label("Titul", exact=True).fill("Mgr.")
    invitee.get_by_label(re.compile(r"^E-mail")).fill("nova-clenka@example.org")
    invitee.get_by_label(re.compile(r"^Heslo:?( \*)?$")).fill("Dlouhe-heslo-2026")
    invitee.get_by_label(re.compile(r"^Heslo \(znovu\)")).fill("Dlouhe-heslo-2026")
    invitee.get_by_role("button", name="Zaregistrovat se").click()
    invitee.get_by_role("button", name="Přijmout pozvánku").click()
    invitee.wait_for_url(re.compile(r"/clenove/\d+/$"))
    assert invitee.get_by_role("heading", level=1).inner_text().startswith("Kulatý stůl k sociálnímu bydlení")
    roster = invitee.get_by_role("table", name="Členové", exact=True)
    assert "Mgr. Petra Nová" in roster.inner_text()  # the name given at sign-up, not the address
    assert "Lenka Pokorná" in roster.inner_text()
    invitee.context.close()


def test_notification_arrives_over_the_websocket_on_the_open_page(site, browser, manager_page):
    member = browser.new_context(locale="cs-CZ").new_page()
    sign_in(member, site, MEMBER, site.passwords[MEMBER])
    member.goto(site.url + "/")
    count = member.locator("[data-notification-count]")
    # The demo member already has unread notifications (the demo meetings sent them).
    before = int(count.inner_text() or 0) if member.locator("[data-notification-badge]").is_visible() else 0
    # The member already sits in the working group, so invite them to a sub-group they are not in.
    manager_page.goto(site.url + "/pracovni-skupiny/pracovni-skupina/udrzba-a-rozvoj-bytoveho-fondu/")
    manager_page.get_by_role("link", name="Prostor pro členy").click()
    manager_page.get_by_role("link", name="Pozvat člena").click()
    manager_page.get_by_label(re.compile(r"^E-mail")).fill(MEMBER)
    manager_page.get_by_label("Zastupovaná organizace").select_option(label="Nezisková organizace (ukázková)")
    manager_page.get_by_role("button", name="Odeslat pozvánku").click()

    # No reload: the badge and the screen-reader announcement change on the open page.
    member.wait_for_function(
        f"document.querySelector('[data-notification-count]').textContent === '{before + 1}'", timeout=10000
    )
    assert not member.locator("[data-notification-badge]").is_hidden()
    assert "Pozvánka" in member.locator("[data-notification-announcer]").inner_text()
    member.context.close()
