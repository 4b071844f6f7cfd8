"""home.compiled_query: a query compiled once gives exactly what the queryset itself gives, and refuses the shapes it
could not reuse safely."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cases.models import CasePage
from home.compiled_query import CompiledQuery
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db


def by_slug():
    return CompiledQuery(
        CasePage,
        lambda slug: CasePage.objects.filter(slug=slug).select_related("hero_image").order_by("path"),
        "slug",
    )


def test_the_same_pages_with_their_hero_image_as_the_queryset_gives(home_page):
    CasePageFactory(slug="pop-ups-lokeren", title="Pop-ups in Lokeren")  # with a hero image
    CasePageFactory(
        slug="deelfietsen-gent", title="Deelfietsen in Gent", hero_image=None, video_url="https://vimeo.com/76979871"
    )
    query = by_slug()

    for slug in ("pop-ups-lokeren", "deelfietsen-gent"):
        expected = CasePage.objects.filter(slug=slug).select_related("hero_image").get()
        with CaptureQueriesContext(connection) as queries:
            (found,) = query.all(slug=slug)
            hero = found.hero_image  # read with the page: no second query
        assert len(queries) == 1
        assert type(found) is CasePage
        assert {f.attname: getattr(found, f.attname) for f in CasePage._meta.concrete_fields if f.name != "body"} == {
            f.attname: getattr(expected, f.attname) for f in CasePage._meta.concrete_fields if f.name != "body"
        }
        assert list(found.body.raw_data) == list(expected.body.raw_data)
        assert hero == expected.hero_image
        assert not found._state.adding and found._state.db == "default"
    assert query.all(slug="bestaat-niet") == []


def test_a_page_saved_after_the_first_call_is_read_as_it_is_now(home_page):
    case = CasePageFactory(slug="pop-ups-lokeren", title="Pop-ups in Lokeren")
    query = by_slug()
    assert query.all(slug="pop-ups-lokeren")[0].title == "Pop-ups in Lokeren"
    case.title = "Pop-upwinkels in Lokeren"
    case.save()
    assert query.all(slug="pop-ups-lokeren")[0].title == "Pop-upwinkels in Lokeren"


@pytest.mark.parametrize(
    "build",
    [
        lambda slug: CasePage.objects.filter(slug__startswith=slug),  # a LIKE pattern made from the value
        lambda slug: CasePage.objects.filter(slug=slug, depth=3),  # a value fixed when the SQL was compiled
    ],
    ids=["transformed value", "fixed value"],
)
def test_a_shape_that_cannot_be_reused_safely_is_refused(home_page, build):
    with pytest.raises(ValueError):
        CompiledQuery(CasePage, build, "slug").all(slug="pop-ups-lokeren")
