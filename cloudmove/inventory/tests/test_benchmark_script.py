"""The benchmark script works end to end (at a tiny scale: figures are for benchmarks/, not tests)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVER = 'postgres://postgres@127.0.0.1:5432/postgres'  # run.py's default --postgres


def test_benchmark_runs_at_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE')}
    env['TMPDIR'] = str(tmp_path)  # its throw-away databases and workbook
    env.pop('CLOUDMOVE_VAR_DIR', None)
    result = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'run.py'), '--scale', 'tiny'],
                            capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures['vms'] == 300 and figures['import_s'] > 0 and figures['floor_s'] >= 0
    assert figures['peak_mib'] > 0
    assert 'calamine read' in result.stdout and 'workbook import' in result.stdout


def test_rvtools_benchmark_runs_at_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE')}
    env['TMPDIR'] = str(tmp_path)
    env.pop('CLOUDMOVE_VAR_DIR', None)
    result = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'run.py'), '--scale', 'tiny', '--what',
                             'rvtools'], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures['vms'] == 300 and figures['import_s'] > 0 and figures['totals_match'] is True
    assert figures['reimport_changes'] == 0 and figures['peak_mib'] > 0
    assert figures['changed_exact'] is True and figures['changed_updates']['vms'] == 10
    assert 'RVTools import' in result.stdout and 'calamine read' in result.stdout


def _bench_databases():
    with psycopg.connect(SERVER, connect_timeout=5) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'cloudmove_bench_%'")
        return {name for (name,) in rows}


def test_benchmark_runs_on_postgres(tmp_path):
    try:
        before = _bench_databases()
    except psycopg.OperationalError as exc:
        if os.environ.get('DATABASE_URL', '').startswith(('postgres://', 'postgresql://')):
            pytest.fail(f'DATABASE_URL points at PostgreSQL but {SERVER} is not reachable, so the benchmark cannot '
                        f'be checked with --database postgres: {exc}')
        pytest.skip(f'no PostgreSQL at {SERVER} and DATABASE_URL is not PostgreSQL; the SQLite cases ran')
    env = {k: v for k, v in os.environ.items() if k not in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE')}
    env['TMPDIR'] = str(tmp_path)
    env.pop('CLOUDMOVE_VAR_DIR', None)
    result = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'run.py'), '--scale', 'tiny', '--what', 'all',
                             '--database', 'postgres'], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    workbook, rvtools = figures['workbook'], figures['rvtools']
    assert workbook['database'] == rvtools['database'] == 'postgres'
    assert workbook['import_s'] > 0 and workbook['reimport_changes'] == 0 and workbook['target_ratio'] == 4.0
    assert rvtools['totals_match'] is True and rvtools['reimport_changes'] == 0 and rvtools['changed_exact'] is True
    assert rvtools['target_ratio'] == 3.0
    assert 'postgres' in result.stdout and 'calamine read' in result.stdout
    assert _bench_databases() <= before, 'the throw-away benchmark databases were not dropped'
