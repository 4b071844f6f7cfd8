"""Two published Dutch cases under the default site, enough for a case page and a paginated API list."""

import pytest

from tests.api.conftest import make_case


@pytest.fixture
def cases(taxonomy):
    return [
        make_case("lokeren", title="Pop-upwinkels in Lokeren"),
        make_case("gent", title="Autovrije binnenstad Gent"),
    ]


@pytest.fixture
def page_cache(settings):
    settings.READER_PAGE_CACHE_TIMEOUT = 60
