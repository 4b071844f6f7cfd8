"""Create the site structure in Dutch, English and French: home, indexes, themes, audiences, pages.

Idempotent: it only adds what is missing, so running it again (as `make run` does) never
duplicates or overwrites what editors changed. Translations go through wagtail-localize, so
editors get its translation editor for them.
"""

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.models import Locale, Page, Site
from wagtail_localize.segments.extract import quote_path_component

from cases.models import CaseIndexPage
from home.blocks import RICH_TEXT_FEATURES
from home.images import image_from_file
from home.models import HomePage, StandardPage
from home.translations import translation_create_or_update
from themes.models import Audience, ThemeIndexPage, ThemePage

DEFAULT_CONTENT = Path(settings.BASE_DIR) / "demo" / "site.json"
SOURCE = "nl"
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def link_overrides(path: str, source_html: str, translated_html: str) -> dict[str, str]:
    """wagtail-localize keeps a rich text's link addresses from the source; a link that differs in the
    translation (the Dutch form /nl/voorstellen/ against /fr/proposer/) becomes an override of that locale."""
    pairs = zip(HREF.findall(source_html), HREF.findall(translated_html), strict=False)
    return {f"{path}.{quote_path_component(old)}": new for old, new in pairs if old != new}


class Command(BaseCommand):
    help = "Maak de sitestructuur aan in het Nederlands, Engels en Frans (alleen wat nog ontbreekt)."

    def add_arguments(self, parser):
        parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="JSON met de teksten van de site")

    @transaction.atomic
    def handle(self, *args, content: Path, **options):
        self.content = json.loads(content.read_text(encoding="utf-8"))
        self.base_dir = content.resolve().parent
        self.created = 0
        self.source_locale = Locale.objects.get(language_code=SOURCE)
        self.targets = [
            Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES if code != SOURCE
        ]

        home = self.home_page()
        self.child(home, CaseIndexPage, self.content["case_index"], show_in_menus=True)
        theme_index = self.child(home, ThemeIndexPage, self.content["theme_index"], show_in_menus=True)
        for theme in self.content["themes"]:
            self.theme_page(theme_index, theme)
        for page in self.content["pages"]:
            self.child(home, StandardPage, page, body=True, show_in_menus=page["key"] == "about")
        for position, audience in enumerate(self.content["audiences"]):
            self.audience(audience, position)
        self.stdout.write(self.style.SUCCESS(f"Sitestructuur klaar ({self.created} nieuwe pagina's of vertalingen)."))

    # --- Pages -------------------------------------------------------------------------------
    def home_page(self) -> HomePage:
        home = HomePage.objects.filter(locale=self.source_locale).first()
        texts = self.content["home"]
        if home is None:
            # Wagtail's own "Welcome" page would hold the slug 'home' and the site.
            Page.get_first_root_node().get_children().exact_type(Page).delete()
            home = HomePage(title=texts["title"][SOURCE], slug="home", intro=texts["intro"][SOURCE])
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", is_default_site=True)
            site.root_page = home
            site.site_name = "De Vitrine"
            site.save()
            self.created += 1
        self.translate(home, {"title": texts["title"], "intro": texts["intro"]})
        return home

    def child(self, parent: Page, model, texts: dict, body: bool = False, **extra):
        page = model.objects.child_of(parent).filter(slug=texts["slug"][SOURCE]).first()
        fields = {"title": texts["title"], "intro": texts["intro"], "slug": texts["slug"]}
        if page is None:
            page = model(
                title=texts["title"][SOURCE], slug=texts["slug"][SOURCE], intro=texts["intro"][SOURCE], **extra
            )
            if body:
                page.body = [("paragraph", self.rich_text(texts["body"][SOURCE]))]
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.created += 1
        stream = {"body": texts["body"]} if body else {}
        self.translate(page, fields, stream=stream)
        return page

    def theme_page(self, parent: ThemeIndexPage, theme: dict) -> None:
        page = ThemePage.objects.filter(locale=self.source_locale, code=theme["slug"]).first()
        fields = {
            "title": theme["title"],
            "intro": theme["intro"],
            "description": theme["description"],
            "image_alt": theme["image"]["alt"],
        }
        if page is None:
            image = image_from_file(self.base_dir / theme["image"]["file"], title=theme["image"]["alt"][SOURCE])
            page = ThemePage(
                title=theme["title"][SOURCE],
                slug=theme["slug"],
                code=theme["slug"],
                intro=theme["intro"][SOURCE],
                description=self.rich_text(theme["description"][SOURCE]),
                image=image,
                image_alt=theme["image"]["alt"][SOURCE],
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.created += 1
        self.translate(page, fields)

    def translate(self, page: Page, fields: dict, stream: dict | None = None) -> None:
        for locale in self.targets:
            if page.get_translation_or_none(locale) is not None:
                continue
            shadow = page.get_latest_revision_as_object()
            for name, values in fields.items():
                value = values[locale.language_code]
                setattr(shadow, name, self.rich_text(value) if name == "description" else value)
            overrides = {}
            for name, values in (stream or {}).items():
                block = getattr(shadow, name).raw_data[0]
                text = self.rich_text(values[locale.language_code])
                overrides.update(link_overrides(f"{name}.{block['id']}", block["value"], text))
                setattr(shadow, name, [{**block, "value": text}])
            translation_create_or_update(
                source=page.get_latest_revision_as_object(), translated=shadow, locale=locale, overrides=overrides
            )
            self.created += 1

    # --- Snippets ----------------------------------------------------------------------------
    def audience(self, texts: dict, position: int) -> None:
        # The site file names every key `slug` (for themes it is the page slug too); on an audience it is its code.
        audience = Audience.objects.filter(locale=self.source_locale, code=texts["slug"]).first()
        if audience is None:
            audience = Audience.objects.create(
                locale=self.source_locale,
                code=texts["slug"],
                name=texts["name"][SOURCE],
                description=texts["description"][SOURCE],
                sort_order=position,
            )
            self.created += 1
        for locale in self.targets:
            if audience.get_translation_or_none(locale) is not None:
                continue
            shadow = Audience(
                code=audience.code,
                name=texts["name"][locale.language_code],
                description=texts["description"][locale.language_code],
                sort_order=audience.sort_order,
                locale=audience.locale,
                translation_key=audience.translation_key,
            )
            translation_create_or_update(source=audience, translated=shadow, locale=locale)
            self.created += 1

    @staticmethod
    def rich_text(html: str) -> str:
        return EditorHTMLConverter(features=RICH_TEXT_FEATURES).to_database_format(html)
