"""The demo site's privacy statement says what the form collects, who sees it, and how long it is kept: the same
retention as the code's default (INTAKE_RETENTION_DAYS), in each language; and the same for follow-up requests."""

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


FOLLOW_UP_SECTION = {"nl": "Een jaar later", "en": "One year later", "fr": "Un an plus tard"}
FOLLOW_UP_SAYS = {
    "nl": ["e-mailadres", "werkt één keer en hooguit {token_days} dagen", "{days} dagen nadat de link gebruikt"],
    "en": ["e-mail address", "works once and for at most {token_days} days", "{days} days after the link was used"],
    "fr": ["adresse e-mail", "une fois, pendant {token_days} jours au plus", "{days} jours après l'utilisation"],
}


def privacy_section(language: str, heading: str | None = None) -> str:
    site = json.loads((PROJECT / "demo" / "site.json").read_text(encoding="utf-8"))
    [privacy] = [page for page in site["pages"] if page["key"] == "privacy"]
    body = privacy["body"][language]
    section = body.split(f"<h2>{heading or SECTION[language]}</h2>", 1)[1].split("<h2>", 1)[0]
    return re.sub(r"<[^>]+>", " ", section)


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_privacy_statement_says_what_the_form_keeps_and_for_how_long(language):
    text = privacy_section(language)

    for phrase in SAYS[language]:
        assert phrase.format(days=settings.INTAKE_RETENTION_DAYS) in text, phrase


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_privacy_statement_says_how_long_a_follow_up_request_keeps_the_address(language):
    """followups/: the link's lifetime (FOLLOW_UP_TOKEN_DAYS) and purge_follow_up_requests' retention."""
    text = privacy_section(language, FOLLOW_UP_SECTION[language])

    for phrase in FOLLOW_UP_SAYS[language]:
        expected = phrase.format(days=settings.INTAKE_RETENTION_DAYS, token_days=settings.FOLLOW_UP_TOKEN_DAYS)
        assert expected in text, phrase
