"""Backup and restore of a whole instance: every table's rows (every installed app, many-to-many tables
too), the attachment files, and a manifest with the schema's migrations and each table's row count and
content hash. The rows are written in a database-neutral form, so a SQLite backup restores into
PostgreSQL and back. A restore goes into an empty instance, in one transaction (foreign keys are checked at
its end), and then compares every table's count and hash with the manifest.
"""

import datetime
import hashlib
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 'cloudmove-backup/1'
CHUNK = 2000
# What a freshly migrated instance already holds (content types, permissions, unit kinds, the chain's head)
# is replaced by the backup's rows; an instance holding any of these holds real data and is not a target.
DATA_TABLES = ('core.AuditRecord', 'core.Unit', 'core.User')


class RestoreError(Exception):
    pass


def models_to_copy():
    """Every concrete model with a table of its own, many-to-many tables included, in a stable order."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        out.append(model)
    return sorted(out, key=lambda m: m._meta.label)


def _columns(model):
    return [f.attname for f in model._meta.concrete_fields]


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds only)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _line(row):
    return json.dumps(row, cls=_Encoder, sort_keys=True, ensure_ascii=False)


@contextmanager
def _times_as_given(models):
    """Bulk inserts keep the backup's creation and change times instead of stamping now."""
    fields = [f for m in models for f in m._meta.concrete_fields
              if getattr(f, 'auto_now', False) or getattr(f, 'auto_now_add', False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _rows(model):
    pk = model._meta.pk.attname
    qs = model._base_manager.order_by(pk).values(*_columns(model))
    yield from qs.iterator(chunk_size=CHUNK)


def table_digest(model):
    """(row count, sha256 of the rows' canonical lines in primary-key order): equal on any database."""
    digest, count = hashlib.sha256(), 0
    for row in _rows(model):
        digest.update(_line(row).encode('utf-8') + b'\n')
        count += 1
    return count, digest.hexdigest()


def _migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    latest = {}
    for app, name in applied:
        latest[app] = max(latest.get(app, ''), name)
    return latest


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob('*') if p.is_file()) if root.exists() else []


def backup(path, progress=None, include_secret_key=False):
    """Write the instance to `path` (a zip, readable by its owner only). Returns the manifest."""
    models = models_to_copy()
    media = _media_files()
    total = len(models) + len(media)
    manifest = {'format': FORMAT, 'created_at': timezone.now().isoformat(), 'vendor': connection.vendor,
                'migrations': _migrations(), 'tables': {}, 'media': []}
    path = Path(path)
    with transaction.atomic(), zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as pack:
        # one transaction: every table read at the same moment (a repeatable snapshot on PostgreSQL)
        if connection.vendor == 'postgresql':
            with connection.cursor() as cursor:
                cursor.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
        for k, model in enumerate(models, start=1):
            digest, count = hashlib.sha256(), 0
            with pack.open(f'data/{model._meta.label}.jsonl', 'w') as out:
                for row in _rows(model):
                    line = _line(row).encode('utf-8') + b'\n'
                    out.write(line)
                    digest.update(line)
                    count += 1
            manifest['tables'][model._meta.label] = {'rows': count, 'sha256': digest.hexdigest()}
            if progress:
                progress(k, total, model._meta.label)
        root = Path(settings.MEDIA_ROOT)
        for k, file in enumerate(media, start=len(models) + 1):
            name = file.relative_to(root).as_posix()
            pack.write(file, f'media/{name}')
            manifest['media'].append({'name': name, 'bytes': file.stat().st_size,
                                      'sha256': hashlib.sha256(file.read_bytes()).hexdigest()})
            if progress:
                progress(k, total, name)
        if include_secret_key:
            manifest['secret_key'] = settings.SECRET_KEY
        pack.writestr('manifest.json', json.dumps(manifest, indent=1, ensure_ascii=False))
    path.chmod(0o600)
    return manifest


def read_manifest(path):
    try:
        with zipfile.ZipFile(path) as pack:
            manifest = json.loads(pack.read('manifest.json'))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise RestoreError(f'not a CloudMove backup: {exc}') from None
    if manifest.get('format') != FORMAT:
        raise RestoreError(f'unknown backup format {manifest.get("format")!r}')
    return manifest


def _check_target(manifest):
    here = _migrations()
    differ = sorted(app for app in set(here) | set(manifest['migrations'])
                    if here.get(app) != manifest['migrations'].get(app))
    if differ:
        raise RestoreError('the database schema differs from the backup\'s (migrate both to the same version): '
                           + ', '.join(f'{a} {manifest["migrations"].get(a, "—")} ≠ {here.get(a, "—")}'
                                       for a in differ))
    filled = [label for label in DATA_TABLES if apps.get_model(label)._base_manager.exists()]
    if filled:
        raise RestoreError('the target instance is not empty: it holds ' + ', '.join(filled))


def _objects(model, lines):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for line in lines:
        row = json.loads(line)
        yield model(**{name: fields[name].to_python(value) if value is not None else None
                       for name, value in row.items() if name in fields})


def restore(path, progress=None):
    """Load a backup into this empty instance, then compare every table with the manifest. Returns
    (tables compared, rows, media files); a RestoreError says what is wrong and nothing is kept."""
    manifest = read_manifest(path)
    _check_target(manifest)
    by_label = {m._meta.label: m for m in models_to_copy()}
    unknown = sorted(set(manifest['tables']) - set(by_label))
    if unknown:
        raise RestoreError('the backup holds tables this version does not know: ' + ', '.join(unknown))
    total = len(manifest['tables']) + len(manifest['media'])
    rows = 0
    with zipfile.ZipFile(path) as pack, transaction.atomic(), _times_as_given(by_label.values()):
        for model in by_label.values():  # what migrate put there; foreign keys are checked at the end
            model._base_manager.all()._raw_delete(connection.alias)
        for k, (label, expected) in enumerate(sorted(manifest['tables'].items()), start=1):
            model = by_label[label]
            with pack.open(f'data/{label}.jsonl') as lines:
                batch = []
                for obj in _objects(model, lines):
                    batch.append(obj)
                    if len(batch) >= CHUNK:
                        model._base_manager.bulk_create(batch)
                        batch = []
                if batch:
                    model._base_manager.bulk_create(batch)
            rows += expected['rows']
            if progress:
                progress(k, total, label)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cursor.execute(sql)
        connection.check_constraints()
        mismatched = [label for label, expected in manifest['tables'].items()
                      if table_digest(by_label[label]) != (expected['rows'], expected['sha256'])]
        if mismatched:
            raise RestoreError('restored tables differ from the backup: ' + ', '.join(mismatched))
        root = Path(settings.MEDIA_ROOT)
        for k, item in enumerate(manifest['media'], start=len(manifest['tables']) + 1):
            target = (root / item['name']).resolve()
            if root.resolve() not in target.parents:
                raise RestoreError(f'a file name leaves the media folder: {item["name"]}')
            data = pack.read(f'media/{item["name"]}')
            if hashlib.sha256(data).hexdigest() != item['sha256']:
                raise RestoreError(f'the file {item["name"]} is damaged in the backup')
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if progress:
                progress(k, total, item['name'])
    return len(manifest['tables']), rows, len(manifest['media'])
