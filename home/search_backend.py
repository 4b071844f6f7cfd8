"""Wagtail's database search backend, with stemming in the language of each page on PostgreSQL.

The stock PostgreSQL backend indexes and queries every object with one text-search configuration.
Our content is Dutch, English and French, so an English page is indexed with the 'english'
configuration, a French one with 'french', and a search asks in the configuration of the locale
it searches (`search_backend_for_language`): 'winkels' then finds 'winkel'. On SQLite (FTS5)
and other databases the stock backend is used, without stemming.
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection

from modelsearch.backends import get_search_backend
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from wagtail.models import Locale

TEXT_SEARCH_CONFIG = {"nl": "dutch", "en": "english", "fr": "french"}


def text_search_config(language_code: str) -> str:
    return TEXT_SEARCH_CONFIG.get(language_code, "simple")


class LocalePostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each group of objects with the configuration of its language."""
        if not any(hasattr(obj, "locale_id") for obj in objs):
            return super().add_items(model, objs)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = defaultdict(list)
        for obj in objs:
            groups[text_search_config(languages.get(getattr(obj, "locale_id", None), ""))].append(obj)
        default = self.backend.config
        try:
            for config, group in groups.items():
                self.backend.config = config  # read by the indexer of each object
                super().add_items(model, group)
        finally:
            self.backend.config = default
        return None


class LocalePostgresSearchBackend(PostgresSearchBackend):
    index_class = LocalePostgresIndex


def SearchBackend(params):
    if connection.vendor == "postgresql":
        # Searches that name no language (the admin's) parse the query like the source language.
        params = {**params, "SEARCH_CONFIG": params.get("SEARCH_CONFIG") or text_search_config(settings.LANGUAGE_CODE)}
        return LocalePostgresSearchBackend(params)
    return DatabaseSearchBackend(params)


def search_backend_for_language(language_code: str):
    """A backend instance that parses queries with the stemming of this language."""
    backend = get_search_backend()
    if isinstance(backend, LocalePostgresSearchBackend):
        backend.config = text_search_config(language_code)
    return backend
