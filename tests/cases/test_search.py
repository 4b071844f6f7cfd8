"""Cases are found by Wagtail search on title, summary, body text and place."""

import pytest

from cases.models import CasePage
from tests.factories.cases import CasePageFactory


@pytest.fixture
def cases(db):
    CasePageFactory(
        title="Groene gevels in de winkelstraat",
        summary="Handelaars vergroenen samen hun gevels.",
        place="Roeselare",
        body=[("concept", "<p>Klimplanten koelen de straat in de zomer.</p>"), ("tips", {"items": ["Begin klein."]})],
    )
    CasePageFactory(title="Deelfietsen aan het station", summary="Een mobiliteitshub bij het station.", place="Tienen")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gevels", "Groene gevels in de winkelstraat"),  # title
        ("vergroenen", "Groene gevels in de winkelstraat"),  # summary
        ("klimplanten", "Groene gevels in de winkelstraat"),  # body text
        ("Tienen", "Deelfietsen aan het station"),  # place
    ],
)
def test_cases_are_found_by_title_summary_body_and_place(cases, query, expected):
    results = [page.title for page in CasePage.objects.live().search(query)]
    assert results == [expected]
