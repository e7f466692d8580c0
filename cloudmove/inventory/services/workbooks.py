"""Use cases of the unit workbook: export it, import it (validated all or nothing, audited)."""

from cloudmove.inventory.workbook.exporter import export_unit
from cloudmove.inventory.workbook.importer import WorkbookImport


def export(unit, target):
    return export_unit(unit, target)


def import_file(path, unit, user, dry_run=False, progress=None):
    """Returns the Report; writes only when every row of every sheet is valid and not a dry run."""
    return WorkbookImport(unit, user, progress=progress).run(path, dry_run=dry_run)
