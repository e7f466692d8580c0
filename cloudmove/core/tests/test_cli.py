"""The real `cloudmove` command in a subprocess, on its own SQLite database."""

import csv
import io
import os
import subprocess
import sys

import pytest

from cloudmove.core.demo_data import all_units


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, 'CLOUDMOVE_VAR_DIR': str(tmp_path), 'DEMO_PASSWORD': 'Cli-Demo-Pass-2026'}
    env.pop('DATABASE_URL', None)
    env.pop('DJANGO_SETTINGS_MODULE', None)

    def cloudmove(*args, stdin=None, check=True):
        result = subprocess.run([sys.executable, '-m', 'cloudmove', *args], env=env, input=stdin,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    return cloudmove


def test_demo_unit_user_and_audit_commands(run, tmp_path):
    out = run('demo', '--no-serve')
    assert 'Cli-Demo-Pass-2026' in out.stdout and 'cb.<unit code in lower case>' in out.stdout
    assert f'units: {len(all_units())} created, 0 updated' in out.stdout
    again = run('demo', '--no-serve')
    assert 'units: 0 created, 0 updated' in again.stdout and 'users: 0 created, 0 updated' in again.stdout

    run('unit', 'add', 'SO-MOI', '--name-vi', 'Sở Mới', '--name-en', 'New Department', '--kind', 'so',
        '--parent', 'UBND')
    assert 'SO-MOI' in run('unit', 'list').stdout
    bad = run('unit', 'add', 'X', '--name-vi', 'X', '--parent', 'KHONG-CO', check=False)
    assert bad.returncode != 0 and 'KHONG-CO' in bad.stderr

    run('user', 'add', 'cb.so-moi2', '--role', 'unit_officer', '--unit', 'SO-MOI', stdin='Mat-Khau-Rat-Manh-1\n')
    weak = run('user', 'add', 'cb.weak', '--role', 'unit_officer', '--unit', 'SO-MOI', stdin='123\n', check=False)
    assert weak.returncode != 0

    verify = run('audit', 'verify')
    assert 'Audit chain OK' in verify.stdout
    export = run('audit', 'export')
    rows = list(csv.DictReader(io.StringIO(export.stdout)))
    new_unit = [r for r in rows if r['object_type'] == 'core.unit' and 'SO-MOI' in r['object_repr']]
    assert new_unit and new_unit[0]['source'] == 'cli' and new_unit[0]['username'].startswith('cli:')
    assert any(r['object_type'] == 'core.user' and 'cb.so-moi2' in r['object_repr'] for r in rows)

    # Tamper with one record directly in the database: verify fails and names it.
    import sqlite3

    db = sqlite3.connect(tmp_path / 'cloudmove.sqlite3')
    db.execute("UPDATE core_auditrecord SET object_repr = 'forged' WHERE seq = 5")
    db.commit()
    db.close()
    broken = run('audit', 'verify', check=False)
    assert broken.returncode != 0 and '#5' in broken.stderr


def test_a_fresh_database_takes_units_at_once_and_knows_every_job_kind(run, tmp_path):
    run('migrate', '--noinput')
    kinds = run('unit', 'kinds').stdout
    assert 'so\t' in kinds and 'xa\t' in kinds
    top = run('unit', 'add', 'UBND-MOI', '--name-vi', 'Ủy ban nhân dân tỉnh mới').stdout
    assert 'UBND-MOI' in top
    run('unit', 'add', 'SO-A', '--name-vi', 'Sở A', '--kind', 'so', '--parent', 'UBND-MOI')
    listing = run('unit', 'list').stdout
    assert 'UBND-MOI\tỦy ban nhân dân tỉnh mới\t[ubnd-tinh]' in listing and '[so]' in listing
    wrong = run('unit', 'add', 'X', '--name-vi', 'X', '--kind', 'khong-co', check=False)
    assert wrong.returncode != 0 and 'khong-co' in wrong.stderr and 'phuong' in wrong.stderr

    # Job kinds are registered when the apps are ready, not when the URLs happen to be loaded: a worker
    # started with --skip-checks runs an import job.
    code = ('import django; django.setup(); from django.urls import get_resolver; '
            'from cloudmove.core.services import jobs; import sys; '
            'sys.stdout.write(" ".join(sorted(jobs.TASKS)))')
    env = {**os.environ, 'CLOUDMOVE_VAR_DIR': str(tmp_path), 'DJANGO_SETTINGS_MODULE': 'cloudmove.settings'}
    env.pop('DATABASE_URL', None)
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert {'imports.run', 'audit.verify'} <= set(out.stdout.split())
