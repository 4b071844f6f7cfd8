"""Follow-ups in Chromium: an Eindredacteur adds one in the admin and publishes it, a reader sees it; an initiator
opens the e-mailed link, answers the short form, and the editor turns the answer into a draft."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in
from tests.browser.axe import assert_no_serious_violations

pytestmark = pytest.mark.changes_demo_content

FIND = """
from cases.models import CasePage
print(CasePage.objects.get(slug=%r, locale__language_code="nl").pk)
"""
DRAFT = """
from cases.models import CasePage
case = CasePage.objects.get(pk=%d)
draft = case.get_latest_revision_as_object()
texts = [value["text"] for value in draft.follow_ups_newest_first()]
print(len(case.follow_ups), case.has_unpublished_changes, *texts, sep="|")
"""


@pytest.fixture
def chief(browser: Browser, demo_url: str, demo_server: DemoServer):
    create_accounts(demo_server, {"kris": "Eindredacteur"})
    context = browser.new_context(locale="nl-BE", viewport={"width": 1400, "height": 1000})
    yield log_in(context, demo_url, "kris")
    context.close()


def case_id(demo_server: DemoServer, slug: str) -> int:
    return int(demo_server.manage("shell", "-c", FIND % slug).strip().splitlines()[-1])


def test_an_editor_adds_a_follow_up_and_a_reader_sees_it(chief, browser: Browser, demo_url, demo_server) -> None:
    slug = "gevelpremie-poperinge-winkelpuien"
    pk = case_id(demo_server, slug)
    day = date.today() - timedelta(days=12)
    chief.goto(f"{demo_url}/admin/pages/{pk}/edit/")
    chief.get_by_role("tab", name="Opvolging").click()
    panel = chief.locator("[data-contentpath=follow_ups]")
    panel.locator("button.c-sf-add-button").first.click()
    panel.get_by_label("Datum").fill(day.isoformat())
    panel.get_by_label("Hoe staat het nu?").fill(
        "Negen winkelpuien zijn vernieuwd; de premie loopt nog twee jaar door."
    )
    panel.locator("[data-contentpath=figures] button.c-sf-add-button").first.click()
    panel.get_by_role("textbox", name=re.compile("^Betekenis")).fill("vernieuwde winkelpuien")
    panel.get_by_role("textbox", name=re.compile("^Cijfer")).fill("9")
    footer = chief.locator("footer")
    publish = footer.get_by_role("button", name="Publiceren", exact=True)
    if not publish.is_visible():
        footer.get_by_role("button", name="Meer acties").click()
    publish.click()
    expect(chief.locator(".messages")).to_contain_text("gepubliceerd")

    reader = browser.new_context(locale="nl-BE").new_page()
    reader.goto(f"{demo_url}/nl/voorbeelden/{slug}/")
    section = reader.get_by_role("region", name="Hoe staat het nu?")
    expect(section).to_contain_text("Negen winkelpuien zijn vernieuwd")
    expect(section.locator(f'time[datetime="{day.isoformat()}"]')).to_be_visible()
    expect(section.locator(".figures")).to_contain_text("9")
    reader.context.close()


def newest_mail(demo_server: DemoServer) -> str:
    files = sorted((demo_server.workdir / "mail").glob("*.log"), key=lambda path: path.stat().st_mtime)
    return Path(files[-1]).read_text(encoding="utf-8")


def test_an_initiator_answers_by_the_mailed_link_and_the_editor_makes_a_draft(
    chief, browser: Browser, demo_url, demo_server
) -> None:
    slug = "kernwinkelgebied-lier-afbakening"
    pk = case_id(demo_server, slug)
    chief.goto(f"{demo_url}/admin/pages/{pk}/edit/")
    chief.locator(".w-slim-header").get_by_role("button", name="Acties").click()  # the header's actions menu
    chief.get_by_role("link", name="Opvolging vragen").click()
    chief.get_by_label("E-mailadres van de initiatiefnemer").fill("centrum@lier.example")
    chief.get_by_label("Taal van de e-mail en het formulier").select_option("fr")
    chief.get_by_role("button", name="Verstuur de vraag").click()
    expect(chief.locator(".messages")).to_contain_text("centrum@lier.example")

    path = re.search(r"https?://[^/\s]+(/fr/opvolging/[\w-]+/)", newest_mail(demo_server)).group(1)
    initiator = browser.new_context(locale="fr-BE").new_page()
    initiator.goto(demo_url + path)
    expect(initiator.get_by_role("heading", level=1)).to_have_text("Où en est-on aujourd’hui ?")
    text = "Le périmètre commercial a réduit les cellules vides de moitié."
    initiator.get_by_role("textbox", name="Où en est l’initiative aujourd’hui ?").fill(text)
    initiator.get_by_label("Chiffre 1", exact=True).fill("-50%")
    initiator.get_by_role("button", name="Envoyer").click()
    expect(initiator.locator("#id_figure_1_label-error")).to_be_visible()  # a figure needs its meaning
    expect(initiator.get_by_role("textbox", name="Où en est l’initiative aujourd’hui ?")).to_have_value(text)
    initiator.get_by_label("Que signifie le chiffre 1 ?").fill("cellules commerciales vides")
    initiator.get_by_role("button", name="Envoyer").click()
    expect(initiator.get_by_role("heading", level=1)).to_have_text("Merci !")
    initiator.goto(demo_url + path)
    expect(initiator.get_by_role("heading", level=1)).to_have_text("Ce lien ne fonctionne plus")
    initiator.context.close()

    chief.goto(f"{demo_url}/admin/")
    chief.locator("#follow_up_reports-section a[href*='/admin/opvolging/verslagen/']").first.click()
    report = chief.locator("section.w-panel").filter(has_text=text)
    report.get_by_role("button", name="Toevoegen als concept").click()
    expect(chief.locator(".messages")).to_contain_text("conceptversie")
    expect(chief).to_have_url(re.compile(rf"/admin/pages/{pk}/edit/"))
    live_count, unpublished, *draft_texts = (
        demo_server.manage("shell", "-c", DRAFT % pk).strip().splitlines()[-1].split("|")
    )
    assert (live_count, unpublished, draft_texts) == ("0", "True", [text])


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/nl/voorbeelden/nachteconomie-gent-nachtplan/", "Hoe staat het nu?"),
        ("/fr/exemples/economie-nocturne-plan-gand/", "Où en est-on aujourd’hui ?"),
    ],
)
def test_the_demo_follow_ups_are_accessible(browser: Browser, demo_url: str, path: str, heading: str) -> None:
    reader = browser.new_context().new_page()
    reader.goto(demo_url + path)
    section = reader.get_by_role("region", name=heading)
    expect(section.locator("li.follow-up")).to_have_count(2)  # demo/cases-a.json
    assert_no_serious_violations(reader)
    reader.context.close()
