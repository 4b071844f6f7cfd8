"""Write checked records to the page tree: Dutch cases first, then their translations.

Everything runs inside one transaction opened by the caller; image files written to storage
are remembered so they can be removed again if that transaction is rolled back.
"""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage

from wagtail.models import Locale

from cases.importer.body import source_body, source_follow_ups, translated_body, translated_follow_ups
from cases.importer.records import CaseRecord
from cases.models import CaseAudience, CaseImportRecord, CaseIndexPage, CasePage, CaseTheme
from home.images import NewImage, image_get_or_create, images_get_or_create
from home.translations import stored_instance, translation_create_or_update
from themes.models import Audience, ThemePage

SOURCE_FIELDS = {
    "title": "title",
    "summary": "summary",
    "initiator": "initiator",
    "partners": "partners",
    "budget": "budget",
    "duration": "duration",
    "place": "place",
    "province": "province",
    "population": "population",
    "lat": "lat",
    "lon": "lon",
    "year": "year_started",
    "status": "status",
    "video_url": "video_url",
}


@dataclass
class WriteContext:
    index: CaseIndexPage
    source_locale: Locale
    created_files: list[str] = field(default_factory=list)
    images_by_hash: dict = field(default_factory=dict)
    _classifications: dict = field(default_factory=dict)

    def image_for(self, image_file) -> object:
        if image_file.sha1 not in self.images_by_hash:
            image, created = image_get_or_create(
                content=image_file.content, name=f"{image_file.path.stem}.{image_file.extension}", title=image_file.alt
            )
            if created:
                self.created_files.append(image.file.name)
            self.images_by_hash[image_file.sha1] = image
        return self.images_by_hash[image_file.sha1]

    def images_for(self, image_files: list) -> list:
        """Make sure every file has its image, the new ones stored and inserted together; returns the new ones."""
        wanted = {}
        for image_file in image_files:
            if image_file.sha1 not in self.images_by_hash:
                wanted.setdefault(image_file.sha1, image_file)
        found = images_get_or_create(
            [
                NewImage(content=f.content, name=f"{f.path.stem}.{f.extension}", title=f.alt, sha1=sha1)
                for sha1, f in wanted.items()
            ],
            stored=self.created_files,
        )
        created = []
        for sha1, (image, is_new) in found.items():
            self.images_by_hash[sha1] = image
            if is_new:
                created.append(image)
        return created

    def classifications(self, model) -> dict:
        """Theme pages or audiences of the source language by code, read once per import."""
        if model not in self._classifications:
            targets = model.objects.filter(locale=self.source_locale)
            self._classifications[model] = {target.code: target for target in targets}
        return self._classifications[model]

    def discard_created_files(self) -> None:
        for name in self.created_files:
            default_storage.delete(name)


def write_source(record: CaseRecord, context: WriteContext) -> str:
    """Create or update a Dutch case; returns 'created', 'updated' or 'unchanged'."""
    fingerprint = record.fingerprint()
    page = CasePage.objects.filter(locale=context.source_locale, slug=record.slug).first()
    if page is not None and CaseImportRecord.objects.filter(page=page, fingerprint=fingerprint).exists():
        return "unchanged"
    images = [context.image_for(image) for image in record.images]
    outcome = "updated" if page is not None else "created"
    if page is None:
        page = CasePage(slug=record.slug, title=record.get("title"), live=False)
        apply_source_fields(page, record, images, context)
        context.index.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        apply_source_fields(page, record, images, context)
    _publish_or_draft(page, record.publish)
    CaseImportRecord.objects.update_or_create(page=page, defaults={"fingerprint": fingerprint})
    return outcome


def write_translation(record: CaseRecord, context: WriteContext) -> str:
    source = CasePage.objects.get(locale=context.source_locale, slug=record.translation_of)
    locale = Locale.objects.get(language_code=record.locale)
    source_record = CaseImportRecord.objects.filter(page=source).first()
    fingerprint = f"{record.fingerprint()[:32]}{(source_record.fingerprint if source_record else '')[:32]}"
    existing = source.get_translation_or_none(locale)
    if existing is not None and CaseImportRecord.objects.filter(page=existing, fingerprint=fingerprint).exists():
        return "unchanged"
    # A separate copy of the Dutch page as stored: wagtail-localize registers that page as the
    # source, and the texts of this copy are paired with it.
    shadow = stored_instance(source)
    shadow.slug = record.slug
    for key in ("title", "summary", "initiator", "partners", "budget", "duration"):
        if record.get(key):
            setattr(shadow, key, record.get(key))
    overrides = {}
    if record.images:
        shadow.hero_image_alt, shadow.hero_image_credit = record.images[0].alt, record.images[0].credit
        hero = context.image_for(record.images[0])
        if hero.pk != source.hero_image_id:
            overrides["hero_image"] = hero.pk
    shadow.body = translated_body(source.body.raw_data, record)
    shadow.follow_ups = translated_follow_ups(source.follow_ups.raw_data, record.get("follow_ups"))
    page = translation_create_or_update(
        source=source, translated=shadow, locale=locale, publish=record.publish, overrides=overrides
    )
    CaseImportRecord.objects.update_or_create(page=page, defaults={"fingerprint": fingerprint})
    return "updated" if existing is not None else "created"


def apply_source_fields(page: CasePage, record: CaseRecord, images: list, context: WriteContext) -> None:
    for key, attribute in SOURCE_FIELDS.items():
        default = None if attribute in {"population", "lat", "lon", "year_started"} else ""
        setattr(page, attribute, record.get(key, default))
    page.country = record.get("country")
    page.municipality = record.municipality
    hero = images[0] if images else None
    page.hero_image = hero
    page.hero_image_alt = record.images[0].alt if hero else ""
    page.hero_image_credit = record.images[0].credit if hero else ""
    page.body = source_body(record, [image.pk for image in images])
    page.follow_ups = source_follow_ups(record.slug, record.get("follow_ups"))
    page.case_themes = _links(
        page.case_themes.all(),
        CaseTheme,
        "theme",
        targets=context.classifications(ThemePage),
        key="code",
        wanted=record.get("themes"),
    )
    page.case_audiences = _links(
        page.case_audiences.all(),
        CaseAudience,
        "audience",
        targets=context.classifications(Audience),
        key="code",
        wanted=record.get("audiences"),
    )


def _links(existing, model, attribute: str, *, targets: dict, key: str, wanted: list[str]) -> list:
    """Reuse link rows that stay, so their translation keys (and the translations) survive."""
    by_key = {getattr(getattr(link, attribute), key): link for link in existing}
    objects = targets
    links = []
    for position, code in enumerate(wanted):
        link = by_key.get(code) or model(**{attribute: objects[code]})
        link.sort_order = position
        links.append(link)
    return links


def _publish_or_draft(page: CasePage, publish: bool) -> None:
    if not publish:
        # A draft may be incomplete, even when an older version of the case is live.
        page._publication_rules_checked = True
    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish(log_action=True)
