"""A small copy, inside each web process, of the shared cache's most asked-for answers: whole API answers and
whole reader pages.

A cache hit used to cost two round trips: the content version (PostgreSQL) and the entry (Redis). Profiled
with bench/catalogue_bench.py, the Redis read and unpickling were about a third of a hit, and a 304 needs no
body at all. Keys hold the content version (home.caching), so a copy here can never show content that a
publish has replaced: the next request after a publish asks for another key. When a request brings a new
version, the copies of the old one are dropped at once, so the memory they held is free again.

Each copy also keeps the shared cache's own timeout, so nothing lives longer here than it would in Redis.
The size is bounded per process by NEAR_CACHE_BYTES (0 turns it off); the least recently used copies go
first. Only answers the shared cache holds are copied, so a Redis outage changes nothing here: what cannot
be stored there is built again, as before.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.db import connection

from home.caching import content_version


class NearCache:
    def __init__(self):
        self._lock = threading.Lock()  # runserver and threaded workers share the process
        self._entries: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self._version: tuple[str, str] | None = None
        self._size = 0

    def get(self, key: str):
        """The value stored under `key` for the current content version, or None."""
        if not settings.NEAR_CACHE_BYTES:
            return None
        with self._lock:
            if not self._same_version():
                return None
            found = self._entries.get(key)
            if found is None:
                return None
            expires, _size, value = found
            if expires <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value, *, size: int, timeout: float) -> None:
        """Keep `value` (which the caller never changes afterwards) for `timeout` seconds at most."""
        limit = settings.NEAR_CACHE_BYTES
        if not limit or size > limit // 4:  # one huge answer may not push out everything else
            return
        with self._lock:
            self._same_version()
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + timeout, size, value)
            self._size += size
            while self._size > limit:
                self._drop(next(iter(self._entries)))

    @property
    def size(self) -> int:
        """The bytes of the copies held now."""
        return self._size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
            self._version = None

    def _same_version(self) -> bool:
        """Whether the entries belong to the current version (and database: tests switch); if not, drop them."""
        version = (connection.settings_dict["NAME"], content_version())
        if version == self._version:
            return True
        self._entries.clear()
        self._size = 0
        self._version = version
        return False

    def _drop(self, key: str) -> None:
        _expires, size, _value = self._entries.pop(key)
        self._size -= size


near_cache = NearCache()
