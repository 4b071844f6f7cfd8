"""The page chrome (main menu, search form, footer) is rendered once per content version, language, host and menu
state and then held by the process (reader_tags.site_nav / site_footer): what it shows must still follow every
publish, the page being read, the language and the reader's profile."""

import re

from wagtail.models import Page

from reader.profile import COOKIE_NAME

PROFILE = "lokale-besturen|44021"  # a local government in Gent


def nav(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</form>")]


def footer(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]* aria-current="page"', html)


def test_the_menu_marks_the_section_of_the_page_being_read(site, trilingual, client):
    assert current(nav(client, trilingual.nl.url)) == ["/nl/voorbeelden/"]
    assert current(nav(client, "/nl/kaart/")) == ["/nl/kaart/"]
    assert current(nav(client, "/nl/profiel/")) == ["/nl/profiel/"]
    assert current(nav(client, "/nl/")) == []
    assert current(nav(client, trilingual.nl.url)) == ["/nl/voorbeelden/"]  # held, and still its own


def test_each_language_and_profile_state_has_its_own_menu(site, trilingual, client):
    assert 'href="/fr/exemples/"' in nav(client, trilingual.fr.url)
    assert 'href="/nl/voorbeelden/"' in nav(client, trilingual.nl.url)
    assert "Voor jou" in nav(client, trilingual.nl.url)
    client.cookies[COOKIE_NAME] = PROFILE
    assert "Jouw profiel ✓" in nav(client, trilingual.nl.url)
    del client.cookies[COOKIE_NAME]
    assert "Voor jou" in nav(client, trilingual.nl.url)


def test_a_renamed_menu_page_shows_at_once_in_menu_and_footer(site, trilingual, client):
    about = Page.objects.get(locale__language_code="nl", slug="over-de-vitrine").specific
    assert about.title in footer(client, trilingual.nl.url)
    about.title = "Wie we zijn"
    about.save_revision().publish()
    assert "Wie we zijn" in footer(client, trilingual.nl.url)
    listing = Page.objects.get(locale__language_code="nl", slug="voorbeelden").specific
    listing.title = "Alle voorbeelden uit Vlaanderen"
    listing.save_revision().publish()
    assert "Alle voorbeelden uit Vlaanderen" in nav(client, trilingual.nl.url)
