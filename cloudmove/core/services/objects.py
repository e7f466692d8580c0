"""Generic use cases on any registered model: create, update, delete, bulk edit and bulk delete.

Every write checks the scoping mechanism; single saves are audited by the central receivers,
bulk writes record their audit entries in bulk.
"""

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector
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


@transaction.atomic
def update_object(user, obj, data):
    scoping.ensure(user, obj, scoping.CHANGE)
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
