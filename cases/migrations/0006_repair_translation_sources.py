from django.db import migrations


class Migration(migrations.Migration):
    """Placeholder: filled in by the translation-source repair (issue 8, defect 2)."""

    dependencies = [
        ("cases", "0005_api_rich_text"),
    ]

    operations = []
