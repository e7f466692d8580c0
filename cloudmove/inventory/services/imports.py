"""Discovery imports from the UI: an uploaded RVTools / Azure Migrate / performance export (or whatever
importer is registered in the `cloudmove import` command) is checked as a dry run in a background job,
then applied by a second job.

Uploads are kept by the survey workbook helpers (store_upload / upload_path). A .zip upload is a folder
of RVTools_tab*.csv files: it is unpacked, under the same zip-bomb limits as the workbook reader, into a
temporary folder that is handed to the importer and removed afterwards.
"""

import importlib
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core.models import Unit, User
from cloudmove.core.services import jobs
from cloudmove.inventory.services.workbooks import store_upload, upload_path
from cloudmove.inventory.workbook import reader

JOB_KIND = 'inventory.discovery_import'
MAX_ZIP_MEMBERS = 200
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


class ZipRefused(Exception):
    pass


def importers():
    """The registry of the `cloudmove import` command (kind -> importer), read at call time."""
    return importlib.import_module('cloudmove.inventory.management.commands.import').IMPORTERS


def kinds():
    """[(kind, label)] of every registered importer."""
    return [(kind, LABELS.get(kind, kind)) for kind in importers()]


def store(uploaded):
    """Keep the upload (workbook helper); a .zip keeps its suffix so the job knows to unpack it."""
    name = store_upload(uploaded)
    if uploaded.name.lower().endswith('.zip'):
        path = upload_path(name)
        zipped = path.with_suffix('.zip')
        path.rename(zipped)
        name = zipped.name
    return name


def _bomb():
    return _('The archive expands to far more data than its size allows; it was refused as unsafe.')


def unpack_csv_zip(path, target):
    """Extract the RVTools_tab*.csv members of a zip into `target` (flat, names only); refuse a zip bomb."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ZipRefused(_('This is not a readable .zip archive.'))
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if (len(infos) > MAX_ZIP_MEMBERS or total > reader.MAX_UNCOMPRESSED
                or total / packed > reader.MAX_EXPANSION_RATIO):
            raise ZipRefused(_bomb())
        budget = min(reader.MAX_UNCOMPRESSED, reader.limit_bytes())
        written = 0
        for info in infos:
            name = Path(info.filename.replace('\\', '/')).name  # never a path from inside the archive
            if not (name.lower().startswith(CSV_PREFIX) and name.lower().endswith('.csv')):
                continue
            try:
                with archive.open(info) as src, open(Path(target) / name, 'wb') as dst:
                    while chunk := src.read(1024 * 1024):
                        written += len(chunk)
                        if written > budget:  # the declared sizes may lie
                            raise ZipRefused(_bomb())
                        dst.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise ZipRefused(_('This is not a readable .zip archive.'))


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
