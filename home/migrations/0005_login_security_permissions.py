"""Beheerders may see login lockouts and logs and lift lockouts (django-axes' records).

As permissions rather than a group-name check, so the admin's permission cache answers without a query
and a superuser can hand the right to another group.
"""

from django.db import migrations

GRANTS = ["view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Beheerder").first()
    if group is None:
        return
    for codename in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(app_label="axes", model=codename.split("_", 1)[1])
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_api_rich_text"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
