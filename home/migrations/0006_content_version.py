"""The content version moves from Redis into the database (home/caching.py), with its one row."""

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def create_row(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentVersion = apps.get_model("home", "ContentVersion")
    next_expiry = Page.objects.filter(live=True, expire_at__gt=timezone.now()).aggregate(first=Min("expire_at"))
    ContentVersion.objects.get_or_create(pk=1, defaults={"next_expiry": next_expiry["first"]})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_login_security_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=1)),
                ("next_expiry", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "inhoudsversie"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
