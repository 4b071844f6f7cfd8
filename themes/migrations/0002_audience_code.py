"""Audience.slug becomes Audience.code: one key name for themes and audiences (API 1.1).

wagtail-localize keeps a serialized copy of each translated audience (TranslationSource.content_json)
and rebuilds translations from it; a copy that still says `slug` would sync an empty code into every
translation, so the stored copies are renamed too.
"""

import json

from django.db import migrations, models


def rename_in_translation_sources(apps, schema_editor, old="slug", new="code"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    audience_type = ContentType.objects.filter(app_label="themes", model="audience").first()
    if audience_type is None:
        return
    for source in TranslationSource.objects.filter(specific_content_type=audience_type):
        content = json.loads(source.content_json)
        if old in content:
            content[new] = content.pop(old)
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


def rename_back(apps, schema_editor):
    rename_in_translation_sources(apps, schema_editor, old="code", new="slug")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("themes", "0001_initial"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="audience", name="unique_audience_slug_per_locale"),
        migrations.RenameField(model_name="audience", old_name="slug", new_name="code"),
        migrations.AddConstraint(
            model_name="audience",
            constraint=models.UniqueConstraint(fields=("code", "locale"), name="unique_audience_code_per_locale"),
        ),
        migrations.RunPython(rename_in_translation_sources, rename_back),
    ]
