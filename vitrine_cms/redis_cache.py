"""django-redis, plus a pause after a failure, so an outage costs one timeout instead of one per cache call.

A page touches the cache dozens of times (page cache, versions, menus, vocabularies, image renditions,
throttling). With Redis frozen every call waits for the socket timeout: a page took 20 s. After the
first failed call this process treats Redis as down for OUTAGE_PAUSE seconds (default 5): cache calls
then answer "not cached" at once, without touching the network, and the site serves uncached. The
first call after the pause tries Redis again.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)

_down_until: dict[str, float] = {}  # per Redis location, shared by the threads of this process
_lock = threading.Lock()


class _PausingClient:
    """Stands in for django-redis's client; its errors reach django-redis's own IGNORE_EXCEPTIONS handling."""

    def __init__(self, client, location: str, pause: float):
        self._client, self._location, self._pause = client, location, pause

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if time.monotonic() < _down_until.get(self._location, 0.0):
                raise ConnectionInterrupted(connection=None) from RedisConnectionError("Redis paused after a failure")
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                with _lock:
                    was_up = time.monotonic() >= _down_until.get(self._location, 0.0)
                    _down_until[self._location] = time.monotonic() + self._pause
                if was_up:
                    logger.warning(
                        "Redis at %s failed (%s); serving uncached for %s s", self._location, error, self._pause
                    )
                raise

        return call


class PausingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage_pause = float(params.get("OPTIONS", {}).get("OUTAGE_PAUSE", 5.0))

    @property
    def client(self):
        return _PausingClient(super().client, self._server, self._outage_pause)
