"""What keeps the catalogue (cases.models.catalogue) in step with what readers may see.

A case's own saves refresh its row (CasePage.save). Everything else that changes whether or how a case is listed
is connected here: a move or a view restriction (the cases below that page), a theme's or audience's code, a
municipality's figures, and what a kept card shows of a hero image (its renditions made by the background task,
a new file or focal point, renditions deleted). Deletions of themes, audiences and images refresh after the
commit: during the delete the cases may be on their way out too. A case's own deletion takes its row with it
(a cascade) and is announced to `catalogue_refreshed` as such; a section's new slug changes the URLs below it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, post_page_move

from cases.models import CaseAudience, CasePage, CaseTheme, CatalogueEntry, Municipality
from cases.models.catalogue import (
    catalogue_refreshed,
    rebuild_catalogue,
    refresh_catalogue,
    refresh_catalogue_below,
    refresh_stale_cards,
)
from cases.places import SizeClass
from home.renditions import renditions_prepared
from themes.models import Audience, ThemePage


def _moved(sender, instance, **kwargs) -> None:
    refresh_catalogue_below(Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first() or "")


def _slug_changed(sender, instance, **kwargs) -> None:
    refresh_catalogue_below(instance.path)


def _case_deleted(sender, instance, **kwargs) -> None:
    # Its row went with it (on_delete=CASCADE), in this transaction.
    catalogue_refreshed.send(sender=CatalogueEntry, page_ids={instance.pk}, deleted=True)


def _restriction_changed(sender, instance, **kwargs) -> None:
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path:
        refresh_catalogue_below(path)


def _linked_case_ids(instance) -> list[int]:
    """The cases that carry this theme or audience."""
    if isinstance(instance, ThemePage):
        return list(CaseTheme.objects.filter(theme_id=instance.pk).values_list("page_id", flat=True))
    return list(CaseAudience.objects.filter(audience_id=instance.pk).values_list("page_id", flat=True))


def _theme_published(sender, instance, **kwargs) -> None:
    refresh_catalogue(_linked_case_ids(instance))


def _audience_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh_catalogue(_linked_case_ids(instance))


def _municipality_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        cases = CasePage.objects.filter(municipality_id=instance.pk)
        # A case without a population of its own takes its municipality's, and its stored size class with it (the
        # case page and "gemeenten zoals de mijne" read that field), as CasePage.save would derive it.
        cases.filter(population=None).update(size_class=SizeClass.for_population(instance.population) or "")
        refresh_catalogue(cases.values_list("pk", flat=True))  # home.caching moves the version on for every save


def _remember_linked_cases(sender, instance, **kwargs) -> None:
    instance._catalogue_cases = _linked_case_ids(instance)


def _refresh_linked_cases_after_commit(sender, instance, **kwargs) -> None:
    ids = getattr(instance, "_catalogue_cases", None)
    if ids:
        transaction.on_commit(lambda: refresh_catalogue(ids))


def _cases_showing(image_ids) -> list[int]:
    return list(CasePage.objects.filter(hero_image_id__in=list(image_ids)).values_list("pk", flat=True))


def _renditions_prepared(sender, image_ids, **kwargs) -> None:
    refresh_catalogue(_cases_showing(image_ids))


def _image_saved(sender, instance, raw=False, created=False, **kwargs) -> None:
    # A new file or focal point: the card's renditions are others now.
    if not raw and not created:
        refresh_catalogue(_cases_showing([instance.pk]))


def _rendition_deleted(sender, instance, **kwargs) -> None:
    refresh_catalogue(_cases_showing([instance.image_id]))


def _remember_cases_showing(sender, instance, **kwargs) -> None:
    instance._catalogue_cases = _cases_showing([instance.pk])


def _fill_after_migrate(sender, using="default", **kwargs) -> None:
    """A database migrated before the catalogue existed gets its rows once, on the first migrate after; later
    migrates refresh the cards kept in an older format (cases.cards)."""
    if not CatalogueEntry.objects.using(using).exists() and CasePage.objects.using(using).live().exists():
        rebuild_catalogue()
    else:
        refresh_stale_cards()


def connect(app_config) -> None:
    post_page_move.connect(_moved, dispatch_uid="cases_catalogue_move")
    page_slug_changed.connect(_slug_changed, dispatch_uid="cases_catalogue_slug")
    post_delete.connect(_case_deleted, sender=CasePage, dispatch_uid="cases_catalogue_case_deleted")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="cases_catalogue_privacy")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="cases_catalogue_public")
    page_published.connect(_theme_published, sender=ThemePage, dispatch_uid="cases_catalogue_theme")
    post_save.connect(_audience_saved, sender=Audience, dispatch_uid="cases_catalogue_audience")
    post_save.connect(_municipality_saved, sender=Municipality, dispatch_uid="cases_catalogue_municipality")
    for model in (ThemePage, Audience):
        pre_delete.connect(_remember_linked_cases, sender=model, dispatch_uid=f"cases_catalogue_pre_{model.__name__}")
        post_delete.connect(
            _refresh_linked_cases_after_commit, sender=model, dispatch_uid=f"cases_catalogue_post_{model.__name__}"
        )
    # Cards keep their hero image's rendition URLs (cases.cards).
    Image = get_image_model()
    renditions_prepared.connect(_renditions_prepared, dispatch_uid="cases_catalogue_renditions")
    post_save.connect(_image_saved, sender=Image, dispatch_uid="cases_catalogue_image")
    post_delete.connect(
        _rendition_deleted, sender=Image.get_rendition_model(), dispatch_uid="cases_catalogue_rendition_deleted"
    )
    pre_delete.connect(_remember_cases_showing, sender=Image, dispatch_uid="cases_catalogue_pre_image")
    post_delete.connect(_refresh_linked_cases_after_commit, sender=Image, dispatch_uid="cases_catalogue_post_image")
    post_migrate.connect(_fill_after_migrate, sender=app_config, dispatch_uid="cases_catalogue_migrate")
