"""Generic use cases on any registered model: create, update, delete, bulk edit and bulk delete.

Every write checks the scoping mechanism; single saves are audited by the central receivers,
bulk writes record their audit entries in bulk.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction


def _set_fields(obj, data):
    m2m = {}
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(obj, name, value)
    return m2m


def _protected_message(exc):
    objs = list(getattr(exc, 'protected_objects', []) or getattr(exc, 'restricted_objects', []))[:5]
    names = ', '.join(str(o) for o in objs)
    return _('It is still used by other objects: %(names)s.') % {'names': names}


def ensure_not_frozen(obj):
    """Refuse to change or delete an object that says it is frozen (a published criteria set and what it
    holds): the pages hide the buttons, this closes every other path (API, bulk actions, a crafted form)."""
    if getattr(obj, 'frozen', False):
        raise ValidationError(_('“%(object)s” is frozen and can no longer be changed or deleted; make a new '
                                'version of it instead.') % {'object': obj})


def _pks(values):
    return sorted(getattr(v, 'pk', v) for v in values)


def _save(user, obj, data):
    """Set, check and save; one audit record holds the field and many-to-many changes together."""
    creating = obj.pk is None
    m2m_names = [name for name in data if obj._meta.get_field(name).many_to_many]
    # From the database: a bound form may already have copied its values onto `obj`.
    before = None if creating else audit.snapshot_from_db(obj)
    if not creating:
        before.update({name: _pks(getattr(obj, name).all()) for name in m2m_names})
    m2m = _set_fields(obj, data)
    # Also after: an object may not be created in, or moved under, a frozen parent (a published set).
    ensure_not_frozen(obj)
    # Checked after the values are set: an object may not be created in, or moved to, another unit.
    scoping.ensure(user, obj, scoping.CHANGE)
    obj.full_clean()
    with audit.suspended():
        obj.save()
        for name, value in m2m.items():
            getattr(obj, name).set(value)
    after = {**audit.snapshot(obj), **{name: _pks(value) for name, value in m2m.items()}}
    if creating:
        audit.record(AuditAction.CREATE, obj, None, after)
    else:
        old, new = audit.diff(before, after)
        if new:
            audit.record(AuditAction.UPDATE, obj, old, new)
    return obj


@transaction.atomic
def create_object(user, model, data):
    return _save(user, model(), data)


# ---------------------------------------------------------------- lost updates

class StaleEdit(ValidationError):
    """The object was saved by someone else after the editor read it: `changes` says who changed what."""

    def __init__(self, message, changes):
        super().__init__(message)
        self.changes = changes


def _stamped(model):
    return any(f.name == 'updated_at' for f in model._meta.concrete_fields)


def version_of(obj):
    """The object's version token (its last save, to the microsecond); '' for an unsaved or unstamped one."""
    stamp = getattr(obj, 'updated_at', None) if obj is not None and obj.pk else None
    return f'{stamp.timestamp():.6f}' if stamp else ''


def changes_since(obj, version):
    """[{user, at, fields}] of the trail's changes to `obj` after the version the editor read (newest first)."""
    from cloudmove.core.models import AuditRecord

    try:
        since = datetime.fromtimestamp(float(version), tz=UTC)
    except (TypeError, ValueError):
        return []
    records = list(AuditRecord.objects.filter(object_type=audit.object_type(type(obj)), object_id=str(obj.pk),
                                              timestamp__gte=since).order_by('seq')[:50])
    # The save that made the version read is recorded just after it: it is not a change since.
    if len(records) > 1 and (records[0].timestamp - since).total_seconds() < 1:
        records = records[1:]
    # In the model's order of fields (a PostgreSQL JSON column does not keep the keys' order).
    order = {f.name: k for k, f in enumerate(obj._meta.get_fields())}
    labels = {f.name: str(getattr(f, 'verbose_name', f.name)) for f in obj._meta.get_fields()}
    return [{'user': r.username, 'at': r.timestamp,
             'fields': [labels.get(k, k) for k in sorted(r.after or {}, key=lambda k: (order.get(k, 999), k))]}
            for r in reversed(records)][:10]


def ensure_fresh(obj, version):
    """Refuse to save over a newer version than the one the editor read (`version` None: not asked)."""
    if version is None or not _stamped(type(obj)):
        return
    current = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None or version_of(current) == version:
        return
    changes = changes_since(obj, version)
    said = '; '.join(_('%(user)s changed %(fields)s at %(at)s') % {
        'user': c['user'] or '—', 'fields': ', '.join(c['fields']) or '—',
        'at': timezone.localtime(c['at']).strftime('%d/%m/%Y %H:%M:%S')} for c in changes[:3])
    raise StaleEdit(_('This was saved by someone else after you opened it, so your changes were not saved '
                      '(%(changes)s). Reload it to see the new version, then make your changes again.') % {
        'changes': said or _('no detail recorded')}, changes)


@transaction.atomic
def update_object(user, obj, data, version=None):
    """Save changes to `obj`; with `version` (what the editor read), refuse if it was saved since."""
    scoping.ensure(user, obj, scoping.CHANGE)
    ensure_fresh(obj, version)
    ensure_not_frozen(obj)
    return _save(user, obj, data)


@transaction.atomic
def delete_object(user, obj):
    scoping.ensure(user, obj, scoping.CHANGE)
    ensure_not_frozen(obj)
    try:
        obj.delete()
    except (models.ProtectedError, models.RestrictedError) as exc:
        raise ValidationError(_protected_message(exc))


@transaction.atomic
def bulk_update(user, queryset, changes, batch_size=500):
    """Apply the same field values to every object of `queryset` the user may change."""
    if not changes:
        return 0
    model = queryset.model
    objs = list(scoping.scope(queryset, user, scoping.CHANGE))
    entries, fields = [], [name for name in changes if not model._meta.get_field(name).many_to_many]
    for obj in objs:
        ensure_not_frozen(obj)
        before = audit.snapshot(obj)
        for name in fields:
            setattr(obj, name, changes[name])
        if not scoping.allowed(user, obj, scoping.CHANGE):
            raise scoping.OutOfScope(_('Not found.'))
        obj.full_clean()
        old, new = audit.diff(before, audit.snapshot(obj))
        if new:
            entries.append(audit.entry_for(AuditAction.UPDATE, obj, old, new))
    if _stamped(model):  # a bulk edit is a new version of each object for the lost-update check
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields = [*fields, 'updated_at']
    with audit.suspended():
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
    audit.record_many(entries)
    return len(objs)


@transaction.atomic
def bulk_delete(user, queryset):
    """Delete every object of `queryset` the user may change, with cascades, recording each delete."""
    objs = list(scoping.scope(queryset, user, scoping.CHANGE))
    if not objs:
        return 0
    for obj in objs:
        ensure_not_frozen(obj)
    using = router.db_for_write(queryset.model)
    collector = Collector(using=using, origin=objs)
    try:
        collector.collect(objs)
    except (models.ProtectedError, models.RestrictedError) as exc:
        raise ValidationError(_protected_message(exc))
    entries = [
        audit.entry_for(AuditAction.DELETE, instance, audit.snapshot(instance), None)
        for model, instances in collector.data.items()
        if audit.is_audited(model)
        for instance in instances
    ]
    with audit.suspended():
        collector.delete()
    audit.record_many(entries)
    return len(objs)
