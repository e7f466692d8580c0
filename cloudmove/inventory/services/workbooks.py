"""Use cases of the unit workbook: export it, import it (validated all or nothing, audited); its registration
as an import format (the command line, and the import flow's jobs from the upload page)."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core.imports import formats
from cloudmove.inventory.workbook.exporter import export_unit
from cloudmove.inventory.workbook.importer import WorkbookImport


def export(unit, target):
    return export_unit(unit, target)


def import_file(path, unit, user, dry_run=False, progress=None):
    """Returns the Report; writes only when every row of every sheet is valid and not a dry run."""
    return WorkbookImport(unit, user, progress=progress).run(path, dry_run=dry_run)


def _run_format(path, unit, user, dry_run=False, progress=None):
    return import_file(path, unit, user, dry_run=dry_run, progress=progress).as_dict()


def register():
    formats.register(formats.Format(
        'workbook', 'workbook', _('Unit survey workbook (.xlsx, or one sheet as .csv)'),
        'Validate and import a filled unit workbook (all or nothing).', _run_format, 'workbook', 'core.Unit',
        annotate=True))
