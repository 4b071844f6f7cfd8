"""The editors' path of issue 8, walked in Chromium as two people, on the demo site.

A Redacteur writes a new case by typing only what the form shows (the slug follows the title), is
told on the right tab that a case needs a photo or a video, uploads a photo that carries a GPS
position and submits for review. An Eindredacteur finds it on the dashboard, approves and publishes
it, and translates it to English in wagtail-localize's translation editor. The case must then be in
the API in both languages, and no stored or served copy of the photo may carry the GPS position.

Both browsers ask for English (`Accept-Language: en`): the admin must answer in Dutch anyway.
The seconds each step took are printed (run with `-s` to see them) for the closing note of issue 8.
"""

import io
import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from devtools.demo import DemoServer
from tests.browser.admin import choose_municipality, create_accounts, log_in

pytestmark = pytest.mark.changes_demo_content

TITLE = "Een marktplein voor iedereen in Zwalm"
SLUG = "een-marktplein-voor-iedereen-in-zwalm"
SUMMARY = "Zwalm maakte van de parking naast de kerk een autovrij plein met een wekelijkse boerenmarkt."
CONCEPT = "Het plein werd op zaterdagvoormiddag autovrij, zodat de markt er ruimte kreeg."
LEARNING = "Spreek eerst met de handelaars rond het plein, dan pas met de marktkramers."
ALT = "Marktkramen op het plein voor de kerk van Zwalm"
ENGLISH = {
    TITLE: "A market square for everyone in Zwalm",
    SLUG: "a-market-square-for-everyone-in-zwalm",
    SUMMARY: "Zwalm turned the car park beside the church into a car-free square with a weekly farmers' market.",
    CONCEPT: "The square became car-free on Saturday mornings, so the market had room.",
    LEARNING: "Talk to the shopkeepers around the square first, and only then to the market traders.",
    ALT: "Market stalls on the square in front of Zwalm's church",
}
SEGMENTS_BY_TAB = {"Inhoud": [TITLE, SUMMARY, CONCEPT, LEARNING], "Media": [ALT], "Promotie": [SLUG]}
GPS_IFD = 0x8825
IMAGE_FILES = """
import json
from cases.models import CasePage
case = CasePage.objects.get(slug=%r, locale__language_code="nl")
image = case.hero_image
print(json.dumps({"original": image.file.url, "renditions": [r.url for r in image.renditions.all()]}))
"""


class Steps:
    """Seconds per step of the path, printed at the end of the test."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = now - self._started
        self._started = now

    def report(self) -> str:
        lines = [f"  {seconds:6.1f} s  {name}" for name, seconds in self.seconds.items()]
        return "\n".join(["editors' path, seconds per step:", *lines, f"  {sum(self.seconds.values()):6.1f} s  total"])


def gps_photo() -> bytes:
    """A landscape JPEG that a phone stored on its side, with its position, camera and owner."""
    image = Image.new("RGB", (1600, 1000), (196, 120, 52))
    for x in range(0, 1600, 100):
        image.paste((40, 90, 140), (x, 0, x + 50, 200))
    exif = image.getexif()
    exif[0x010F] = "Fictieve Camera"  # Make
    exif[0x013B] = "Piet Fotograaf"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (50.0, 53.0, 24.0), 3: "E", 4: (3.0, 47.0, 6.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def metadata_problems(url: str, content: bytes) -> list[str]:
    problems = []
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
            problems.append(f"{url}: GPS position in EXIF")
        for tag, name in [(0x013B, "Artist"), (0x010F, "Make")]:
            if tag in exif:
                problems.append(f"{url}: {name} in EXIF")
        xmp = image.info.get("xmp") or b""
        if b"GPS" in (xmp if isinstance(xmp, bytes) else xmp.encode()):
            problems.append(f"{url}: GPS position in XMP")
    if b"Piet Fotograaf" in content:
        problems.append(f"{url}: the owner's name is in the file")
    return problems


def fetch(url: str) -> tuple[int, bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the demo server
        return response.status, response.read(), dict(response.headers)


def api(demo_url: str, path: str) -> dict:
    status, body, _headers = fetch(f"{demo_url}/api/v1/{path}")
    assert status == 200
    return json.loads(body)


@pytest.fixture(scope="module")
def case_index_id(demo_server: DemoServer) -> int:
    return create_accounts(demo_server, {"lotte": "Redacteur", "kris": "Eindredacteur"})


@pytest.fixture
def english_context(browser: Browser) -> Iterator:
    """A browser that prefers English: the admin must still speak Dutch."""
    contexts = []

    def make() -> BrowserContext:
        context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def write_case(page: Page, demo_url: str, case_index_id: int) -> None:
    page.goto(f"{demo_url}/admin/pages/add/cases/casepage/{case_index_id}/")
    page.get_by_role("textbox", name="Titel").first.press_sequentially(TITLE)
    page.get_by_role("textbox", name="Samenvatting").fill(SUMMARY)
    body = page.locator("[data-contentpath=body]")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Concept").click()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type(CONCEPT)
    body.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name="Learnings").click()
    body.locator("textarea").last.fill(LEARNING)

    page.get_by_role("tab", name="Context").click()
    choose_municipality(page, "Zwa", "Zwalm")

    page.get_by_role("tab", name="Classificatie").click()
    page.get_by_role("checkbox", name="Beleving & aantrekking").check()
    page.get_by_role("checkbox", name="Lokale besturen").check()


def upload_photo(page: Page, photo: Path) -> None:
    page.get_by_role("tab", name="Media").click()
    page.get_by_role("button", name="Kies een afbeelding").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name=re.compile("Uploaden")).click()
    modal.locator("input[type=file]").set_input_files(photo)
    expect(modal.locator("#id_image-chooser-upload-title")).to_have_value(photo.stem)  # filled by the chooser
    modal.locator("form").get_by_role("button", name="Uploaden").click()
    expect(modal).to_be_hidden()
    page.get_by_role("textbox", name="Alternatieve tekst").fill(ALT)


def footer_action(page: Page, name: str) -> None:
    """Click an action of the editor's footer; all but the first are behind "Meer acties"."""
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="Meer acties").click()
    button.click()


def translate_all_strings(page: Page) -> None:
    """Translate every segment that still shows its Dutch text, tab by tab, in the translation editor."""
    for tab, texts in SEGMENTS_BY_TAB.items():
        page.get_by_role("tab", name=tab).click()
        panel = page.get_by_role("tabpanel", name=tab)
        for dutch in texts:
            segment = panel.locator("li").filter(has_text=dutch).filter(has=page.get_by_role("button", name="Vertaal"))
            segment.last.get_by_role("button", name="Vertaal").click()
            panel.locator("textarea:visible").first.fill(ENGLISH[dutch])
            panel.get_by_role("button", name="Opslaan").click()
            expect(panel.get_by_text(ENGLISH[dutch], exact=True).first).to_be_visible()


def redacteur_writes_and_submits(writer: Page, demo_url: str, case_index_id: int, photo: Path, steps: Steps) -> None:
    write_case(writer, demo_url, case_index_id)
    # Autosave keeps the draft without complaints: the form holds nothing a draft may not have.
    indicator = writer.locator("#w-autosave-indicator")
    expect(indicator.locator(".w-autosave-indicator__state--saved")).to_be_visible(timeout=10_000)
    expect(indicator.locator(".w-autosave-indicator__state--paused")).to_be_hidden()
    writer.get_by_role("tab", name="Promotie").click()
    expect(writer.get_by_label("Slug")).to_have_value(SLUG)  # never typed: it follows the title
    steps.done("Redacteur vult titel, samenvatting, concept, learning, gemeente, thema en doelgroep in")

    footer_action(writer, "Stuur door naar Eindredactie")
    media_tab = writer.get_by_role("tab", name="Media")
    expect(media_tab).to_contain_text("1")  # the tab counts the errors it holds
    media_tab.click()
    expect(writer.get_by_text("Kies een hoofdafbeelding of geef een video op.")).to_be_visible()
    steps.done("indienen zonder foto of video: geweigerd, melding op het tabblad Media")

    upload_photo(writer, photo)
    steps.done("Redacteur laadt een foto met GPS-gegevens op")
    footer_action(writer, "Stuur door naar Eindredactie")
    expect(writer.locator(".messages")).to_contain_text("ter goedkeuring ingediend")
    steps.done("Redacteur dient in bij de eindredactie")


def eindredacteur_approves(chief: Page, steps: Steps) -> None:
    waiting = chief.locator("section").filter(has_text="Wacht op jouw beoordeling").last
    waiting.get_by_role("link", name=TITLE).first.click()
    steps.done("Eindredacteur vindt het voorbeeld op het dashboard")
    footer_action(chief, "Goedkeuren en publiceren")
    expect(chief.locator(".messages")).to_contain_text(TITLE)
    steps.done("Eindredacteur keurt goed en publiceert")


def eindredacteur_translates(chief: Page, demo_url: str, page_id: int, steps: Steps) -> None:
    chief.goto(f"{demo_url}/admin/localize/submit/page/{page_id}/")
    chief.get_by_label("Engels").check()
    chief.get_by_role("button", name="Verzenden").click()
    expect(chief.get_by_role("heading", name="Vertaling van het Nederlands naar het Engels").first).to_be_visible()
    chief.get_by_role("tab", name="Context").click()  # synchronised facts are shown by name, not by id
    # "Zwalm" twice: the place, and the municipality shown by its name rather than its id.
    expect(chief.get_by_role("tabpanel", name="Context").get_by_text("Zwalm", exact=True)).to_have_count(2)
    translate_all_strings(chief)
    footer_action(chief, "Publiceer in het Engels")
    expect(chief.locator(".messages")).to_contain_text("gepubliceerd")
    steps.done("Eindredacteur vertaalt in de vertaaleditor en publiceert")


def photo_problems(demo_url: str, demo_server: DemoServer, dutch: dict) -> list[str]:
    """Download the original, every rendition and the og:image of the case's photo; list what leaks."""
    _status, dutch_page, _headers = fetch(dutch["url"])
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', dutch_page.decode()).group(1)
    files = json.loads(demo_server.manage("shell", "-c", IMAGE_FILES % SLUG).strip().splitlines()[-1])
    assert len(files["renditions"]) >= 4, files  # three API sizes and the og:image at least
    urls = {og_image, files["original"], *files["renditions"]}
    urls |= {rendition["url"] for rendition in dutch["image"]["renditions"].values()}
    problems = []
    for url in sorted(urls):
        status, content, _headers = fetch(url if url.startswith("http") else f"{demo_url}{url}")
        assert status == 200, url
        problems += metadata_problems(url, content)
    with Image.open(io.BytesIO(fetch(f"{demo_url}{files['original']}")[1])) as original:
        if original.size != (1000, 1600):
            problems.append(f"the original is {original.size}: the EXIF orientation was not applied")
    return problems


def test_redacteur_writes_eindredacteur_publishes_and_translates(
    english_context, demo_url: str, demo_server: DemoServer, case_index_id: int, tmp_path: Path
) -> None:
    steps = Steps()
    photo = tmp_path / "markt-zwalm.jpg"
    photo.write_bytes(gps_photo())

    writer = log_in(english_context(), demo_url, "lotte")
    expect(writer.locator("html")).to_have_attribute("lang", "nl")
    steps.done("Redacteur meldt zich aan (browser vraagt Engels, beheer antwoordt in het Nederlands)")
    redacteur_writes_and_submits(writer, demo_url, case_index_id, photo, steps)

    chief = log_in(english_context(), demo_url, "kris")
    eindredacteur_approves(chief, steps)
    dutch = api(demo_url, f"cases/by-slug/{SLUG}/?locale=nl")
    assert (dutch["title"], dutch["place"], dutch["image"]["alt"]) == (TITLE, "Zwalm", ALT)
    steps.done("het voorbeeld staat in de API")

    eindredacteur_translates(chief, demo_url, dutch["id"], steps)
    english = api(demo_url, f"cases/by-slug/{ENGLISH[SLUG]}/?locale=en")
    assert (english["title"], english["summary"]) == (ENGLISH[TITLE], ENGLISH[SUMMARY])
    assert english["image"]["alt"] == ENGLISH[ALT]
    _status, english_page, _headers = fetch(english["url"])
    assert ENGLISH[TITLE] in english_page.decode()
    assert TITLE not in english_page.decode()
    steps.done("de Engelse pagina en de API zijn in het Engels")

    assert not photo_problems(demo_url, demo_server, dutch)
    steps.done("origineel, elke rendition en og:image van de foto gecontroleerd: geen GPS")
    print("\n" + steps.report())
