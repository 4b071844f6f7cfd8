from .catalogue import CatalogueEntry, CatalogueText
from .imports import CaseImportRecord
from .municipalities import Municipality
from .pages import CaseAudience, CaseIndexPage, CasePage, CaseTheme

__all__ = [
    "CaseAudience",
    "CaseImportRecord",
    "CaseIndexPage",
    "CasePage",
    "CaseTheme",
    "CatalogueEntry",
    "CatalogueText",
    "Municipality",
]
