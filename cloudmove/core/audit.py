"""The audit trail: one central mechanism for every create, update and delete.

Single-object saves and deletes of AuditedModel subclasses are caught by model signals, whatever
path they come from (UI, API, CLI, jobs, shell). Bulk paths wrap their work in `suspended()` and
call `record_many()` with the before/after values they already hold. Who, where from and which
request come from a context variable set by the web middleware, the CLI and the job worker.
"""

import contextvars
import getpass
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, router, transaction
from django.db.models.deletion import Collector
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from cloudmove.core.choices import AuditAction, AuditSource
from cloudmove.core.engine import hashchain


@dataclass
class AuditContext:
    source: str = AuditSource.SYSTEM
    request_id: str = ''
    user: object = None
    request: object = None
    username: str = ''
    suspended: bool = field(default=False)

    def actor(self):
        user = self.user
        if user is None and self.request is not None:
            user = getattr(self.request, 'user', None)
        if user is not None and getattr(user, 'is_authenticated', False):
            return user.pk, user.get_username()
        return None, self.username


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar('cloudmove_audit', default=None)


def current() -> AuditContext:
    ctx = _context.get()
    if ctx is None:
        ctx = AuditContext(source=AuditSource.SYSTEM, username='system')
    return ctx


@contextmanager
def context(source, user=None, request_id=None, request=None, username=''):
    """Attribute the changes made inside the block to `user` (or `username`) from `source`; without
    either, to whoever the enclosing block names (an import run from the command line is `cli:<login>`)."""
    outer = _context.get()
    if user is None and not username and outer is not None:
        user, request, username = outer.user, request or outer.request, outer.username
    ctx = AuditContext(
        source=source, request_id=request_id or uuid.uuid4().hex, user=user, request=request, username=username
    )
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)
        del outer


def cli_context(user=None):
    return context(AuditSource.CLI, user=user, username=f'cli:{_os_user()}')


def _os_user():
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return 'unknown'


@contextmanager
def suspended():
    """Silence the per-object signals: the caller records the same changes with record_many()."""
    ctx = current()
    token = _context.set(
        AuditContext(ctx.source, ctx.request_id, ctx.user, ctx.request, ctx.username, suspended=True)
    )
    try:
        yield
    finally:
        _context.reset(token)


# ---------------------------------------------------------------- snapshots

def _jsonable(value):
    if isinstance(value, FieldFile):
        return value.name or ''
    if value is None or isinstance(value, bool | int | str):
        return value.replace('\x00', '') if isinstance(value, str) else value
    if isinstance(value, float):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_fields(model):
    cached = model.__dict__.get('_audit_fields_cache')
    if cached is None:
        exclude = set(getattr(model, 'audit_exclude', ()))
        cached = [f for f in model._meta.concrete_fields if f.name not in exclude]
        model._audit_fields_cache = cached
    return cached


def _masked(value):
    import hashlib

    return 'sha256:' + hashlib.sha256(str(value).encode()).hexdigest()[:12] if value else ''


def snapshot(instance) -> dict:
    masked = set(getattr(type(instance), 'audit_masked', ()))
    out = {}
    for f in audit_fields(type(instance)):
        value = f.value_from_object(instance)
        out[f.attname] = _masked(value) if f.name in masked else _jsonable(value)
    return out


def snapshot_values(model, row: dict) -> dict:
    """A snapshot from a `.values()` row keyed by attname (bulk paths)."""
    masked = set(getattr(model, 'audit_masked', ()))
    out = {}
    for f in audit_fields(model):
        value = row.get(f.attname)
        out[f.attname] = _masked(value) if f.name in masked else _jsonable(value)
    return out


def snapshot_from_db(instance) -> dict:
    model = type(instance)
    row = model._base_manager.filter(pk=instance.pk).values(*[f.attname for f in audit_fields(model)]).first()
    return snapshot_values(model, row) if row else None


def diff(before: dict, after: dict):
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def object_type(model):
    return f'{model._meta.app_label}.{model._meta.model_name}'


def instance_unit_path(instance):
    lookup = getattr(type(instance), 'scope_path_lookup', None)
    if not lookup:
        return ''
    value = instance
    for part in lookup.split('__'):
        if value is None:
            return ''
        value = getattr(value, part, None)
    return value or ''


# ---------------------------------------------------------------- writing

@dataclass
class Entry:
    action: str
    model: type
    object_id: object
    object_repr: str
    unit_path: str = ''
    before: dict | None = None
    after: dict | None = None


@dataclass
class Created:
    """Objects a bulk path created, column-wise: ids[i] was created with afters[i] (reprs[i] names it).

    Recorded as one batch record per run of consecutive ids instead of one record per object: a large
    import creates hundreds of thousands of objects, and the trail stays complete (each object's values,
    who, when, from which import) at a small part of the cost. A run holds at most BATCH_OBJECTS objects
    and BATCH_CHARS characters of values, so that a record still fits one spreadsheet cell (32,767) when
    the trail is exported.
    """

    model: type
    ids: list
    reprs: list
    afters: list
    unit_path: str = ''


BATCH_OBJECTS = 1000
BATCH_CHARS = 24_000  # JSON text; a spreadsheet cell holds 32,767 and exports add spacing


def _runs(ids, sizes):
    """(start, end) index pairs of runs of consecutive ids within the BATCH_OBJECTS and BATCH_CHARS bounds."""
    start, size = 0, sizes[0] if sizes else 0
    for i in range(1, len(ids) + 1):
        if (i == len(ids) or ids[i] != ids[i - 1] + 1 or i - start >= BATCH_OBJECTS
                or size + sizes[i] > BATCH_CHARS):
            yield start, i
            start, size = i, 0
        if i < len(ids):
            size += sizes[i]


def entry_for(action, instance, before=None, after=None):
    return Entry(
        action, type(instance), instance.pk, str(instance)[:200], instance_unit_path(instance), before, after
    )


def chain_fields(seq, stamp, user_id, username, source, request_id, action, kind, object_id, object_repr,
                 unit_path, first_id=None, last_id=None):
    """The scalar part of a record as the hash chain sees it (the same on write and on verify)."""
    fields = [seq, stamp, user_id, username, source, request_id, action, kind, object_id, object_repr, unit_path]
    if first_id is not None:  # batch records only, so that the hashes of single records never change
        fields += [first_id, last_id]
    return fields


def _stamp(ts):
    return ts.astimezone(UTC).isoformat(timespec='microseconds')


def record_many(entries):
    """Append entries (Entry, or Created for bulk creates) to the chain in one transaction with bulk
    inserts. Returns how many records were written."""
    from cloudmove.core import bulk
    from cloudmove.core.models import AuditChainHead, AuditRecord

    entries = [e for e in entries if not isinstance(e, Created) or e.ids]
    if not entries:
        return 0
    ctx = current()
    user_id, username = ctx.actor()
    username = (username or '')[:150]
    request_id = ctx.request_id[:64]
    now = timezone.now()
    stamp = _stamp(now)
    db_now = AuditRecord._meta.get_field('timestamp').get_db_prep_save(now, connection)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1)
        seq, prev = head.seq, head.hash
        rows = []
        for e in _records(entries):
            seq += 1
            action, kind, object_id, object_repr, unit_path, before_json, after_json, first_id, last_id = e
            digest = hashchain.digest(prev, chain_fields(seq, stamp, user_id, username, ctx.source, request_id,
                                                         action, kind, object_id, object_repr, unit_path,
                                                         first_id, last_id),
                                      before_json, after_json)
            rows.append((seq, db_now, user_id, username, ctx.source, request_id, action, kind, object_id,
                         object_repr, unit_path, first_id, last_id, None if before_json == 'null' else before_json,
                         None if after_json == 'null' else after_json, prev, digest))
            prev = digest
        bulk.insert(AuditRecord, ['seq', 'timestamp', 'user_id', 'username', 'source', 'request_id', 'action',
                                  'object_type', 'object_id', 'object_repr', 'unit_path', 'first_id', 'last_id',
                                  'before', 'after',
                                  'prev_hash', 'hash'], rows, raw=('before', 'after', 'timestamp'))
        AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return len(rows)


def _records(entries):
    """(action, type, object id, repr, unit path, before JSON, after JSON, first id, last id) of each record.

    A batch record's `after` maps each id (as text) to the object's values; its canonical JSON is put
    together from each object's, which is what sizes the runs."""
    canonical = hashchain.canonical_json
    for e in entries:
        kind = object_type(e.model)
        if not isinstance(e, Created):
            yield (e.action, kind, str(e.object_id)[:64], (e.object_repr or '')[:200], e.unit_path or '',
                   'null' if e.before is None else canonical(e.before),
                   'null' if e.after is None else canonical(e.after), None, None)
            continue
        ids, reprs = e.ids, e.reprs
        values = [canonical(after) for after in e.afters]
        for start, end in _runs(ids, [len(v) + len(str(pk)) + 4 for pk, v in zip(ids, values, strict=True)]):
            first, last = ids[start], ids[end - 1]
            if end - start == 1:
                yield (AuditAction.CREATE, kind, str(first)[:64], reprs[start][:200], e.unit_path or '', 'null',
                       values[start], None, None)
                continue
            # Canonical JSON sorts keys as text ("10" before "9"), and so must this.
            pairs = sorted(zip((str(pk) for pk in ids[start:end]), values[start:end], strict=True))
            yield (AuditAction.CREATE, kind, f'{first}-{last}'[:64], f'{reprs[start]} … {reprs[end - 1]}'[:200],
                   e.unit_path or '', 'null', '{' + ','.join(f'"{pk}":{v}' for pk, v in pairs) + '}', first, last)


def record(action, instance, before=None, after=None):
    return record_many([entry_for(action, instance, before, after)])


def verify(progress=None, batch=5000):
    """Check the whole chain; returns (records checked, Break or None)."""
    from cloudmove.core.models import AuditChainHead, AuditRecord

    head = AuditChainHead.objects.filter(pk=1).first()
    total = AuditRecord.objects.count()

    def links():
        done = 0
        canonical = hashchain.canonical_json
        for rec in AuditRecord.objects.order_by('seq').iterator(chunk_size=batch):
            fields = chain_fields(rec.seq, _stamp(rec.timestamp), rec.user_id, rec.username, rec.source,
                                  rec.request_id, rec.action, rec.object_type, rec.object_id, rec.object_repr,
                                  rec.unit_path, rec.first_id, rec.last_id)
            yield hashchain.Link(rec.seq, rec.prev_hash, rec.hash, fields, canonical(rec.before),
                                 canonical(rec.after))
            done += 1
            if progress and done % 1000 == 0:
                progress(done, total)
        if progress:
            progress(done, total)

    return hashchain.verify(links(), head.seq if head else 0, head.hash if head else None)


# ---------------------------------------------------------------- signals

def is_audited(model):
    from cloudmove.core.models import AuditedModel

    return isinstance(model, type) and issubclass(model, AuditedModel)


def connect():
    """Connect the receivers to each audited model only, so that other models keep fast deletes."""
    from django.apps import apps

    for model in apps.get_models():
        if is_audited(model):
            pre_save.connect(_before_save, sender=model, dispatch_uid=f'audit-pre-{model._meta.label}')
            post_save.connect(_after_save, sender=model, dispatch_uid=f'audit-post-{model._meta.label}')
            post_delete.connect(_after_delete, sender=model, dispatch_uid=f'audit-del-{model._meta.label}')
            for f in model._meta.local_many_to_many:
                m2m_changed.connect(_m2m_changed, sender=f.remote_field.through,
                                    dispatch_uid=f'audit-m2m-{model._meta.label}-{f.name}')


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or current().suspended:
        return
    instance._audit_before = None
    if instance.pk is not None and not instance._state.adding:
        instance._audit_before = snapshot_from_db(instance)


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or current().suspended:
        return
    after = snapshot(instance)
    before = getattr(instance, '_audit_before', None)
    if created or before is None:
        record(AuditAction.CREATE, instance, None, after)
        return
    old, new = diff(before, after)
    if new:
        record(AuditAction.UPDATE, instance, old, new)


def _after_delete(sender, instance, **kwargs):
    if current().suspended:
        return
    record(AuditAction.DELETE, instance, snapshot(instance), None)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if reverse or not is_audited(type(instance)) or current().suspended:
        return
    field_name = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender), None
    )
    if field_name is None:
        return
    if action.startswith('pre_'):
        instance._audit_m2m_before = sorted(getattr(instance, field_name).values_list('pk', flat=True))
        return
    if action.startswith('post_'):
        before = getattr(instance, '_audit_m2m_before', None)
        after = sorted(getattr(instance, field_name).values_list('pk', flat=True))
        if before != after:
            record(AuditAction.UPDATE, instance, {field_name: before}, {field_name: after})


def delete_many(model, pks, batch=2000):
    """Delete rows of `model` by id as the ORM would (cascades, SET_NULL, PROTECT), and record in the audit
    trail every row removed and every row whose reference is cleared: an import that drops a VM removes its
    disks and NICs and unassigns its addresses, and each of those is a change someone may need to trace.
    The caller is inside a transaction; returns the number of rows removed (all models)."""
    pks = list(pks)
    removed = 0
    for start in range(0, len(pks), batch):
        objs = list(model._base_manager.filter(pk__in=pks[start:start + batch]))
        if not objs:
            continue
        collector = Collector(using=router.db_for_write(model), origin=objs)
        collector.collect(objs)
        entries = [entry_for(AuditAction.DELETE, instance, snapshot(instance), None)
                   for kind, instances in collector.data.items() if is_audited(kind)
                   for instance in instances]
        for (cleared, value), groups in collector.field_updates.items():
            if not is_audited(cleared.model):
                continue
            for group in groups:
                for instance in group:
                    old = getattr(instance, cleared.attname)
                    if old != value:
                        entries.append(entry_for(AuditAction.UPDATE, instance, {cleared.name: old},
                                                 {cleared.name: value}))
        with suspended():
            _count, by_model = collector.delete()
        removed += sum(by_model.values())
        record_many(entries)
    return removed
