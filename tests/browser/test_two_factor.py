"""Two-factor authentication walked in Chromium: an Eindredacteur sets up the app at the first login, then needs a code.

The shared demo server keeps 2FA off (browser settings), so the other admin tests log in with a password only;
this test starts a second server on the same database with ADMIN_2FA=1, as production has it.
"""

import re
from base64 import b32decode
from collections.abc import Iterator

import pytest
from django_otp.oath import totp
from playwright.sync_api import BrowserContext, expect

from devtools.demo import DemoServer
from tests.browser.admin import PASSWORD, create_accounts

USERNAME = "eindredactie-2fa"


@pytest.fixture
def two_factor_url(demo_server: DemoServer) -> Iterator[str]:
    server = demo_server.serve_another({"ADMIN_2FA": "1"}, name="server-2fa")
    try:
        yield server.url
    finally:
        server.stop()


def app_code(secret: str, periods_ahead: int = 0) -> str:
    """What an authenticator app shows for this key (RFC 6238: 30 s, 6 digits)."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=periods_ahead):06d}"


def submit_password(context: BrowserContext, url: str):
    page = context.new_page()
    page.goto(f"{url}/admin/login/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    return page


def test_an_eindredacteur_sets_up_the_app_and_then_needs_a_code(
    demo_server: DemoServer, two_factor_url: str, context: BrowserContext
):
    create_accounts(demo_server, {USERNAME: "Eindredacteur"})

    page = submit_password(context, two_factor_url)
    page.wait_for_url(re.compile(r"/admin/tweestapsverificatie/instellen/"))
    expect(page.get_by_text("Voor jouw rol is tweestapsverificatie verplicht")).to_be_visible()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text().strip()

    page.locator("#id_code").fill(app_code(secret))
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="verder naar de beheeromgeving").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("#main")).to_be_visible()

    # Logged out and in again, the password alone is not enough.
    page.goto(f"{two_factor_url}/admin/tweestapsverificatie/instellen/")
    expect(page.get_by_text("Tweestapsverificatie staat aan voor jouw account")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.close()

    page = submit_password(context, two_factor_url)
    page.wait_for_url(re.compile(r"/admin/tweestapsverificatie/controle/"))
    page.goto(f"{two_factor_url}/admin/pages/")
    page.wait_for_url(re.compile(r"/admin/tweestapsverificatie/controle/"))  # no way around the code

    # The setup used this period's code, which is accepted only once: the app's next code.
    page.locator("#id_code").fill(app_code(secret, periods_ahead=1))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(re.compile(r"/admin/pages/$"))
