import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def date_existing_rows(apps, schema_editor):
    """Rows kept before this migration: the case's last publication is the best known last change."""
    CatalogueEntry = apps.get_model("cases", "CatalogueEntry")
    Page = apps.get_model("wagtailcore", "Page")
    pages = Page.objects.filter(pk=OuterRef("page_id"))
    CatalogueEntry.objects.update(
        last_published_at=Subquery(pages.values("last_published_at")[:1]),
        url_path=Coalesce(Subquery(pages.values("url_path")[:1]), models.Value("")),
        changed_at=Coalesce(
            Subquery(pages.values("last_published_at")[:1]),
            Subquery(pages.values("first_published_at")[:1]),
            models.F("changed_at"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_catalogue_card"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueentry",
            name="last_published_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="catalogueentry",
            name="url_path",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="catalogueentry",
            name="changed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(date_existing_rows, migrations.RunPython.noop),
    ]
