"""The demo site's privacy statement says what the form collects, who sees it, and how long it is kept: the same
retention as the code's default (INTAKE_RETENTION_DAYS), in each language."""

import json
import re

from django.conf import settings

import pytest

from devtools.server import PROJECT

SECTION = {"nl": "Een voorbeeld voorstellen", "en": "Proposing an example", "fr": "Proposer un exemple"}
SAYS = {
    "nl": ["je naam", "je organisatie", "je e-mailadres", "akkoord met deze privacyverklaring", "foto's",
           "eindredacteurs en de beheerders", "{days} dagen"],
    "en": ["your name", "your organisation", "your e-mail address", "consent to this privacy statement", "photos",
           "final editors and the administrators", "{days} days"],
    "fr": ["votre nom", "votre organisation", "votre adresse e-mail", "accord avec la présente déclaration", "photos",
           "rédaction finale et les administrateurs", "{days} jours"],
}  # fmt: skip


def privacy_section(language: str) -> str:
    site = json.loads((PROJECT / "demo" / "site.json").read_text(encoding="utf-8"))
    [privacy] = [page for page in site["pages"] if page["key"] == "privacy"]
    body = privacy["body"][language]
    section = body.split(f"<h2>{SECTION[language]}</h2>", 1)[1].split("<h2>", 1)[0]
    return re.sub(r"<[^>]+>", " ", section)


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_privacy_statement_says_what_the_form_keeps_and_for_how_long(language):
    text = privacy_section(language)

    for phrase in SAYS[language]:
        assert phrase.format(days=settings.INTAKE_RETENTION_DAYS) in text, phrase
