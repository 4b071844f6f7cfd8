"""The site in three languages (as `setup_site` builds it) and cases published at known times."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.models import Locale

import pytest

from cases.models import CaseAudience, CasePage, CaseTheme
from cases.models.catalogue import refresh_catalogue
from home.translations import translation_create_or_update
from tests.factories.cases import CasePageFactory
from tests.factories.themes import audience, theme

SITE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "site.json"
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def make_case(slug: str, *, title: str = "", themes=("mobiliteit",), day: int = 0, **kwargs) -> CasePage:
    """A visible Dutch case first published `day` days after START, and republished a day later."""
    published = START + timedelta(days=day)
    kwargs.setdefault("last_published_at", published + timedelta(days=1))
    return CasePageFactory(
        slug=slug,
        title=title or f"Voorbeeld {slug}",
        summary=f"Samenvatting van {slug}.",
        case_themes=[CaseTheme(theme=theme(code)) for code in themes],
        case_audiences=[CaseAudience(audience=audience())],
        first_published_at=published,
        **kwargs,
    )


def translate(case: CasePage, language: str, *, title: str, slug: str, summary: str = "") -> CasePage:
    """Translate like editors do (wagtail-localize), then keep the source's publication dates."""
    shadow = CasePage.objects.get(pk=case.pk)
    shadow.title, shadow.slug, shadow.summary = title, slug, summary or case.summary
    locale = Locale.objects.get(language_code=language)
    translated = translation_create_or_update(source=case, translated=shadow, locale=locale).specific
    CasePage.objects.filter(pk=translated.pk).update(
        first_published_at=case.first_published_at, last_published_at=case.last_published_at
    )
    refresh_catalogue([translated.pk])
    translated.refresh_from_db()
    return translated


@pytest.fixture(scope="module")
def _module_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per test module inside a transaction that is rolled back at the end of the module.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test changes is undone.
    """
    media = str(tmp_path_factory.mktemp("reader-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("setup_site", content=SITE_CONTENT, stdout=io.StringIO())
        nl = make_case("pop-ups-lokeren", title="Pop-ups in Lokeren", themes=("mobiliteit", "duurzaamheid"))
        en = translate(nl, "en", title="Pop-up shops in Lokeren", slug="pop-up-shops-lokeren", summary="Empty shops.")
        fr = translate(nl, "fr", title="Boutiques éphémères à Lokeren", slug="boutiques-lokeren", summary="Boutiques.")
        yield {"nl": nl.pk, "en": en.pk, "fr": fr.pk}, media
        transaction.set_rollback(True)


@pytest.fixture
def site(_module_site, db, settings):
    """The site as `setup_site` builds it (home, case index, theme index, themes mobiliteit and
    duurzaamheid, standard pages; nl, en and fr) with one case in the three languages."""
    pks, settings.MEDIA_ROOT = _module_site
    return pks


@pytest.fixture
def trilingual(site):
    """Fresh objects of the case in Dutch, English and French."""
    pages = CasePage.objects.in_bulk(site.values())
    return SimpleNamespace(**{language: pages[pk] for language, pk in site.items()})
