import math

from django.conf import settings

from rest_framework.throttling import AnonRateThrottle

# Request attribute: (allowed, now, window end) once this request has been counted (api/middleware.py counts a
# cache hit's request before DRF runs; when it refuses, DRF's own check must refuse it without counting again).
COUNTED = "api_throttle_counted"


class AnonymousRateThrottle(AnonRateThrottle):
    """Per-IP limit for anonymous clients, read from API_THROTTLE_RATE at request time.

    Every API request pays for this check, cache hits included, so it is a counter per client and fixed
    window (one atomic INCR; one ADD more when a window starts) instead of DRF's list of timestamps, which
    is a read and a write of up to `rate` timestamps per request. The price of a fixed window: a client
    may get up to twice the rate through across a window's end, never more.
    """

    def get_rate(self):
        return settings.API_THROTTLE_RATE or None

    def allow_request(self, request, view):
        counted = getattr(request, COUNTED, None)
        if counted is not None:
            allowed, self.now, self.window_ends = counted
            return allowed
        rate = self.get_rate()
        if not rate:
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        self.key = self.cache_format % {"scope": self.scope, "ident": f"{self.get_ident(request)}:{window}"}
        count = self._count()
        # None: the cache is down (it answers "not cached" rather than failing); serve rather than refuse all.
        return count is None or count <= self.num_requests

    def _count(self) -> int | None:
        try:
            return self.cache.incr(self.key)
        except ValueError:  # the first request of this client in this window
            if self.cache.add(self.key, 1, timeout=self.duration):
                return 1
        try:
            return self.cache.incr(self.key)  # another worker started the window a moment ago
        except ValueError:
            return None

    def wait(self):
        return max(1, math.ceil(self.window_ends - self.now))
