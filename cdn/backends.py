"""Wagtail's generic HTTP purge backend (a PURGE request per URL, e.g. to Varnish or nginx), with a timeout.

Wagtail's HTTPBackend waits as long as the cache takes to answer: a cache that accepts connections and never answers
would hold a worker (or, with BACKGROUND_TASKS=immediate, the editor's publish) for ever. Errors are logged, as
Wagtail does, and never raised: a purge that fails must not fail the publish that asked for it.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")


class HTTPBackend(WagtailHTTPBackend):
    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 10))
        super().__init__(params)

    def purge(self, url):
        """PURGE `url`'s path and query at LOCATION, with the public host in the Host header (as Wagtail does)."""
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - LOCATION is our own setting (http or https)
                pass
        except HTTPError as error:
            logger.error("Couldn't purge '%s' from HTTP cache. HTTPError: %d %s", url, error.code, error.reason)
        except (URLError, OSError) as error:  # refused, unreachable, or no answer within the timeout
            logger.error("Couldn't purge '%s' from HTTP cache. %s", url, getattr(error, "reason", error))
