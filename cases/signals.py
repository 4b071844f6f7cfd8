"""Prepare image renditions when a case is published, so API and pages never make them on a request."""

from django.db import transaction

from wagtail.signals import page_published

from cases.models import CasePage
from home.blocks import RENDITIONS
from home.renditions import image_renditions


def prepare_renditions(sender, instance, **kwargs) -> None:
    """After the commit: rendition files written inside a transaction that rolls back (a failed or
    dry-run import) would stay behind on disk."""

    def prepare() -> None:
        images = [instance.hero_image, *instance.body_images()] if instance.hero_image_id else instance.body_images()
        for image in images:
            # A missing original must not break publishing; the pages then show the case without it.
            image_renditions(image, *RENDITIONS.values())

    transaction.on_commit(prepare)


page_published.connect(prepare_renditions, sender=CasePage, dispatch_uid="cases_prepare_renditions")
