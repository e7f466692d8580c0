"""Use cases of the unit workbook: export it, import it (validated all or nothing, audited), as
commands or as background jobs started from the upload page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core.imports.annotate import annotate
from cloudmove.core.imports.problems import Problem
from cloudmove.core.imports.uploads import annotated_path, store_upload, upload_path  # noqa: F401 (used as workbooks.X)
from cloudmove.core.models import Unit, User
from cloudmove.core.services import jobs
from cloudmove.inventory.workbook.exporter import export_unit
from cloudmove.inventory.workbook.importer import WorkbookImport


def export(unit, target):
    return export_unit(unit, target)


def import_file(path, unit, user, dry_run=False, progress=None):
    """Returns the Report; writes only when every row of every sheet is valid and not a dry run."""
    return WorkbookImport(unit, user, progress=progress).run(path, dry_run=dry_run)


@jobs.task('inventory.workbook_import', _('Import a unit workbook'))
def run_import_job(job, progress, upload, unit_id, dry_run=True):
    unit = Unit.objects.get(pk=unit_id)
    path = upload_path(upload)
    if path is None:
        raise FileNotFoundError('the uploaded file is no longer available')
    user = User.objects.filter(pk=job.created_by_id).first()
    report = import_file(path, unit, user, dry_run=dry_run, progress=progress)
    result = report.as_dict()
    result['upload'] = upload
    result['dry_run'] = dry_run
    if report.problems and path.suffix == '.xlsx':
        try:
            annotate(path, str(annotated_path(upload)), report.problems)
            result['annotated'] = True
        except Exception:  # the report itself still lists every problem
            result['annotated'] = False
    return result


def problems_of(result):
    return [Problem(**e) for e in result.get('errors', [])]
