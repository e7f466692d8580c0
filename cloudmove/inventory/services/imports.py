"""Discovery imports from the UI: an uploaded RVTools / Azure Migrate / performance export (or whatever
importer is registered in the `cloudmove import` command) is checked as a dry run in a background job,
then applied by a second job.

Uploads are kept by core.imports.uploads. A .zip upload is a folder
of RVTools_tab*.csv files: it is unpacked, under the same zip-bomb limits as the workbook reader, into a
temporary folder that is handed to the importer and removed afterwards.
"""

import importlib
import shutil
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core.imports import uploads
from cloudmove.core.imports.uploads import ZipRefused, upload_path
from cloudmove.core.models import Unit, User
from cloudmove.core.services import jobs

JOB_KIND = 'inventory.discovery_import'
CSV_PREFIX = 'rvtools_tab'
LABELS = {
    'rvtools': gettext_lazy('RVTools export (.xlsx, or a .zip of RVTools_tab*.csv files)'),
    'azure-csv': gettext_lazy('Azure Migrate CSV import template'),
    'aws-csv': gettext_lazy('AWS Application Discovery Service import template'),
    'google-csv': gettext_lazy('Google Migration Center CSV'),
    'perf': gettext_lazy('Performance samples (timestamp, machine, metric, value)'),
}


# Short names for job titles and headings.
NAMES = {
    'rvtools': 'RVTools',
    'azure-csv': 'Azure Migrate',
    'aws-csv': 'AWS Application Discovery Service',
    'google-csv': 'Google Migration Center',
    'perf': gettext_lazy('performance samples'),
}


def name_of(kind):
    return str(NAMES.get(kind, kind))


def importers():
    """The registry of the `cloudmove import` command (kind -> importer), read at call time."""
    return importlib.import_module('cloudmove.inventory.management.commands.import').IMPORTERS


def kinds():
    """[(kind, label)] of every registered importer."""
    return [(kind, LABELS.get(kind, kind)) for kind in importers()]


def unpack_csv_zip(path, target):
    """The RVTools_tab*.csv members of a zip, unpacked under the upload limits."""
    uploads.unpack_csv_zip(path, target, keep=lambda name: name.lower().startswith(CSV_PREFIX)
                           and name.lower().endswith('.csv'))


def refused(message):
    """A report in the importers' shape holding one file-level error."""
    return {'created': {}, 'updated': {}, 'unchanged': {}, 'warnings': [],
            'errors': [{'sheet': '', 'row': 0, 'column': '', 'value': None, 'message': str(message)}],
            'totals': {}, 'applied': False}


def run_import(kind, path, unit, user, dry_run=True, progress=None):
    """Run the registered importer on an upload; a .zip is unpacked into a temporary folder first."""
    importer = importers().get(kind)
    if importer is None:
        return refused(_('Unknown import kind: %(kind)s') % {'kind': kind})
    path = Path(path)
    if path.suffix.lower() != '.zip':
        return importer(str(path), unit, user, dry_run=dry_run, progress=progress)
    folder = tempfile.mkdtemp(prefix='cloudmove-import-')
    try:
        try:
            unpack_csv_zip(path, folder)
        except ZipRefused as exc:
            return refused(exc)
        return importer(folder, unit, user, dry_run=dry_run, progress=progress)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@jobs.task(JOB_KIND, gettext_lazy('Import a discovery export'))
def run_import_job(job, progress, upload, unit_id, source, dry_run=True):
    unit = Unit.objects.get(pk=unit_id)
    path = upload_path(upload)
    if path is None:
        raise FileNotFoundError('the uploaded file is no longer available')
    user = User.objects.filter(pk=job.created_by_id).first()
    result = dict(run_import(source, path, unit, user, dry_run=dry_run, progress=progress))
    result.update(upload=upload, kind=source, dry_run=dry_run)
    return result
