from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseImportRecord(models.Model):
    """What the last import wrote for a case, so a re-import of the same data changes nothing."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("importspoor")
        # The admin's "Voorbeelden importeren" (spreadsheet upload): Eindredacteurs and Beheerders (migration 0010).
        permissions = [("import_cases", "Can import cases from a spreadsheet")]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.fingerprint[:12]}"
