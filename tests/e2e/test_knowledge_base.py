"""End to end in Chromium: the knowledge base is accessible, CSP-clean, and works with the keyboard."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible

pytestmark = pytest.mark.e2e

KB_PAGES = [
    "/dobra-praxe/",
    "/dobra-praxe/ostrava-pracovni-skupina-a-kulate-stoly/",
    "/dobra-praxe/pristupy/housing-first/",
    "/dobra-praxe/obce/zlin/",
    "/dobra-praxe/obce-jako-ta-moje/?municipality=zlin&approaches=housing-first",
    "/myty-a-fakta/",
    "/myty-a-fakta/housing-first-u-nas-nefunguje/",
    "/materialy/",
    "/hledat/?q=bydleni",
    "/zpravodaj/",
    "/en/good-practice/liberec-housing-first/",
    "/en/search/?q=housing+first",
]


@pytest.mark.parametrize("path", KB_PAGES)
def test_knowledge_base_page_has_no_axe_violations_and_no_csp_violations(site, page, path):
    page.goto(site.url + path)
    assert_accessible(page)


def test_search_by_keyboard_without_diacritics_and_narrow_by_facet(site, page):
    page.goto(site.url + "/hledat/")
    page.get_by_label("Hledat ve znalostní bázi a na veřejných stránkách").fill("KRIZOVY BYT")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/hledat/\?q="))
    first = page.locator(".kb-hit__title").first
    assert "Trutnov" in first.inner_text()
    assert page.locator(".kb-hit mark").count() > 0
    page.locator(".kb-facets a", has_text="Dobrá praxe").first.click()
    assert "type=good_practice" in page.url
    assert page.csp_violations == []


def test_peer_finder_ranks_and_explains(site, page):
    page.goto(site.url + "/dobra-praxe/obce-jako-ta-moje/")
    page.get_by_label("Moje obec (doplní její údaje)").select_option("zlin")
    page.get_by_label("Housing First").check()
    page.get_by_role("button", name="Najít podobné obce").click()
    matches = page.locator(".kb-matches > li")
    assert matches.count() >= 2
    assert "Proč se hodí" in matches.first.inner_text()


def test_myth_page_json_ld_is_valid_faqpage(site, page):
    page.goto(site.url + "/myty-a-fakta/socialni-bydleni-je-jen-pro-velka-mesta/")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "FAQPage" and data["mainEntity"][0]["acceptedAnswer"]["text"]
    assert page.csp_violations == []


def test_newsletter_double_opt_in_in_the_browser(site, page):
    page.goto(site.url + "/zpravodaj/")
    page.get_by_role("textbox", name=re.compile(r"^E-mail")).fill("spatny-email")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Přihlásit k odběru").click()
    expect(page.get_by_text("Neplatný e-mail.")).to_be_visible()  # waits for the answer to the post
    page.get_by_role("textbox", name=re.compile(r"^E-mail")).fill("e2e-odber@example.org")
    page.get_by_role("button", name="Přihlásit k odběru").click()
    expect(page.get_by_text("poslali jsme na ni odkaz", exact=False)).to_be_visible()
    page.goto(site.last_link(r"http://\S+/zpravodaj/potvrzeni/\S+/"))
    page.get_by_role("button", name="Potvrdit odběr").click()
    expect(page.get_by_text("Odběr je potvrzen.", exact=False)).to_be_visible()
