"""Deep page URLs routed with what the web process holds (home.serving.ReaderRouteMiddleware, page_at): the same
answers as Wagtail's own routing, without its site, locale and home page queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from cases.models import CaseIndexPage
from home.serving import page_at
from tests.reader.conftest import make_case
from themes.models import ThemePage


def tables_read(client, path) -> tuple[int, str]:
    client.get(path)  # warm: the process holds the site, the home page and the section's page type
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, " ".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("path", ["/nl/voorbeelden/pop-ups-lokeren/", "/nl/themas/mobiliteit/", "/nl/voorbeelden/"])
def test_a_page_below_the_home_page_reads_no_site_locale_or_home_page(site, client, path):
    status, sql = tables_read(client, path)
    assert status == 200
    assert '"wagtailcore_site"' not in sql
    assert 'FROM "wagtailcore_locale"' not in sql
    # The page itself in one query: no generic page row first and its specific type after.
    assert sql.count('FROM "wagtailcore_page"') <= 2  # the page, and its translations for hreflang


def test_every_language_routes_to_its_own_tree(site, client):
    for path, title in [
        ("/nl/voorbeelden/pop-ups-lokeren/", "Pop-ups in Lokeren"),
        ("/en/examples/pop-up-shops-lokeren/", "Pop-up shops in Lokeren"),
        ("/fr/exemples/boutiques-lokeren/", "Boutiques éphémères à Lokeren"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["page"].locale.language_code == path[1:3]
        assert title in response.content.decode()


def test_a_renamed_section_moves_its_cases_at_once(site, client):
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/").status_code == 200
    index = CaseIndexPage.objects.get(locale__language_code="nl")
    index.slug = "praktijk"
    index.save_revision().publish()
    assert client.get("/nl/praktijk/pop-ups-lokeren/").status_code == 200
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/").status_code == 404


def test_unpublished_expired_and_unknown_cases_are_not_found(site, client):
    gone = make_case("ingetrokken", title="Ingetrokken voorbeeld")
    assert client.get("/nl/voorbeelden/ingetrokken/").status_code == 200
    gone.unpublish()
    assert client.get("/nl/voorbeelden/ingetrokken/").status_code == 404
    assert client.get("/nl/voorbeelden/bestaat-niet/").status_code == 404
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/bestaat-niet/").status_code == 404


def test_a_case_in_a_private_section_still_asks_for_the_password(site, client):
    index = CaseIndexPage.objects.get(locale__language_code="nl")
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/").status_code == 200
    PageViewRestriction.objects.create(page=index, restriction_type="password", password="geheim")
    response = client.get("/nl/voorbeelden/pop-ups-lokeren/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "Pop-ups in Lokeren" not in response.content.decode()


def test_a_second_site_on_another_host_is_routed_to_its_own_pages(site, client):
    """The held site is chosen per host and port, as Wagtail chooses it."""
    home = Page.objects.get(depth=2, locale__language_code="nl")
    client.get("/nl/voorbeelden/pop-ups-lokeren/")  # the default site is held now
    other_root = home.add_sibling(instance=ThemePage(title="Andere site", slug="andere-site", code="andere-site"))
    Site.objects.create(hostname="ander.example.org", root_page=other_root, is_default_site=False)
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/", HTTP_HOST="ander.example.org").status_code == 404
    assert client.get("/nl/voorbeelden/pop-ups-lokeren/").status_code == 200


def test_a_case_page_shows_its_themes_in_the_editors_order_and_its_related_cases(site, client):
    """Themes, audiences and related cases are read with the related cards (cases.selectors.case_related_cards)."""
    make_case("deelfietsen-gent", title="Deelfietsen in Gent", themes=("mobiliteit",), day=3)
    make_case("groene-daken", title="Groene daken in Edegem", themes=("duurzaamheid",), day=4)
    html = client.get("/nl/voorbeelden/pop-ups-lokeren/").content.decode()
    assert "<dt>Thema's</dt><dd>Mobiliteit, Duurzaamheid</dd>" in html
    related = html[html.index('id="related-title"') :]
    assert "Deelfietsen in Gent" in related and "Groene daken in Edegem" in related
    assert "Pop-ups in Lokeren" not in related


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
@pytest.mark.parametrize("url_path", ["/home/voorbeelden/pop-ups-lokeren/", "/home/voorbeelden/"])
def test_the_route_lookup_goes_through_an_index_on_the_slug(site, url_path):
    """url_path has no index in Wagtail's table: looked up alone, PostgreSQL read every page (23 ms at 100 000
    cases). The lookup also names the slug, whose index leaves a handful of rows."""
    home = Page.objects.get(depth=2, locale__language_code="nl")
    with CaptureQueriesContext(connection) as queries:
        assert page_at(url_path, within=home.path) is not None
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole anyway
        lookups = [query for query in queries.captured_queries if '"url_path" =' in query["sql"]]
        assert lookups
        for query in lookups:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "slug" in plan and "Index" in plan, plan
