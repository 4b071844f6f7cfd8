"""Purge the CDN in front of the site when pages are published, unpublished, renamed or made private
(wagtail.contrib.frontend_cache).

The backend comes from the environment (FRONTEND_CACHE_BACKEND, see vitrine_cms/settings/base.py); unset, nothing
is done, not even working out the URLs. We use frontend_cache's backends and its purge task, not its app's
receivers: those purge the published page alone (not the API, the lists or the translations at their own slugs),
inside the publishing transaction (a CDN that refetches before the commit would keep the old page) and in the
editor's request. Here the URLs (cdn.targets) are worked out when the signal comes, while a deleted page still
exists, and handed to the background queue once the transaction has committed: in production the worker sends
them (`manage.py db_worker --backend background`), so a slow or dead CDN never slows down or fails a publish.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished

from cdn.targets import old_address_urls, page_purge_urls, subtree_purge_urls

logger = logging.getLogger(__name__)


def purge_page(sender, instance, **kwargs) -> None:
    schedule_purge(page_purge_urls, instance)


def purge_old_address(sender, instance, instance_before, **kwargs) -> None:
    """Wagtail sends page_slug_changed after the commit of a save that changed a live page's slug."""
    schedule_purge(old_address_urls, instance_before, instance)


def purge_private_subtree(sender, instance, **kwargs) -> None:
    schedule_purge(subtree_purge_urls, instance.page)


def schedule_purge(targets, *pages) -> None:
    """Work out `targets(*pages)` now and hand them to the background queue once the transaction commits."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    try:
        urls = targets(*pages)
    except Exception:  # a purge must never fail the change that asked for it
        logger.exception("Could not work out the URLs to purge for page %s", pages[0].pk)
        return
    if urls:
        # robust: an error while queueing is logged by Django, and the change (committed already) stands.
        transaction.on_commit(lambda: purge_urls_from_cache_task.using(backend="background").enqueue(urls), robust=True)


def connect() -> None:
    page_published.connect(purge_page, dispatch_uid="cdn_purge_on_publish")
    page_unpublished.connect(purge_page, dispatch_uid="cdn_purge_on_unpublish")
    page_slug_changed.connect(purge_old_address, dispatch_uid="cdn_purge_old_address")
    post_save.connect(purge_private_subtree, sender=PageViewRestriction, dispatch_uid="cdn_purge_private")
