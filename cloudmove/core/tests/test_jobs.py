"""The database job queue: enqueue, worker, progress, results, failure, cancel, scoping."""

from django.core.management import call_command
from django.urls import reverse

from cloudmove.core.choices import JobState
from cloudmove.core.models import Job, Unit
from cloudmove.core.services import jobs


@jobs.task('test.count')
def count_units(job, progress, steps=5):
    for i in range(steps):
        progress(i + 1, steps, f'step {i + 1}')
    return {'units': Unit.objects.count()}


@jobs.task('test.boom')
def boom(job, progress):
    raise RuntimeError('disk on fire')


@jobs.task('test.rename')
def rename(job, progress, code, name):
    unit = Unit.objects.get(code=code)
    unit.name_en = name
    unit.save()
    return {'ok': True}


def test_job_runs_with_progress_and_result(users, tree):
    job = jobs.enqueue('test.count', user=users['admin'], steps=4)
    assert job.state == JobState.QUEUED
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result == {'units': 4}
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.started_at and job.finished_at and job.worker


def test_failure_is_recorded_not_raised(users):
    job = jobs.enqueue('test.boom', user=users['admin'])
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and 'disk on fire' in job.error


def test_changes_made_by_jobs_are_audited_as_job(users, tree):
    from cloudmove.core.models import AuditRecord

    job = jobs.enqueue('test.rename', user=users['officer_a'], code='DEP-A', name='Dept A renamed')
    jobs.run_pending()
    record = AuditRecord.objects.filter(object_type='core.unit', action='update').latest('seq')
    assert (record.source, record.username, record.request_id) == ('job', 'officer_a', f'job-{job.pk}')


def test_claim_is_exclusive(users):
    jobs.enqueue('test.count', user=users['admin'])
    first = jobs.claim_next('w1')
    assert first is not None and jobs.claim_next('w2') is None


def test_cancel_queued_and_running(users, api):
    queued = jobs.enqueue('test.count', user=users['officer_a'])
    response = api['officer_a'].post(f'/api/jobs/{queued.pk}/cancel/')
    assert response.status_code == 200 and response.json()['state'] == 'cancelled'
    running = jobs.enqueue('test.count', user=users['officer_a'], steps=3)
    claimed = jobs.claim_next('w')
    jobs.cancel(users['officer_a'], claimed)
    result = jobs.run_job(claimed)
    assert result.state == JobState.CANCELLED and running.pk == claimed.pk


def test_worker_command_runs_the_queue(users):
    job = jobs.enqueue('audit.verify', user=users['auditor'])
    call_command('worker', '--burst')
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result['ok'] is True and job.result['checked'] > 0


def test_jobs_are_visible_to_their_owner_and_unit_only(users, api, tree):
    mine = jobs.enqueue('test.count', user=users['officer_a'], unit=tree['a'])
    other = jobs.enqueue('test.count', user=users['officer_b'], unit=tree['b'])
    ids = {j['id'] for j in api['officer_a'].get('/api/jobs/').json()['results']}
    assert mine.pk in ids and other.pk not in ids
    assert api['officer_a'].get(f'/api/jobs/{other.pk}/').status_code == 404
    assert api['officer_a'].post(f'/api/jobs/{other.pk}/cancel/').status_code == 404
    assert {j['id'] for j in api['admin'].get('/api/jobs/').json()['results']} >= {mine.pk, other.pk}


def test_job_page_shows_progress(web, users):
    job = jobs.enqueue('test.count', user=users['admin'], steps=2)
    client = web('admin')
    page = client.get(reverse('core:job_detail', args=[job.pk])).content.decode()
    assert 'hx-get' in page and 'data-state="queued"' in page
    jobs.run_pending()
    fragment = client.get(reverse('core:job_progress', args=[job.pk])).content.decode()
    assert 'data-state="succeeded"' in fragment and 'hx-get' not in fragment and '100%' in fragment


def test_audit_verify_button_starts_a_job(web, users):
    client = web('auditor')
    response = client.post(reverse('core:audit_verify'))
    job = Job.objects.get(kind='audit.verify')
    assert response.status_code == 302 and response['Location'] == reverse('core:job_detail', args=[job.pk])
    assert web('officer_a').post(reverse('core:audit_verify')).status_code == 403


def test_stale_running_jobs_are_failed(users):
    from datetime import timedelta

    from django.utils import timezone

    job = jobs.enqueue('test.count', user=users['admin'])
    jobs.claim_next('dead-worker')
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs.recover_stale(minutes=10) == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED


@jobs.task('test.exclusive', exclusive=lambda params: params.get('place'))
def exclusive(job, progress, place):
    return {'place': place}


def test_two_jobs_writing_to_the_same_unit_run_one_after_the_other(users, tree):
    from cloudmove.core.imports.flow import _writes_to

    first = jobs.enqueue('test.exclusive', user=users['admin'], place='DEP-A')
    second = jobs.enqueue('test.exclusive', user=users['admin'], place='DEP-A')
    other = jobs.enqueue('test.exclusive', user=users['admin'], place='DEP-B')
    assert jobs.claim_next('worker-1').pk == first.pk
    # a second worker skips the job that would write to DEP-A beside the first, and takes DEP-B's
    assert jobs.claim_next('worker-2').pk == other.pk
    second.refresh_from_db()
    assert second.state == JobState.QUEUED and second.message.startswith(('Waiting', 'Đang chờ'))
    assert jobs.claim_next('worker-3') is None
    jobs.run_job(Job.objects.get(pk=first.pk))
    assert jobs.claim_next('worker-3').pk == second.pk   # its turn once the first has finished

    # two workers that took both at the same moment: the later job goes back to wait
    a = jobs.enqueue('test.exclusive', user=users['admin'], place='DEP-A1')
    b = jobs.enqueue('test.exclusive', user=users['admin'], place='DEP-A1')
    Job.objects.filter(pk=a.pk).update(state=JobState.RUNNING)
    Job.objects.filter(pk=b.pk).update(state=JobState.RUNNING)
    Job.objects.filter(pk=b.pk).update(state=JobState.QUEUED)
    assert jobs.claim_next('worker-4') is None and Job.objects.get(pk=b.pk).state == JobState.QUEUED

    # imports (not checks) into one unit share a key; checks and other units do not
    assert _writes_to({'format': 'rvtools', 'target': 7, 'dry_run': False}) == 'import:core.Unit:7'
    assert _writes_to({'format': 'workbook', 'target': 7, 'dry_run': False}) == 'import:core.Unit:7'
    assert _writes_to({'format': 'rvtools', 'target': 7, 'dry_run': True}) is None
    assert _writes_to({'format': 'rvtools', 'target': 8, 'dry_run': False}) != 'import:core.Unit:7'
    # imports into one list run one after the other, whoever uploads them (their rows span units)
    into = {'format': 'objects', 'dry_run': False, 'extra': {'model': 'inventory.virtualmachine'}}
    assert _writes_to({**into, 'target': 1}) == _writes_to({**into, 'target': 2}) is not None
    assert _writes_to({**into, 'extra': {'model': 'inventory.site'}}) != _writes_to(into)
