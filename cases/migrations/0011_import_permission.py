"""Eindredacteurs and Beheerders may import cases from a spreadsheet in the admin ("Voorbeelden importeren").

A permission rather than a group-name check, like home's migration 0005: a superuser can hand it to another group.
"""

from django.db import migrations

GROUPS = ["Eindredacteur", "Beheerder"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="cases", model="caseimportrecord")
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="import_cases",
        defaults={"name": "Can import cases from a spreadsheet"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_follow_ups"),
        ("home", "0003_locales_roles_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="caseimportrecord",
            options={
                "permissions": [("import_cases", "Can import cases from a spreadsheet")],
                "verbose_name": "importspoor",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
