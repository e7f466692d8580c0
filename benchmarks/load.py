"""The load test: the demo province on a throw-away PostgreSQL database, served with the production
settings by several `cloudmove serve` processes and one `cloudmove worker`, on the loopback only; locust
(installed on first use into var/bench-tools, apart from the product) drives 32 users for 120 s through
lists, details, dashboards, searches and API edits. Prints throughput and p50/p95/p99 per page kind, and
the errors, which must be 0.

    python benchmarks/load.py                    # 32 users, 120 s, 3 web processes
    python benchmarks/load.py --users 8 --seconds 20
"""

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / 'var' / 'bench-tools'
LOCUST = 'locust==2.47.0'
SERVER = 'postgres://postgres@127.0.0.1:5432/'
CLOUDMOVE = [sys.executable, '-m', 'cloudmove']


def locust_bin():
    binary = TOOLS / 'bin' / 'locust'
    if not binary.exists():
        subprocess.run([sys.executable, '-m', 'venv', str(TOOLS)], check=True)
        subprocess.run([str(TOOLS / 'bin' / 'pip'), 'install', '-q', '--disable-pip-version-check', LOCUST], check=True)
    return binary


def free_ports(n):
    ports = []
    for _ in range(n):
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            ports.append(s.getsockname()[1])
    return ports


def wait_for(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.3)
    sys.exit(f'nothing answers on port {port}')


def database(name, action):
    import psycopg

    with psycopg.connect(SERVER + 'postgres', autocommit=True) as conn:
        conn.execute(f'{action} DATABASE {"IF EXISTS " if action == "DROP" else ""}"{name}"'
                     + (' WITH (FORCE)' if action == 'DROP' else ''))


def prepare(out):
    """In a Django process: sessions and API tokens for the load's users, with the ids they may open."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from cloudmove.core import scoping
    from cloudmove.core.models import ApiToken, User
    from cloudmove.inventory.models import InformationSystem, VirtualMachine

    officers = list(User.objects.filter(role='unit_officer', unit__isnull=False, is_active=True)
                    .order_by('username'))
    officers = [u for u in officers if InformationSystem.objects.filter(unit__path__startswith=u.unit.path).exists()]
    chosen = officers[:24] + list(User.objects.filter(role='leader'))[:1] * 8
    rows = []
    for user in chosen:
        client = Client()
        client.force_login(user)
        _token, key = ApiToken.issue(user, name='load test')
        systems = list(scoping.scope(InformationSystem.objects.all(), user).values_list('pk', flat=True)[:200])
        vms = list(scoping.scope(VirtualMachine.objects.all(), user).values_list('pk', flat=True)[:200])
        editable = list(scoping.scope(InformationSystem.objects.all(), user, scoping.CHANGE)
                        .values_list('pk', flat=True)[:20])
        rows.append({'user': user.username, 'session': client.cookies['sessionid'].value, 'token': key,
                     'systems': systems, 'vms': vms, 'editable': editable})
    Path(out).write_text(json.dumps(rows))


def percentiles(stats_csv):
    with open(stats_csv, newline='') as f:
        return list(csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--users', type=int, default=32)
    parser.add_argument('--seconds', type=int, default=120)
    parser.add_argument('--web', type=int, default=3, help='web processes')
    parser.add_argument('--prepare', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return 0
    binary = locust_bin()
    name = f'cm_load_{secrets.token_hex(4)}'
    work = Path(tempfile.mkdtemp(prefix='cloudmove-load-'))
    env = {**os.environ, 'DATABASE_URL': SERVER + name, 'CLOUDMOVE_VAR_DIR': str(work),
           'DJANGO_SETTINGS_MODULE': 'cloudmove.settings.production', 'SECRET_KEY': secrets.token_urlsafe(50),
           'ALLOWED_HOSTS': '127.0.0.1', 'CLOUDMOVE_REQUIRE_2FA': '0', 'DEMO_PASSWORD': secrets.token_urlsafe(12),
           'LOG_LEVEL': 'WARNING', 'TRUSTED_PROXY': '127.0.0.1'}
    processes = []
    database(name, 'CREATE')
    try:
        started = time.perf_counter()
        subprocess.run(CLOUDMOVE + ['demo', '--no-serve'], env=env, check=True, capture_output=True)
        subprocess.run(CLOUDMOVE + ['collectstatic', '--noinput', '-v', '0'], env=env, check=True)
        users = work / 'users.json'
        subprocess.run([sys.executable, __file__, '--prepare', str(users)], env=env, check=True)
        print(f'demo province on PostgreSQL, production settings: ready in {time.perf_counter() - started:.0f} s')
        ports = free_ports(args.web)
        for port in ports:
            processes.append(subprocess.Popen(CLOUDMOVE + ['serve', '--no-worker', '--port', str(port)], env=env,
                                              stdout=subprocess.DEVNULL, stderr=open(work / f'web-{port}.log', 'w')))
        processes.append(subprocess.Popen(CLOUDMOVE + ['worker'], env=env, stdout=subprocess.DEVNULL,
                                          stderr=open(work / 'worker.log', 'w')))
        for port in ports:
            wait_for(port)
        out = work / 'locust'
        load_env = {**env, 'LOAD_USERS': str(users), 'LOAD_PORTS': ','.join(map(str, ports))}
        subprocess.run([str(binary), '-f', str(ROOT / 'benchmarks' / 'locustfile.py'), '--headless',
                        '-u', str(args.users), '-r', str(max(1, args.users // 4)), '-t', f'{args.seconds}s',
                        '--host', f'http://127.0.0.1:{ports[0]}', '--csv', str(out), '--only-summary',
                        '--loglevel', 'WARNING', '--stop-timeout', '10'],
                       env=load_env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = percentiles(f'{out}_stats.csv')
        print(f'{args.users} users for {args.seconds} s on {args.web} web processes and a worker:')
        print(f'{"page kind":<14}{"requests":>9}{"errors":>8}{"req/s":>8}{"p50 ms":>8}{"p95 ms":>8}{"p99 ms":>8}')
        errors = 0
        for row in rows:
            kind = row['Name'] if row['Name'] != 'Aggregated' else 'all'
            errors += int(row['Failure Count']) if kind != 'all' else 0
            print(f'{kind:<14}{row["Request Count"]:>9}{row["Failure Count"]:>8}{float(row["Requests/s"]):>8.1f}'
                  f'{row["50%"]:>8}{row["95%"]:>8}{row["99%"]:>8}')
        failures = Path(f'{out}_failures.csv')
        if errors and failures.exists():
            print(failures.read_text()[:2000])
        print(f'errors: {errors}')
        return 1 if errors else 0
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        database(name, 'DROP')


if __name__ == '__main__':
    sys.exit(main())
