"""What keeps the catalogue (cases.models.catalogue) in step with what readers may see.

A case's own saves refresh its row (CasePage.save). Everything else that changes whether or how a case is listed
is connected here: a move or a view restriction (the cases below that page), a theme's or audience's code, a
municipality's figures. Deletions of themes and audiences refresh after the commit: during the delete the
cases may be on their way out too.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, post_page_move

from cases.models import CaseAudience, CasePage, CaseTheme, CatalogueEntry, Municipality
from cases.models.catalogue import rebuild_catalogue, refresh_catalogue, refresh_catalogue_below
from themes.models import Audience, ThemePage


def _moved(sender, instance, **kwargs) -> None:
    refresh_catalogue_below(Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first() or "")


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
        refresh_catalogue(CasePage.objects.filter(municipality_id=instance.pk).values_list("pk", flat=True))


def _remember_linked_cases(sender, instance, **kwargs) -> None:
    instance._catalogue_cases = _linked_case_ids(instance)


def _refresh_linked_cases_after_commit(sender, instance, **kwargs) -> None:
    ids = getattr(instance, "_catalogue_cases", None)
    if ids:
        transaction.on_commit(lambda: refresh_catalogue(ids))


def _fill_after_migrate(sender, using="default", **kwargs) -> None:
    """A database migrated before the catalogue existed gets its rows once, on the first migrate after."""
    if not CatalogueEntry.objects.using(using).exists() and CasePage.objects.using(using).live().exists():
        rebuild_catalogue()


def connect(app_config) -> None:
    post_page_move.connect(_moved, dispatch_uid="cases_catalogue_move")
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
    post_migrate.connect(_fill_after_migrate, sender=app_config, dispatch_uid="cases_catalogue_migrate")
