"""What the admin's browser tests share: accounts of a role on the demo site, logging in, the choosers."""

import re

from playwright.sync_api import BrowserContext, Page, expect

from devtools.demo import DemoServer

PASSWORD = "redactie-wachtwoord-2026"  # noqa: S105 - throwaway accounts on the demo site of the test
ACCOUNTS = """
from django.contrib.auth.models import Group, User
for username, group in %r:
    user, _ = User.objects.get_or_create(username=username, defaults={"email": username + "@example.org"})
    user.first_name = username.title()
    user.set_password(%r)
    user.save()
    user.groups.add(Group.objects.get(name=group))
from cases.models import CaseIndexPage
print(CaseIndexPage.objects.get(locale__language_code="nl").pk)
"""


def create_accounts(demo_server: DemoServer, accounts: dict[str, str]) -> int:
    """Create (or reset) `{username: role}` on the demo site; return the id of the Dutch case index."""
    output = demo_server.manage("shell", "-c", ACCOUNTS % (list(accounts.items()), PASSWORD))
    return int(output.strip().splitlines()[-1])


def log_in(context: BrowserContext, demo_url: str, username: str) -> Page:
    page = context.new_page()
    page.goto(f"{demo_url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def choose_municipality(page: Page, typed: str, name: str) -> None:
    """The municipality is a searchable choice: typing part of the name finds it."""
    panel = page.locator("[data-contentpath=municipality]")
    panel.get_by_role("button", name="Kies gemeente").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("textbox").first.press_sequentially(typed)
    modal.get_by_role("link", name=name, exact=True).click()
    expect(modal).to_be_hidden()
    expect(panel).to_contain_text(name)
