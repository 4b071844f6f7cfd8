"""The reader's language as a Wagtail `Locale`, resolved once per request and passed down.

Locales are created by a migration and by `setup_site`, and almost never change, so their ids are
remembered in the cache instead of asked for on every request, and held by a web process under the content
version (a saved or deleted locale moves it on).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from wagtail.models import Locale

from home.caching import held

CACHE_KEY = "home:locale-ids"


def locale_for(language: str) -> Locale:
    """The Locale of `language`; of the default language when that one has no locale (yet)."""
    ids = held("locale-ids", _locale_ids)
    if language not in ids:
        ids = _locale_ids(fresh=True)
    if language not in ids:
        if language != settings.LANGUAGE_CODE and settings.LANGUAGE_CODE in ids:
            return locale_for(settings.LANGUAGE_CODE)
        raise Locale.DoesNotExist(f"No locale for {language!r}; run `manage.py setup_site`.")
    return Locale(pk=ids[language], language_code=language)


def all_locales() -> list[Locale]:
    """Every language's Locale, by language code (no query: the ids are held under the content version)."""
    return [Locale(pk=pk, language_code=code) for code, pk in sorted(held("locale-ids", _locale_ids).items())]


def _locale_ids(fresh: bool = False) -> dict[str, int]:
    ids = None if fresh else cache.get(CACHE_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(CACHE_KEY, ids, timeout=None)
    return ids


def forget_locale_ids(**kwargs) -> None:
    """A locale deleted and made again gets another id: the remembered one must go (connected in home.apps)."""
    cache.delete(CACHE_KEY)


def request_locale(request) -> Locale:
    """The locale of the language the request is served in (its URL prefix), looked up once per request."""
    language = get_language() or settings.LANGUAGE_CODE
    cached = getattr(request, "_vitrine_locale", None)
    if cached is None or cached.language_code != language:
        cached = locale_for(language)
        request._vitrine_locale = cached
    return cached


def locale_of(page) -> Locale:
    """The locale of a page or snippet, without a query when only its id is needed and it is not loaded."""
    cached = page._state.fields_cache.get("locale")
    return cached if cached is not None else Locale(pk=page.locale_id)
