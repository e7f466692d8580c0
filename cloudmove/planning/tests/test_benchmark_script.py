"""The planning benchmark works end to end at a tiny scale (figures belong to benchmarks/, not tests)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_planning_benchmark_runs_at_tiny_scale():
    result = subprocess.run([sys.executable, str(ROOT / 'benchmarks' / 'run.py'), '--scale', 'tiny', '--what',
                             'planning'], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures['systems'] == 100 and figures['links'] == 400 and figures['waves'] == 8
    assert figures['status'] in ('OPTIMAL', 'FEASIBLE') and figures['violations'] == 0
    assert figures['greedy_violations'] == 0 and figures['objective'] <= figures['greedy_objective']
    # The impossible variant names the group and the two pins that split it.
    assert figures['conflicts'] == ['group', 'pin'] and figures['conflict_count'] == 3
    assert figures['targets'] == {'solve_s': 60.0, 'improvement': 0.2, 'why_s': 10.0, 'conflict_s': 10.0}
    assert 'vs greedy baseline' in result.stdout and 'explain an impossible variant' in result.stdout
