"""Audience.slug became Audience.code (themes 0002): translations made before the rename keep their code."""

import importlib
import json

from django.apps import apps
from django.db import IntegrityError, transaction

from wagtail_localize.models import Translation, TranslationSource

import pytest

from tests.factories.themes import audience
from themes.models import Audience

pytestmark = pytest.mark.django_db

rename = importlib.import_module("themes.migrations.0002_audience_code")


def stored_before_the_rename(source: TranslationSource) -> None:
    """What wagtail-localize kept of an audience translated under 1.0: its serialized copy says `slug`."""
    content = json.loads(source.content_json)
    content["slug"] = content.pop("code")
    source.content_json = json.dumps(content)
    source.save(update_fields=["content_json"])


def test_a_translation_synced_from_an_old_source_keeps_its_code(locales):
    dutch = audience("ondernemers")
    source, _created = TranslationSource.get_or_create_from_instance(dutch)
    translation = Translation.objects.create(source=source, target_locale=locales["fr"])
    stored_before_the_rename(source)

    rename.rename_in_translation_sources(apps, None)
    Translation.objects.get(pk=translation.pk).save_target(publish=True)

    french = Audience.objects.get(translation_key=dutch.translation_key, locale=locales["fr"])
    assert french.code == "ondernemers"


def test_audience_codes_are_unique_per_language(locales):
    audience("ondernemers")
    Audience.objects.create(code="ondernemers", name="Entrepreneurs", locale=locales["fr"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Audience.objects.create(code="ondernemers", name="Nog eens", locale=locales["nl"])
