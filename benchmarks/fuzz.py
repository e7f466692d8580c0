"""The long fuzz runs: every write endpoint of the API schema with many drawn bodies each, and every
discovery importer with many drawn files, on SQLite or (--database postgres) a throw-away PostgreSQL
database. Prints how many cases ran and how many produced a 500, a traceback or a partial write.

    python benchmarks/fuzz.py                        # 60 bodies per API operation, 300 files per importer test
    python benchmarks/fuzz.py --api 200 --imports 1000 --database postgres
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = 'postgres://postgres@127.0.0.1:5432/cm_fuzz'


def run(test, env):
    started = time.perf_counter()
    out = subprocess.run([sys.executable, '-m', 'pytest', test, '-p', 'no:logging', '--tb=line', '-s'],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    return out, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--api', type=int, default=60, help='bodies drawn per API write operation')
    parser.add_argument('--imports', type=int, default=300, help='files drawn per importer fuzz test')
    parser.add_argument('--database', choices=['sqlite', 'postgres'], default='sqlite')
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != 'DATABASE_URL'}
    env.update(CLOUDMOVE_FUZZ_EXAMPLES=str(args.api), CLOUDMOVE_IMPORT_FUZZ_EXAMPLES=str(args.imports))
    if args.database == 'postgres':
        env['DATABASE_URL'] = os.environ.get('DATABASE_URL') or POSTGRES  # pytest makes its own test_ database
    failed = False
    out, seconds = run('cloudmove/core/tests/test_api_fuzz.py', env)
    line = next((x for x in out.stdout.splitlines() if x.startswith('API fuzz:')), None)
    print(f'[{args.database}] {line or "API fuzz: no figures"} — {seconds:.0f} s, '
          f'{"passed" if out.returncode == 0 else "FAILED"}')
    failed |= out.returncode != 0
    out, seconds = run('cloudmove/inventory/tests/test_import_fuzz.py', env)
    tests = int(m.group(1)) if (m := re.search(r'(\d+) passed', out.stdout)) else 0
    broken = int(m.group(1)) if (m := re.search(r'(\d+) failed', out.stdout)) else 0
    print(f'[{args.database}] importer fuzz: {tests + broken} tests × {args.imports} drawn files = '
          f'{(tests + broken) * args.imports} cases, {broken} tests with a crash or a partial write — {seconds:.0f} s')
    failed |= out.returncode != 0
    if failed:
        print(out.stdout[-3000:], file=sys.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
