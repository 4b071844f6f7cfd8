"""`import_cases`: load collected examples from one or more JSON files (PRODUCT.md, "Import format").

All files are read and checked first; only a clean set is written, in one transaction.
"""

from cases.importer.run import ImportReport, import_cases

__all__ = ["ImportReport", "import_cases"]
