"""A content version that changes whenever what readers may see changes.

Caches of derived data (whole pages, API responses, theme labels, filter vocabularies, menus, private
paths) key their entries on it, so one bump invalidates them all at once.

The version is a row in PostgreSQL (home.models.ContentVersion), bumped with an UPDATE inside the
transaction of the publish, unpublish, move, delete, privacy or audience change itself. So every web
process sees the new content and the new version at the same moment, and a Redis outage can neither
swallow a bump nor, when Redis comes back, revive entries stored under an old version. Each bump also
writes a random token, and the version is number and token together: a number alone comes round again
(a bump that rolled back, a database restored from an older backup), a pair does not.

The row also holds the earliest expiry of a live page still to come. Once that moment passes the
version moves on by itself, so no cache outlives an expiry while `publish_scheduled` has not run yet.

Within a request the version is read once (one query); outside requests (commands, tests, workers)
every call reads the row afresh.

`held(name, build)` keeps small derived data (locales, private paths, menus, site root paths, the municipality
directory) in the web process under that version, so a request reads each of them without a cache round trip.
"""

import secrets
import threading
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import F, Min
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.signals import page_published, page_unpublished, post_page_move

ROW_ID = 1
_local = threading.local()
_held: dict[str, tuple] = {}
T = TypeVar("T")


def content_version() -> str:
    memo = getattr(_local, "version", None)
    if memo is not None:
        return memo
    version = _read_version()
    if getattr(_local, "in_request", False):
        _local.version = version
    return version


def held(name: str, build: Callable[[], T]) -> T:
    """`build()`, kept in this process while the content version stays the same; inside requests only.

    A reader's page asked the shared cache about ten times for data that changes only with the version (about a
    tenth of an uncached page, profiled). The version moves with every change of what readers may see and never
    names other content, so a copy held under it cannot lag; the database name is part of the key because tests
    switch databases within one process. Outside requests the version is read afresh on every call, so `build()`
    is simply called (with its own caching, if any), as before.
    """
    if not getattr(_local, "in_request", False):
        return build()
    version = (connection.settings_dict["NAME"], content_version())
    found = _held.get(name)
    if found is not None and found[0] == version:
        return found[1]
    value = build()
    _held[name] = (version, value)
    return value


def site_root_paths() -> list:
    """Wagtail's `Site.get_site_root_paths()`, held: every page URL starts from it, and Wagtail keeps it in the shared
    cache, a round trip per request and per page object asked outside one. Sites, locales and the home pages' slugs
    change only with a bump (a save of a Site or Locale, a publish or move)."""
    from wagtail.models import Site

    return held("site-root-paths", Site.get_site_root_paths)


def bump_content_version(**kwargs) -> None:
    """Move the version on; call it (or let the receivers below call it) in the changing transaction."""
    ContentVersion = _model()
    _local.version = None
    rows = ContentVersion.objects.filter(pk=ROW_ID)
    if not rows.update(version=F("version") + 1, token=new_version_token(), next_expiry=_next_expiry()):
        _create_row()
        rows.update(version=F("version") + 1, token=new_version_token())


def _read_version() -> str:
    ContentVersion = _model()
    # Plain SQL: every request pays this read, cache hits included, and building it through the ORM was
    # about a third of a page-cache hit's own time (profiled). The expiry is compared in the database, so
    # no datetime has to be converted back from SQLite's text.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(ContentVersion._meta.db_table)  # the model's own name, not input
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, token, next_expiry IS NOT NULL AND next_expiry <= %s FROM {table} WHERE id = %s",  # noqa: S608
            [now, ROW_ID],
        )
        row = cursor.fetchone()
    if row is None:
        _create_row()
        return _read_version()
    version, token, expired = row
    if expired:
        # Only one process moves the version on for this expiry (the first one's UPDATE sets the next expiry,
        # so the others' condition no longer holds); the others read its result.
        ContentVersion.objects.filter(pk=ROW_ID, next_expiry__lte=timezone.now()).update(
            version=F("version") + 1, token=new_version_token(), next_expiry=_next_expiry()
        )
        version, token = ContentVersion.objects.filter(pk=ROW_ID).values_list("version", "token").first()
    return f"{version}.{token}"


def _model():
    """By name: home.models imports the visibility rule, which keys its caches on this module."""
    return apps.get_model("home", "ContentVersion")


def new_version_token() -> str:
    return secrets.token_hex(8)


def _create_row() -> None:
    """The migration creates the row; a flushed test database or a restored dump may lack it."""
    ContentVersion = _model()
    ContentVersion.objects.bulk_create([ContentVersion(pk=ROW_ID, next_expiry=_next_expiry())], ignore_conflicts=True)


def _next_expiry():
    from wagtail.models import Page

    return Page.objects.filter(live=True, expire_at__gt=timezone.now()).aggregate(first=Min("expire_at"))["first"]


def _bump_on_delete(sender, instance, **kwargs) -> None:
    from wagtail.models import Page, PageViewRestriction

    if isinstance(instance, Page | PageViewRestriction):
        bump_content_version()


def _start_request(**kwargs) -> None:
    _local.version = None
    _local.in_request = True


def _end_request(**kwargs) -> None:
    _local.version = None
    _local.in_request = False


def connect() -> None:
    """Called from HomeConfig.ready(): the app that owns the version owns what bumps it."""
    from wagtail.models import Locale, PageViewRestriction, Site

    page_published.connect(bump_content_version, dispatch_uid="home_bump_on_publish")
    page_unpublished.connect(bump_content_version, dispatch_uid="home_bump_on_unpublish")
    post_page_move.connect(bump_content_version, dispatch_uid="home_bump_on_move")
    post_delete.connect(_bump_on_delete, dispatch_uid="home_bump_on_delete")
    # Making a page private (or changing its restriction) hides it: cached answers must not show it.
    post_save.connect(bump_content_version, sender=PageViewRestriction, dispatch_uid="home_bump_on_privacy")
    # Audience labels show on every card; a lazy sender, because home must not import themes.
    post_save.connect(bump_content_version, sender="themes.Audience", dispatch_uid="home_bump_on_audience")
    post_delete.connect(bump_content_version, sender="themes.Audience", dispatch_uid="home_bump_on_audience_delete")
    # Municipalities are listed by the API (municipalities/) and named in the reader's profile (its directory),
    # whether or not a case links to them.
    post_save.connect(bump_content_version, sender="cases.Municipality", dispatch_uid="home_bump_on_municipality")
    # Held in web processes under the version (`held`): a new hostname or language must reach them at once.
    for model in (Site, Locale):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"home_bump_on_{model.__name__}_save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"home_bump_on_{model.__name__}_delete")
    request_started.connect(_start_request, dispatch_uid="home_content_version_start")
    request_finished.connect(_end_request, dispatch_uid="home_content_version_end")
