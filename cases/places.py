"""Where a case happened: provinces, size classes and the rules that derive them.

Kept apart from the page models because the importer, the API filters and the reader
site all need these vocabularies without touching the page tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    ANTWERPEN = "antwerpen", _("Antwerpen")
    LIMBURG = "limburg", _("Limburg")
    OOST_VLAANDEREN = "oost-vlaanderen", _("Oost-Vlaanderen")
    VLAAMS_BRABANT = "vlaams-brabant", _("Vlaams-Brabant")
    WEST_VLAANDEREN = "west-vlaanderen", _("West-Vlaanderen")
    BRUSSEL = "brussel", _("Brussels Hoofdstedelijk Gewest")
    HENEGOUWEN = "henegouwen", _("Henegouwen")
    LUIK = "luik", _("Luik")
    LUXEMBURG = "luxemburg", _("Luxemburg")
    NAMEN = "namen", _("Namen")
    WAALS_BRABANT = "waals-brabant", _("Waals-Brabant")

    @classmethod
    def from_text(cls, text: str) -> "Province | None":
        """Accept a code ('oost-vlaanderen') or the Dutch name ('Oost-Vlaanderen'), any case."""
        wanted = (text or "").strip().lower()
        for province in cls:
            if wanted in {province.value, str(province.label).lower()}:
                return province
        return None


class SizeClass(models.TextChoices):
    """Inhabitants of the municipality; lower bounds are inclusive (10 000 is 10k-25k)."""

    LT10K = "lt10k", _("minder dan 10 000 inwoners")
    K10_25 = "10k-25k", _("10 000 – 25 000 inwoners")
    K25_50 = "25k-50k", _("25 000 – 50 000 inwoners")
    K50_100 = "50k-100k", _("50 000 – 100 000 inwoners")
    GT100K = "gt100k", _("meer dan 100 000 inwoners")

    @classmethod
    def for_population(cls, population: int | None) -> "SizeClass | None":
        if population is None:
            return None
        for upper_bound, size_class in SIZE_CLASS_UPPER_BOUNDS:
            if population < upper_bound:
                return size_class
        return cls.GT100K


SIZE_CLASS_UPPER_BOUNDS = [
    (10_000, SizeClass.LT10K),
    (25_000, SizeClass.K10_25),
    (50_000, SizeClass.K25_50),
    (100_000, SizeClass.K50_100),
]


class CaseStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PILOT = "pilot", _("Proefproject")
    RUNNING = "running", _("Loopt")
    COMPLETED = "completed", _("Afgerond")
