"""The database job queue: enqueue, claim, run with progress, cancel. Works on SQLite and PostgreSQL.

A job kind is a function registered with @task('kind'); it receives the Job, a `progress`
callable and the job's params, and returns a JSON-able result. Changes it makes are audited
with source 'job', attributed to the user who started it.
"""

import logging
import os
import socket
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditSource, JobState
from cloudmove.core.models import Job

log = logging.getLogger(__name__)
TASKS = {}
TITLES = {}


WAITING = gettext_lazy('Waiting: another job is writing to the same place.')


class Cancelled(Exception):
    pass


# kind -> function(params) giving the key of what the job writes to (None: it may run beside anything);
# two running jobs never share a key: the later one waits in the queue until the first has finished.
EXCLUSIVE = {}


def task(kind, title=None, exclusive=None):
    def decorator(fn):
        TASKS[kind] = fn
        TITLES[kind] = title or kind
        if exclusive is not None:
            EXCLUSIVE[kind] = exclusive
        return fn

    return decorator


def _key(kind, params):
    fn = EXCLUSIVE.get(kind)
    return fn(params or {}) if fn else None


def _holders(key, exclude=None):
    """Running jobs holding `key` (few run at once: read in Python)."""
    running = Job.objects.filter(state=JobState.RUNNING, kind__in=list(EXCLUSIVE)).exclude(pk=exclude)
    return [pk for pk, kind, params in running.values_list('pk', 'kind', 'params') if _key(kind, params) == key]


# Functions the worker calls on a schedule (health probes): name -> (seconds between calls, function(now)).
# Each must claim its own work in the database, so several workers never do the same piece twice.
PERIODIC = {}


def periodic(name, seconds):
    def decorator(fn):
        PERIODIC[name] = (seconds, fn)
        return fn

    return decorator


def run_periodic(last, now=None):
    """Call the periodic functions that are due (`last`: name -> monotonic time of the previous call,
    kept by the caller); a failing one is logged and never stops the worker. Returns how many ran."""
    now = time.monotonic() if now is None else now
    ran = 0
    for name, (seconds, fn) in PERIODIC.items():
        if now - last.get(name, float('-inf')) < seconds:
            continue
        last[name] = now
        try:
            with audit.context(AuditSource.JOB, request_id=f'periodic-{name}'):
                fn(timezone.now())
        except Exception:  # recorded, never fatal: the next round tries again
            log.exception('periodic task %s failed', name)
        ran += 1
    return ran


def enqueue(kind, *, user=None, unit=None, title=None, **params):
    if kind not in TASKS:
        raise ValueError(f'unknown job kind {kind!r}')
    return Job.objects.create(kind=kind, title=str(title or TITLES[kind]), params=params, created_by=user, unit=unit)


class Progress:
    """Throttled progress writes; also notices a cancel request."""

    def __init__(self, job, interval=0.5, echo=None):
        self.job, self.interval, self.echo = job, interval, echo
        self._last = 0.0
        self._depth = len(connection.atomic_blocks)

    def __call__(self, done, total=None, message=None):
        job = self.job
        job.progress_done = done
        if total is not None:
            job.progress_total = total
        new_step = message is not None and str(message)[:500] != job.message
        if message is not None:
            job.message = str(message)[:500]
        if self.echo:
            self.echo(done, total, message)
        now = time.monotonic()
        finished = job.progress_total and done >= job.progress_total
        # Inside a transaction the task opened, the row would stay invisible (and lock SQLite): write later.
        # A new step is shown at once; counts within a step at most every `interval` seconds.
        if len(connection.atomic_blocks) > self._depth or (now - self._last < self.interval and not finished
                                                           and not new_step):
            return
        self._last = now
        Job.objects.filter(pk=job.pk).update(
            progress_done=job.progress_done, progress_total=job.progress_total, message=job.message,
            heartbeat_at=timezone.now(),
        )
        if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
            raise Cancelled()


def worker_name():
    return f'{socket.gethostname()}:{os.getpid()}'


def claim_next(name=None):
    """Atomically move the oldest queued job to running; None when the queue is empty. A job whose key a
    running job holds is left waiting (with a message saying so)."""
    name = name or worker_name()
    queued = Job.objects.filter(state=JobState.QUEUED).order_by('created_at', 'id')
    for pk, kind, params in list(queued.values_list('pk', 'kind', 'params')[:20]):
        key = _key(kind, params)
        if key is not None and _holders(key):
            Job.objects.filter(pk=pk, state=JobState.QUEUED).exclude(message=str(WAITING)).update(
                message=str(WAITING))
            continue
        now = timezone.now()
        claimed = Job.objects.filter(pk=pk, state=JobState.QUEUED).update(
            state=JobState.RUNNING, started_at=now, heartbeat_at=now, worker=name[:120], attempts=F('attempts') + 1,
            message='')
        if not claimed:
            continue
        if key is not None and any(other < pk for other in _holders(key, exclude=pk)):
            # another worker took an earlier job with the same key at the same moment: this one waits
            Job.objects.filter(pk=pk).update(state=JobState.QUEUED, started_at=None, worker='',
                                             attempts=F('attempts') - 1, message=str(WAITING))
            continue
        return Job.objects.select_related('created_by', 'unit').get(pk=pk)
    return None


def run_job(job, echo=None):
    fn = TASKS.get(job.kind)
    progress = Progress(job, echo=echo)
    state, result, error = JobState.SUCCEEDED, None, ''
    try:
        if fn is None:
            raise ValueError(f'unknown job kind {job.kind!r}')
        with audit.context(AuditSource.JOB, user=job.created_by, request_id=f'job-{job.pk}'):
            result = fn(job=job, progress=progress, **(job.params or {}))
    except Cancelled:
        state, error = JobState.CANCELLED, ''
    except Exception as exc:  # a failed job is recorded, never crashes the worker
        state, error = JobState.FAILED, f'{exc}\n\n{traceback.format_exc()[-4000:]}'
    Job.objects.filter(pk=job.pk).update(
        state=state, result=result, error=error, finished_at=timezone.now(), heartbeat_at=timezone.now(),
        progress_done=job.progress_done, progress_total=job.progress_total, message=job.message,
    )
    job.refresh_from_db()
    return job


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def recover_stale(minutes=None):
    """Mark as failed the running jobs whose worker is gone: on this machine, a worker process that no
    longer exists (killed mid-job: its transaction was rolled back, nothing of the job is kept); anywhere,
    a worker that stopped sending heartbeats. Returns how many."""
    minutes = minutes or settings.CLOUDMOVE_JOB_STALE_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    running = Job.objects.filter(state=JobState.RUNNING)
    host = socket.gethostname()
    gone = []
    for pk, worker in running.filter(worker__startswith=f'{host}:').values_list('pk', 'worker'):
        pid = worker.rsplit(':', 1)[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            gone.append(pk)
    now = timezone.now()
    count = running.filter(pk__in=gone).update(
        state=JobState.FAILED, finished_at=now,
        error=_('The worker stopped while running this job (its process ended).'))
    return count + running.filter(heartbeat_at__lt=cutoff).update(
        state=JobState.FAILED, finished_at=now, error=_('The worker stopped while running this job.'))


@periodic('core.recover-stale-jobs', seconds=60)
def _recover_round(now):
    recover_stale()


def run_pending(limit=None, name=None):
    """Run queued jobs until the queue is empty (or `limit` jobs ran). Returns how many ran."""
    count = 0
    while limit is None or count < limit:
        job = claim_next(name)
        if job is None:
            break
        run_job(job)
        count += 1
    return count


def work(burst=False, poll=None, stop=lambda: False, on_job=None):
    poll = settings.CLOUDMOVE_WORKER_POLL_SECONDS if poll is None else poll
    recover_stale()
    name = worker_name()
    last_periodic = {}
    while not stop():
        if not connection.in_atomic_block:  # a long-lived worker drops stale connections between jobs
            close_old_connections()
        run_periodic(last_periodic)
        job = claim_next(name)
        if job is None:
            if burst:
                return
            time.sleep(poll)
            continue
        job = run_job(job)
        if on_job:
            on_job(job)


@transaction.atomic
def cancel(user, job):
    if not scoping.allowed(user, job, scoping.CHANGE):
        raise PermissionDenied(_('You cannot cancel this job.'))
    if job.state == JobState.QUEUED:
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.CANCELLED, finished_at=timezone.now(), cancel_requested=True)
    elif job.state == JobState.RUNNING:
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- core job kinds

@task('audit.verify', gettext_lazy('Verify the audit trail'))
def verify_audit_trail(job, progress):
    checked, broken = audit.verify(progress=lambda done, total: progress(done, total))
    return {'checked': checked, 'ok': broken is None,
            'first_bad_seq': broken.seq if broken else None, 'reason': broken.reason if broken else ''}
