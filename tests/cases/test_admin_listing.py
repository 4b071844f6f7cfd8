"""The admin's flat case listing and its filters."""

from django.urls import reverse

import pytest

from cases.models import CasePage, CaseTheme
from tests.factories.cases import CasePageFactory
from tests.factories.themes import theme


@pytest.fixture
def cases(db):
    def themed(code):
        return [CaseTheme(theme=theme(code))]

    return {
        "bikes": CasePageFactory(
            title="Fietsstraten in Tienen", status="running", population=36_000, case_themes=themed("mobiliteit")
        ),
        "market": CasePageFactory(
            title="Weekmarkt in Zele",
            status="completed",
            population=21_000,
            case_themes=themed("beleving-en-aantrekking"),
        ),
        "draft": CasePageFactory(
            title="Buurtwinkel in Bever", status="idea", population=2_300, live=False, case_themes=themed("data")
        ),
    }


def titles(client, **params) -> set[str]:
    response = client.get(reverse("cases:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {page.title for page in CasePage.objects.all() if page.title in html}


def test_listing_shows_all_cases_with_place_and_size(client, admin_user, cases):
    client.force_login(admin_user)
    html = client.get(reverse("cases:index")).content.decode()
    assert "Fietsstraten in Tienen" in html and "Buurtwinkel in Bever" in html
    assert "25 000 – 50 000 inwoners" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "mobiliteit"}, {"Fietsstraten in Tienen"}),
        ({"status": "completed"}, {"Weekmarkt in Zele"}),
        ({"size_class": "lt10k"}, {"Buurtwinkel in Bever"}),
        ({"live": "false"}, {"Buurtwinkel in Bever"}),
        ({"live": "true", "size_class": "10k-25k"}, {"Weekmarkt in Zele"}),
        ({"locale": "en"}, set()),
    ],
)
def test_listing_filters(client, admin_user, cases, params, expected):
    client.force_login(admin_user)
    assert titles(client, **params) == expected
