"""Every page type: where it may live in the tree, and that it renders in nl, en and fr."""

import io
from pathlib import Path

from django.core.management import call_command

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from cases.models import CaseIndexPage, CasePage
from home.models import HomePage, StandardPage
from home.translations import translation_create_or_update
from tests.factories.cases import CasePageFactory
from themes.models import ThemeIndexPage, ThemePage

SITE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "site.json"


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CaseIndexPage, ThemeIndexPage, StandardPage})

    def test_cases_live_under_the_case_index_only(self):
        self.assertAllowedParentPageTypes(CaseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CasePage, {CaseIndexPage})
        self.assertAllowedSubpageTypes(CaseIndexPage, {CasePage})
        self.assertAllowedSubpageTypes(CasePage, set())

    def test_themes_live_under_the_theme_index_only(self):
        self.assertAllowedParentPageTypes(ThemeIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ThemePage, {ThemeIndexPage})
        self.assertAllowedSubpageTypes(ThemePage, set())

    def test_standard_pages_live_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_one_case_index_and_one_theme_index_per_language_tree(self):
        assert CaseIndexPage.max_count_per_parent == 1
        assert ThemeIndexPage.max_count_per_parent == 1


@pytest.fixture
def site_tree(db):
    """The three language trees made by setup_site, plus one case translated like editors do."""
    call_command("setup_site", content=SITE_CONTENT, stdout=io.StringIO())
    case = CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren")
    for code, title in (("en", "Pop-up shops in Lokeren"), ("fr", "Boutiques éphémères à Lokeren")):
        shadow = CasePage.objects.get(pk=case.pk)
        shadow.title, shadow.slug = title, f"pop-ups-{code}"
        translation_create_or_update(source=case, translated=shadow, locale=Locale.objects.get(language_code=code))
    return case


def page_urls(language: str) -> dict[str, str]:
    locale = Locale.objects.get(language_code=language)
    pages = {
        "home": HomePage.objects.get(locale=locale),
        "case index": CaseIndexPage.objects.get(locale=locale),
        "case": CasePage.objects.get(locale=locale),
        "theme index": ThemeIndexPage.objects.get(locale=locale),
        "theme": ThemePage.objects.get(locale=locale, code="mobiliteit"),
        "standard": StandardPage.objects.filter(locale=locale).first(),
    }
    return {name: page.url for name, page in pages.items()}


def test_every_page_type_renders_in_every_language(site_tree, client):
    for language in ("nl", "en", "fr"):
        for name, url in page_urls(language).items():
            assert url.startswith(f"/{language}/"), name
            response = client.get(url)
            assert response.status_code == 200, f"{name} {url}"
            assert f'<html lang="{language}">' in response.content.decode(), name


def test_case_pages_show_facts_body_and_labels_in_their_language(site_tree, client):
    html = client.get(site_tree.url).content.decode()
    assert "Pop-ups in Lokeren" in html
    assert "25 000 – 50 000 inwoners" in html
    assert "Oost-Vlaanderen" in html
    assert "Leegstaande panden worden tijdelijk verhuurd" in html
    assert "lessons--tips" in html
    english = client.get(CasePage.objects.get(locale__language_code="en").url).content.decode()
    assert "Pop-up shops in Lokeren" in english
    assert "Mobility" in english  # the theme label follows the reader's language
    theme = ThemePage.objects.get(locale__language_code="nl", code="mobiliteit")
    assert "Pop-ups in Lokeren" in client.get(theme.url).content.decode()
    # setup_site again adds nothing
    pages_before = Page.objects.count()
    call_command("setup_site", content=SITE_CONTENT, stdout=io.StringIO())
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "target"), [("fr-BE,fr;q=0.9", "/fr/"), ("en-GB,en", "/en/"), ("de", "/nl/")])
def test_root_sends_readers_to_their_browser_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target
