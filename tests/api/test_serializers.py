"""The card and detail serializers write their fields out (api/serializers.py) instead of DRF's generic walk over
copies of the declared fields; the answer must be what the generic walk gives, field for field, so the declared
fields stay the contract the schema is generated from."""

from django.core.cache import cache

import pytest
from rest_framework import serializers

from api.serializers import CaseCardSerializer, CaseDetailSerializer
from tests.api.conftest import make_case
from tests.factories.bodies import every_block_body, image

pytestmark = pytest.mark.django_db


def generic(monkeypatch):
    """From now on, serialize cards and details the generic DRF way."""
    monkeypatch.setattr(CaseCardSerializer, "to_representation", serializers.Serializer.to_representation)
    monkeypatch.setattr(CaseDetailSerializer, "to_representation", serializers.Serializer.to_representation)
    cache.clear()  # the API's answers are cached: build them again


def answers(client, case) -> list[dict]:
    paths = [f"/api/v1/cases/{case.pk}/", "/api/v1/cases/?page_size=50", "/api/v1/cases/?locale=en"]
    return [client.get(path).json() for path in paths]


def test_written_out_fields_equal_the_generic_serialization(dataset, client, monkeypatch):
    full = make_case(
        "volledig",
        title="Een volledig voorbeeld",
        audiences=["ondernemers"],
        province="antwerpen",
        body=every_block_body(linked_page=dataset.cases["gent"]),
        hero_image=image(),
        hero_image_alt="Een plein vol mensen",
        hero_image_credit="Foto: Jan Janssens",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        initiator="Stad Lier",
        budget="ca. € 40 000 per jaar",
        lat=51.13,
        lon=4.57,
    )
    sparse = make_case("schaars", title="Weinig gegevens", population=None, year=None)
    written = [answers(client, full), answers(client, sparse)]
    generic(monkeypatch)
    assert [answers(client, full), answers(client, sparse)] == written
    detail = written[0][0]
    assert detail["image"] is not None and detail["coordinates"] == {"lat": 51.13, "lon": 4.57}
    assert written[1][0]["population"] is None and written[1][0]["year"] is None
    assert list(detail) == list(CaseDetailSerializer().fields)  # the declared order
