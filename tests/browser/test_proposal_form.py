"""The public "Voorbeeld voorstellen" form of issue 13, walked in Chromium on the demo site.

A municipal official proposes an example with two photos (one carrying a GPS position) in Dutch, another one in
French; a submission with a missing consent and a too-large photo comes back with its errors and everything typed
(the valid photo included); the honeypot and the rate limit refuse without writing anything; an Eindredacteur
finds the draft on the dashboard, completes it and publishes it. The seconds of the Dutch walk are printed (run
with `-s`): they are the estimate of the time a first-time submitter needs.

The form runs on a second server of the same demo database (serve_another) with a short minimum fill time and a
small photo limit, so the shared demo server keeps its settings.
"""

import io
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in
from tests.browser.axe import assert_no_serious_violations

pytestmark = pytest.mark.changes_demo_content

GPS_IFD = 0x8825
MAX_PHOTO_BYTES = 400_000
MIN_FILL_SECONDS = 2
COUNTS = """
from cases.models import CasePage
from intake.models import Submission
from wagtail.images import get_image_model
print(CasePage.objects.count(), Submission.objects.count(), get_image_model().objects.count())
"""
DRAFT = """
import io, json
from PIL import Image
from cases.models import CasePage
from wagtail.models import WorkflowState
case = CasePage.objects.get(title=%r)
images = [case.hero_image] + [block.value["image"] for block in case.body if block.block_type == "image"]
gps = []
for image in images:
    with image.file.open("rb") as file, Image.open(io.BytesIO(file.read())) as picture:
        gps.append(bool(picture.getexif().get_ifd(0x8825)) or b"Piet Fotograaf" in file.read())
state = WorkflowState.objects.filter(object_id=str(case.pk)).first()
print(json.dumps({"live": case.live, "language": case.locale.language_code, "images": len(images), "gps": gps,
                  "workflow": state.status if state else None, "submitter": case.submission.email}))
"""

DUTCH = {
    "title": "Buurtwinkel in de oude pastorij van Zwalm",
    "summary": "De leegstaande pastorij werd een buurtwinkel met een koffiehoek, gerund door vrijwilligers.",
    "concept": "De gemeente kocht de pastorij in 2022.\nVrijwilligers runnen er nu een buurtwinkel met een koffiehoek "
    "en een ophaalpunt voor pakjes.",
    "learnings": "Betrek de buurt van bij het begin.\nHoud de openingsuren eenvoudig.",
    "tips": "Start met een proefperiode van zes maanden.",
    "dos": "Vier elke mijlpaal met de buurt.",
    "donts": "Laat de vrijwilligers niet alleen met de boekhouding.",
}
FRENCH = {
    "title": "Une épicerie de quartier dans le presbytère de Zwalm",
    "summary": "Le presbytère vide est devenu une épicerie de quartier avec un coin café, tenue par des bénévoles.",
    "concept": "La commune a acheté le presbytère en 2022. Des bénévoles y tiennent une épicerie avec un coin café "
    "pour les habitants du quartier.",
    "learnings": "Associez les habitants dès le début.\nGardez des horaires simples.",
    "tips": "Commencez par une période d'essai de six mois.",
    "dos": "",
    "donts": "",
}


def gps_photo() -> bytes:
    """A JPEG with the position, camera and owner a phone writes."""
    image = Image.new("RGB", (800, 500), (196, 120, 52))
    exif = image.getexif()
    exif[0x010F] = "Fictieve Camera"  # Make
    exif[0x013B] = "Piet Fotograaf"  # Artist
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 53.0, 24.0), 3: "E", 4: (3.0, 47.0, 6.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def png_photo(size=(300, 200), noisy=False) -> bytes:
    """A plain PNG, or one of random pixels that does not compress (about 3 bytes a pixel)."""
    if noisy:
        pixels = random.Random(7).randbytes(size[0] * size[1] * 3)  # noqa: S311 - test pixels, not secrets
        image = Image.frombytes("RGB", size, pixels)
    else:
        image = Image.new("RGB", size, (40, 90, 140))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("photos")
    files = {"gps": gps_photo(), "png": png_photo(), "large": png_photo((600, 600), noisy=True)}
    paths = {}
    for name, content in files.items():
        path = folder / f"{name}.{'jpg' if name == 'gps' else 'png'}"
        path.write_bytes(content)
        paths[name] = path
    assert paths["large"].stat().st_size > MAX_PHOTO_BYTES
    return paths


@pytest.fixture(scope="module")
def form_url(demo_server: DemoServer) -> Iterator[str]:
    server = demo_server.serve_another(
        {"INTAKE_MIN_FILL_SECONDS": str(MIN_FILL_SECONDS), "INTAKE_MAX_PHOTO_BYTES": str(MAX_PHOTO_BYTES)},
        name="server-intake",
    )
    try:
        yield server.url
    finally:
        server.stop()


def counts(demo_server: DemoServer) -> tuple[int, int, int]:
    return tuple(int(n) for n in demo_server.manage("shell", "-c", COUNTS).split()[-3:])


def draft(demo_server: DemoServer, title: str) -> dict:
    return json.loads(demo_server.manage("shell", "-c", DRAFT % title).strip().splitlines()[-1])


def after_minimum_fill_time(opened: float) -> None:
    """Playwright fills the form faster than any person: wait out this server's minimum fill time."""
    time.sleep(max(0.0, MIN_FILL_SECONDS + 0.5 - (time.monotonic() - opened)))


class Walk:
    """Seconds per step of the submitter's walk through the form."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = now - self._started
        self._started = now


def fill_texts(page: Page, texts: dict, labels: dict) -> None:
    for key, label in labels.items():
        if texts.get(key):
            page.get_by_label(label, exact=False).first.fill(texts[key])


DUTCH_LABELS = {
    "title": "Titel van het voorbeeld",
    "summary": "Samenvatting",
    "concept": "Het concept",
    "learnings": "Learnings",
    "tips": "Tips & tricks",
    "dos": "Do's",
    "donts": "Don'ts",
}
FRENCH_LABELS = {
    "title": "Titre de l'exemple",
    "summary": "Résumé",
    "concept": "Le concept",
    "learnings": "Enseignements",
    "tips": "Trucs et astuces",
}


def add_photo(page: Page, number: int, path: Path, alt: str, credit: str, *, alt_label: str, credit_label: str):
    page.locator(f"#id_photo_{number}").set_input_files(str(path))
    page.get_by_label(alt_label % number).fill(alt)
    page.get_by_label(credit_label % number).fill(credit)


def eindredacteur_completes_and_publishes(browser: Browser, demo_url: str, demo_server: DemoServer, title: str):
    """The draft is under "Wacht op jouw beoordeling"; the Eindredacteur adds the initiator and publishes."""
    create_accounts(demo_server, {"noor": "Eindredacteur"})
    chief_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    chief = log_in(chief_context, demo_url, "noor")
    waiting = chief.locator("section").filter(has_text="Wacht op jouw beoordeling").last
    waiting.get_by_role("link", name=title).first.click()
    chief.get_by_role("tab", name="Context").click()
    chief.get_by_label("Initiatiefnemer").fill("Gemeente Zwalm en vzw De Pastorij")
    button = chief.locator("footer").get_by_role("button", name="Goedkeuren en publiceren", exact=True)
    if not button.is_visible():
        chief.locator("footer").get_by_role("button", name="Meer acties").click()
    button.click()
    expect(chief.locator(".messages")).to_contain_text(title)
    chief_context.close()


def test_a_dutch_proposal_with_two_photos_becomes_a_draft_an_eindredacteur_publishes(
    browser: Browser, form_url: str, demo_url: str, demo_server: DemoServer, photos: dict[str, Path]
) -> None:
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{form_url}/nl/over-de-vitrine/")
    page.get_by_role("link", name="het formulier op deze site").click()
    expect(page).to_have_url(f"{form_url}/nl/voorstellen/")
    opened = time.monotonic()
    walk = Walk()
    page.goto(f"{form_url}/nl/")
    page.get_by_role("link", name="Voorbeeld voorstellen").first.click()
    expect(page).to_have_url(f"{form_url}/nl/voorstellen/")
    assert_no_serious_violations(page)
    walk.done("startpagina → formulier")
    walk.done("startpagina → formulier")

    fill_texts(page, DUTCH, DUTCH_LABELS)
    walk.done("titel, samenvatting, concept, learnings, tips, do's en don'ts")
    page.get_by_label("Vlaamse gemeente").press_sequentially("Zwal")
    page.get_by_label("Vlaamse gemeente").fill("Zwalm")
    page.get_by_label("Startjaar").fill("2022")
    page.get_by_label("Stand van zaken").select_option("running")
    page.get_by_label("Samenwerking").check()
    page.get_by_label("Lokale besturen").check()
    walk.done("gemeente, jaar, stand van zaken, thema en doelgroep")
    labels = {"alt_label": "Wat staat er op foto %s?", "credit_label": "Fotograaf of bron van foto %s"}
    add_photo(page, 1, photos["gps"], "De buurtwinkel in de pastorij", "An Peeters", **labels)
    add_photo(page, 2, photos["png"], "De koffiehoek", "Gemeente Zwalm", **labels)
    walk.done("twee foto's met beschrijving en fotograaf")
    page.get_by_label("Je naam").fill("An Peeters")
    page.get_by_label("Je organisatie").fill("Gemeente Zwalm")
    page.get_by_label("Je e-mailadres").fill("an.peeters@example.org")
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.get_by_label("De foto's mogen op De Vitrine gepubliceerd worden", exact=False).check()
    walk.done("naam, organisatie, e-mail en twee akkoorden")
    after_minimum_fill_time(opened)
    walk.done("(wachten op de minimale invultijd van de testserver)")
    page.get_by_role("button", name="Verstuur je voorstel").click()
    expect(page).to_have_url(f"{form_url}/nl/voorstellen/bedankt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je voorstel")
    walk.done("versturen en bedankpagina")
    context.close()

    stored = draft(demo_server, DUTCH["title"])
    assert stored == {
        "live": False,
        "language": "nl",
        "images": 2,
        "gps": [False, False],
        "workflow": "in_progress",
        "submitter": "an.peeters@example.org",
    }

    eindredacteur_completes_and_publishes(browser, demo_url, demo_server, DUTCH["title"])
    assert draft(demo_server, DUTCH["title"])["live"] is True

    print("\nfirst-time submitter's walk (Playwright types instantly; see the README for a person's estimate):")
    for name, seconds in walk.seconds.items():
        print(f"  {seconds:6.1f} s  {name}")


def test_a_french_proposal_lands_in_the_french_tree(
    browser: Browser, form_url: str, demo_server: DemoServer, photos: dict[str, Path]
) -> None:
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    page.goto(f"{form_url}/fr/a-propos/")
    page.get_by_role("link", name="le formulaire de ce site").click()
    expect(page).to_have_url(f"{form_url}/fr/proposer/")
    opened = time.monotonic()
    fill_texts(page, FRENCH, FRENCH_LABELS)
    page.get_by_label("Commune flamande").fill("Zwalm")
    page.get_by_label("Coopération").check()
    page.get_by_label("Pouvoirs locaux").check()
    labels = {"alt_label": "Que montre la photo %s ?", "credit_label": "Photographe ou source de la photo %s"}
    add_photo(page, 1, photos["gps"], "L'épicerie dans le presbytère", "An Peeters", **labels)
    add_photo(page, 2, photos["png"], "Le coin café", "Commune de Zwalm", **labels)
    page.get_by_label("Votre nom").fill("An Peeters")
    page.get_by_label("Votre adresse e-mail").fill("an.peeters@example.org")
    page.get_by_label("J'accepte la déclaration de confidentialité.").check()
    page.get_by_label("Les photos peuvent être publiées", exact=False).check()
    after_minimum_fill_time(opened)
    page.get_by_role("button", name="Envoyer votre proposition").click()
    expect(page).to_have_url(f"{form_url}/fr/proposer/merci/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre proposition")
    context.close()

    stored = draft(demo_server, FRENCH["title"])
    assert (stored["live"], stored["language"], stored["images"], stored["gps"]) == (False, "fr", 2, [False, False])


def test_errors_are_shown_and_everything_typed_is_kept(
    browser: Browser, form_url: str, demo_server: DemoServer, photos: dict[str, Path]
) -> None:
    before = counts(demo_server)
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(f"{form_url}/nl/voorstellen/")
    opened = time.monotonic()
    title = "Deelfietsen aan het station van Zwalm"
    fill_texts(page, {**DUTCH, "title": title}, DUTCH_LABELS)
    page.get_by_label("Vlaamse gemeente").fill("Zwalm")
    page.get_by_label("Mobiliteit").check()
    page.get_by_label("Lokale besturen").check()
    labels = {"alt_label": "Wat staat er op foto %s?", "credit_label": "Fotograaf of bron van foto %s"}
    add_photo(page, 1, photos["gps"], "Fietsen aan het station", "An Peeters", **labels)
    add_photo(page, 2, photos["large"], "Het station", "An Peeters", **labels)
    page.get_by_label("Je naam").fill("An Peeters")
    page.get_by_label("Je e-mailadres").fill("an.peeters@example.org")
    page.get_by_label("De foto's mogen op De Vitrine gepubliceerd worden", exact=False).check()
    after_minimum_fill_time(opened)
    page.get_by_role("button", name="Verstuur je voorstel").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Je voorstel is nog niet verstuurd")
    expect(summary).to_contain_text("Zonder je akkoord met de privacyverklaring")
    expect(summary).to_contain_text("een foto mag hoogstens")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Fout: Voorbeeld voorstellen · De Vitrine")
    consent = page.get_by_label("Ik ga akkoord met de privacyverklaring.")
    expect(consent).to_have_attribute("aria-describedby", "id_privacy_consent-error")
    expect(page.locator("#id_photo_2")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Titel van het voorbeeld")).to_have_value(title)
    expect(page.get_by_label("Learnings", exact=True)).to_have_value(DUTCH["learnings"])
    expect(page.get_by_label("Je e-mailadres")).to_have_value("an.peeters@example.org")
    expect(page.get_by_text("Bewaard: gps.jpg")).to_be_visible()
    assert_no_serious_violations(page)
    assert counts(demo_server) == before

    consent.check()
    page.get_by_label("Wat staat er op foto 2?").fill("")
    page.get_by_label("Fotograaf of bron van foto 2").fill("")
    page.get_by_role("button", name="Verstuur je voorstel").click()
    expect(page).to_have_url(f"{form_url}/nl/voorstellen/bedankt/")
    context.close()
    stored = draft(demo_server, title)
    assert (stored["images"], stored["gps"]) == (1, [False])


def test_the_honeypot_refuses_without_writing(browser: Browser, form_url: str, demo_server: DemoServer) -> None:
    before = counts(demo_server)
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(f"{form_url}/en/about/")
    page.get_by_role("link", name="the form on this site").click()
    expect(page).to_have_url(f"{form_url}/en/submit/")
    page.goto(f"{form_url}/nl/voorstellen/")
    opened = time.monotonic()
    fill_texts(page, DUTCH, DUTCH_LABELS)
    page.get_by_label("Vlaamse gemeente").fill("Zwalm")
    page.get_by_label("Samenwerking").check()
    page.get_by_label("Lokale besturen").check()
    page.get_by_label("Je naam").fill("Robot")
    page.get_by_label("Je e-mailadres").fill("robot@example.org")
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.locator("#id_website").fill("https://spam.example", force=True)  # what a script fills, not a person
    after_minimum_fill_time(opened)
    page.get_by_role("button", name="Verstuur je voorstel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je voorstel kon niet verstuurd worden")
    context.close()
    assert counts(demo_server) == before


def test_the_rate_limit_refuses_without_writing(browser: Browser, demo_server: DemoServer) -> None:
    server = demo_server.serve_another({"PUBLIC_FORM_RATE": "2/minute"}, name="server-intake-rate")
    try:
        before = counts(demo_server)
        context = browser.new_context(locale="nl-BE")
        page = context.new_page()
        page.goto(f"{server.url}/nl/voorstellen/")
        statuses = []
        for _attempt in range(3):
            with page.expect_response(lambda response: response.request.method == "POST") as answer:
                page.get_by_role("button", name="Verstuur je voorstel").click()
            statuses.append(answer.value.status)
            if answer.value.status == 429:
                break
        expect(page.get_by_role("heading", level=1)).to_have_text("Te veel formulieren verstuurd")
        context.close()
        assert statuses == [400, 400, 429]
        assert counts(demo_server) == before
    finally:
        server.stop()
