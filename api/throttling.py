from django.conf import settings

from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Per-IP limit for anonymous clients, read from API_THROTTLE_RATE at request time."""

    def get_rate(self):
        return settings.API_THROTTLE_RATE or None

    def allow_request(self, request, view):
        if not self.get_rate():
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
