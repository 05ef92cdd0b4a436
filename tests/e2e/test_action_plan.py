"""End to end: a member reports progress on a measure, the deputy mayor returns it from a phone, the
member fixes and resubmits, the deputy mayor approves, and the public tracker shows the new status and
chart. The tracker pages pass axe."""

import re

import pytest

from tests.e2e.helpers import assert_accessible, confirm_with_code_if_asked, set_up_two_factor, sign_in

pytestmark = pytest.mark.e2e

MEMBER = "clen@demo.socialni-bydleni.example"
CHAIR = "predseda@demo.socialni-bydleni.example"
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def member(browser, site):
    page = browser.new_context(locale="cs-CZ").new_page()
    page.csp_violations = []
    sign_in(page, site, MEMBER, site.passwords[MEMBER])
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def deputy_mayor(browser, site):
    page = browser.new_context(locale="cs-CZ", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_violations.append(m.text))
    sign_in(page, site, CHAIR, site.passwords[CHAIR])
    set_up_two_factor(page, site.passwords[CHAIR])
    yield page
    page.context.close()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_an_update_goes_round_and_reaches_the_public_tracker(site, member, deputy_mayor, page):
    member.goto(site.url + "/clenove/akcni-plan/")
    member.get_by_role("link", name=re.compile(r"^2\.2 ")).click()
    member.get_by_role("link", name="Napsat zprávu o plnění").click()
    member.get_by_label("Sledované období").select_option(label="1. pololetí 2026")
    member.get_by_label("Stav").select_option(label="Plní se")
    member.get_by_label("Co se udělalo").fill("E2E: dotazník pro aktéry je připraven.")
    member.get_by_label(re.compile(r"^Spolupracující aktéři")).fill("12")
    member.get_by_role("button", name="Uložit koncept").click()
    member.get_by_role("button", name="Předložit předsedovi ke schválení").click()
    assert "Čeká na schválení předsedou" in member.content()

    deputy_mayor.goto(site.url + "/clenove/")
    deputy_mayor.get_by_role("link", name=re.compile(r"Zpráva o plnění opatření 2\.2 za 1\. pololetí 2026")).click()
    no_sideways_scroll(deputy_mayor)
    assert_accessible(deputy_mayor)
    deputy_mayor.get_by_label("Co je třeba změnit").fill("Doplňte, kolik aktérů dotazník dostalo.")
    deputy_mayor.get_by_role("button", name="Vrátit s komentářem").click()
    confirm_with_code_if_asked(deputy_mayor)
    assert "Vráceno k úpravě" in deputy_mayor.content()

    member.reload()
    assert "Doplňte, kolik aktérů dotazník dostalo." in member.content()
    member.get_by_role("link", name="Upravit").click()
    member.get_by_label("Co se udělalo").fill("E2E: dotazník dostalo 12 spolupracujících aktérů.")
    member.get_by_role("button", name="Uložit koncept").click()
    member.get_by_role("button", name="Předložit předsedovi ke schválení").click()

    deputy_mayor.reload()
    deputy_mayor.get_by_role("button", name="Schválit a zveřejnit").click()
    confirm_with_code_if_asked(deputy_mayor)
    assert "Schváleno" in deputy_mayor.content()

    page.goto(site.url + "/akcni-plan/?q=2.2")
    assert "Plní se" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^2\.2 ")).click()
    main = page.locator("main").inner_text()
    assert "dotazník dostalo 12 spolupracujících aktérů" in main and "12" in main
    assert page.locator("svg.indicator-chart").count() == 1
    assert_accessible(page)


def test_the_tracker_pages_are_accessible_and_fit_a_phone(site, browser):
    context = browser.new_context(locale="cs-CZ", viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.csp_violations = []
    for path in ("/akcni-plan/", "/akcni-plan/opatreni/1-1/", "/akcni-plan/revize/", "/en/action-plan/"):
        page.goto(site.url + path)
        no_sideways_scroll(page)
        assert_accessible(page)
    context.close()
