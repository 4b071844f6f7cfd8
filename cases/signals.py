"""Prepare image renditions when a case is published, so API and pages never make them on a request."""

from wagtail.signals import page_published

from cases.models import CasePage
from home.blocks import RENDITIONS


def prepare_renditions(sender, instance, **kwargs) -> None:
    images = [instance.hero_image, *instance.body_images()] if instance.hero_image_id else instance.body_images()
    for image in images:
        image.get_renditions(*RENDITIONS.values())


page_published.connect(prepare_renditions, sender=CasePage, dispatch_uid="cases_prepare_renditions")
