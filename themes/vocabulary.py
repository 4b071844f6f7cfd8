"""Theme and audience codes with their labels in every language: one vocabulary for API, reader, feeds and SEO.

A theme's code is the same in every language; its label is the title of the visible theme page of
the requested language, else of the Dutch one, else the code itself (one fallback rule,
everywhere). A theme behind a view restriction or expired is not in the vocabulary: its title shows
nowhere and filters do not accept its code. Translations are pages of their own: a theme whose page in
the requested language is live but may not be seen is left out in that language, even when another
language's page is visible (the fallback is for a theme not translated yet, not for a hidden one).
Audiences are snippets without privacy; their labels follow the same fallback.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Value
from django.db.models.functions import Cast, LPad

from wagtail.models import Locale

from home.caching import content_version, held
from themes.models import Audience, ThemePage

KINDS = ("theme", "audience")


def _vocabulary() -> dict:
    """{kind: {"codes": [code, ...] in the editors' order, "labels": {language: {code: label}},
    "hidden": {language: [code, ...]}}} from one query.

    Held in this process under the content version (a request asks for labels and codes several times:
    validation, cards, facets) and cached in the shared cache until content changes.
    """
    return held("themes:vocabulary", _shared_vocabulary)


def _shared_vocabulary() -> dict:
    key = f"themes:vocabulary:2:{content_version()}"
    data = cache.get(key)
    if data is None:
        visible = ThemePage.objects.visible()
        themes = visible.values_list(Value("theme"), "locale__language_code", "code", "title", "path")
        # Live but not for readers (a view restriction, or expired): kept from the fallback. A page that is
        # not live yet (a translation in progress) is not hidden: its language falls back to Dutch.
        hidden = (
            ThemePage.objects.filter(live=True)
            .exclude(pk__in=visible.values("pk"))
            .values_list(Value("hidden"), "locale__language_code", "code", Value(""), "path")
        )
        audiences = Audience.objects.values_list(
            Value("audience"),
            "locale__language_code",
            "code",
            "name",
            LPad(Cast("sort_order", CharField()), 6, Value("0")),
        )
        rows = themes.order_by().union(audiences.order_by(), hidden.order_by(), all=True)
        # Dutch first: the source language decides the order in every language (tree order, editors' order).
        data = {kind: {"codes": [], "labels": {}, "hidden": {}} for kind in KINDS}
        ordered = sorted(rows, key=lambda row: (row[1] != settings.LANGUAGE_CODE, row[4], row[2]))
        for kind, language, code, label, _order in ordered:
            if kind == "hidden":
                data["theme"]["hidden"].setdefault(language, []).append(code)
                continue
            data[kind]["labels"].setdefault(language, {}).setdefault(code, label)
            if code not in data[kind]["codes"]:
                data[kind]["codes"].append(code)
        cache.set(key, data, timeout=None)
    return data


def _labels(kind: str, locale: Locale) -> dict[str, str]:
    data = _vocabulary()[kind]
    requested = data["labels"].get(locale.language_code, {})
    dutch = data["labels"].get(settings.LANGUAGE_CODE, {})
    hidden = set(data["hidden"].get(locale.language_code, ())) - set(requested)
    return {code: requested.get(code) or dutch.get(code) or code for code in data["codes"] if code not in hidden}


def theme_labels(*, locale: Locale) -> dict[str, str]:
    """Every visible theme's code → its label in `locale` (fallback: Dutch, then the code), in the editors' order."""
    return _labels("theme", locale)


def audience_labels(*, locale: Locale) -> dict[str, str]:
    """Every audience's code → its name in `locale` (fallback: Dutch, then the code), in the editors' order."""
    return _labels("audience", locale)


def filter_codes() -> dict[str, list[str]]:
    """Theme and audience codes a filter accepts (any language's), sorted."""
    return {kind: sorted(_vocabulary()[kind]["codes"]) for kind in KINDS}
