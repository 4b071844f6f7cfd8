"""Accessibility of every page type (PAGE_TYPES in tests/browser/pages.py) in nl, en and fr.

The bar: no serious or critical axe violation against WCAG 2.1 A/AA, `<html lang>` is the page
language, every <img> has an alt attribute, and the first Tab focuses a skip link that moves focus
to #main. The tests are grouped per page type, which is loaded once for all four of them.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from devtools.pages import CHECKS, PAGE_TYPES, PageType, open_page_type
from tests.browser.axe import assert_no_serious_violations


def check(name: str):
    """Name the check a test makes, so `PageType.known[name]` marks it as an expected failure."""
    assert name in CHECKS

    def decorate(test):
        test.check = name
        return test

    return decorate


@pytest.fixture(scope="module", params=[pytest.param(page_type, id=page_type.id) for page_type in PAGE_TYPES])
def page_type(request: pytest.FixtureRequest) -> PageType:
    assert set(request.param.known) <= set(CHECKS), f"{request.param.id}: unknown check in {request.param.known}"
    return request.param


@pytest.fixture(autouse=True)
def _expected_failures(request: pytest.FixtureRequest, page_type: PageType) -> None:
    name = request.function.check
    if page_type.pending:
        request.applymarker(pytest.mark.xfail(strict=False, reason=page_type.pending))
    elif name in page_type.known:
        request.applymarker(pytest.mark.xfail(strict=True, reason=page_type.known[name]))


class LoadedPage:
    def __init__(self, page: Page, page_type: PageType):
        self.page = page
        self.page_type = page_type
        self.error = ""
        try:
            open_page_type(page, page_type)
        except AssertionError as error:  # reported by each test, so pending pages count as xfail
            self.error = str(error)

    def ready(self) -> Page:
        assert not self.error, self.error
        return self.page


@pytest.fixture(scope="module")
def loaded(browser: Browser, browser_context_args: dict, page_type: PageType) -> Iterator[LoadedPage]:
    context = browser.new_context(**browser_context_args)
    try:
        yield LoadedPage(context.new_page(), page_type)
    finally:
        context.close()


@check("skip-link")
def test_first_tab_focuses_skip_link_to_main(loaded: LoadedPage):
    page = loaded.ready()
    page.reload()  # focus and the sequential focus starting point as on a fresh load
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim()}; }"
    )
    assert focused["tag"] == "A" and focused["href"] == "#main" and focused["text"], f"first Tab focused {focused}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", "the skip link did not move focus to #main"


@check("lang")
def test_html_lang_is_page_language(loaded: LoadedPage):
    assert loaded.ready().evaluate("document.documentElement.lang") == loaded.page_type.language


@check("img-alt")
def test_every_image_has_alt_attribute(loaded: LoadedPage):
    missing = loaded.ready().eval_on_selector_all("img:not([alt])", "images => images.map(image => image.outerHTML)")
    assert not missing, "<img> without alt:\n" + "\n".join(missing)


@check("axe")
def test_no_serious_axe_violations(loaded: LoadedPage):
    assert_no_serious_violations(loaded.ready())
