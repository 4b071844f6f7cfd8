import pytest

from tests.caching.conftest import cases, page_cache  # noqa: F401 - shared fixtures
from tests.faults.services import RedisServer, require_redis_server
from vitrine_cms.settings.base import redis_cache

OUTAGE_PAUSE = 1.0  # seconds; production waits 5 (REDIS_OUTAGE_PAUSE), a test need not


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(require_redis_server(), tmp_path)
    server.start()
    yield server
    server.close()


@pytest.fixture
def redis_cache_settings(redis_server, settings):
    """The site's cache on the test's own Redis, configured as production configures it (timeouts included).

    Changing CACHES makes Django drop its cache connections, so the next use connects to this server.
    """
    settings.CACHES = {"default": redis_cache(redis_server.url, outage_pause=OUTAGE_PAUSE)}
    return redis_server
