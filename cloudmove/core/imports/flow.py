"""One upload → check → preview → apply flow for every registered import format, as background jobs.

A page stores the upload (core.imports.uploads) and calls `start()`: a job checks the file as a dry run
and keeps the report on the job row; the result page shows it; `apply()` starts a second job that runs the
same file for real. The job knows the format and the target (a unit, a provider) by their registration,
so the unit workbook, the discovery exports and the price books share this code and its job kind.
"""

import json
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core.imports import formats, uploads
from cloudmove.core.imports.annotate import annotate
from cloudmove.core.imports.problems import Problem
from cloudmove.core.models import Job, Unit, User
from cloudmove.core.services import jobs

JOB_KIND = 'imports.run'


def refused(message):
    """A report in the importers' shape holding one file-level error."""
    return {'created': {}, 'updated': {}, 'unchanged': {}, 'removed': {}, 'warnings': [],
            'errors': [{'sheet': '', 'row': 0, 'column': '', 'value': None, 'message': str(message)}],
            'totals': {}, 'applied': False}


def run_file(fmt, path, target, user, dry_run=True, progress=None, **extra):
    """Run `fmt` on a stored file; a .zip of a format that reads a folder is unpacked into a temporary
    folder first (under the zip-bomb limits) and removed afterwards."""
    path = Path(path)
    if path.suffix.lower() != '.zip':
        return fmt.run(str(path), target, user, dry_run=dry_run, progress=progress, **extra)
    if fmt.zip_members is None:
        return refused(_('This kind of file is not read from a .zip archive.'))
    folder = tempfile.mkdtemp(prefix='cloudmove-import-')
    try:
        try:
            uploads.unpack_csv_zip(path, folder, keep=fmt.zip_members)
        except uploads.ZipRefused as exc:
            return refused(exc)
        return fmt.run(folder, target, user, dry_run=dry_run, progress=progress, **extra)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def target_of(job):
    fmt = formats.get((job.params or {}).get('format'))
    if fmt is None:
        return None
    return apps.get_model(fmt.target)._default_manager.filter(pk=job.params.get('target')).first()


def start(fmt, upload, target, user, title, extra=None, dry_run=True):
    """Queue the check (or, with dry_run False, the import) of a stored upload into `target`."""
    return jobs.enqueue(JOB_KIND, user=user, unit=target if isinstance(target, Unit) else None, title=title,
                        format=fmt.kind, upload=upload, target=target.pk, extra=extra or {}, dry_run=dry_run)


def can_apply(job):
    """A finished check with no error and something to change."""
    result = job.result or {}
    return (job.state == 'succeeded' and bool(result.get('dry_run')) and not result.get('errors')
            and has_changes(result))


def apply(job, user, title):
    """Queue the import of a checked upload; refused unless the check passed and found changes."""
    if not can_apply(job):
        raise PermissionDenied
    target = target_of(job)
    if target is None or uploads.upload_path(job.params['upload']) is None:  # applied once already
        raise PermissionDenied
    return start(formats.get(job.params['format']), job.params['upload'], target, user, title,
                 extra=job.params.get('extra'), dry_run=False)


def has_changes(result):
    return any(any((result.get(k) or {}).values()) for k in ('created', 'updated', 'removed'))


def jobs_of(family):
    """The import jobs of one family of formats (for a page's list of recent imports)."""
    return Job.objects.filter(kind=JOB_KIND, params__format__in=[f.kind for f in formats.of_family(family)])


def _writes_to(params):
    """An import (not a check) writes to its target: two into the same unit run one after the other."""
    fmt = formats.get(params.get('format'))
    if params.get('dry_run', True) or fmt is None:
        return None
    return fmt.lock(params) if fmt.lock else f"import:{fmt.target}:{params.get('target')}"


@jobs.task(JOB_KIND, gettext_lazy('Import a file'), exclusive=_writes_to)
def run_job(job, progress, format, upload, target, extra=None, dry_run=True):
    fmt = formats.get(format)
    if fmt is None:
        raise ValueError(f'unknown import format {format!r}')
    target_obj = apps.get_model(fmt.target)._default_manager.get(pk=target)
    path = uploads.upload_path(upload)
    if path is None:
        raise FileNotFoundError('the uploaded file is no longer available')
    user = User.objects.filter(pk=job.created_by_id).first()
    result = dict(run_file(fmt, path, target_obj, user, dry_run=dry_run, progress=progress, **(extra or {})))
    if fmt.annotate and result['errors'] and path.suffix == '.xlsx':
        try:  # the workbook handed back with the bad cells marked; the report lists them anyway
            annotate(path, str(uploads.annotated_path(upload)), [Problem(**e) for e in result['errors']])
            result['annotated'] = True
        except Exception:
            result['annotated'] = False
    if not dry_run and result.get('applied'):
        path.unlink(missing_ok=True)  # applied: the file is not needed again
    result.update(upload=upload, format=format, kind=format, dry_run=dry_run)
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder))  # dates as ISO text on the job row
