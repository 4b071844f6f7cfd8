"""Schemathesis fuzzes every endpoint against a live test server: no 5xx, every response as documented.

The operations are driven from a plain test (schemathesis' pytest plugin does not run under pytest 9),
with a fixed number of examples per endpoint so the run stays short and repeatable.
"""

import hypothesis
import pytest
import schemathesis
from schemathesis import checks

from tests.factories.cases import CasePageFactory
from tests.factories.themes import audience, theme


def not_a_server_error(ctx, response, case):
    """No 5xx, except the 501 that oEmbed asks for `format=xml` (api/oembed.py, documented in the schema)."""
    if response.status_code == 501 and case.path == "/api/v1/oembed/" and (case.query or {}).get("format") == "xml":
        return None
    return checks.not_a_server_error(ctx, response, case)


CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES_PER_ENDPOINT = 40


@pytest.fixture
def live_api(live_server, transactional_db, django_db_serialized_rollback):
    # Serialized rollback: the flush after this test leaves the tables empty (no re-created content types with
    # new ids) and the next transactional test restores the migrated data, whatever the order of the two.
    CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren", lat=51.1036, lon=3.99384)  # on the map
    CasePageFactory(title="Groene gevels in Genk", slug="groene-gevels-genk", population=66_000)
    CasePageFactory(
        title="Waterplein in Zutphen", slug="waterplein-zutphen", country="NL", province="", population=48_000
    )
    theme("duurzaamheid")
    audience("ondernemers")
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")


def fuzz(operation) -> None:
    @hypothesis.given(case=operation.as_strategy())
    @hypothesis.settings(
        max_examples=EXAMPLES_PER_ENDPOINT,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def test_api_never_fails_and_matches_its_schema(live_api):
    operations = [result.ok() for result in live_api.get_all_operations()]
    assert len(operations) == 14  # cases/points/, oembed/, municipalities/, exports, catalog.jsonld, changes/, preview/
    for operation in operations:
        fuzz(operation)
