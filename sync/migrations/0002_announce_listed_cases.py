from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def announce_listed_cases(apps, schema_editor):
    """The cases visible when the log starts are its first entries (`published`, at their last change, oldest
    first), so a client can also build its copy from the feed alone, from the beginning."""
    CatalogueEntry = apps.get_model("cases", "CatalogueEntry")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    AnnouncedCase = apps.get_model("sync", "AnnouncedCase")
    Change = apps.get_model("sync", "Change")
    now = timezone.now()
    rows = list(
        CatalogueEntry.objects.filter(Q(expire_at=None) | Q(expire_at__gt=now))
        .order_by("changed_at", "page_id")
        .values_list("page_id", "locale_id", "changed_at", "expire_at")
    )
    slugs = dict(Page.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "slug"))
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    announced = [
        AnnouncedCase(page_id=pk, locale=languages[locale], slug=slugs[pk], changed_at=changed, expire_at=expire)
        for pk, locale, changed, expire in rows
    ]
    AnnouncedCase.objects.bulk_create(announced)
    Change.objects.bulk_create(
        Change(page_id=case.page_id, locale=case.locale, slug=case.slug, kind="published", at=case.changed_at)
        for case in announced
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0001_change_log"),
        ("cases", "0009_catalogue_changed_at"),
    ]

    operations = [migrations.RunPython(announce_listed_cases, migrations.RunPython.noop)]
