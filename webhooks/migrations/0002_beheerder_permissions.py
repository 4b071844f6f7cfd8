"""Beheerders manage webhook subscriptions and may look at deliveries and attempts (never change them).

As permissions rather than a group-name check, like home's migration 0005: a superuser can hand them to another
group, and the admin's permission cache answers without a query.
"""

from django.db import migrations

GRANTS = {
    "subscription": ["add", "change", "delete", "view"],
    "delivery": ["view"],
    "attempt": ["view"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Beheerder").first()
    if group is None:
        return
    for model, actions in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="webhooks", model=model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_subscriptions_deliveries_attempts"),
        ("home", "0005_login_security_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
