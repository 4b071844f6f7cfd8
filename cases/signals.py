"""Prepare image renditions when a case is published, so API and pages never make them on a request."""

from django.db import transaction

from wagtail.signals import page_published

from cases.models import CasePage
from home.blocks import RENDITIONS, SHARE_RENDITION
from home.renditions import prepare_renditions_task


def prepare_renditions(sender, instance, **kwargs) -> None:
    """Queue one background task per published case (three WebP files per image take seconds, which an editor's
    publish or a 1 000-case import should not wait for). Queued after the commit: a rolled-back publish (a failed
    or dry-run import) must not leave a task, nor files written by one, behind."""
    hero = [instance.hero_image_id] if instance.hero_image_id else []
    image_ids = list(dict.fromkeys([*hero, *(image.pk for image in instance.body_images())]))
    if not image_ids:
        return
    specs = list(RENDITIONS.values())
    # The hero's share image too: the case's card is kept once the hero has all of HERO_RENDITIONS.
    extra = {SHARE_RENDITION: hero} if hero else None
    transaction.on_commit(lambda: prepare_renditions_task.enqueue(image_ids, specs, extra))


page_published.connect(prepare_renditions, sender=CasePage, dispatch_uid="cases_prepare_renditions")
