"""Debian's Chromium for Playwright (`npx playwright install` does not work on our machines)."""

import os

CHROMIUM = os.environ.get("VITRINE_CHROMIUM", "/usr/bin/chromium")
MISSING_CHROMIUM = "Debian chromium niet gevonden: apt-get install chromium"
# Without the background-networking flags Chromium keeps trying to reach the internet.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)
