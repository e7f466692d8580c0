from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import AUDIT_ROLES, AuditAction, AuditSource, Role
from cloudmove.core.text import capfirst


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied('The audit trail is append-only.')

    def delete(self):
        raise PermissionDenied('The audit trail is append-only.')

    def visible_to(self, user, action='view'):
        from cloudmove.core.scoping import scope

        return scope(self, user, action)

    def about_id(self, pk):
        """Records about the object id `pk`: its own, and the batch records whose id range holds it."""
        pk = str(pk).strip()
        mine = models.Q(object_id=pk)
        if pk.isdigit():
            mine |= models.Q(first_id__lte=int(pk), last_id__gte=int(pk))
        return self.filter(mine)

    def for_object(self, object_type, pk):
        return self.filter(object_type=object_type).about_id(pk)

    def object_total(self):
        """How many objects the records are about (a batch record counts each object in it)."""
        span = Coalesce(models.F('last_id') - models.F('first_id') + 1, models.Value(1))
        return self.aggregate(n=Sum(span))['n'] or 0


_OBJECT_TYPES = {}  # language -> choices: every list row and export cell asks for them


def object_types():
    """The choices of AuditRecord.object_type: every model the trail records, by its name (read when
    shown, so the names follow the user's language and new models need no migration)."""
    language = get_language()
    if language not in _OBJECT_TYPES:
        from django.apps import apps

        from cloudmove.core.audit import is_audited, object_type

        # Plain text in that language and order: a lazy name would be translated again on every display.
        found = [(object_type(model), str(capfirst(model._meta.verbose_name))) for model in apps.get_models()
                 if is_audited(model)]
        _OBJECT_TYPES[language] = sorted(found, key=lambda choice: choice[1])
    return _OBJECT_TYPES[language]


class AuditRecord(models.Model):
    """One change. `hash` chains it to the record before it, so editing or deleting a row is detectable.

    Foreign keys are plain columns (no constraint): deleting a user or unit must not touch the trail.
    """

    seq = models.BigIntegerField(_('sequence'), unique=True)
    timestamp = models.DateTimeField(_('time'), db_index=True)
    user_id = models.BigIntegerField(_('user id'), null=True, blank=True)
    username = models.CharField(_('user'), max_length=150, blank=True, db_index=True)
    source = models.CharField(_('source'), max_length=10, choices=AuditSource.choices)
    request_id = models.CharField(_('request id'), max_length=64, blank=True, db_index=True)
    action = models.CharField(_('action'), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_('object type'), max_length=100, choices=object_types)
    object_id = models.CharField(_('object id'), max_length=64)  # indexed with object_type below
    object_repr = models.CharField(_('object'), max_length=200)
    # A batch record (one per run of consecutive ids of a bulk create) covers first_id..last_id; its
    # `after` maps each id to the values that object was created with.
    first_id = models.BigIntegerField(_('first object id'), null=True, blank=True)
    last_id = models.BigIntegerField(_('last object id'), null=True, blank=True)
    unit_path = models.CharField(_('unit path'), max_length=1000, blank=True, db_index=True)
    before = models.JSONField(_('before'), null=True, blank=True)
    after = models.JSONField(_('after'), null=True, blank=True)
    prev_hash = models.CharField(_('previous hash'), max_length=64)
    hash = models.CharField(_('hash'), max_length=64)  # the chain, not an index, proves integrity

    objects = AppendOnlyQuerySet.as_manager()

    # Auditors and admins read the whole trail; unit roles read the history of their own unit's objects.
    scope_path_lookup = 'unit_path'
    scope_owner_lookup = 'user_id'
    scope_view_roles = AUDIT_ROLES | {Role.UNIT_OFFICER, Role.UNIT_VIEWER}
    scope_change_roles = frozenset()

    class Meta:
        ordering = ['-seq']
        verbose_name = _('audit record')
        verbose_name_plural = _('audit records')
        indexes = [models.Index(fields=['object_type', 'object_id']),
                   models.Index(fields=['object_type', 'last_id'], name='core_audit_batch_idx')]

    def __str__(self):
        which = f'{self.first_id}–{self.last_id}' if self.is_batch else (self.object_repr or self.object_id)
        return f'#{self.seq} {self.get_action_display()} · {self.get_object_type_display()} {which}'

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied('The audit trail is append-only.')
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied('The audit trail is append-only.')

    @property
    def is_batch(self):
        return self.first_id is not None

    @property
    def object_count(self):
        return 1 if self.first_id is None else self.last_id - self.first_id + 1

    def batch_table(self):
        """A batch record's objects as a table: (field labels, [(id, url or None, [values])]), fields in the
        model's order, ids in order, each id linked to its object while it still exists."""
        if not self.is_batch:
            return [], []
        from django.apps import apps

        from cloudmove.core.tables import object_url

        fields = self._fields_by_name()
        rows = sorted(((int(pk), values) for pk, values in (self.after or {}).items()), key=lambda r: r[0])
        order = {name: i for i, name in enumerate(fields)}
        keys = sorted({key for _pk, values in rows for key in values}, key=lambda k: (order.get(k, len(order)), k))
        labels = [capfirst(fields[key].verbose_name) if key in fields else key for key in keys]
        try:
            model = apps.get_model(self.object_type)
            alive = set(model._base_manager.filter(pk__in=[pk for pk, _values in rows]).values_list('pk', flat=True))
        except (LookupError, ValueError):
            model, alive = None, set()
        return labels, [(pk, object_url(model(pk=pk)) if pk in alive else None,
                         [_readable(fields.get(key), values.get(key)) for key in keys]) for pk, values in rows]

    def _fields_by_name(self):
        from django.apps import apps

        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return {}
        fields = {}  # in the model's order: concrete fields first
        for f in model._meta.get_fields():
            if hasattr(f, 'verbose_name'):
                fields[getattr(f, 'attname', f.name)] = f
                fields.setdefault(f.name, f)
        return fields

    @property
    def unit_code(self):
        parts = [p for p in self.unit_path.split('/') if p]
        return parts[-1] if parts else ''

    def changed_fields(self):
        if self.is_batch:
            return []
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(key, before.get(key), after.get(key)) for key in keys]

    def readable_changes(self):
        """changed_fields as people read them: field labels, choice labels, local dates, Có/Không."""
        fields = self._fields_by_name()
        return [(capfirst(fields[key].verbose_name) if key in fields else key,
                 _readable(fields.get(key), old), _readable(fields.get(key), new))
                for key, old, new in self.changed_fields()]


def _readable(field, value):
    if value is None or value == '' or value == []:
        return None
    if isinstance(value, bool):
        return _('Yes') if value else _('No')
    if field is not None and field.name.endswith('_vnd') and isinstance(value, int | float | str):
        try:  # amounts of money: grouped digits, as on every other page
            return number_format(Decimal(str(value)), force_grouping=True) + ' ₫'
        except InvalidOperation:
            return value
    if field is not None and field.choices and not field.is_relation:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value)
        if parsed is not None:
            return date_format(timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed,
                               'SHORT_DATETIME_FORMAT')
    elif isinstance(value, str) and isinstance(field, models.DateField):
        parsed = parse_date(value)
        if parsed is not None:
            return date_format(parsed, 'SHORT_DATE_FORMAT')
    if isinstance(value, list):
        return ', '.join(str(v) for v in value)
    return value


class AuditChainHead(models.Model):
    """The last sequence number and hash: locked while appending, so the chain stays linear."""

    seq = models.BigIntegerField(_('sequence'), default=0)
    hash = models.CharField(_('hash'), max_length=64, default='0' * 64)

    class Meta:
        verbose_name = _('audit chain head')

    def __str__(self):
        return f'{self.seq}:{self.hash[:12]}'
