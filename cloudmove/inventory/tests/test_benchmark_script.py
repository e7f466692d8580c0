"""The benchmark script works end to end (at a tiny scale: figures are for benchmarks/, not tests)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


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
