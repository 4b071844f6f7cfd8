"""The editors' side of intake in Chromium, on the demo site: an Eindredacteur finds a new submission on the dashboard
and opens who sent it, from the dashboard and from the case's editor; a Redacteur sees neither."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in

pytestmark = pytest.mark.changes_demo_content

TITLE = "Een deelbakfiets voor de handelaars van Herzele"
EMAIL = "lies.deman@herzele.example"
# What the public form leaves behind: a draft copy of a case, in the "Eindredactie" workflow, and its submitter.
SUBMISSION = """
from django.utils import timezone
from cases.models import CasePage
from intake.models import Submission
model = CasePage.objects.filter(locale__language_code="nl", live=True).first()
draft = model.copy(update_attrs={"title": %r, "slug": "deelbakfiets-herzele"}, keep_live=False)
draft.save_revision()
draft.get_workflow().start(draft, None)
submission = Submission.objects.create(
    page=draft, language="nl", name="Lies De Man", organisation="Gemeente Herzele", email=%r,
    privacy_consent_at=timezone.now(), photo_consent=True,
)
print(draft.pk, submission.pk)
"""


def test_an_eindredacteur_opens_the_submitter_and_a_redacteur_cannot(
    demo_server: DemoServer, demo_url: str, context: BrowserContext
):
    create_accounts(demo_server, {"eindredactie-intake": "Eindredacteur", "redactie-intake": "Redacteur"})
    page_id, submission_id = demo_server.manage("shell", "-c", SUBMISSION % (TITLE, EMAIL)).split()[-2:]
    inspect_path = f"/admin/inzendingen/inspect/{submission_id}/"

    editor = log_in(context, demo_url, "eindredactie-intake")
    panel = editor.locator("#intake_new_submissions-section")
    expect(panel).to_contain_text("Nieuwe inzendingen")
    row = panel.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Gemeente Herzele")
    row.get_by_role("link", name="Gegevens").click()
    editor.wait_for_url(re.compile(re.escape(inspect_path) + "$"))
    expect(editor.locator("main")).to_contain_text(EMAIL)
    expect(editor.locator("main")).to_contain_text("Lies De Man")

    editor.goto(f"{demo_url}/admin/")
    editor.locator("#intake_new_submissions-section").get_by_role("link", name=TITLE).click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/$"))
    editor.locator("header").get_by_role("button", name=re.compile("Acties|Actions")).click()
    editor.get_by_role("link", name="Indiener bekijken").click()
    editor.wait_for_url(re.compile(re.escape(inspect_path) + "$"))
    expect(editor.locator("main")).to_contain_text(EMAIL)
    context.clear_cookies()

    writer = log_in(context, demo_url, "redactie-intake")
    expect(writer.locator("#intake_new_submissions-section")).to_have_count(0)
    writer.goto(f"{demo_url}/admin/pages/{page_id}/edit/")
    expect(writer.get_by_role("link", name="Indiener bekijken")).to_have_count(0)
    writer.goto(f"{demo_url}{inspect_path}")
    expect(writer.locator("body")).not_to_contain_text(EMAIL)
    assert EMAIL not in writer.content()
