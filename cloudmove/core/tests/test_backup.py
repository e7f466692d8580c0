"""Backup and restore with the real command: an instance with units, accounts, systems, an attachment and its
audit trail is backed up and restored into an empty instance; every table's row count and content hash
matches, the attachment is back byte for byte, and `cloudmove audit verify` passes on the result. When the
suite runs on PostgreSQL, the SQLite backup is restored into PostgreSQL, backed up again and restored into
SQLite, with the same figures. A non-empty target or a damaged backup is refused and nothing is kept."""

import json
import os
import subprocess
import sys
import uuid
import zipfile

import psycopg

SETUP = '''
from django.core.files.base import ContentFile
from cloudmove.core.models import Unit, UnitKind, User
from cloudmove.core.services import objects
from cloudmove.inventory.models import Attachment, InformationSystem
from cloudmove.inventory.services.generate import sample_system
kind = UnitKind.objects.create(code='province', name_vi='Tỉnh', name_en='Province', level=1)
root = Unit.objects.create(code='TINH', name_vi='UBND tỉnh', kind=kind)
unit = Unit.objects.create(code='SO-A', name_vi='Sở A “thử”', kind=kind, parent=root)
admin = User.objects.create_user('quantri', password='Backup-Test-2026!', role='admin')
for k in range(30):
    system = sample_system(unit, f'HT{k:02d}')
    objects.update_object(admin, system, {'security_level': 1 + k % 4, 'annual_cost_vnd': 1_000_000 * k})
a = Attachment(unit=unit, target=system, title='Sơ đồ mạng', kind='diagram', filename='so-do.png')
a.file.save('so-do.png', ContentFile(b'\\x89PNG\\r\\n\\x1a\\n' + bytes(range(256)) * 40), save=False)
a.save()
'''


def instance(tmp_path, name, database_url=None):
    var = tmp_path / name
    var.mkdir()
    env = {**os.environ, 'CLOUDMOVE_VAR_DIR': str(var)}
    for key in ('DATABASE_URL', 'DJANGO_SETTINGS_MODULE'):
        env.pop(key, None)
    if database_url:
        env['DATABASE_URL'] = database_url

    def run(*args, check=True):
        result = subprocess.run([sys.executable, '-m', 'cloudmove', *args], env=env, capture_output=True,
                                text=True, timeout=600)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    run.var = var
    return run


def manifest(path):
    with zipfile.ZipFile(path) as pack:
        return json.loads(pack.read('manifest.json'))


def figures(path):
    m = manifest(path)
    return m['tables'], [(f['name'], f['sha256']) for f in m['media']]


def test_backup_restores_into_an_empty_instance_table_by_table(tmp_path):
    source = instance(tmp_path, 'source')
    source('migrate', '-v0')
    source('shell', '-c', SETUP)
    first = tmp_path / 'first.zip'
    out = source('backup', '-o', str(first)).stdout
    assert str(first) in out
    assert oct(first.stat().st_mode & 0o777) == '0o600'
    tables, media = figures(first)
    assert tables['inventory.InformationSystem']['rows'] == 30 and tables['core.AuditRecord']['rows'] > 60
    assert len(tables) > 60 and len(media) == 1

    target = instance(tmp_path, 'target')
    result = target('restore', str(first))
    assert str(sum(t['rows'] for t in tables.values())) in result.stdout
    assert 'audit' in target('audit', 'verify').stdout.lower()
    restored = next((target.var / 'media').rglob('*.png')).read_bytes()
    assert restored == next((source.var / 'media').rglob('*.png')).read_bytes()
    second = tmp_path / 'second.zip'
    target('backup', '-o', str(second))
    assert figures(second) == (tables, media)   # the restored instance is the same, table by table

    # a target that is not empty is refused, and so is a damaged backup
    refused = target('restore', str(first), check=False)
    assert refused.returncode != 0 and 'not empty' in refused.stderr
    damaged = tmp_path / 'damaged.zip'
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(damaged, 'w') as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == 'data/inventory.InformationSystem.jsonl':
                data = data.replace(b'HT07', b'HT77')
            dst.writestr(item, data)
    empty = instance(tmp_path, 'empty')
    refused = empty('restore', str(damaged), check=False)
    assert refused.returncode != 0 and 'inventory.InformationSystem' in refused.stderr
    assert 'HT00' not in empty('shell', '-c', 'from cloudmove.inventory.models import InformationSystem as S; '
                                              'print(list(S.objects.values_list("code", flat=True)))').stdout

    # on PostgreSQL (the suite's second run): SQLite → PostgreSQL → SQLite gives the same tables
    url = os.environ.get('DATABASE_URL', '')
    if url.startswith('postgres'):
        name = f'cm_restore_{uuid.uuid4().hex[:8]}'
        admin_url = url.rsplit('/', 1)[0] + '/postgres'
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            pg = instance(tmp_path, 'pg', url.rsplit('/', 1)[0] + '/' + name)
            pg('restore', str(first))
            assert 'audit' in pg('audit', 'verify').stdout.lower()
            third = tmp_path / 'third.zip'
            pg('backup', '-o', str(third))
            assert manifest(third)['vendor'] == 'postgresql' and figures(third) == (tables, media)
            back = instance(tmp_path, 'back')
            back('restore', str(third))
            fourth = tmp_path / 'fourth.zip'
            back('backup', '-o', str(fourth))
            assert figures(fourth) == (tables, media)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
