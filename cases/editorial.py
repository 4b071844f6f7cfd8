"""Read queries for the editorial team's dashboard: reviews, drafts, translations, stale cases, follow-ups.

Apart from `selectors.py`, which serves readers and the API. Each function costs a fixed number of
queries however many cases there are; the dashboard test pins that.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, DateTimeField, Exists, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, TaskState, WorkflowState

from cases.models import CasePage

STALE_AFTER_MONTHS = 18


@dataclass
class EditorialRow:
    """One page on the dashboard, with what the editors need to know about it."""

    page: Page
    date: datetime | None = None
    notes: list[str] | None = None  # None: no publishing rules apply to this page
    in_review: bool = False
    submitted_by: object = None  # the user who asked for the review


def source_cases() -> QuerySet[CasePage]:
    """Cases in the source language (Dutch), the ones editors write; translations follow them."""
    return CasePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).select_related("locale")


def case_review_list(*, user) -> list[EditorialRow]:
    """Pages in a workflow task that `user` may approve now, oldest request first."""
    states = list(
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("workflow_state__requested_by")
        .order_by("started_at")
    )
    pages = Page.objects.select_related("locale", "latest_revision").in_bulk(
        [int(state.workflow_state.object_id) for state in states]
    )
    problems = publication_problems_by_page(pages.values())
    rows = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is not None:
            rows.append(
                EditorialRow(
                    page=page,
                    date=state.started_at,
                    notes=problems.get(page.pk),
                    in_review=True,
                    submitted_by=state.workflow_state.requested_by,
                )
            )
    return rows


def case_draft_list(*, limit: int) -> tuple[list[EditorialRow], int]:
    """Source cases that are not live or have unpublished changes, most recently edited first,
    each with the publishing-rule problems of its newest revision."""
    drafts = (
        source_cases()
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .select_related("latest_revision")
        .annotate(
            in_review=Exists(
                WorkflowState.objects.active().filter(
                    base_content_type=ContentType.objects.get_for_model(Page),
                    object_id=Cast(OuterRef("pk"), CharField()),
                )
            )
        )
        .order_by("-latest_revision_created_at", "-pk")
    )
    pages = list(drafts[:limit])
    problems = publication_problems_by_page(pages)
    rows = [
        EditorialRow(
            page=page, date=page.latest_revision_created_at, notes=problems.get(page.pk), in_review=page.in_review
        )
        for page in pages
    ]
    return rows, drafts.count()


def case_untranslated_list(*, limit: int) -> tuple[list[EditorialRow], int]:
    """Live source cases that lack a translation in at least one other content language.

    A translation is a page with the same `translation_key` in the other locale; an alias (a
    synchronised copy of the Dutch page) is not one.
    """
    targets = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    translated = {
        f"has_{code}": Exists(
            Page.objects.filter(
                translation_key=OuterRef("translation_key"), locale__language_code=code, alias_of__isnull=True
            )
        )
        for code in targets
    }
    cases = (
        source_cases()
        .filter(live=True)
        .annotate(**translated)
        .filter(Q(*[~Q(**{name: True}) for name in translated], _connector=Q.OR))
        .order_by("-first_published_at", "-pk")
    )
    rows = [
        EditorialRow(
            page=page,
            date=page.first_published_at,
            notes=[names[code] for code in targets if not getattr(page, f"has_{code}")],
        )
        for page in cases[:limit]
    ]
    return rows, cases.count()


def case_stale_list(*, limit: int, now: datetime | None = None) -> tuple[list[EditorialRow], int]:
    """Live source cases neither published nor edited for STALE_AFTER_MONTHS, oldest first."""
    cutoff = months_before(now or timezone.now(), STALE_AFTER_MONTHS)
    cases = (
        source_cases()
        .filter(live=True)
        .annotate(
            last_update=Greatest(
                Coalesce("last_published_at", "latest_revision_created_at"),
                Coalesce("latest_revision_created_at", "last_published_at"),
                output_field=DateTimeField(),
            )
        )
        .filter(last_update__lt=cutoff)
        .order_by("last_update", "pk")
    )
    rows = [EditorialRow(page=page, date=page.last_update) for page in cases[:limit]]
    return rows, cases.count()


def case_follow_up_due_list(*, limit: int, today: date | None = None) -> tuple[list[EditorialRow], int]:
    """Live source cases whose follow-up is due (CasePage.follow_up_due_on), the longest overdue first.

    One query: the total comes with each row (a window count over the filtered cases, before the limit)."""
    cases = list(
        source_cases()
        .filter(live=True, follow_up_due_on__lte=today or timezone.localdate())
        .annotate(due_total=Window(Count("pk")))
        .order_by("follow_up_due_on", "pk")[:limit]
    )
    rows = [EditorialRow(page=page, date=page.follow_up_due_on) for page in cases]
    return rows, cases[0].due_total if cases else 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` months earlier (the month's last day when it is shorter)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month_index + 1)[1])
    return moment.replace(year=year, month=month_index + 1, day=day)


def publication_problems_by_page(pages) -> dict[int, list[str]]:
    """The publishing rules' messages for the newest revision of each case among `pages`.

    The same check as `home.models.latest_publication_problems` (which the review task uses on one
    page), on pages rebuilt from their revisions without a query per page: foreign keys are not looked
    up one by one, and the bodies' blocks are converted together.
    """
    case_type = ContentType.objects.get_for_model(CasePage)
    latest = {
        page.pk: CasePage.from_serializable_data(latest_content(page), check_fks=False)
        for page in pages
        if page.content_type_id == case_type.pk
    }
    if not latest:
        return {}
    versions = list(latest.values())
    bodies = CasePage._meta.get_field("body").stream_block.bulk_to_python(
        [list(version.body.raw_data) for version in versions]
    )
    images = {version.hero_image_id for version in versions if version.hero_image_id}
    existing = set(get_image_model().objects.filter(pk__in=images).values_list("pk", flat=True)) if images else set()
    for version, body in zip(versions, bodies, strict=True):
        version.body = body
        if version.hero_image_id not in existing:
            version.hero_image_id = None  # a deleted image leaves its id behind in the revision
    return {pk: unique_messages(version.publication_problems()) for pk, version in latest.items()}


def latest_content(page: Page) -> dict:
    """The newest revision's content; a page saved without any revision (only in code) is its own."""
    if page.latest_revision_id:
        return page.latest_revision.content
    return page.specific.serializable_data()


def unique_messages(problems: dict[str, list[str]]) -> list[str]:
    return list(dict.fromkeys(message for messages in problems.values() for message in messages))
