"""The real worker and the real receiver, each in its own process on its own SQLite database: the worker is
killed (SIGKILL) in the middle of a batch of 100 changes and started again; the receiver ends with all 100
taken exactly once, every signature verified, and every item marked delivered."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from cloudmove.govsync.tests.test_outbox import SECRET, free_port

SETUP = '''
from django.utils import timezone
from cloudmove.core.models import Unit, UnitKind
from cloudmove.execution.models import Migration
from cloudmove.inventory.services.generate import sample_system
kind = UnitKind.objects.create(code='province', name_vi='Tỉnh', name_en='Province', level=1)
root = Unit.objects.create(code='TINH', name_vi='UBND tỉnh', kind=kind)
unit = Unit.objects.create(code='SO-A', name_vi='Sở A', kind=kind, parent=root)
for k in range(100):
    migration = Migration.objects.create(system=sample_system(unit, f'HT{k:03d}'), state='trial_run')
    migration.state = 'live'
    migration.live_since = timezone.localdate()
    migration.save()
'''


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _wait(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f'timed out waiting for {what}')


def test_killing_the_worker_mid_batch_loses_nothing_and_duplicates_nothing(tmp_path):
    port = free_port()
    env = {**os.environ, 'CLOUDMOVE_VAR_DIR': str(tmp_path), 'CLOUDMOVE_GOVSYNC_SECRET': SECRET,
           'CLOUDMOVE_GOVSYNC_URL': f'http://127.0.0.1:{port}/items', 'CLOUDMOVE_GOVSYNC_LEASE_SECONDS': '3',
           'CLOUDMOVE_WORKER_POLL_SECONDS': '0.2'}
    for name in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE'):
        env.pop(name, None)
    command = [sys.executable, '-m', 'cloudmove']

    def run(*args):
        result = subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def counts():
        return json.loads(run('govsync', 'status', '--json'))['counts']

    run('migrate', '-v0')
    run('shell', '-c', SETUP)
    assert counts()['queued'] == 100

    receiver = subprocess.Popen([*command, 'govsync', 'receiver', '--port', str(port), '--secret', SECRET,
                                 '--delay', '0.05', '--store', str(tmp_path / 'keys.jsonl')], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        report_url = f'http://127.0.0.1:{port}/received'
        _wait(lambda: _try(report_url), 30, 'the receiver')
        workers.append(subprocess.Popen([*command, 'worker'], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        _wait(lambda: _get(report_url)['distinct'] >= 20, 90, 'the first deliveries')
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        midway = counts()
        assert midway['sending'] > 0 and midway['delivered'] < 100, midway   # killed holding part of a batch

        workers.append(subprocess.Popen([*command, 'worker'], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        _wait(lambda: counts()['delivered'] == 100, 120, 'every item delivered')
        report = _get(report_url)
        assert report['distinct'] == 100 and report['by_kind'] == {'system.live': 100}
        assert report['refused_total'] == 0            # every signature and document accepted
        assert report['duplicates'] <= 1               # at most the one in flight when the worker died
        assert counts() == {'queued': 0, 'sending': 0, 'delivered': 100, 'failed': 0}
    finally:
        for process in [*workers, receiver]:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


def _try(url):
    try:
        return _get(url) is not None
    except OSError:
        return False
