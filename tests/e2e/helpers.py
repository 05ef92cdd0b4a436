"""Steps the browser tests share."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, site, email: str, password: str) -> None:
    page.goto(site.url + "/ucet/login/")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Heslo")).fill(password)
    page.get_by_role("button", name="Přihlásit se").click()
    page.wait_for_load_state()


def set_up_two_factor(page, password: str) -> str:
    """From wherever the two-factor rule sent the user: confirm the password, activate TOTP."""
    if "/ucet/reauthenticate/" in page.url:
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Potvrdit").click()
        page.wait_for_url(re.compile(r"/ucet/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Aktivovat").click()
    page.wait_for_load_state()
    return secret


def assert_accessible(page) -> None:
    """axe-core finds no violation and the page broke no rule of the content security policy."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.csp_violations == []
