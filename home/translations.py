"""Write translations through wagtail-localize, the same way the admin's translation editor does.

Code that creates a translation by copying a page leaves no translation record: editors would
then get the plain editor and "Sync translated pages" would skip the page. Here we register the
source, store every translated string in wagtail-localize's translation memory, and let it build
the target, so imported translations behave exactly like admin-made ones.

The source is always the object as stored in the database, as wagtail-localize's own views
register it; `translation_source_repair` rebuilds sources that once held a translation's texts.
"""

import json
from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

import polib


class TranslationMismatch(ValueError):
    """The translated object does not have the same text structure as its source."""

    def __init__(self, path: str, source_count: int, target_count: int):
        self.path = path
        super().__init__(
            f"'{path}': de vertaling heeft {target_count} tekstdeel/delen, de bron {source_count}; "
            "vertaal elk deel (alinea, lijstpunt) apart."
        )


def translated_strings(
    *, source: models.Model, translated: models.Model, strict: bool = True
) -> dict[tuple[str, str], str]:
    """Pair each translatable string of `source` with the string at the same place in `translated`.

    `translated` is a copy of `source` whose texts were replaced; its StreamField blocks keep the
    source's block ids so that the content paths match. A field whose number of strings differs
    raises TranslationMismatch, or is left out when `strict` is False.
    """
    source_strings = _strings_by_path(source)
    target_strings = _strings_by_path(translated)
    pairs = {}
    for path, originals in source_strings.items():
        replacements = target_strings.get(path, [])
        if len(replacements) != len(originals):
            if not strict:
                continue
            raise TranslationMismatch(path, len(originals), len(replacements))
        for original, replacement in zip(originals, replacements, strict=True):
            pairs[(path, original)] = replacement
    return pairs


def translation_create_or_update(
    *,
    source: models.Model,
    translated: models.Model,
    locale: Locale,
    publish: bool = True,
    overrides: dict[str, object] | None = None,
    user=None,
) -> models.Model:
    """Create or update the translation of `source` into `locale` with the texts of `translated`.

    `overrides` replaces synchronised values for this locale only, e.g. `{"hero_image": 12}`:
    wagtail-localize keeps them when the source is synced again.

    `source` is read again from the database: the object passed in may have been changed in
    memory, or even be `translated` itself (a live page's get_latest_revision_as_object() returns
    the page, not a copy), and registering that would make the translation the source.
    """
    source = stored_instance(source)
    strings = translated_strings(source=source, translated=translated)
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    translation, _created = Translation.objects.get_or_create(
        source=translation_source, target_locale=locale, defaults={"enabled": True}
    )
    po = polib.POFile()
    po.metadata = {"X-WagtailLocalize-TranslationID": str(translation.uuid)}
    for (path, original), text in strings.items():
        po.append(polib.POEntry(msgctxt=path, msgid=original, msgstr=text))
    translation.import_po(po, user=user, tool_name="import_cases")
    for path, value in (overrides or {}).items():
        context = TranslationContext.objects.get(object_id=translation_source.object_id, path=path)
        SegmentOverride.objects.update_or_create(
            locale=locale, context=context, defaults={"data_json": json.dumps(value), "last_translated_by": user}
        )
    # fallback only concerns related objects (a theme not yet translated keeps pointing at the
    # Dutch one); every string was checked above. wagtail-localize publishes a page only when the
    # transaction commits, so we save a draft and publish it ourselves, inside the caller's transaction.
    draftable = isinstance(source, DraftStateMixin)
    translation_source.create_or_update_translation(
        locale, user=user, publish=not draftable, copy_parent_pages=True, fallback=True
    )
    target = source.get_translation(locale)
    if draftable and publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return source.get_translation(locale)


def stored_instance(instance: models.Model) -> models.Model:
    """A fresh copy of `instance` as stored in the database (the specific page for a page)."""
    model = instance.specific_class if isinstance(instance, Page) else type(instance)
    return model._default_manager.get(pk=instance.pk)


def translation_source_repair(*, source: TranslationSource) -> bool:
    """Rebuild `source` from its object as stored and restore the translation memory of its translations.

    For sources that once held a translation's texts (the import before issue 8): the translation
    editor would show every string of the real source as untranslated and publish the source's
    language in its place. Strings missing from the memory are taken from each translated object as
    it is now; strings a translator already saved are kept. Returns whether anything changed.
    """
    try:
        stored = source.get_source_instance()
    except ObjectDoesNotExist:
        return False
    refreshed, _created = TranslationSource.update_or_create_from_instance(stored)
    changed = refreshed.last_updated_at != source.last_updated_at
    for translation in refreshed.translations.select_related("target_locale"):
        changed = _restore_translation_memory(translation, stored) > 0 or changed
    return changed


def _restore_translation_memory(translation: Translation, source: models.Model) -> int:
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return 0
    known = set(
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__object_id=translation.source.object_id
        ).values_list("context__path", "translation_of__data")
    )
    po = polib.POFile()
    po.metadata = {"X-WagtailLocalize-TranslationID": str(translation.uuid)}
    for (path, original), text in translated_strings(source=source, translated=target, strict=False).items():
        if (path, original) not in known:
            po.append(polib.POEntry(msgctxt=path, msgid=original, msgstr=text))
    if po:
        translation.import_po(po, tool_name="repair_translation_sources")
    return len(po)


def _strings_by_path(instance: models.Model) -> dict[str, list[str]]:
    strings: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue) and segment.string.data.strip():
            strings[segment.path].append(segment.string.data)
    return strings
