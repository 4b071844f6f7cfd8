"""Which receivers the site may call: never the network it runs in, unless that is switched on."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class RefusedTarget(Exception):
    """The URL may not be called from here (private address while that is not allowed)."""


def check_target(url: str) -> None:
    """Refuse addresses inside the network (loopback, private, link-local such as cloud metadata) unless
    WEBHOOK_ALLOW_PRIVATE_TARGETS: a subscription must not turn the worker into a door to internal services."""
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError) as error:
        raise RefusedTarget(f"Adres niet gevonden: {parts.hostname} ({error})") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise RefusedTarget(f"{parts.hostname} wijst naar een intern adres ({address}); dat is niet toegestaan.")
