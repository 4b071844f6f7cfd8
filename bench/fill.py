"""Fill a benchmark database with N synthetic Dutch cases, fast, then index them.

Run by `bench/catalogue_bench.py` and `bench/hit_bench.py` (they set DJANGO_SETTINGS_MODULE, DATABASE_URL,
MEDIA_ROOT, ...):

    python bench/fill.py --cases 10000 --out ids.json [--project-dir /tmp/bench-before]

`setup_site` must have run first (it creates the Dutch case index, the themes and the audiences).
Going through `add_child` and revisions for every case would take far too long for 100 000 cases, so
this writes the rows directly: tree paths are computed the way treebeard's materialised path does
(`Page._get_path`), `Page` rows are bulk-created, then the `CasePage` rows (same primary keys) and
the theme and audience links, one batch at a time (memory stays flat: about 4 s per 1 000 cases).
Every case shares one hero image whose renditions are made once.

Then, as a live site would have them: `manage.py rebuild_catalogue` when the project has that command
(the read model of issue 11; skipped on older code), `update_index`, and `VACUUM ANALYZE` (without fresh
statistics the planner takes the freshly filled page table for empty and picks plans 100 times slower).
`--no-index` stops after the rows. `--project-dir` imports the project from another checkout (a git
worktree of an older commit), so that before and after are filled by the same script.
"""

import argparse
import io
import json
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path


def _project_dir() -> Path:
    """--project-dir, read before Django starts: the models must come from that checkout."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--project-dir", type=Path, default=Path(__file__).resolve().parent.parent)
    return early.parse_known_args()[0].project_dir.resolve()


PROJECT = _project_dir()
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vitrine_cms.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402

from PIL import Image, ImageDraw  # noqa: E402

from cases.models import CaseAudience, CaseIndexPage, CasePage, CaseTheme, Municipality  # noqa: E402
from cases.places import CaseStatus, SizeClass  # noqa: E402
from home.blocks import HERO_RENDITIONS  # noqa: E402
from home.images import image_get_or_create  # noqa: E402
from themes.models import Audience, ThemePage  # noqa: E402

BATCH = 1000
SEED = 20260101

# (title stem, main theme). Titles become "<stem> in <place>".
TOPICS = [
    ("Pop-upwinkels tegen leegstand", "beleving-en-aantrekking"),
    ("Lichtroute langs de winkels in de winter", "beleving-en-aantrekking"),
    ("Kindvriendelijke winkelstraat", "beleving-en-aantrekking"),
    ("Zomerterrassen op het marktplein", "beleving-en-aantrekking"),
    ("Deelfietsen aan de rand van het centrum", "mobiliteit"),
    ("Slimme parkeerroute naar de winkelstraat", "mobiliteit"),
    ("Autoluwe marktdag", "mobiliteit"),
    ("Leveringen met de cargofiets", "mobiliteit"),
    ("Groene gevels in de handelskern", "duurzaamheid"),
    ("Energiecoach voor handelaars", "duurzaamheid"),
    ("Ontharding van het marktplein", "duurzaamheid"),
    ("Herbruikbare bekers op de wekelijkse markt", "duurzaamheid"),
    ("Kernversterkingsplan samen met de handelaars", "beleid-en-visie"),
    ("Visienota voor een bedrijvige kern", "beleid-en-visie"),
    ("Premie voor de renovatie van handelspanden", "beleid-en-visie"),
    ("Kernwinkelgebied scherp afgebakend", "ruimtelijke-ordening"),
    ("Wonen boven winkels", "ruimtelijke-ordening"),
    ("Nieuwe bestemming voor een leegstaande supermarkt", "ruimtelijke-ordening"),
    ("Centrummanager voor drie gemeenten", "samenwerking"),
    ("Eén evenementenkalender voor stad en handelaars", "samenwerking"),
    ("Buurtwinkel gerund door een coöperatie", "samenwerking"),
    ("Click-and-collectpunt voor lokale winkels", "trends-en-ontwikkelingen"),
    ("Deelkeuken voor startende horeca", "trends-en-ontwikkelingen"),
    ("Digitale etalage voor de kleine zelfstandige", "trends-en-ontwikkelingen"),
    ("Passantentellingen met sensoren", "data"),
    ("Leegstandsmonitor als open data", "data"),
    ("Dashboard met bezoekerscijfers voor het centrum", "data"),
]
THEMES = sorted({theme for _stem, theme in TOPICS})
AUDIENCES = ["lokale-besturen", "ondernemers", "investeerders", "ontwikkelaars"]
STATUSES = [CaseStatus.IDEA, CaseStatus.PILOT, CaseStatus.RUNNING, CaseStatus.COMPLETED]
ABROAD = [  # place, country, population, lat, lon
    ("Utrecht", "NL", 367_000, 52.09, 5.12),
    ("Zwolle", "NL", 131_000, 52.51, 6.09),
    ("Roermond", "NL", 59_000, 51.19, 5.99),
    ("Veere", "NL", 22_000, 51.55, 3.67),
    ("Roubaix", "FR", 98_000, 50.69, 3.18),
    ("Cassel", "FR", 2_300, 50.80, 2.49),
    ("Dunkerque", "FR", 86_000, 51.03, 2.38),
    ("Monschau", "DE", 11_700, 50.55, 6.24),
    ("Aken", "DE", 249_000, 50.78, 6.08),
    ("Vejle", "DK", 60_000, 55.71, 9.54),
    ("Umeå", "SE", 91_000, 63.83, 20.26),
    ("Frome", "GB", 28_500, 51.23, -2.32),
    ("Pontevedra", "ES", 83_000, 42.43, -8.65),
    ("Esch-sur-Alzette", "LU", 37_000, 49.50, 5.98),
    ("Wörgl", "AT", 14_000, 47.49, 12.07),
]
CONCEPT = [
    "Leegstaande panden in de winkelstraat krijgen een tweede leven als tijdelijke winkels.",
    "De gemeente huurt de panden aan en verhuurt ze tegen een lage prijs aan starters.",
    "Handelaars, eigenaars en de dienst lokale economie zitten elke maand samen.",
    "Bezoekers vinden sneller hun weg naar de winkels, de markt en de horeca.",
    "Het centrum wordt aangenamer om te verblijven, met meer groen en zitplekken.",
    "Een centrummanager is het vaste aanspreekpunt voor ondernemers en eigenaars.",
    "De aanpak vertrekt van cijfers over passanten, leegstand en de huurprijzen.",
    "Bewoners boven de winkels zorgen ook 's avonds voor leven in de kern.",
    "Kleine zelfstandigen bundelen hun aanbod in één gezamenlijke webwinkel.",
    "Fietsers en voetgangers krijgen voorrang, leveringen gebeuren voor tien uur.",
]
LEARNINGS = [
    "Betrek de eigenaars van de panden van bij de start.",
    "Korte huurcontracten verlagen de drempel voor starters.",
    "Meet vooraf hoeveel passanten er zijn, zodat je het effect kunt aantonen.",
    "Eén aanspreekpunt bij de gemeente werkt beter dan vijf loketten.",
    "Communiceer vroeg met de buurt over werken in de straat.",
    "Winkels die samen openingsuren afspreken, trekken meer bezoekers.",
    "Geef het project tijd: het effect op de leegstand zie je pas na twee jaar.",
    "Een klein budget voor snelle ingrepen houdt het enthousiasme hoog.",
]
TIPS = [
    "Werk met huurcontracten van zes maanden.",
    "Start met één straat en breid daarna uit.",
    "Maak de cijfers openbaar: dat overtuigt twijfelende eigenaars.",
    "Vier elke nieuwe opening met de buurt en de lokale pers.",
    "Zoek een trekker bij de handelaarsvereniging.",
]
DONTS = [
    "Laat een pand niet leeg tussen twee tijdelijke huurders.",
    "Beslis niet over de hoofden van de handelaars heen.",
    "Verwacht geen resultaat na één seizoen.",
]
FIRST_NAMES = ["An", "Bart", "Els", "Jan", "Katrien", "Lien", "Pieter", "Sofie", "Tom", "Wim"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters"]


def hero_image():
    """One drawn JPEG (a street with shop fronts) shared by every case, with its renditions made once."""
    picture = Image.new("RGB", (1600, 1000), (226, 232, 240))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 700, 1600, 1000), fill=(120, 120, 128))
    for index, x in enumerate(range(40, 1600, 220)):
        colour = [(214, 96, 77), (74, 144, 190), (243, 196, 77), (102, 170, 110)][index % 4]
        draw.rectangle((x, 260, x + 190, 700), fill=colour)
        draw.rectangle((x + 25, 480, x + 165, 680), fill=(250, 250, 245))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    image, _created = image_get_or_create(
        content=buffer.getvalue(), name="bench-hero.jpg", title="Winkelstraat (benchmark)"
    )
    image.get_renditions(*HERO_RENDITIONS)
    return image


def body_for(rng: random.Random, seed: str, place: str) -> list[dict]:
    def block(kind: str, value) -> dict:
        return {"type": kind, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}/{kind}"))}

    def items(values: list[str]) -> list[dict]:
        return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]

    concept = "".join(f"<p>{sentence}</p>" for sentence in rng.sample(CONCEPT, 3))
    blocks = [
        block("concept", concept),
        block("steps", {"steps": items(["Leegstand in kaart brengen.", "Eigenaars aanspreken.", "Oproep lanceren."])}),
        block(
            "results",
            {
                "figures": items([{"value": f"-{rng.randint(5, 40)}%", "label": "leegstand in de kern"}]),
                "text": "",
            },
        ),
        block("learnings", {"items": items(rng.sample(LEARNINGS, rng.randint(2, 4)))}),
        block("tips", {"items": items(rng.sample(TIPS, rng.randint(1, 3)))}),
    ]
    if rng.random() < 0.5:
        blocks.append(block("donts", {"items": items(rng.sample(DONTS, rng.randint(1, 2)))}))
    blocks.append(
        block(
            "transferability",
            f"<p>Een kleinere gemeente dan {place} kan starten met één pand en een vrijwilliger als coördinator; "
            "een grotere stad werkt per wijk.</p>",
        )
    )
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    blocks.append(
        block(
            "contact",
            {
                "name": name,
                "organisation": f"Gemeente {place}",
                "email": "info@example.org",
                "phone": "",
                "website": "",
            },
        )
    )
    return blocks


def place_for(rng: random.Random, municipalities: list[Municipality]) -> dict:
    if rng.random() < 0.8:
        town = rng.choice(municipalities)
        return {
            "municipality_id": town.pk,
            "place": town.name_nl,
            "country": "BE",
            "province": town.province,
            "population": town.population,
            "lat": town.lat,
            "lon": town.lon,
        }
    place, country, population, lat, lon = rng.choice(ABROAD)
    return {
        "municipality_id": None,
        "place": place,
        "country": country,
        "province": "",
        "population": population,
        "lat": lat,
        "lon": lon,
    }


class Filler:
    """Everything one batch needs: the site's themes, audiences, places, the shared image, the next tree step."""

    def __init__(self, count: int):
        self.rng = random.Random(SEED + count)  # noqa: S311 - synthetic content, not security
        self.nl = Locale.objects.get(language_code="nl")
        self.index = CaseIndexPage.objects.get(locale=self.nl)
        self.themes = {theme.code: theme for theme in ThemePage.objects.filter(locale=self.nl)}
        missing = sorted(set(THEMES) - set(self.themes))
        if missing:
            raise SystemExit(f"Theme pages missing in nl: {', '.join(missing)} (run setup_site with all eight).")
        self.audiences = {audience.code: audience for audience in Audience.objects.filter(locale=self.nl)}
        self.municipalities = list(Municipality.objects.all())
        self.image = hero_image()
        self.case_type = ContentType.objects.get_for_model(CasePage)
        last_child = self.index.get_children().order_by("-path").first()
        self.next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
        self.now = timezone.now()

    def batch(self, numbers: range) -> list[int]:
        """Insert the cases numbered `numbers` (pages, case rows, theme and audience links); return their ids."""
        rng, index, nl = self.rng, self.index, self.nl
        pages, cases, links = [], [], []
        for number in numbers:
            stem, main_theme = rng.choice(TOPICS)
            where = place_for(rng, self.municipalities)
            title = f"{stem} in {where['place']}"
            slug = f"bench-{number + 1:05d}"
            published = self.now - timedelta(minutes=number * 7 + rng.randint(0, 6))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=self.case_type,
                    locale=nl,
                    translation_key=uuid.uuid4(),
                    path=Page._get_path(index.path, index.depth + 1, self.next_step + number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                )
            )
            summary = (
                f"{where['place']} pakt de handelskern aan: {stem[0].lower()}{stem[1:]}. "
                f"{rng.choice(CONCEPT)} Wat werkte en wat andere gemeenten kunnen overnemen."
            )[:300]
            cases.append(
                CasePage(
                    summary=summary,
                    body=body_for(rng, slug, where["place"]),
                    size_class=SizeClass.for_population(where["population"]) or "",
                    year_started=rng.randint(2012, 2025),
                    status=rng.choice(STATUSES),
                    initiator=f"Gemeente {where['place']}",
                    partners="Handelaarsvereniging, Unizo",
                    budget=f"ca. € {rng.randint(1, 40) * 5000} per jaar",
                    duration=f"{rng.choice([6, 12, 18, 24, 36])} maanden",
                    hero_image=self.image,
                    hero_image_alt="Illustratie: een winkelstraat met gekleurde gevels en etalages.",
                    hero_image_credit="Vitrine benchmark",
                    is_featured=number < 6,
                    **where,
                )
            )
            extra = [theme for theme in rng.sample(THEMES, 2) if theme != main_theme][: rng.randint(0, 1)]
            chosen_audiences = ["lokale-besturen"] if rng.random() < 0.7 else []
            chosen_audiences += [a for a in rng.sample(AUDIENCES[1:], rng.randint(0, 2)) if a not in chosen_audiences]
            links.append(([main_theme, *extra], chosen_audiences or ["ondernemers"]))

        Page.objects.bulk_create(pages)
        for page, case in zip(pages, cases, strict=True):
            case.page_ptr_id = page.pk
        # What `bulk_create` does for a model without parents; Django refuses it for
        # multi-table inheritance, so insert the child rows of the pages created above.
        CasePage._base_manager._insert(cases, fields=CasePage._meta.local_concrete_fields)
        theme_rows, audience_rows = [], []
        for page, (theme_codes, audience_slugs) in zip(pages, links, strict=True):
            theme_rows += [
                CaseTheme(
                    page_id=page.pk, theme=self.themes[code], sort_order=i, locale=nl, translation_key=uuid.uuid4()
                )
                for i, code in enumerate(theme_codes)
            ]
            audience_rows += [
                CaseAudience(
                    page_id=page.pk,
                    audience=self.audiences[slug],
                    sort_order=i,
                    locale=nl,
                    translation_key=uuid.uuid4(),
                )
                for i, slug in enumerate(audience_slugs)
            ]
        CaseTheme.objects.bulk_create(theme_rows)
        CaseAudience.objects.bulk_create(audience_rows)
        return [page.pk for page in pages]


def fill(count: int) -> list[int]:
    """`count` cases in one transaction, BATCH at a time, so that memory does not grow with `count`."""
    filler = Filler(count)
    ids: list[int] = []
    started = time.monotonic()
    with transaction.atomic():
        for start in range(0, count, BATCH):
            ids += filler.batch(range(start, min(start + BATCH, count)))
            if (start // BATCH) % 10 == 9:
                print(f"fill: {len(ids)} cases, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        Page.objects.filter(pk=filler.index.pk).update(numchild=F("numchild") + count)
    return ids


def timed(name: str, step) -> None:
    started = time.monotonic()
    step()
    print(f"{name}: {time.monotonic() - started:.1f} s", flush=True)


def vacuum_analyze() -> None:
    with connection.cursor() as cursor:  # autocommit: VACUUM refuses to run inside a transaction
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def index_like_a_live_site() -> None:
    """The read model (when the project has one), the search index, fresh planner statistics."""
    if "rebuild_catalogue" in get_commands():
        timed("rebuild_catalogue", lambda: call_command("rebuild_catalogue"))
    else:
        print("rebuild_catalogue: no such command in this project, skipped", flush=True)
    timed("update_index", lambda: call_command("update_index", verbosity=0))
    timed("vacuum_analyze", vacuum_analyze)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--out", type=Path, required=True, help="JSON file that receives the new case ids")
    parser.add_argument("--project-dir", type=Path, default=PROJECT, help="checkout whose code fills the database")
    parser.add_argument("--no-index", action="store_true", help="skip rebuild_catalogue, update_index, VACUUM")
    args = parser.parse_args()
    started = time.monotonic()
    ids = fill(args.cases)
    args.out.write_text(json.dumps({"ids": ids}), encoding="utf-8")
    print(f"fill: {len(ids)} cases in {time.monotonic() - started:.1f} s", flush=True)
    if not args.no_index:
        index_like_a_live_site()


if __name__ == "__main__":
    main()
