from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "flemish_municipalities.csv"


def load(apps, schema_editor):
    from cases.models.municipalities import municipalities_load

    municipalities_load(path=CSV, model=apps.get_model("cases", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
