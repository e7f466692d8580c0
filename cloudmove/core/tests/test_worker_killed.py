"""A worker killed (SIGKILL) in the middle of an import: nothing of the import is in the database, and the
next worker to start marks the job failed with its reason at once (its process is gone), so it is neither
left running nor run twice."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

SETUP = '''
import json
from cloudmove.core.imports import flow, formats, uploads
from cloudmove.core.models import Unit, UnitKind, User
from cloudmove.inventory.services.rvtools_generate import generate_rvtools
kind = UnitKind.objects.create(code='province', name_vi='Tỉnh', name_en='Province', level=1)
unit = Unit.objects.create(code='SO-A', name_vi='Sở A', kind=kind)
admin = User.objects.create_user('quantri', password='Killed-Worker-2026!', role='admin')
name = 'rvtools-lon.xlsx'
generate_rvtools(uploads.upload_dir() / name, vms=12000, seed=3)
job = flow.start(formats.get('rvtools'), name, unit, admin, 'RVTools', dry_run=False)
print(json.dumps({'job': job.pk}))
'''

WRITING = ('writing', 'đang ghi')
STATE = '''
import json
from cloudmove.core.models import Job
from cloudmove.inventory.models import VirtualMachine
job = Job.objects.get(pk={pk})
print(json.dumps({{'state': job.state, 'done': job.progress_done, 'error': job.error,
                  'vms': VirtualMachine.objects.count()}}))
'''


def test_a_worker_killed_mid_import_keeps_nothing_and_the_job_is_failed_with_its_reason(tmp_path):
    env = {**os.environ, 'CLOUDMOVE_VAR_DIR': str(tmp_path)}
    for name in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE'):
        env.pop(name, None)
    command = [sys.executable, '-m', 'cloudmove']

    def run(*args):
        result = subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    subprocess.run([*command, 'migrate', '-v0'], env=env, check=True, timeout=300)
    pk = run('shell', '-c', SETUP)['job']

    def state():
        return run('shell', '-c', STATE.format(pk=pk))

    database = sqlite3.connect(tmp_path / 'cloudmove.sqlite3', timeout=30)
    worker = subprocess.Popen([*command, 'worker'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:   # the job shows each step as it starts: wait for the write, in one transaction
            row = database.execute('SELECT state, message FROM core_job WHERE id = ?', (pk,)).fetchone()
            if row[1] in WRITING:
                break
            assert row[0] in ('queued', 'running') and time.monotonic() < deadline and worker.poll() is None, row
            time.sleep(0.01)
        time.sleep(0.3)                           # into the write of 12,000 machines (about a second)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    database.close()
    after = state()
    assert after['state'] == 'running' and after['vms'] == 0   # nothing of the import kept

    restarted = subprocess.Popen([*command, 'worker'], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while state()['state'] == 'running':
            assert time.monotonic() < deadline
            time.sleep(0.3)
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)
    final = state()
    assert final['state'] == 'failed' and final['vms'] == 0
    assert 'worker' in final['error'].lower() or 'tiến trình' in final['error'].lower()
