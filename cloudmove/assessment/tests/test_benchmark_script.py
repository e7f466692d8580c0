"""The assessment benchmark works end to end at a tiny scale (figures belong to benchmarks/, not tests)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_assessment_benchmark_runs_at_tiny_scale(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE')}
    env['TMPDIR'] = str(tmp_path)
    env.pop('CLOUDMOVE_VAR_DIR', None)
    result = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'run.py'), '--scale', 'tiny', '--what',
                             'assessment'], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures['vms'] == 300 and figures['systems'] == 30
    assert figures['run_s'] > 0 and figures['engine_s'] > 0 and figures['floor_s'] > 0
    # One VM changed: one system re-assessed, one machine's result differs.
    assert figures['rerun_systems'] == 1 and figures['rerun_changes'] == 1
    assert figures['targets'] == {'run_s': 10.0, 'engine_s': 1.0, 'rerun_s': 1.0, 'peak_mib': 1536.0}
    assert 'reading the rows' in result.stdout and 're-assess after 1 VM changed' in result.stdout
