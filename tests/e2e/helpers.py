"""Steps the browser tests share."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def lasting_totp_code(secret: str) -> str:
    """A code with a few seconds of its 30-second window left to reach the server: one computed as the
    window ends is refused when it arrives in the next, and the sign-in fails now and then."""
    while 30 - time.time() % 30 < 5:
        time.sleep(0.5)
    return totp_code(secret)


def sign_in(page, site, email: str, password: str) -> None:
    page.goto(site.url + "/ucet/login/")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Heslo")).fill(password)
    page.get_by_role("button", name="Přihlásit se").click()
    page.wait_for_load_state()


def watched_page(browser, **context):
    """A new page in its own Czech context that records breaches of the content security policy."""
    page = browser.new_context(locale="cs-CZ", **context).new_page()
    page.csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_violations.append(m.text))
    return page


def signed_in_page(browser, site, email: str, password: str, *, two_factor: bool = False, **context):
    """`watched_page`, signed in (and with two-factor set up, for those whose role requires it)."""
    page = watched_page(browser, **context)
    sign_in(page, site, email, password)
    if two_factor:
        set_up_two_factor(page, password)
    return page


def set_up_two_factor(page, password: str) -> str:
    """From wherever the two-factor rule sent the user: confirm the password, activate TOTP."""
    if "/ucet/reauthenticate/" in page.url:
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Potvrdit").click()
        page.wait_for_url(re.compile(r"/ucet/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.used_code = lasting_totp_code(secret)
    page.locator("input[name=code]").fill(page.used_code)
    page.get_by_role("button", name="Aktivovat").click()
    page.wait_for_load_state()
    page.totp_secret = secret
    return secret


def confirm_with_code_if_asked(page) -> None:
    """An approval needs a fresh sign-in with the second factor: allauth asks for a code, then
    carries out the suspended approval. A code is good once, so wait for the next one if needed."""
    if "/ucet/2fa/reauthenticate/" not in page.url:
        return
    while totp_code(page.totp_secret) == getattr(page, "used_code", None):
        time.sleep(1)
    page.used_code = lasting_totp_code(page.totp_secret)
    page.locator("input[name=code]").fill(page.used_code)
    page.get_by_role("button", name="Potvrdit").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core finds no violation and the page broke no rule of the content security policy."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == []
