"""Every public page type, in Czech and English: valid HTML by the Nu HTML checker (one batch), and no
sideways scrolling on a 320 px screen (WCAG 2.1 AA 1.4.10 Reflow)."""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

# One page of each public type, Czech first. Meetings are published in Czech only.
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/o-pracovni-skupine/",
    "/en/about-the-working-group/",
    "/prohlaseni-o-pristupnosti/",  # the accessibility statement, its own page type
    "/en/accessibility-statement/",
    "/pracovni-skupiny/pracovni-skupina/",
    "/en/working-groups/working-group/",
    "/pracovni-skupiny/pracovni-skupina/ps-approved/",  # approved minutes, public version
    "/pracovni-skupiny/pracovni-skupina/ps-upcoming/",  # approved agenda
    "/dobra-praxe/",
    "/en/good-practice/",
    "/dobra-praxe/ostrava-pracovni-skupina-a-kulate-stoly/",
    "/en/good-practice/liberec-housing-first/",
    "/dobra-praxe/pristupy/housing-first/",
    "/en/good-practice/approaches/housing-first/",
    "/dobra-praxe/obce/zlin/",
    "/en/good-practice/municipalities/zlin/",
    "/dobra-praxe/obce-jako-ta-moje/?municipality=zlin&approaches=housing-first",
    "/en/good-practice/peer-finder/?municipality=zlin&approaches=housing-first",
    "/myty-a-fakta/",
    "/en/myths-and-facts/",
    "/myty-a-fakta/housing-first-u-nas-nefunguje/",
    "/en/myths-and-facts/housing-first-cannot-work-here/",
    "/materialy/",
    "/en/materials/",
    "/materialy/evaluacni-studie-socialniho-bydleni/",
    "/en/materials/social-housing-evaluation-study/",
    "/hledat/?q=bydleni",
    "/en/search/?q=housing+first",
    "/zpravodaj/",
    "/en/newsletter/",
    "/akcni-plan/",
    "/en/action-plan/",
    "/akcni-plan/opatreni/1-1/",
    "/en/action-plan/measures/1-1/",
    "/akcni-plan/revize/",
    "/neexistuje/",
    "/en/does-not-exist/",
    "/ucet/login/",
    "/en/account/login/",
]
NOT_FOUND = {"/neexistuje/", "/en/does-not-exist/"}
ACTION_PLAN_PAGES = ["/akcni-plan/", "/en/action-plan/", "/akcni-plan/opatreni/1-1/", "/en/action-plan/measures/1-1/"]


def vnu_jar() -> str:
    """The checker `make vnu` installs (pinned in the Makefile); `make e2e` passes its path in VNU_JAR."""
    if jar := os.environ.get("VNU_JAR"):
        return jar
    installed = sorted(ROOT.glob(".tools/vnu-*/node_modules/vnu-jar/build/dist/vnu.jar"))
    if not installed:
        pytest.fail("The Nu HTML checker is not installed: run `make vnu` (needs npm and Java).")
    return str(installed[-1])


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own test server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_public_page_type_is_valid_html(site, tmp_path):
    if not shutil.which("java"):
        pytest.fail("The Nu HTML checker needs Java 11 or newer: apt-get install -y -q default-jre-headless")
    files = {}
    for number, path in enumerate(PUBLIC_PAGES):
        status, body = fetch(site.url + path)
        assert status == (404 if path in NOT_FOUND else 200), f"{path} answered {status}"
        saved = tmp_path / f"page-{number:02d}.html"
        saved.write_bytes(body)
        files[saved.name] = path
    result = subprocess.run(
        ["java", "-jar", vnu_jar(), "--errors-only", "--format", "json", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]  # vnu reports on stderr, each message with its file's URL
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))} "
        f"line {message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()}"
        for message in messages
    ]
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr


# The elements that stick out of the viewport, outermost first: what to fix when the test fails.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5
        && el.parentElement.getBoundingClientRect().right <= width + 0.5)
    .slice(0, 5)
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.scrollWidth)} px`)
"""


@pytest.fixture(scope="module")
def narrow_context(browser):
    context = browser.new_context(locale="cs-CZ", viewport={"width": 320, "height": 640})
    yield context
    context.close()


def assert_no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url}: {scroll_width} px wide at {width} px: {page.evaluate(OVERFLOWING, width)}"
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_reflows_at_320_px(site, narrow_context, path):
    page = narrow_context.new_page()
    try:
        page.goto(site.url + path)
        assert_no_sideways_scroll(page, 320)
    finally:
        page.close()


def test_action_plan_tracker_fits_a_375_px_phone(site, browser):
    context = browser.new_context(locale="cs-CZ", viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    for path in ACTION_PLAN_PAGES:
        page.goto(site.url + path)
        assert_no_sideways_scroll(page, 375)
    context.close()


def test_a_wide_table_scrolls_in_its_own_focusable_region(site, narrow_context):
    """The indicator tables of a measure sit in a labelled region a keyboard can reach and scroll."""
    page = narrow_context.new_page()
    page.goto(site.url + "/akcni-plan/opatreni/1-1/")
    region = page.locator(".table-scroll").first
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    label_id = region.get_attribute("aria-labelledby")
    assert page.locator(f"[id='{label_id}']").text_content().strip()
    page.close()


def test_favicon_is_linked_and_answers(site, page):
    page.goto(site.url + "/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(site.url + icon).headers["content-type"].startswith("image/svg+xml")
    response = page.request.get(site.url + "/favicon.ico")
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
