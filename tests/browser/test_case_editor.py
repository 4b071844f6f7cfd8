"""The case form in Chromium: the slug follows the title, the municipality is found by typing part of
its name, themes and audiences are checkboxes, and "Bewaar concept" works without touching the slug."""

import re

import pytest
from playwright.sync_api import Browser, expect

from devtools.demo import DemoServer
from tests.browser.admin import choose_municipality, create_accounts, log_in

pytestmark = pytest.mark.changes_demo_content

TITLE = "Deelfietsen aan de kerk van Zwalm"
SLUG = "deelfietsen-aan-de-kerk-van-zwalm"
STORED = """
from cases.models import CasePage
case = CasePage.objects.get(title=%r).get_latest_revision_as_object()
print(case.slug, case.municipality.name_nl, *[link.theme.code for link in case.case_themes.all()], sep="|")
"""


@pytest.fixture
def editor(browser: Browser, demo_url: str, demo_server: DemoServer):
    case_index_id = create_accounts(demo_server, {"noor": "Redacteur"})
    context = browser.new_context(locale="nl-BE", viewport={"width": 1400, "height": 1000})
    page = log_in(context, demo_url, "noor")
    yield page, f"{demo_url}/admin/pages/add/cases/casepage/{case_index_id}/"
    context.close()


def test_a_new_case_is_saved_as_draft_with_only_what_the_form_shows(editor, demo_server: DemoServer) -> None:
    page, add_url = editor
    page.goto(add_url)
    page.get_by_role("textbox", name="Titel").first.press_sequentially(TITLE)
    page.get_by_role("tab", name="Promotie").click()
    expect(page.get_by_label("Slug")).to_have_value(SLUG)  # never typed: it follows the title
    page.get_by_role("tab", name="Context").click()
    choose_municipality(page, "Zwa", "Zwalm")
    page.get_by_role("tab", name="Classificatie").click()
    page.get_by_role("checkbox", name="Mobiliteit").check()

    page.get_by_role("button", name="Bewaar concept").click()

    expect(page.locator(".messages")).to_contain_text(TITLE)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.get_by_role("tab", name="Classificatie").click()
    expect(page.get_by_role("checkbox", name="Mobiliteit")).to_be_checked()
    stored = demo_server.manage("shell", "-c", STORED % TITLE).strip().splitlines()[-1]
    assert stored == f"{SLUG}|Zwalm|mobiliteit"
