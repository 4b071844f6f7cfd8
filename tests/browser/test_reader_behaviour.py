"""What a reader does on the site, in a real browser: filter, page, sort, search, set a profile, share,
play a video, switch language, use a phone, look at the map. With and without JavaScript.

Each test watches the browser console and uncaught page errors of every page it visits
(`Watch.assert_clean()`); the demo server is the one of conftest.py (24 nl cases, 6 en, 6 fr).
"""

import os
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

LISTING = "/nl/voorbeelden/"
VIDEO_CASE = "/nl/voorbeelden/nachteconomie-gent-nachtplan/"  # demo/cases-a.json: a case with a video_url
NIS = {"Gent": "44021", "Zele": "42028", "Bree": "72004"}
POSTGRES = urlsplit(os.environ.get("DATABASE_URL", "")).scheme in {"postgres", "postgresql", "pgsql"}


# --- Helpers --------------------------------------------------------------------------------------
class Watch:
    """Console errors and uncaught exceptions of every page in a context."""

    def __init__(self, context: BrowserContext, only_host: str = ""):
        """With `only_host`, failed loads of resources on other hosts (map tiles) are not problems."""
        self.problems: list[str] = []
        self.only_host = only_host
        context.on("page", self._attach)
        for page in context.pages:
            self._attach(page)

    def _attach(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.problems.append(f"pageerror on {page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))

    def _console(self, page: Page, message) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if self.only_host and source and urlsplit(source).netloc != self.only_host:
            return
        self.problems.append(f"console error on {page.url}: {message.text} ({source})")

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def watch(page: Page) -> Watch:
    return Watch(page.context)


@pytest.fixture
def no_js_page(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def card_titles(page: Page, scope: str = "main") -> list[str]:
    return [title.strip() for title in page.locator(f"{scope} article.card h3.card__title a").all_inner_texts()]


def count_in(text: str) -> int:
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group())


def results_count(page: Page) -> int:
    return count_in(page.locator("#results-count").inner_text())


def mark_document(page: Page) -> None:
    """A marker that survives in-place updates and disappears on any navigation."""
    page.evaluate("window.__sameDocument = true")


def assert_same_document(page: Page) -> None:
    assert page.evaluate("window.__sameDocument === true"), f"the page navigated (now {page.url})"


def save_profile(page: Page, audience: str = "", municipality: str = "") -> None:
    page.goto("/nl/profiel/")
    if audience:
        page.select_option("select#id_audience", audience)
    if municipality:
        page.select_option("select#id_municipality", municipality)
    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    expect(page.locator("body")).not_to_contain_text("Internal Server Error")


def for_you_titles(page: Page) -> list[str]:
    page.goto("/nl/")
    expect(page.locator("#for-you")).to_have_text("Aanbevolen voor jou")
    return card_titles(page, "section.section--for-you")


def first_case_url(page: Page, listing: str = LISTING) -> str:
    page.goto(listing)
    href = page.locator("main article.card h3.card__title a").first.get_attribute("href")
    assert href
    return href


# --- Listing with JavaScript ----------------------------------------------------------------------
def test_checking_a_theme_updates_results_in_place_and_pushes_the_url(page: Page, watch: Watch):
    page.goto(LISTING)
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    expect(page.locator("[data-filter-submit]").first).to_be_hidden()
    total = results_count(page)
    assert total == 24, page.locator("#results-count").inner_text()
    mark_document(page)

    page.check("#f-theme-mobiliteit")
    page.wait_for_url(re.compile(r"[?&]theme=mobiliteit"))
    expect(page.locator("a.chip", has_text="Thema: Mobiliteit")).to_be_visible()
    assert_same_document(page)
    count_text = page.locator("#results-count").inner_text()
    filtered = count_in(count_text)
    assert 0 < filtered < total
    assert re.fullmatch(r"\d+ voorbeeld(en)?", count_text.strip()), count_text
    expect(page.locator("[data-listing-status]")).to_have_text(count_text)
    assert len(card_titles(page, "#results")) == min(filtered, 12)
    expect(page.locator("#f-theme-mobiliteit")).to_be_checked()

    # Removing the filter with its chip is in place too.
    page.locator("a.chip", has_text="Thema: Mobiliteit").click()
    page.wait_for_url(lambda url: "theme=" not in url)
    expect(page.locator("a.chip")).to_have_count(0)
    expect(page.locator("#results-count")).to_have_text(f"{total} voorbeelden")
    expect(page.locator("#f-theme-mobiliteit")).not_to_be_checked()
    assert_same_document(page)

    # Back restores the filtered state (popstate).
    page.go_back()
    page.wait_for_url(re.compile(r"[?&]theme=mobiliteit"))
    expect(page.locator("#results-count")).to_have_text(count_text)
    expect(page.locator("#f-theme-mobiliteit")).to_be_checked()
    watch.assert_clean()


def test_filters_combine_and_wis_alle_filters_clears_them(page: Page, watch: Watch):
    page.goto(LISTING)
    mark_document(page)
    page.check("#f-theme-samenwerking")
    page.wait_for_url(re.compile(r"theme=samenwerking"))
    page.check("#f-size-10k-25k")
    page.wait_for_url(re.compile(r"size=10k-25k"))
    expect(page.locator("a.chip")).to_have_count(2)
    # Saint-Omer, Eeklo and Bree (see pages.py)
    expect(page.locator("#results-count")).to_have_text("3 voorbeelden")
    page.check("#f-origin-abroad")
    page.wait_for_url(re.compile(r"origin=abroad"))
    expect(page.locator("#results-count")).to_have_text("1 voorbeeld")
    assert card_titles(page, "#results") and "Saint-Omer" in " ".join(card_titles(page, "#results"))
    page.locator("#results a.link-button", has_text="Wis alle filters").click()
    page.wait_for_url(lambda url: not urlsplit(url).query)
    expect(page.locator("#results-count")).to_have_text("24 voorbeelden")
    expect(page.locator("#f-origin-all")).to_be_checked()
    assert_same_document(page)
    watch.assert_clean()


def test_pagination_moves_to_page_two_in_place(page: Page, watch: Watch):
    page.goto(LISTING)
    current = page.locator("nav.pagination a[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("1")
    first_page = card_titles(page, "#results")
    assert len(first_page) == 12
    mark_document(page)
    page.locator("nav.pagination a", has_text=re.compile(r"^\s*(Pagina\s*)?2\s*$")).click()
    page.wait_for_url(re.compile(r"[?&]page=2"))
    expect(page.locator("nav.pagination a[aria-current=page]")).to_contain_text("2")
    second_page = card_titles(page, "#results")
    assert len(second_page) == 12
    assert not set(first_page) & set(second_page), "page 2 repeats cases of page 1"
    assert_same_document(page)
    expect(page.locator("#results-count")).to_be_focused()
    watch.assert_clean()


def test_sorting_by_title_reorders_and_keeps_the_url(page: Page, watch: Watch):
    page.goto(LISTING)
    before = card_titles(page, "#results")
    mark_document(page)
    page.select_option("#f-ordering", "title")
    page.wait_for_url(re.compile(r"ordering=title"))
    expect(page.locator("#results article.card").first).not_to_have_text(before[0])
    after = card_titles(page, "#results")
    assert after == sorted(after, key=str.casefold), after
    assert_same_document(page)
    watch.assert_clean()


def test_typing_in_the_listing_search_filters_after_a_pause(page: Page, watch: Watch):
    page.goto(LISTING)
    mark_document(page)
    page.fill("#listing-q", "leegstand")
    page.wait_for_url(re.compile(r"q=leegstand"))
    expect(page.locator("#results-count")).not_to_have_text("24 voorbeelden")
    assert 0 < results_count(page) < 24
    expect(page.locator("#listing-q")).to_have_value("leegstand")
    assert_same_document(page)
    watch.assert_clean()


# --- Listing without JavaScript -------------------------------------------------------------------
def test_without_javascript_the_filter_form_is_a_plain_get_form(no_js_page: Page):
    page = no_js_page
    page.goto(LISTING)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bjs\b"))
    submit = page.get_by_role("button", name="Toon voorbeelden")
    expect(submit).to_be_visible()
    page.check("#f-theme-mobiliteit")
    assert "theme=" not in page.url, "checking a box changed the page without JavaScript"
    with page.expect_navigation():
        submit.click()
    assert query(page.url).get("theme") == ["mobiliteit"], page.url
    chip = page.locator("a.chip", has_text="Thema: Mobiliteit")
    expect(chip).to_be_visible()
    filtered = results_count(page)
    assert 0 < filtered < 24
    assert len(card_titles(page, "#results")) == min(filtered, 12)
    with page.expect_navigation():
        chip.click()
    assert "theme" not in query(page.url), page.url
    expect(page.locator("#results-count")).to_have_text("24 voorbeelden")
    # The pagination is made of links too.
    with page.expect_navigation():
        page.locator("nav.pagination a[rel=next]").click()
    assert query(page.url).get("page") == ["2"], page.url
    expect(page.locator("nav.pagination a[aria-current=page]")).to_contain_text("2")


def test_without_javascript_the_filters_panel_is_open_and_the_video_is_a_link(no_js_page: Page):
    page = no_js_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(LISTING)
    expect(page.locator("details[data-filters-panel]")).to_have_attribute("open", "")
    page.goto(VIDEO_CASE)
    figure = page.locator("figure[data-video]")
    expect(figure).to_have_count(1)
    expect(figure.locator("[data-video-play]")).to_be_hidden()
    expect(figure.locator("a.video__link")).to_be_visible()
    expect(figure.locator("iframe")).to_have_count(0)


# --- Search ---------------------------------------------------------------------------------------
def test_search_page_shows_heading_and_cards(page: Page, watch: Watch):
    page.goto("/nl/")
    page.fill("#home-q", "leegstand")
    with page.expect_navigation():
        page.locator("form.hero-search button[type=submit]").click()
    assert urlsplit(page.url).path == "/nl/zoeken/" and query(page.url)["q"] == ["leegstand"]
    expect(page.locator("h1")).to_have_text("Zoekresultaten voor “leegstand”")
    assert card_titles(page), "no results for 'leegstand'"
    assert count_in(page.locator("#search-count").inner_text()) >= len(card_titles(page))
    watch.assert_clean()


@pytest.mark.skipif(
    not POSTGRES, reason="Dutch stemming needs PostgreSQL full-text search (DATABASE_URL is not PostgreSQL)"
)
@pytest.mark.parametrize(
    ("word", "expected"),
    [("winkels", "Microhub en slimme laadzones"), ("markten", "Zele test een nieuwe marktformule")],
)
def test_search_finds_other_word_forms(page: Page, watch: Watch, word: str, expected: str):
    page.goto(f"/nl/zoeken/?q={word}")
    expect(page.locator("h1")).to_have_text(f"Zoekresultaten voor “{word}”")
    titles = card_titles(page)
    for number in range(2, 4):  # the case may be on a later page
        if any(expected in title for title in titles):
            break
        if not page.locator("nav.pagination a[rel=next]").count():
            break
        page.goto(f"/nl/zoeken/?q={word}&page={number}")
        titles = card_titles(page)
    assert any(expected in title for title in titles), f"{word!r} did not find {expected!r}; found {titles}"
    watch.assert_clean()


# --- Profile --------------------------------------------------------------------------------------
def test_profile_recommends_cases_for_your_municipality_and_can_be_cleared(page: Page, watch: Watch):
    page.goto("/nl/")
    expect(page.locator("#for-you")).to_have_count(0)
    expect(page.get_by_role("link", name="Stel je profiel in")).to_be_visible()

    save_profile(page, "lokale-besturen", NIS["Gent"])
    expect(page.locator("select#id_municipality")).to_have_value(NIS["Gent"])
    gent = for_you_titles(page)
    assert len(gent) == 3, gent
    expect(page.get_by_role("link", name="Stel je profiel in")).to_have_count(0)

    save_profile(page, "lokale-besturen", NIS["Bree"])
    bree = for_you_titles(page)
    assert len(bree) == 3, bree
    assert set(gent) != set(bree), f"Gent and Bree get the same recommendations: {gent}"

    page.goto("/nl/profiel/")
    with page.expect_navigation():
        page.click("button[name=action][value=clear]")
    page.goto("/nl/")
    expect(page.locator("#for-you")).to_have_count(0)
    expect(page.get_by_role("link", name="Stel je profiel in")).to_be_visible()
    watch.assert_clean()


def test_profile_adds_recommended_sort_and_same_size_link_to_the_listing(page: Page, watch: Watch):
    page.goto(LISTING)
    assert "recommended" not in page.locator("#f-ordering option").evaluate_all("os => os.map(o => o.value)")
    save_profile(page, "ondernemers", NIS["Zele"])

    page.goto(LISTING)
    option = page.locator("#f-ordering option[value=recommended]")
    expect(option).to_have_count(1)
    expect(option).to_have_text("voor jou")
    same_size = page.get_by_role("link", name="Toon alleen gemeenten zoals de mijne")
    expect(same_size).to_be_visible()
    mark_document(page)
    same_size.click()
    page.wait_for_url(re.compile(r"[?&]size="))
    size = query(page.url)["size"]
    assert len(size) == 1, page.url
    expect(page.locator(f"#f-size-{size[0]}")).to_be_checked()
    expect(page.locator("#results")).to_contain_text("gemeenten zoals de jouwe")
    assert_same_document(page)

    page.select_option("#f-ordering", "recommended")
    page.wait_for_url(re.compile(r"ordering=recommended"))
    expect(page.locator("#f-ordering")).to_have_value("recommended")
    watch.assert_clean()


def test_case_page_says_whether_the_case_fits_your_size(page: Page, watch: Watch):
    page.goto(VIDEO_CASE)  # Gent
    expect(page.locator("p.size-match")).to_have_count(0)
    save_profile(page, "lokale-besturen", NIS["Gent"])
    page.goto(VIDEO_CASE)
    expect(page.locator("p.size-match.size-match--yes")).to_contain_text("dezelfde grootte als Gent")
    save_profile(page, "lokale-besturen", NIS["Bree"])
    page.goto(VIDEO_CASE)
    match = page.locator("p.size-match")
    expect(match).to_contain_text("andere grootte")
    expect(match).to_contain_text("Bree")
    expect(match).not_to_have_class(re.compile("size-match--yes"))
    watch.assert_clean()


# --- Case page ------------------------------------------------------------------------------------
def test_share_links_and_copy_button(page: Page, watch: Watch, base_url: str):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(first_case_url(page))
    share = page.locator("section.share")
    expect(share).to_be_visible()
    hrefs = share.locator("a").evaluate_all("links => links.map(link => link.href)")
    hosts = {urlsplit(href).hostname or urlsplit(href).scheme for href in hrefs}
    for expected in ("www.linkedin.com", "www.facebook.com", "x.com", "wa.me", "mailto"):
        assert any(
            host == expected or host.endswith("." + expected) or host == expected.removeprefix("www.") for host in hosts
        ), f"no {expected} link in {hrefs}"
    page_url = page.url
    assert all(page_url in unquote(href) for href in hrefs), hrefs

    copy = share.locator("[data-share-copy]")
    expect(copy).to_be_visible()
    copy.click()
    expect(share.locator("[data-share-status]")).to_have_text("Link gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == page_url
    watch.assert_clean()


def test_video_loads_no_iframe_until_play_is_clicked(page: Page, watch: Watch):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(
        re.compile(r"https?://(www\.)?(youtube|youtube-nocookie|vimeo|player\.vimeo)\.com/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    page.goto(VIDEO_CASE)
    figure = page.locator("figure[data-video]")
    expect(figure).to_have_count(1)
    expect(figure.locator("iframe")).to_have_count(0)
    assert not [url for url in requests if "youtube" in url or "vimeo" in url], requests
    play = figure.locator("[data-video-play]")
    expect(play).to_be_visible()
    play.click()
    iframe = figure.locator("iframe")
    expect(iframe).to_have_count(1)
    src = iframe.get_attribute("src")
    assert src and "autoplay=1" in src and ("youtube" in src or "vimeo" in src), src
    watch.assert_clean()


def test_language_switcher_leads_to_the_translation_and_back(page: Page, watch: Watch):
    english = first_case_url(page, "/en/examples/")
    page.goto(english)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.locator("nav.languages a[hreflang=nl]").click()
    dutch = urlsplit(page.url).path
    assert dutch.startswith("/nl/voorbeelden/") and dutch != "/nl/voorbeelden/", page.url
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    with page.expect_navigation():
        page.locator("nav.languages a[hreflang=en]").click()
    assert urlsplit(page.url).path == english, f"{page.url} is not {english}"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    watch.assert_clean()


# --- Mobile ---------------------------------------------------------------------------------------
def test_mobile_listing_has_no_overflow_and_a_collapsed_filter_panel(page: Page, watch: Watch):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(LISTING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    panel = page.locator("details[data-filters-panel]")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator("#f-theme-mobiliteit")).to_be_hidden()
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    expect(page.locator("#f-theme-mobiliteit")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    lefts = page.locator("#results article.card").evaluate_all(
        "cards => cards.map(card => Math.round(card.getBoundingClientRect().left))"
    )
    assert len(lefts) == 12 and len(set(lefts)) == 1, f"cards are not in one column: left edges {lefts}"
    # Filtering still works in the panel.
    page.check("#f-theme-mobiliteit")
    page.wait_for_url(re.compile(r"theme=mobiliteit"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    watch.assert_clean()


@pytest.mark.parametrize("path", ["/nl/", VIDEO_CASE, "/nl/profiel/", "/nl/zoeken/?q=leegstand", "/nl/kaart/"])
def test_mobile_pages_have_no_horizontal_overflow(page: Page, base_url: str, path: str):
    host = urlsplit(base_url).netloc
    watch = Watch(page.context, only_host=host)
    page.route(lambda url: urlsplit(url).netloc != host, lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path}: scrollWidth {width} > 390"
    watch.assert_clean()


# --- Map: tests/browser/test_map.py -------------------------------------------------------------


def listing_state(page: Page) -> dict:
    """What the reader sees of the listing: counts per option, checked boxes, results, chips, badge."""
    return page.evaluate(
        """() => ({
            options: Array.from(document.querySelectorAll('[data-filter-form] .filter__option')).map(row => {
                const input = row.querySelector('input');
                return [input.id, input.checked, row.querySelector('[data-count]').textContent.trim(),
                        row.classList.contains('filter__option--empty')];
            }),
            years: Array.from(document.querySelectorAll('#f-year-min option, #f-year-max option'))
                .map(option => option.value + '=' + option.textContent.trim() + (option.selected ? '*' : '')),
            ordering: Array.from(document.querySelectorAll('#f-ordering option')).map(o => o.value + (o.selected ? '*' : '')),
            count: document.querySelector('#results-count').textContent.trim(),
            titles: Array.from(document.querySelectorAll('#results article.card h3.card__title a')).map(a => a.textContent.trim()),
            chips: Array.from(document.querySelectorAll('#results a.chip')).map(a => a.textContent.trim() + ' ' + a.getAttribute('href')),
            badge: document.querySelector('.filters-panel__toggle').textContent.trim(),
        })"""  # noqa: E501 (JavaScript)
    )


def test_in_place_updates_match_a_fresh_load_of_the_pushed_url(page: Page, watch: Watch):
    page.goto(LISTING)
    mark_document(page)
    page.check("#f-theme-mobiliteit")
    page.wait_for_url(re.compile(r"theme=mobiliteit"))
    expect(page.locator("a.chip")).to_have_count(1)
    page.select_option("#f-year-min", index=1)
    page.wait_for_url(re.compile(r"year_min=\d+"))
    expect(page.locator("a.chip")).to_have_count(2)
    page.check("#f-origin-domestic")
    page.wait_for_url(re.compile(r"origin=domestic"))
    expect(page.locator("a.chip")).to_have_count(3)
    assert_same_document(page)
    in_place = listing_state(page)
    page.goto(page.url)
    fresh = listing_state(page)
    for key in fresh:
        assert in_place[key] == fresh[key], f"{key} after in-place updates differs from a fresh load of {page.url}"
    watch.assert_clean()


def test_enter_in_the_listing_search_submits_in_place(page: Page, watch: Watch):
    page.goto(LISTING)
    mark_document(page)
    page.locator("#listing-q").press_sequentially("markt")
    page.locator("#listing-q").press("Enter")
    page.wait_for_url(re.compile(r"q=markt"))
    expect(page.locator("#results-count")).not_to_have_text("24 voorbeelden")
    assert_same_document(page)
    expect(page.locator("a.chip")).to_have_count(1)
    watch.assert_clean()


def test_profile_link_on_the_listing_returns_to_the_listing(page: Page, watch: Watch):
    page.goto(LISTING + "?theme=mobiliteit")
    with page.expect_navigation():
        page.get_by_role("link", name="Vertel ons wie je bent").click()
    assert urlsplit(page.url).path == "/nl/profiel/"
    page.select_option("select#id_municipality", NIS["Zele"])
    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    assert urlsplit(page.url).path == LISTING and query(page.url).get("theme") == ["mobiliteit"], page.url
    expect(page.get_by_role("link", name="Toon alleen gemeenten zoals de mijne")).to_be_visible()
    watch.assert_clean()


@pytest.mark.parametrize(("path", "word"), [("/en/zoeken/", "vacant"), ("/fr/zoeken/", "commerce")])
def test_search_in_english_and_french(page: Page, watch: Watch, path: str, word: str):
    page.goto(f"{path}?q={word}")
    expect(page.locator("h1")).to_contain_text(word)
    titles = card_titles(page)
    assert 0 < len(titles) <= 6, titles
    watch.assert_clean()


def test_filters_work_with_the_keyboard_and_show_where_the_focus_is(page: Page, watch: Watch):
    page.goto(LISTING)
    before = results_count(page)
    checkbox = page.locator("#f-theme-mobiliteit")
    checkbox.focus()
    outline = checkbox.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline not in ("", "none"), outline  # a visible focus ring (:focus-visible after keyboard use)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"theme=mobiliteit"))
    expect(page.locator("#results-count")).not_to_have_text(re.compile(rf"^{before} "))
    page.keyboard.press("Space")
    expect(page).not_to_have_url(re.compile(r"theme=mobiliteit"))
    watch.assert_clean()
