"""The form is found: the footer and the home page link it, and the about page's "het formulier op deze site"
links the form of its own language (setup_site overrides the Dutch link address in each translation)."""

import io

from django.core.management import call_command

import pytest

from home.models import HomePage, StandardPage
from intake.apps import FORM_PATHS

ABOUT_SLUG = "over-de-vitrine"


@pytest.fixture
def demo_site(db):
    call_command("setup_site", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_home_about_and_footer_link_the_form_of_their_language(demo_site, client, language):
    source = StandardPage.objects.get(locale__language_code="nl", slug=ABOUT_SLUG)
    about = StandardPage.objects.get(locale__language_code=language, translation_key=source.translation_key)
    home = HomePage.objects.get(locale__language_code=language)
    link = f'href="{FORM_PATHS[language]}"'

    about_html = client.get(about.url).content.decode()
    home_html = client.get(home.url).content.decode()

    assert about_html.count(link) == 2, "the about text and the footer"
    assert home_html.count(link) == 2, "the call to action and the footer"
    for other, path in FORM_PATHS.items():
        if other != language:
            assert f'href="{path}"' not in about_html
