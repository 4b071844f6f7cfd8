import csv
import io

from django.core.management import call_command

import pytest

from cases.models import Municipality
from tests.factories.cases import CasePageFactory


@pytest.mark.django_db
def test_reloading_the_csv_updates_by_nis_code_and_never_duplicates(tmp_path, settings):
    with open(settings.VITRINE_MUNICIPALITIES_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    aalst = next(row for row in rows if row["nis_code"] == "41002")
    aalst["population_2026"] = "95000"
    changed = tmp_path / "gemeenten.csv"
    with open(changed, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    out = io.StringIO()
    call_command("load_municipalities", str(changed), stdout=out)

    assert Municipality.objects.count() == 285
    assert Municipality.objects.get(nis_code="41002").population == 95_000
    assert "0 nieuw, 285 bijgewerkt" in out.getvalue()


@pytest.mark.django_db
def test_municipality_supplies_province_population_and_coordinates_unless_overridden():

    genk = Municipality.objects.get(name_nl="Genk")
    case = CasePageFactory(place="", province="", population=None, municipality=genk)
    assert (case.place, case.province, case.size_class) == ("Genk", "limburg", "50k-100k")
    assert (case.lat, case.lon) == (genk.lat, genk.lon)
    override = CasePageFactory(place="Winterslag", province="", population=8_000, municipality=genk)
    assert (override.place, override.size_class) == ("Winterslag", "lt10k")
