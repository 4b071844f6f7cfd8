"""{% seo_meta %}: description, canonical, hreflang, feeds, Open Graph, Twitter card and JSON-LD."""

import json
import re
from html.parser import HTMLParser

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.models import Locale, Page

import pytest

from cases.models import CaseIndexPage, CasePage, CaseTheme
from cases.selectors import case_card_prefetches
from home.blocks import SHARE_RENDITION
from home.locales import locale_for
from home.models import HomePage
from home.visibility import private_paths
from reader.selectors import page_translations
from tests.reader.conftest import make_case
from themes.models import ThemePage


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD from a page's <head>."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs["content"])
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def link(self, **attrs) -> list[str]:
        return [link["href"] for link in self.links if all(link.get(k) == v for k, v in attrs.items())]

    def hreflang(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.links if "hreflang" in link}


def parse(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser


def head_of(page: Page, query: str = "") -> HeadParser:
    """{% seo_meta %} as base.html renders it for `page`, requested at its URL plus `query`."""
    request = RequestFactory().get(f"{page.url}{query}")
    with translation.override(page.locale.language_code):
        return parse(TEMPLATE.render(Context({"page": page, "request": request})))


TEMPLATE = Template("{% load reader_seo %}{% seo_meta %}")


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def test_case_page_describes_itself_with_absolute_urls(trilingual):
    case = trilingual.nl
    head = head_of(case)
    url = absolute("/nl/voorbeelden/pop-ups-lokeren/")
    assert case.url == "/nl/voorbeelden/pop-ups-lokeren/"
    assert head.one("description") == "Samenvatting van pop-ups-lokeren."
    assert head.link(rel="canonical") == [url]
    assert head.one("og:url") == url
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Pop-ups in Lokeren"
    assert head.one("og:description") == "Samenvatting van pop-ups-lokeren."
    assert head.one("og:site_name") == "De Vitrine"
    assert head.one("og:locale") == "nl_BE"
    assert sorted(head.meta["og:locale:alternate"]) == ["en_GB", "fr_BE"]
    assert head.one("article:published_time") == "2024-03-01T10:00:00+01:00"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == "Pop-ups in Lokeren"


def test_search_description_wins_over_the_summary(site):
    case = make_case("met-seo", search_description="Wat zoekmachines tonen.")
    head = head_of(case)
    assert head.one("description") == "Wat zoekmachines tonen."
    assert head.one("og:description") == "Wat zoekmachines tonen."
    assert head.one("twitter:description") == "Wat zoekmachines tonen."


def test_og_image_is_an_absolute_1200x630_jpeg_rendition_of_the_hero_image(trilingual):
    head = head_of(trilingual.nl)
    rendition = trilingual.nl.hero_image.get_rendition(SHARE_RENDITION)
    assert head.one("og:image") == absolute(rendition.url)
    assert head.one("og:image").endswith(".jpg")
    assert "fill-1200x630" in head.one("og:image")
    assert head.one("og:image:type") == "image/jpeg"
    assert head.one("og:image:width") == str(rendition.width)
    assert head.one("og:image:height") == str(rendition.height)
    assert head.one("og:image:alt") == "Een winkelstraat met pop-upwinkels"
    assert head.one("twitter:image") == absolute(rendition.url)
    assert head.one("twitter:image:alt") == "Een winkelstraat met pop-upwinkels"


def test_hreflang_lists_every_live_translation_and_x_default_is_dutch(trilingual):
    expected = {
        "nl": absolute("/nl/voorbeelden/pop-ups-lokeren/"),
        "en": absolute("/en/examples/pop-up-shops-lokeren/"),
        "fr": absolute("/fr/exemples/boutiques-lokeren/"),
        "x-default": absolute("/nl/voorbeelden/pop-ups-lokeren/"),
    }
    for case in (trilingual.nl, trilingual.en, trilingual.fr):
        assert head_of(case).hreflang() == expected


def test_hreflang_leaves_out_missing_and_unpublished_translations(trilingual):
    trilingual.fr.unpublish()
    other = make_case("alleen-nederlands", day=3)
    assert head_of(trilingual.nl).hreflang().keys() == {"nl", "en", "x-default"}
    assert head_of(trilingual.en).hreflang().keys() == {"nl", "en", "x-default"}
    assert head_of(other).hreflang() == {
        "nl": absolute(other.url),
        "x-default": absolute(other.url),
    }


def test_translated_case_speaks_its_own_language(trilingual):
    head = head_of(trilingual.en)
    assert head.one("og:locale") == "en_GB"
    assert sorted(head.meta["og:locale:alternate"]) == ["fr_BE", "nl_BE"]
    assert head.one("description") == "Empty shops."
    assert head.link(rel="canonical") == [absolute("/en/examples/pop-up-shops-lokeren/")]
    assert head.link(rel="alternate", type="application/rss+xml") == [absolute("/en/feed/rss/")]
    assert head.link(rel="alternate", type="application/atom+xml") == [absolute("/en/feed/atom/")]


def test_case_json_ld_is_a_schema_org_article(trilingual):
    case = trilingual.nl
    head = head_of(case)
    assert len(head.json_ld) == 1
    data = json.loads(head.json_ld[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Pop-ups in Lokeren"
    assert data["description"] == "Samenvatting van pop-ups-lokeren."
    assert data["datePublished"] == "2024-03-01T10:00:00+01:00"
    assert data["dateModified"] == "2024-03-02T10:00:00+01:00"
    assert data["inLanguage"] == "nl-BE"
    assert data["mainEntityOfPage"] == absolute(case.url)
    assert data["image"] == [head.one("og:image")]
    assert data["author"] == data["publisher"]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "De Vitrine"
    assert [thing["name"] for thing in data["about"]] == ["Mobiliteit", "Duurzaamheid"]
    assert data["contentLocation"]["@type"] == "Place"
    assert data["contentLocation"]["name"] == "Lokeren"
    assert data["contentLocation"]["address"]["addressCountry"] == "BE"


def test_json_ld_of_a_translation_names_themes_in_its_language(trilingual):
    data = json.loads(head_of(trilingual.en).json_ld[0])
    assert data["headline"] == "Pop-up shops in Lokeren"
    assert data["inLanguage"] == "en-GB"
    assert [thing["name"] for thing in data["about"]] == ["Mobility", "Sustainability"]


def test_json_ld_cannot_close_its_script_element(site):
    title = "Pop-ups </script><script>alert(1)</script> & <!-- co"
    case = make_case("gevaarlijk", title=title)
    request = RequestFactory().get(case.url)
    html = TEMPLATE.render(Context({"page": case, "request": request}))
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in script
    assert json.loads(script)["headline"] == title


def test_page_without_image_is_a_website_with_a_small_card(site):
    home = HomePage.objects.get(locale__language_code="nl")
    head = head_of(home)
    assert head.one("og:type") == "website"
    assert head.one("description") == home.intro
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta
    assert "twitter:image" not in head.meta
    assert head.json_ld == []
    assert head.hreflang() == {
        "nl": absolute("/nl/"),
        "en": absolute("/en/"),
        "fr": absolute("/fr/"),
        "x-default": absolute("/nl/"),
    }


def test_theme_page_shares_its_image_and_offers_its_own_feeds(site):
    theme = ThemePage.objects.get(locale__language_code="en", code="mobiliteit")
    head = head_of(theme)
    assert head.one("og:type") == "website"
    assert "fill-1200x630" in head.one("og:image")
    assert head.one("og:image").startswith("http://testserver/")
    assert head.link(rel="alternate", type="application/rss+xml") == [
        absolute("/en/feed/rss/"),
        absolute("/en/feed/mobiliteit/rss/"),
    ]
    assert head.link(rel="alternate", type="application/atom+xml") == [
        absolute("/en/feed/atom/"),
        absolute("/en/feed/mobiliteit/atom/"),
    ]


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("?theme=mobiliteit&size=lt10k", "/nl/voorbeelden/"),
        ("?page=1&q=fiets", "/nl/voorbeelden/"),
        ("?theme=mobiliteit&page=3", "/nl/voorbeelden/?page=3"),
        ("?page=abc", "/nl/voorbeelden/"),
    ],
)
def test_listing_canonical_drops_filters_but_keeps_later_pages(site, query, canonical):
    index = CaseIndexPage.objects.get(locale__language_code="nl")
    head = head_of(index, query)
    assert head.link(rel="canonical") == [absolute(canonical)]
    assert head.one("og:url") == absolute(canonical)


def render_seo_meta(context: dict, path: str = "/nl/feed/rss/") -> HeadParser:
    request = RequestFactory().get(path)
    with translation.override("nl"):
        request.resolver_match = resolve(request.path)
        return parse(TEMPLATE.render(Context({"request": request, **context})))


@pytest.mark.django_db
def test_views_without_a_page_use_their_own_title_and_canonical():
    head = render_seo_meta(
        {"seo_title": "Zoeken", "seo_description": "Zoek een voorbeeld.", "canonical_url": "/nl/zoeken/"}
    )
    assert head.one("og:title") == "Zoeken"
    assert head.one("description") == "Zoek een voorbeeld."
    assert head.link(rel="canonical") == [absolute("/nl/zoeken/")]
    assert head.one("og:type") == "website"
    assert head.json_ld == []


@pytest.mark.django_db
def test_views_without_a_page_get_hreflang_for_the_same_view_in_every_language():
    paginator_page = Paginator(["a", "b"], 1).page(1)  # reader views may call their paginator page `page`
    head = render_seo_meta({"page": paginator_page}, path="/nl/feed/rss/?page=2&theme=x")
    assert head.one("og:title") == "De Vitrine"
    assert head.link(rel="canonical") == [absolute("/nl/feed/rss/?page=2")]
    assert head.hreflang() == {
        "nl": absolute("/nl/feed/rss/"),
        "en": absolute("/en/feed/rss/"),
        "fr": absolute("/fr/feed/rss/"),
        "x-default": absolute("/nl/feed/rss/"),
    }


def test_meta_tags_cost_a_few_queries(trilingual, django_assert_max_num_queries):
    """Translations (1), the hero image (1), its rendition (1), the case's themes (1), and the content version
    that keys the cached labels (1, read fresh outside a request)."""
    request = RequestFactory().get(trilingual.nl.url)
    TEMPLATE.render(Context({"page": trilingual.nl, "request": request}))  # warms the caches (labels, sites)
    page = Page.objects.get(pk=trilingual.nl.pk).specific
    assert isinstance(page, CasePage)
    with translation.override("nl"), django_assert_max_num_queries(5):
        TEMPLATE.render(Context({"page": page, "request": request}))


def get_head(client, url: str) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return parse(html[: html.index("</head>")])


def test_a_served_case_shows_a_withdrawn_or_new_translation_at_once(trilingual, client):
    """A served case takes its language versions from the catalogue indexes held per content version (no query):
    an unpublish or a publish of a translation shows in the next response, in the head and the language menu."""
    french = absolute("/fr/exemples/boutiques-lokeren/")
    assert get_head(client, trilingual.nl.url).hreflang()["fr"] == french
    trilingual.fr.unpublish()
    assert "fr" not in get_head(client, trilingual.nl.url).hreflang()
    assert 'href="/fr/" hreflang="fr"' in client.get(trilingual.nl.url).content.decode()  # the menu: French home
    trilingual.fr.save_revision().publish()
    assert get_head(client, trilingual.nl.url).hreflang()["fr"] == french
    assert 'href="/fr/exemples/boutiques-lokeren/" hreflang="fr"' in client.get(trilingual.en.url).content.decode()


def test_base_template_puts_the_meta_tags_in_every_page_head(trilingual, client):
    """base.html renders {% seo_meta %} once, in <head>, for every page type."""
    case = get_head(client, trilingual.en.url)
    assert case.link(rel="canonical") == [absolute("/en/examples/pop-up-shops-lokeren/")]
    assert case.one("og:locale") == "en_GB"
    assert json.loads(case.json_ld[0])["headline"] == "Pop-up shops in Lokeren"
    for url in ("/nl/", "/fr/", ThemePage.objects.get(locale__language_code="nl", code="duurzaamheid").url):
        head = get_head(client, url)
        assert head.link(rel="canonical") == [absolute(url)]
        assert head.one("og:site_name") == "De Vitrine"


def test_an_untranslated_alias_points_search_engines_at_its_dutch_source(site):
    """wagtail-localize shows an untranslated page in another tree as an alias with the Dutch text."""
    source = make_case("nog-niet-vertaald", day=2)
    alias = source.copy_for_translation(Locale.objects.get(language_code="en"), alias=True).specific
    assert alias.alias_of_id == source.pk
    head = head_of(alias)
    assert head.link(rel="canonical") == [absolute(source.url)]
    assert head.hreflang() == {}
    assert head_of(source).hreflang() == {"nl": absolute(source.url), "x-default": absolute(source.url)}


def test_preview_of_an_unsaved_case_still_renders(site):
    """The editor's preview of a new page: no id, no translations, themes only in memory."""
    index = CaseIndexPage.objects.get(locale__language_code="nl")
    case = CasePage(title="Nieuw", slug="nieuw", summary="Nog niet bewaard.", place="Gent", locale=index.locale)
    case.case_themes = [CaseTheme(theme=ThemePage.objects.get(locale=index.locale, code="duurzaamheid"))]
    case.set_url_path(index)
    head = head_of(case)
    assert head.one("description") == "Nog niet bewaard."
    assert head.hreflang() == {}
    assert [thing["name"] for thing in json.loads(head.json_ld[0])["about"]] == ["Duurzaamheid"]
    assert "og:image" not in head.meta


def test_og_image_is_not_regenerated_when_card_renditions_were_prefetched(trilingual, monkeypatch):
    """A card's prefetches hold the card renditions only; the share image must still come from the database."""
    head_of(trilingual.nl)  # creates the 1200x630 rendition once
    case = case_card_prefetches(CasePage.objects.filter(slug="pop-ups-lokeren", locale=locale_for("nl"))).get()
    assert "renditions" in case.hero_image._prefetched_objects_cache

    def generate(*args, **kwargs):
        raise AssertionError("the rendition file was generated again")

    monkeypatch.setattr(get_image_model(), "generate_rendition_file", generate)
    assert "fill-1200x630" in head_of(case).one("og:image")


def test_translations_are_fetched_once_per_page_object(trilingual, django_assert_num_queries):
    page = Page.objects.get(pk=trilingual.nl.pk)
    private_paths()  # cached until content changes, like in production
    # Outside a request the content version is read for every use: that read, then the translations once.
    with django_assert_num_queries(2):
        first = page_translations(page=page)
        again = page_translations(page=page)
    assert [other.locale.language_code for other in again] == ["en", "fr", "nl"]
    assert again is first
