"""End to end in Chromium: accessibility, keyboard use, languages, the demo admin, live notifications."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.helpers import set_up_two_factor, sign_in

pytestmark = pytest.mark.e2e

ADMIN = "admin@socialni-bydleni.example"
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/o-pracovni-skupine/",
    "/en/about-the-working-group/",
    "/prohlaseni-o-pristupnosti/",
    "/pracovni-skupiny/",
    "/pracovni-skupiny/pracovni-skupina/",
    "/en/working-groups/working-group/",
    "/ucet/login/",
    "/ucet/signup/",
    "/en/account/login/",
    "/neexistuje/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_and_no_csp_violations(site, page, path):
    page.goto(site.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == []


def test_home_pages_in_both_languages(site, page):
    page.goto(site.url + "/")
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.get_by_role("heading", level=1).inner_text() == "Pracovní skupina sociálního bydlení"
    page.goto(site.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Social housing working group"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Přeskočit na obsah"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page(site, page):
    page.goto(site.url + "/o-pracovni-skupine/")
    page.get_by_role("link", name="English").click()
    assert page.url == site.url + "/en/about-the-working-group/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Čeština").click()
    assert page.url == site.url + "/o-pracovni-skupine/"


def test_demo_admin_signs_in_sets_up_two_factor_and_reaches_the_czech_admin_and_the_user_bar(site, page):
    page.goto(site.url + "/admin/")
    assert "/ucet/login/" in page.url
    sign_in(page, site, ADMIN, site.passwords[ADMIN])
    assert re.search(r"/ucet/(2fa/totp/activate|reauthenticate)/", page.url)
    set_up_two_factor(page, site.passwords[ADMIN])
    page.goto(site.url + "/admin/")
    assert page.locator("html").get_attribute("lang") == "cs"
    page.get_by_role("button", name="Stránky").first.wait_for()  # the sidebar, in Czech
    # On a public page the user bar arrives after the page (portal_tags.userbar), and it works.
    page.goto(site.url + "/o-pracovni-skupine/")
    page.locator("wagtail-userbar").wait_for(state="attached")
    trigger = page.locator("wagtail-userbar").get_by_role("button", name=re.compile("Wagtail"))
    trigger.click()
    edit = page.locator("wagtail-userbar").get_by_role("menuitem", name=re.compile("Upravit"))
    edit.wait_for()
    edit.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    assert page.csp_violations == []


def test_sign_up_without_an_invitation_is_closed_and_points_to_the_newsletter(site, browser):
    # Sign-up is by invitation only; the invitee's way in is tested in test_groups.py.
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    page.goto(site.url + "/ucet/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Účty jen na pozvání"
    assert page.get_by_label(re.compile(r"^Heslo:?( \*)?$")).count() == 0
    page.get_by_role("link", name="zpravodaje").click()
    page.wait_for_url(site.url + "/zpravodaj/")
    context.close()
