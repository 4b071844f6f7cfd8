"""Serving shortcuts (home/serving.py) never skip Wagtail's view restrictions."""

from wagtail.models import PageViewRestriction

from tests.reader.conftest import make_case


def test_a_password_protected_case_asks_for_the_password(site, client):
    case = make_case("besloten", title="Besloten voorbeeld")
    assert client.get("/nl/voorbeelden/besloten/").status_code == 200
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    response = client.get("/nl/voorbeelden/besloten/")
    html = response.content.decode()
    assert "Besloten voorbeeld" not in html
    assert 'name="password"' in html


def test_a_login_restriction_on_the_listing_covers_the_cases_below_it(site, client):
    case = make_case("intern", title="Intern voorbeeld")
    PageViewRestriction.objects.create(page=case.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    for path in ("/nl/voorbeelden/", "/nl/voorbeelden/intern/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login/" in response["Location"] or "login" in response["Location"]


def test_deep_urls_still_404_for_drafts_and_unknown_slugs(site, client):
    case = make_case("concept", title="Nog een concept")
    case.unpublish()
    assert client.get("/nl/voorbeelden/concept/").status_code == 404
    assert client.get("/nl/voorbeelden/bestaat-niet/").status_code == 404
    assert client.get("/nl/voorbeelden/concept/extra/").status_code == 404
