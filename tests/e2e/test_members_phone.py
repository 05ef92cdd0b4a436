"""The members' area on a phone (issue 12): every page type fits 375 px and reflows at 320 px (WCAG 2.1 AA
1.4.10) with no sideways scrolling, nothing sticks out of the content column, no table squeezes its
columns into slivers, the page's heading starts in the top third of the first screen (the header folds
under a menu button) with its first action in view, and Wagtail's floating user bar is not there to cover
anything."""

import re

import pytest

from tests.e2e.helpers import assert_accessible, signed_in_page, watched_page

pytestmark = pytest.mark.e2e

MEMBER = "clen@demo.socialni-bydleni.example"
PASSWORD = "E2e-heslo-telefon-2026"
RSVP_TOKEN = "e2e-telefon-odpoved"
PHONE = {"width": 375, "height": 812}
NARROWEST = {"width": 320, "height": 640}
# Fresh leaders of the working group (its roster is the widest table), so this module's two-factor set-up
# touches no other test's accounts; the manager's invitation to the next meeting answers at a known address.
SETUP = f"""
import datetime
from allauth.account.models import EmailAddress
from action_plan.models import Measure, ProgressUpdate
from events.models import MeetingInvitation, MeetingPage
from groups.models import BodyPage, Organisation, Role, hash_token
from groups.services import membership_create
from portal.models import User

body = BodyPage.objects.get(slug="pracovni-skupina", locale__language_code="cs")
organisation = Organisation.objects.get(short_name="MMO OSVZ")
people = {{}}
for local, role in (("e2e-telefon-manazer", Role.MANAGER), ("e2e-telefon-predseda", Role.CHAIR)):
    email = local + "@example.org"
    user = User.objects.create_user(username=local, email=email, password="{PASSWORD}", first_name="Telefon",
                                    last_name=local)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership_create(person=user, organisation=organisation, body=body, role=role,
                      resolution_number="e2e 1/RM/2026", resolution_date=datetime.date(2026, 1, 13))
    people[role] = user
upcoming = MeetingPage.objects.get(slug="ps-upcoming")
MeetingInvitation.objects.create(meeting=upcoming, person=people[Role.MANAGER], organisation=organisation,
                                 token_hash=hash_token("{RSVP_TOKEN}"))
held = MeetingPage.objects.get(slug="ps-approved")
circulating = MeetingPage.objects.get(slug="ks-circulating")
measure = Measure.objects.filter(code="1.1").order_by("pk").first()
update = ProgressUpdate.objects.filter(measure=measure).order_by("pk").first()
print("PHONE", body.pk, upcoming.pk, held.pk, circulating.pk, measure.pk, update.pk)
"""

# What a phone must show, measured in the page: the page does not scroll sideways; nothing in the content
# column reaches past its right edge (a table that is wider may only scroll inside its own .table-scroll
# box); no table cell with text is narrower than 6rem (a column squeezed so words break letter by letter).
MEASURE = """() => {
    const column = document.querySelector("main .container");
    const edge = column.getBoundingClientRect().right - parseFloat(getComputedStyle(column).paddingRight);
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className ? "." + el.className.trim().replace(/\\s+/g, ".") : "");
    const sticking = [];
    for (const el of column.querySelectorAll("*")) {
        if (el.closest(".table-scroll, .visually-hidden, thead")) continue;
        const box = el.getBoundingClientRect();
        if (box.width && box.right > edge + 1) sticking.push(name(el) + " +" + Math.round(box.right - edge) + "px");
    }
    const narrow = [...column.querySelectorAll("td, tbody th")]
        .filter((cell) => !cell.closest(".table-scroll") && cell.textContent.trim() && cell.getClientRects().length)
        .filter((cell) => cell.getBoundingClientRect().width < 6 * 16)
        .map((cell) => cell.textContent.trim().slice(0, 20) + " " + Math.round(cell.getBoundingClientRect().width));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        sticking: sticking.slice(0, 5),
        narrowCells: narrow.slice(0, 5),
        userbar: document.querySelectorAll("wagtail-userbar, [data-wagtail-userbar], .wagtail-userbar").length,
        headingTop: document.querySelector("main h1").getBoundingClientRect().top,
    };
}"""


@pytest.fixture(scope="module")
def ids(site):
    output = site.manage("shell", "-c", SETUP)
    numbers = re.search(r"^PHONE (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.M).groups()
    return dict(zip(("body", "upcoming", "held", "circulating", "measure", "update"), map(int, numbers), strict=True))


def signed_in(browser, site, email: str, password: str, *, two_factor: bool):
    return signed_in_page(browser, site, email, password, two_factor=two_factor, viewport=PHONE)


def in_first_screen(page, locator) -> bool:
    box = locator.first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def check_pages(site, page, pages) -> list[str]:
    """Each page at 375 and at 320 px; every problem found, so one run shows them all."""
    problems = []
    for viewport in (PHONE, NARROWEST):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        for path, first_action in pages:
            page.goto(site.url + path)
            assert page.url.startswith(site.url + path.split("?")[0]), f"{path} led to {page.url}"
            found = page.evaluate(MEASURE)
            where = f"{path} at {width} px"
            if found["scrollWidth"] > min(found["innerWidth"], width):
                problems.append(f"{where}: the page scrolls sideways ({found['scrollWidth']} px wide)")
            if found["sticking"]:
                problems.append(f"{where}: sticks out of the column: {found['sticking']}")
            if found["narrowCells"]:
                problems.append(f"{where}: table cells squeezed narrower than 6rem (px): {found['narrowCells']}")
            if found["userbar"]:
                problems.append(f"{where}: Wagtail's user bar is shown in the members' area")
            if found["headingTop"] > viewport["height"] / 3:  # the header takes the first screen
                problems.append(f"{where}: the page's heading starts {found['headingTop']:.0f} px down")
            if width == PHONE["width"] and first_action is not None and not in_first_screen(page, first_action(page)):
                problems.append(f"{where}: the first action is not on the first screen")
    return problems


def test_a_members_pages_fit_a_phone(site, browser, ids):
    page = signed_in(browser, site, MEMBER, site.passwords[MEMBER], two_factor=False)
    pages = [
        ("/clenove/", lambda p: p.locator("main section a")),  # the minutes waiting for comments
        (f"/clenove/{ids['body']}/", lambda p: p.get_by_role("link", name="Roční plán jednání")),
        (f"/clenove/jednani/{ids['upcoming']}/", lambda p: p.get_by_label("Zúčastním se", exact=True)),
        (f"/clenove/jednani/{ids['circulating']}/zapis/", None),  # the comment boxes come after the minutes
        ("/clenove/ukoly/", lambda p: p.locator("main select")),
        (f"/clenove/{ids['body']}/plan/", None),
        ("/clenove/akcni-plan/", lambda p: p.get_by_role("link", name=re.compile(r"^1\.1 "))),
        (f"/clenove/akcni-plan/opatreni/{ids['measure']}/", lambda p: p.get_by_role("link", name="Napsat zprávu")),
        (f"/clenove/akcni-plan/zpravy/{ids['update']}/", None),
        ("/ucet/profil/", lambda p: p.get_by_label(re.compile(r"^Jméno"))),
    ]
    problems = check_pages(site, page, pages)
    # The comment box is inside its column on the narrowest screen too (checked above); it is there.
    page.goto(f"{site.url}/clenove/jednani/{ids['circulating']}/zapis/")
    assert page.get_by_label(re.compile(r"^Vaše připomínka")).count() >= 1
    # Cards on a phone are still a table to a screen reader, and pass axe.
    page.goto(f"{site.url}/clenove/{ids['body']}/")
    assert "Jana Veselá" in page.get_by_role("table", name="Členové", exact=True).inner_text()
    assert_accessible(page)
    page.context.close()
    assert problems == [], "\n".join(problems)


def test_a_managers_pages_fit_a_phone(site, browser, ids):
    page = signed_in(browser, site, "e2e-telefon-manazer@example.org", PASSWORD, two_factor=True)
    pages = [
        (f"/clenove/{ids['body']}/", lambda p: p.get_by_role("link", name="Pozvat člena")),
        (f"/clenove/jednani/{ids['upcoming']}/", lambda p: p.get_by_label("Zúčastním se", exact=True)),
        (f"/clenove/jednani/{ids['held']}/zapis/upravit/", None),  # attendance: a field per person
        (f"/odpoved/{RSVP_TOKEN}/", lambda p: p.get_by_role("button", name="Odeslat odpověď")),
    ]
    problems = check_pages(site, page, pages)
    page.set_viewport_size(NARROWEST)
    page.goto(f"{site.url}/clenove/jednani/{ids['held']}/zapis/upravit/")
    assert_accessible(page)
    page.context.close()
    assert problems == [], "\n".join(problems)


def test_a_chairs_pages_fit_a_phone(site, browser, ids):
    page = signed_in(browser, site, "e2e-telefon-predseda@example.org", PASSWORD, two_factor=True)
    pages = [
        ("/clenove/", lambda p: p.locator("main h2")),
        (f"/clenove/{ids['body']}/", None),
        (f"/clenove/jednani/{ids['upcoming']}/", None),
    ]
    problems = check_pages(site, page, pages)
    page.context.close()
    assert problems == [], "\n".join(problems)


def test_the_header_folds_into_a_menu_on_a_phone_and_stays_open_without_javascript(site, browser):
    page = watched_page(browser, viewport=PHONE)
    page.goto(site.url + "/clenove/")  # the sign-in page, under the same header
    toggle = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Hlavní navigace")
    assert toggle.get_attribute("aria-expanded") == "false" and not navigation.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and navigation.is_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not navigation.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert navigation.is_visible() and not toggle.is_visible()  # a wide screen has no menu button
    page.context.close()

    without_script = browser.new_context(locale="cs-CZ", viewport=NARROWEST, java_script_enabled=False).new_page()
    without_script.goto(site.url + "/clenove/")
    assert without_script.get_by_role("navigation", name="Hlavní navigace").is_visible()
    assert without_script.locator("[data-menu-toggle]").is_hidden()
    assert without_script.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    without_script.context.close()
