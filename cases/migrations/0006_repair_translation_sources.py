"""Give every case's wagtail-localize source the Dutch page again (issue 8, defect 2).

Before this fix `import_cases` registered, as the source of a Dutch case, the page object it had
just filled with a translation's texts: the source of a translated case held the French (or
English) texts and the translation memory had no translation of the Dutch strings, so publishing
from the translation editor overwrote the English page with French. This migration rebuilds each
Dutch case source from the Dutch page as stored and restores each translation's memory from the
translated page as it is now (strings a translator already saved are kept).

Historical models cannot do this: building a source needs wagtail-localize's segment extraction
and the real StreamField blocks. So the repair uses the real models, through
`home.translations.translation_source_repair`. That is safe only when the database schema matches
the code, i.e. when no other migration is still pending; otherwise the repair waits until
`migrate` has applied them all (post_migrate). An empty database has no sources: nothing runs.
Running it again changes nothing.
"""

import sys

from django.db import connections, migrations, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate

THIS_MIGRATION = ("cases", "0006_repair_translation_sources")
SOURCE_LOCALE = "nl"


def repair_translation_sources(apps, schema_editor) -> None:
    source_model = apps.get_model("wagtail_localize", "TranslationSource")
    case_sources = source_model.objects.filter(
        specific_content_type__app_label="cases",
        specific_content_type__model="casepage",
        locale__language_code=SOURCE_LOCALE,
    )
    if not case_sources.exists():
        return
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    if _pending_migrations(using):
        post_migrate.connect(_repair_after_migrate, weak=False, dispatch_uid=THIS_MIGRATION)
        return
    repair_with_current_models()


def _pending_migrations(using: str) -> set[tuple[str, str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return set(loader.graph.nodes) - set(loader.applied_migrations) - {THIS_MIGRATION}


def _repair_after_migrate(sender, using="default", **kwargs) -> None:
    post_migrate.disconnect(dispatch_uid=THIS_MIGRATION)
    if _pending_migrations(using):
        sys.stderr.write(
            "cases 0006: de vertaalbronnen van de voorbeelden zijn nog niet hersteld, want er staan nog migraties "
            "open. Herstel ze na de volgende volledige 'manage.py migrate' met:\n"
            '  python manage.py shell -c "import importlib; importlib.import_module('
            "'cases.migrations.0006_repair_translation_sources').repair_with_current_models()\"\n"
        )
        return
    with transaction.atomic(using=using):
        repair_with_current_models()


def repair_with_current_models() -> None:
    """The repair itself; needs a database whose schema matches the code."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail_localize.models import TranslationSource

    from cases.models import CasePage
    from home.translations import translation_source_repair

    sources = TranslationSource.objects.filter(
        specific_content_type=ContentType.objects.get_for_model(CasePage), locale__language_code=SOURCE_LOCALE
    )
    for source in sources.order_by("pk"):
        translation_source_repair(source=source)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_api_rich_text"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(repair_translation_sources, migrations.RunPython.noop, elidable=False)]
