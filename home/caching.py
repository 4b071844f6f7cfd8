"""A content version that changes whenever published content changes.

Caches of derived data (API responses, theme labels, filter vocabularies) key their entries on
it, so one bump invalidates them all at once. The API bumps it on publish, unpublish, move,
delete and privacy changes (see api/caching.py).
"""

import time

from django.core.cache import cache

VERSION_KEY = "content-version"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**kwargs) -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)
