"""CloudMove benchmarks: whole operations, each printed beside its floor measured in the same run.

    python benchmarks/run.py                 # scale 'province' (50,000 VMs in the unit workbook)
    python benchmarks/run.py --scale tiny    # a few hundred VMs: proves the script works (CI)

Every figure is the median of --repeat runs, each in a fresh process on a fresh database.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SCALES = {'tiny': 300, 'small': 5000, 'province': 50000}
TARGETS = {'ratio': 5.0, 'seconds': 60.0, 'peak_mib': 1024.0}


def run_json(*args, env=None):
    out = subprocess.run([PYTHON, *args], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_env():
    """A new empty SQLite database for one measured process."""
    return {**os.environ, 'CLOUDMOVE_VAR_DIR': tempfile.mkdtemp(prefix='cloudmove-bench-db-')}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--scale', choices=SCALES, default='province')
    parser.add_argument('--vms', type=int, help='override the number of VMs')
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    vms = args.vms or SCALES[args.scale]
    work = Path(tempfile.mkdtemp(prefix='cloudmove-bench-'))
    book = work / f'unit-{vms}.xlsx'
    subprocess.run([PYTHON, '-m', 'cloudmove', 'generate', 'workbook', '--vms', str(vms), '--seed', str(args.seed),
                    '-o', str(book)], check=True, capture_output=True, env=fresh_env())
    floors, imports, reimports, peaks, changes = [], [], [], [], []
    for _ in range(args.repeat):
        floors.append(run_json(str(HERE / 'read_floor.py'), str(book))['read_s'])
        result = run_json(str(HERE / 'import_workbook.py'), str(book), '--twice', env=fresh_env())
        if result['errors']:
            sys.exit(f'the generated workbook was refused: {result}')
        imports.append(result['import_s'])
        reimports.append(result['reimport_s'])
        changes.append(result['reimport_changes'])
        peaks.append(result['peak_mib'])
    floor, took = statistics.median(floors), statistics.median(imports)
    ratio = took / floor if floor else float('inf')
    rows = [
        ('workbook import', f'{vms} VMs', f'{took:.2f} s', f'{floor:.2f} s calamine read', f'{ratio:.1f}x',
         f'<= {TARGETS["ratio"]:.0f}x, <= {TARGETS["seconds"]:.0f} s'),
        ('re-import, no change', f'{vms} VMs', f'{statistics.median(reimports):.2f} s', f'{max(changes)} changes', '',
         'changes nothing'),
        ('peak memory (import)', '', f'{statistics.median(peaks):.0f} MiB', '', '',
         f'<= {TARGETS["peak_mib"]:.0f} MiB'),
    ]
    width = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    print(f'CloudMove benchmark, scale {args.scale}, median of {args.repeat}')
    for row in rows:
        print('  '.join(str(c).ljust(w) for c, w in zip(row, width, strict=True)))
    result = {'vms': vms, 'import_s': took, 'floor_s': floor, 'ratio': round(ratio, 2),
              'reimport_s': statistics.median(reimports), 'reimport_changes': max(changes),
              'peak_mib': statistics.median(peaks)}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
