"""One measured wave plan, in its own process: a synthetic programme (--systems systems, 4 links each,
move groups, waves with capacities, Tết and a year-end closing), planned by the greedy baseline and by
CP-SAT with --time-limit; the plan checked by the independent checker; one system's reasons explained;
and an impossible variant (two members of one move group pinned to different waves) explained. Prints JSON."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cloudmove.settings')

from cloudmove.planning.engine import construct, explain, sample, solver, waves  # noqa: E402  (pure Python)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--systems', type=int, default=2000)
    parser.add_argument('--waves', type=int, default=24)
    parser.add_argument('--time-limit', type=float, default=60.0)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    n = args.systems
    groups = max(2, round(n * 150 / 2000))
    problem = sample.programme(systems=n, links=4 * n, groups=groups, waves=args.waves, seed=args.seed)
    started = time.perf_counter()
    base, unplaced = construct.greedy(problem)
    greedy_s = time.perf_counter() - started
    plan = solver.solve(problem, time_limit=args.time_limit, workers=2)
    violations = waves.check(problem, plan.waves)
    greedy_violations = waves.check(problem, base) if not unplaced else None
    member = next(i for i, it in enumerate(problem.items) if it.group >= 0)
    started = time.perf_counter()
    reasons = explain.why(problem, plan.waves, member)
    why_s = time.perf_counter() - started
    # The impossible variant: two members of one group pinned to different waves.
    first = problem.items[member]
    mate = next(it for it in problem.items if it.group == first.group and it is not first)
    first.pin, mate.pin = 1, 3
    started = time.perf_counter()
    found = explain.conflicts(problem, time_limit=10.0)
    conflict_s = time.perf_counter() - started
    print(json.dumps({
        'systems': n, 'links': len(problem.links), 'groups': groups, 'waves': args.waves,
        'blackouts': len(problem.blackouts), 'status': plan.status, 'objective': plan.objective,
        'bound': plan.bound, 'gap': plan.gap, 'greedy_objective': plan.greedy_objective,
        'greedy_unplaced': len(unplaced), 'greedy_s': round(greedy_s, 3), 'solve_s': round(plan.seconds, 2),
        'improvement': (1 - plan.objective / plan.greedy_objective) if plan.objective and plan.greedy_objective
        else None, 'violations': len(violations),
        'greedy_violations': None if greedy_violations is None else len(greedy_violations),
        'why_s': round(why_s, 3), 'why_waves': len(reasons), 'conflict_s': round(conflict_s, 2),
        'conflicts': sorted({c['code'] for c in found}), 'conflict_count': len(found)}))


if __name__ == '__main__':
    main()
