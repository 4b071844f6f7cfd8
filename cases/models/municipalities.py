import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cases.places import Province, SizeClass


def fold_name(text: str) -> str:
    """A name as a search compares it: no accents, no case, hyphens and apostrophes as spaces
    ("Sint-Genesius-Rode", "sint genesius" and "SINT-GÉNÉSIUS" all fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[-'’‘`.]", " ", bare).split())


class MunicipalityQuerySet(models.QuerySet):
    def by_name(self, name: str) -> "Municipality | None":
        """Match on the Dutch name, ignoring case and surrounding spaces."""
        return self.filter(name_nl__iexact=(name or "").strip()).first()

    def matching(self, *, prefix: str = "", sizes=()) -> list["Municipality"]:
        """The municipalities whose Dutch, French or English name starts with `prefix` (compared folded, see
        `fold_name`) and whose size class is one of `sizes` (any when empty), in one query.

        Filtered in Python: 285 rows of reference data, and SQLite (the development database) has no unaccent.
        """
        wanted = fold_name(prefix)
        found = []
        for municipality in self:
            if sizes and municipality.size_class not in sizes:
                continue
            names = (municipality.name_nl, municipality.name_fr, municipality.name_en)
            if wanted and not any(fold_name(name).startswith(wanted) for name in names if name):
                continue
            found.append(municipality)
        return found


class Municipality(models.Model):
    """A Flemish municipality (after the 2025 mergers): reference data, keyed on its NIS code.

    A Belgian case links to one and inherits its province, population and coordinates
    unless the editor overrides them.
    """

    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100, db_index=True)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    population = models.PositiveIntegerField(_("inwoners"))
    population_year = models.PositiveSmallIntegerField(_("inwoners op 1 januari van"))
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name_nl

    @property
    def size_class(self) -> SizeClass | None:
        return SizeClass.for_population(self.population)

    def name_in(self, language: str) -> str:
        """The name in `language`; the Dutch one where the list has none."""
        return {"fr": self.name_fr, "en": self.name_en}.get(language) or self.name_nl


@dataclass(frozen=True)
class MunicipalityLoadResult:
    created: int
    updated: int


def municipalities_load(*, path: Path, model=Municipality) -> MunicipalityLoadResult:
    """Create or update municipalities from the Statbel-based CSV, by NIS code.

    `model` lets the data migration pass its historical model.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            province = Province.from_text(row["province_nl"])
            if province is None:
                raise ValueError(f"Unknown province {row['province_nl']!r} for {row['name_nl']}")
            _obj, was_created = model.objects.update_or_create(
                nis_code=row["nis_code"],
                defaults={
                    "name_nl": row["name_nl"],
                    "name_fr": row["name_fr"],
                    "name_en": row["name_en"],
                    "province": province.value,
                    # The newest count in the file: 1 January 2026.
                    "population": int(row["population_2026"]),
                    "population_year": 2026,
                    "lat": float(row["lat"]) if row["lat"] else None,
                    "lon": float(row["lon"]) if row["lon"] else None,
                },
            )
            created += was_created
            updated += not was_created
    return MunicipalityLoadResult(created=created, updated=updated)
