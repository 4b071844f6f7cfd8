"""Languages, editorial roles and the 'Eindredactie' workflow, so every install starts the same way.

Redacteur writes and submits; Eindredacteur reviews, publishes and translates; Beheerder may do everything.
The workflow hangs on the root page, so the case index and everything else inherit it.
"""

from django.db import migrations

LANGUAGES = ["nl", "en", "fr"]
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")
CONTENT_MODELS = [
    ("cases", "casepage"),
    ("themes", "themepage"),
    ("home", "standardpage"),
]
ROLES = {
    "Redacteur": {"page": ["add", "change", "lock"], "collection": ["add", "change", "choose"]},
    "Eindredacteur": {
        "page": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
        "collection": ["add", "change", "delete", "choose"],
    },
    "Beheerder": {
        "page": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
        "collection": ["add", "change", "delete", "choose"],
    },
}


def create_locales(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=codename.split("_", 1)[1])
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def create_roles(apps):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_content_type = ContentType.objects.get(app_label="wagtailcore", model="page")

    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for action in grants["page"]:
            perm = Permission.objects.get(content_type=page_content_type, codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in grants["collection"]:
                perm = permission(apps, app_label, f"{action}_{model}")
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
        if name in {"Eindredacteur", "Beheerder"}:
            for codename in ("submit_translation", "sync_translation"):
                perm = Permission.objects.filter(codename=codename).first()
                if perm is not None:
                    group.permissions.add(perm)
            for model in ("audience",):
                for action in ("add", "change", "delete"):
                    group.permissions.add(permission(apps, "themes", f"{action}_{model}"))
        if name == "Beheerder":
            for model in ("user", "group"):
                for action in ("add", "change", "delete"):
                    group.permissions.add(permission(apps, "auth", f"{action}_{model}"))
            for codename in ("add_locale", "change_locale", "delete_locale"):
                group.permissions.add(permission(apps, "wagtailcore", codename))
            for codename in ("add_workflow", "change_workflow", "add_task", "change_task"):
                group.permissions.add(permission(apps, "wagtailcore", codename))
            for codename in ("add_redirect", "change_redirect", "delete_redirect"):
                group.permissions.add(permission(apps, "wagtailredirects", codename))


def create_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    EditorialReviewTask = apps.get_model("home", "EditorialReviewTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task_type, _ = ContentType.objects.get_or_create(app_label="home", model="editorialreviewtask")
    task = EditorialReviewTask.objects.filter(name="Eindredactie").first()
    if task is None:
        task = EditorialReviewTask.objects.create(name="Eindredactie", content_type=task_type, active=True)
    task.groups.set(Group.objects.filter(name__in=["Eindredacteur", "Beheerder"]))
    workflow, _ = Workflow.objects.get_or_create(name="Eindredactie", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # Wagtail's own sample workflow and groups would compete with ours: every page, the case
    # index included, inherits "Eindredactie" from the root.
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    root_page = Page.objects.filter(depth=1).first()
    WorkflowPage.objects.filter(page=root_page).delete()
    WorkflowPage.objects.create(page=root_page, workflow=workflow)
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


def forwards(apps, schema_editor):
    create_locales(apps)
    create_roles(apps)
    create_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_editorial_review_task"),
        ("themes", "0001_initial"),
        ("cases", "0003_load_municipalities"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
