"""The one write of the public form: a draft case in the review workflow, its photos and the Submission row.

All of it in one transaction, so a failure leaves nothing behind (image files written to storage are removed
again); the listeners of `submission_received` (confirmation mail, notice to the Eindredacteurs) hear of it
only after the commit.
"""

import html
import uuid

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.models import Locale

from cases.models import CaseAudience, CaseIndexPage, CasePage, CaseTheme
from home.images import image_get_or_create
from intake.forms import Photo
from intake.language import written_language
from intake.models import Submission
from intake.notifications import without_wagtail_submission_mails
from intake.signals import submission_received
from themes.models import Audience, ThemePage

ITEM_LISTS = ("learnings", "tips", "dos", "donts")


def tree_language(data: dict, *, form_language: str) -> str:
    """The language the proposal is written in (never the form's when the text says otherwise)."""
    text = " ".join([data["title"], data["summary"], data["concept"], *data["learnings"], *data["tips"]])
    return written_language(text, default=form_language)


def case_index_for(language: str, *, form_language: str) -> CaseIndexPage:
    """That language's case index; the form language's, then the Dutch one, only on a site set up halfway."""
    indexes = {index.locale.language_code: index for index in CaseIndexPage.objects.select_related("locale")}
    for code in (language, form_language, "nl"):
        if code in indexes:
            return indexes[code]
    raise CaseIndexPage.DoesNotExist("No case index: run `manage.py setup_site`.")


def proposal_body(data: dict, image_ids: list[int], photos: list[Photo]) -> list[dict]:
    """The draft's body, in the blocks and order of an imported case (cases/importer/body.py)."""
    blocks: list[dict] = []

    def add(block_type: str, value) -> None:
        blocks.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})

    def items(values: list) -> list[dict]:
        return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]

    paragraphs = [line.strip() for line in data["concept"].splitlines() if line.strip()]
    add("concept", "".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs))
    for kind in ITEM_LISTS:
        if data[kind]:
            add(kind, {"items": items(data[kind])})
    extra = [
        {"image": image_id, "alt": photo.alt, "credit": photo.credit, "caption": ""}
        for image_id, photo in zip(image_ids[1:], photos[1:], strict=True)
    ]
    if len(extra) == 1:
        add("image", extra[0])
    elif extra:
        add("gallery", {"images": items(extra)})
    return blocks


def _classified(model, link_model, attribute: str, codes: list[str], locale: Locale) -> list:
    """Links to the themes or audiences of the case's language, else of any language (a theme not yet
    translated): the editors see the choice and can correct it."""
    found: dict[str, object] = {}
    for target in model.objects.filter(code__in=codes).select_related("locale"):
        if target.code not in found or target.locale_id == locale.pk:
            found[target.code] = target
    return [
        link_model(**{attribute: found[code]}, locale=locale, sort_order=position)
        for position, code in enumerate(codes)
        if code in found
    ]


def proposal_submit(*, data: dict, photos: list[Photo], municipality, form_language: str) -> Submission:
    """Write the draft case and its Submission; `data` is a valid ProposalForm's cleaned_data."""
    language = tree_language(data, form_language=form_language)
    index = case_index_for(language, form_language=form_language)
    stored: list[str] = []
    try:
        with transaction.atomic():
            images = []
            for photo in photos:
                image, created = image_get_or_create(
                    content=photo.content,
                    name=f"{slugify(photo.name.rsplit('.', 1)[0]) or 'foto'}.{photo.extension}",
                    title=photo.alt,
                )
                if created:
                    stored.append(image.file.name)
                images.append(image)
            page = _draft(data, index, images, photos, municipality)
            submission = Submission.objects.create(
                page=page,
                language=form_language,
                name=data["name"],
                organisation=data["organisation"],
                email=data["email"],
                privacy_consent_at=timezone.now(),
                photo_consent=bool(photos) and data["photo_consent"],
            )
            transaction.on_commit(lambda: submission_received.send(sender=Submission, submission=submission))
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return submission


def _draft(data: dict, index: CaseIndexPage, images: list, photos: list[Photo], municipality) -> CasePage:
    hero = images[0] if images else None
    page = CasePage(
        title=data["title"],
        slug=find_available_slug(index, slugify(data["title"]) or "voorbeeld"),
        live=False,
        summary=data["summary"],
        municipality=municipality,
        place="" if municipality else data["place"],
        country=data["country"] or "BE",
        year_started=data["year_started"],
        status=data["status"],
        video_url=data["video_url"],
        hero_image=hero,
        hero_image_alt=photos[0].alt if hero else "",
        hero_image_credit=photos[0].credit if hero else "",
        locale=index.locale,
    )
    page.body = proposal_body(data, [image.pk for image in images], photos)
    page.case_themes = _classified(ThemePage, CaseTheme, "theme", data["themes"], index.locale)
    page.case_audiences = _classified(Audience, CaseAudience, "audience", data["audiences"], index.locale)
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        # Submitted by nobody: the Eindredacteurs see it under "awaiting your review", and get our notice.
        with without_wagtail_submission_mails():
            workflow.start(page, user=None)
    return page
