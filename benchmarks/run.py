"""CloudMove benchmarks: whole operations, each printed beside its floor measured in the same run.

    python benchmarks/run.py                 # scale 'province' (50,000 VMs in the unit workbook)
    python benchmarks/run.py --scale tiny    # a few hundred VMs: proves the script works (CI)
    python benchmarks/run.py --what rvtools  # an RVTools export of 50,000 VMs (--what all: both)
    python benchmarks/run.py --database postgres  # on throw-away databases of a local PostgreSQL server

Every figure is the median of --repeat runs, each in a fresh process on a fresh database.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SCALES = {'tiny': 300, 'small': 5000, 'province': 50000}
# The import's time as a multiple of the calamine read of the same file, per database: PostgreSQL
# gets more room since every row crosses a socket to another process.
RATIOS = {'workbook': {'sqlite': 3.5, 'postgres': 4.0}, 'rvtools': {'sqlite': 2.5, 'postgres': 3.0}}
TARGETS = {'seconds': 60.0, 'peak_mib': 1024.0}
POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
CHANGED_VMS = 10


def run_json(*args, env=None):
    out = subprocess.run([PYTHON, *args], capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit(f'{" ".join(map(str, args))} failed:\n{out.stderr}')
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_env():
    """A new empty SQLite database for one process (DATABASE_URL dropped, so that it is SQLite)."""
    env = {k: v for k, v in os.environ.items() if k != 'DATABASE_URL'}
    return {**env, 'CLOUDMOVE_VAR_DIR': tempfile.mkdtemp(prefix='cloudmove-bench-db-')}


@contextmanager
def database_env(args):
    """The environment of one measured process: a new empty database of --database, removed afterwards
    when it is a PostgreSQL one (also when the process fails). The process migrates it (_django.setup)."""
    env = fresh_env()
    if args.database == 'sqlite':
        yield env
        return
    import psycopg

    name = f'cloudmove_bench_{secrets.token_hex(6)}'
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE {name}')
    try:
        yield {**env, 'DATABASE_URL': urlunsplit(urlsplit(args.postgres)._replace(path=f'/{name}'))}
    finally:
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


def table(title, rows):
    width = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    print(title)
    for row in rows:
        print('  '.join(str(c).ljust(w) for c, w in zip(row, width, strict=True)))


def measure(args, path, script, *extra):
    """Median figures of --repeat runs: the calamine floor, then the import in a fresh process and database."""
    floors, imports, reimports, peaks, changes, results = [], [], [], [], [], []
    for _ in range(args.repeat):
        floors.append(run_json(str(HERE / 'read_floor.py'), str(path))['read_s'])
        with database_env(args) as env:
            result = run_json(str(HERE / script), str(path), '--twice', *extra, env=env)
        if result['errors']:
            sys.exit(f'the generated file was refused: {result}')
        imports.append(result['import_s'])
        reimports.append(result['reimport_s'])
        changes.append(result['reimport_changes'])
        peaks.append(result['peak_mib'])
        results.append(result)
    floor, took = statistics.median(floors), statistics.median(imports)
    ratio = took / floor if floor else float('inf')
    return {'import_s': took, 'floor_s': floor, 'ratio': round(ratio, 2), 'reimport_s': statistics.median(reimports),
            'reimport_changes': max(changes), 'peak_mib': statistics.median(peaks)}, results


def rows_of(label, vms, figures):
    return [
        (label, f'{vms} VMs', f'{figures["import_s"]:.2f} s', f'{figures["floor_s"]:.2f} s calamine read',
         f'{figures["ratio"]:.1f}x', f'<= {figures["target_ratio"]:g}x, <= {TARGETS["seconds"]:.0f} s'),
        ('re-import, no change', f'{vms} VMs', f'{figures["reimport_s"]:.2f} s',
         f'{figures["reimport_changes"]} changes', '', 'changes nothing'),
        ('peak memory (import)', '', f'{figures["peak_mib"]:.0f} MiB', '', '', f'<= {TARGETS["peak_mib"]:.0f} MiB'),
    ]


def bench_workbook(args, vms, work):
    book = work / f'unit-{vms}.xlsx'
    subprocess.run([PYTHON, '-m', 'cloudmove', 'generate', 'workbook', '--vms', str(vms), '--seed', str(args.seed),
                    '-o', str(book)], check=True, capture_output=True, env=fresh_env())
    figures, _ = measure(args, book, 'import_workbook.py')
    figures['target_ratio'] = RATIOS['workbook'][args.database]
    return rows_of('workbook import', vms, figures), {'vms': vms, **figures}


def bench_rvtools(args, vms, work):
    export = work / f'rvtools-{vms}.xlsx'
    out = subprocess.run([PYTHON, '-m', 'cloudmove', 'generate', 'rvtools', '--vms', str(vms), '--seed',
                          str(args.seed), '-o', str(export)], check=True, capture_output=True, text=True,
                         env=fresh_env()).stdout
    # "Wrote PATH: vms N, vcpus N, memory_mib N, disk_capacity_mib N"
    pairs = (item.split() for item in out.strip().splitlines()[-1].rsplit(': ', 1)[-1].split(', '))
    expected = {k: int(v) for k, v in pairs}
    changed = work / f'rvtools-{vms}-changed.xlsx'
    subprocess.run([PYTHON, '-m', 'cloudmove', 'generate', 'rvtools', '--vms', str(vms), '--seed', str(args.seed),
                    '--change-vms', str(CHANGED_VMS), '-o', str(changed)], check=True, capture_output=True,
                   env=fresh_env())
    figures, results = measure(args, export, 'import_rvtools.py', '--expect', json.dumps(expected),
                               '--changed', str(changed))
    figures['target_ratio'] = RATIOS['rvtools'][args.database]
    match = all(r.get('totals_match') for r in results)
    updates = results[-1]['changed_updates']
    exact = all(r['changed_updates'] == {**dict.fromkeys(r['changed_updates'], 0), 'vms': CHANGED_VMS}
                and not r['changed_other'] for r in results)
    rows = rows_of('RVTools import', vms, figures)
    rows.insert(2, ('totals vs generator', f'{expected["vms"]} non-template VMs', 'match' if match else 'DIFFER',
                    '', '', 'match'))
    rows.insert(3, (f'{CHANGED_VMS} VMs changed, re-import', f'{vms} VMs', f'{updates["vms"]} VMs updated',
                    f'{sum(updates.values()) - updates["vms"]} other changes', '', f'exactly {CHANGED_VMS}'))
    return rows, {'vms': vms, **figures, 'expected_totals': expected, 'totals': results[-1]['totals'],
                  'totals_match': match, 'changed_updates': updates, 'changed_exact': exact}


ASSESS_TARGETS = {'run_s': {'sqlite': 10.0, 'postgres': 15.0}, 'engine_s': 1.0, 'rerun_s': 1.0, 'peak_mib': 1536.0}


def bench_assessment(args, vms, work):
    """The whole assessment of the province, the engine alone, and a re-run after one VM changed, each
    beside the time to read the same rows; the province is built by one process and measured by another."""
    keys = ('floor_s', 'run_s', 'engine_s', 'rerun_s', 'peak_mib')
    samples = {k: [] for k in keys}
    last = {}
    for _ in range(args.repeat):
        with database_env(args) as env:
            run_json(str(HERE / 'assess.py'), '--build', '--vms', str(vms), '--seed', str(args.seed), env=env)
            last = run_json(str(HERE / 'assess.py'), env=env)
        for k in keys:
            samples[k].append(last[k])
    f = {k: statistics.median(v) for k, v in samples.items()}
    t = ASSESS_TARGETS
    rows = [
        ('assessment, whole run', f'{vms} VMs, {last["systems"]} systems', f'{f["run_s"]:.2f} s',
         f'{f["floor_s"]:.2f} s reading the rows', f'{f["run_s"] / f["floor_s"]:.1f}x' if f['floor_s'] else '',
         f'<= {t["run_s"][args.database]:g} s'),
        ('assessment engine', '', f'{f["engine_s"]:.2f} s', '', '', f'<= {t["engine_s"]:g} s'),
        ('re-assess after 1 VM changed', f'{last["rerun_systems"]} system', f'{f["rerun_s"]:.2f} s',
         f'{last["rerun_changes"]} machine changed', '', f'<= {t["rerun_s"]:g} s'),
        ('peak memory (assessment)', '', f'{f["peak_mib"]:.0f} MiB', '', '', f'<= {t["peak_mib"]:.0f} MiB'),
    ]
    return rows, {'vms': vms, **f, 'systems': last['systems'], 'rerun_systems': last['rerun_systems'],
                  'rerun_changes': last['rerun_changes'],
                  'targets': {**t, 'run_s': t['run_s'][args.database]}}


PLAN_SCALES = {'tiny': 100, 'small': 500, 'province': 2000}
PLAN_TARGETS = {'solve_s': 60.0, 'improvement': 0.20, 'why_s': 10.0, 'conflict_s': 10.0}


def bench_planning(args, vms, work):
    """The wave planner on a synthetic programme: CP-SAT beside the greedy baseline (its time is the
    floor), checked by the independent checker; one system's reasons; an impossible variant explained."""
    systems = PLAN_SCALES[args.scale]
    limit, count = (60, 24) if args.scale == 'province' else (5, 8)
    runs = [run_json(str(HERE / 'plan.py'), '--systems', str(systems), '--time-limit', str(limit),
                     '--waves', str(count), '--seed', str(args.seed)) for _ in range(args.repeat)]
    f = {k: statistics.median(r[k] for r in runs) for k in ('solve_s', 'why_s', 'conflict_s', 'greedy_s')}
    last = runs[-1]
    improvement = statistics.median(r['improvement'] or 0 for r in runs)
    t = PLAN_TARGETS
    proven = last['status'] == 'OPTIMAL'
    rows = [
        ('wave plan (CP-SAT)', f'{systems} systems, {last["links"]} links, {last["groups"]} groups, '
         f'{last["waves"]} waves', f'{f["solve_s"]:.1f} s', f'{f["greedy_s"]:.2f} s greedy baseline', '',
         f'<= {t["solve_s"]:g} s'),
        ('  status, objective', last['status'], f'{last["objective"]:,.0f}',
         f'bound {last["bound"]:,.0f}' if last['bound'] is not None else '',
         f'gap {100 * last["gap"]:.1f} %' if last['gap'] is not None else '', 'OPTIMAL or 20 % better'),
        ('  vs greedy baseline', f'greedy {last["greedy_objective"]:,.0f}', f'{100 * improvement:.1f} % better',
         '', '', f'>= {100 * t["improvement"]:.0f} %' + (' (met: optimal)' if proven else '')),
        ('  violations (independent checker)', '', str(last['violations']), '', '', '0'),
        ('explain one system', f'{last["why_waves"]} earlier waves', f'{f["why_s"]:.2f} s', '', '',
         f'<= {t["why_s"]:g} s'),
        ('explain an impossible variant', ', '.join(last['conflicts']), f'{f["conflict_s"]:.2f} s',
         f'{last["conflict_count"]} constraints', '', f'<= {t["conflict_s"]:g} s'),
    ]
    return rows, {**last, **f, 'improvement': improvement, 'targets': t}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--scale', choices=SCALES, default='province')
    parser.add_argument('--what', choices=('workbook', 'rvtools', 'assessment', 'planning', 'all'), default='workbook')
    parser.add_argument('--vms', type=int, help='override the number of VMs')
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--database', choices=('sqlite', 'postgres'), default='sqlite',
                        help='where the measured imports write (postgres: a throw-away database per process)')
    parser.add_argument('--postgres', default=POSTGRES, metavar='URL',
                        help=f'the server and maintenance database to create them from (default {POSTGRES})')
    args = parser.parse_args()
    vms = args.vms or SCALES[args.scale]
    work = Path(tempfile.mkdtemp(prefix='cloudmove-bench-'))
    benches = {'workbook': bench_workbook, 'rvtools': bench_rvtools, 'assessment': bench_assessment,
               'planning': bench_planning}
    chosen = list(benches) if args.what == 'all' else [args.what]
    rows, results = [], {}
    for name in chosen:
        more, results[name] = benches[name](args, vms, work)
        results[name]['database'] = args.database
        rows += more
    table(f'CloudMove benchmark, scale {args.scale}, {args.database}, median of {args.repeat}', rows)
    print(json.dumps(results[chosen[0]] if len(chosen) == 1 else results))
    if 'rvtools' in results and not results['rvtools']['totals_match']:
        sys.exit('the RVTools import totals differ from the generator\'s')
    if 'assessment' in results and results['assessment']['rerun_changes'] != 1:
        sys.exit('changing one VM did not change exactly one machine\'s result')
    if 'planning' in results and results['planning']['violations']:
        sys.exit('the plan violates constraints')
    if 'rvtools' in results and not results['rvtools']['changed_exact']:
        sys.exit(f'changing {CHANGED_VMS} VMs did not update exactly those')


if __name__ == '__main__':
    main()
