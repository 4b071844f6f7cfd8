"""Prepare image renditions when a case is published, so API and pages never make them on a request."""

from wagtail.signals import page_published

from cases.models import CasePage
from home.blocks import RENDITIONS


def body_images(case: CasePage) -> list:
    images = []
    for block in case.body:
        if block.block_type == "image":
            images.append(block.value.get("image"))
        elif block.block_type == "gallery":
            images.extend(item.get("image") for item in block.value.get("images", []))
    return [image for image in images if image is not None]


def prepare_renditions(sender, instance, **kwargs) -> None:
    images = [instance.hero_image, *body_images(instance)] if instance.hero_image_id else body_images(instance)
    for image in images:
        image.get_renditions(*RENDITIONS.values())


page_published.connect(prepare_renditions, sender=CasePage, dispatch_uid="cases_prepare_renditions")
