"""The "Hoe staat het nu?" section of a case page: dated follow-ups, newest first, at no query each."""

from datetime import date

import pytest

from tests.factories.follow_ups import follow_up
from tests.reader.conftest import make_case
from tests.reader.test_query_counts import cost

pytestmark = pytest.mark.django_db


def section(html: str) -> str:
    start = html.index('<section class="follow-ups"')
    return html[start : html.index("</section>", start)]


def test_the_case_page_shows_follow_ups_newest_first_with_their_figures(site, client):
    make_case(
        "opgevolgd",
        year_started=2021,
        follow_ups=[
            follow_up(date(2024, 4, 2), "Een jaar later draaien er acht pop-ups.", [("pop-ups", "8")]),
            follow_up(date(2025, 4, 1), "Twaalf panden zijn opnieuw verhuurd.", [("panden verhuurd", "12")]),
        ],
    )
    html = client.get("/nl/voorbeelden/opgevolgd/").content.decode()
    part = section(html)
    assert '<h2 id="follow-ups-title">Hoe staat het nu?</h2>' in part
    assert 'aria-labelledby="follow-ups-title"' in html
    assert part.index('datetime="2025-04-01">1 april 2025</time>') < part.index('datetime="2024-04-02">2 april 2024')
    assert "<strong>12</strong> panden verhuurd" in part
    assert "Twaalf panden zijn opnieuw verhuurd." in part


def test_a_case_without_follow_ups_has_no_section(site, client):
    make_case("zonder")
    assert 'class="follow-ups"' not in client.get("/nl/voorbeelden/zonder/").content.decode()


def test_follow_ups_cost_no_query_each(site, client):
    make_case("een", follow_ups=[follow_up(date(2024, 5, 1))])
    make_case("veel", follow_ups=[follow_up(date(2021 + n, 5, 1), figures=[("cijfer", "3")] * 4) for n in range(5)])
    assert cost(client, "/nl/voorbeelden/een/") == cost(client, "/nl/voorbeelden/veel/")
