"""Use cases on units and unit kinds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cloudmove.core.models import Unit, UnitKind


@transaction.atomic
def add_unit(code, name_vi, name_en='', kind=None, parent=None, **extra):
    """Create a unit; `kind` and `parent` are codes. Used by the CLI (the UI and API use the generic path)."""
    # Without --kind: a top unit is of the province level, a sub-unit of the lowest level.
    kind_obj = UnitKind.objects.filter(code=kind).first() if kind else UnitKind.objects.order_by(
        'level' if parent is None else '-level', 'sort_order').first()
    if kind_obj is None:
        known = ', '.join(UnitKind.objects.order_by('sort_order').values_list('code', flat=True)) or '—'
        raise ValidationError(_('Unknown unit kind: %(kind)s. The kinds are: %(known)s.') % {
            'kind': kind or '—', 'known': known})
    parent_obj = None
    if parent:
        parent_obj = Unit.objects.filter(code=parent).first()
        if parent_obj is None:
            raise ValidationError(_('Unknown parent unit: %(code)s.') % {'code': parent})
    unit = Unit(code=code, name_vi=name_vi, name_en=name_en, kind=kind_obj, parent=parent_obj, **extra)
    unit.full_clean()
    unit.save()
    return unit


def sync(model, key, rows):
    """Create or update rows of `model` (or of a queryset) keyed by `key`, saving only what differs.
    Returns (created, updated)."""
    queryset = model.objects.all() if isinstance(model, type) else model
    model = queryset.model
    existing = {getattr(o, key): o for o in queryset.filter(**{f'{key}__in': [r[key] for r in rows]})}
    created = updated = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**row)
            obj.full_clean()
            obj.save()
            created += 1
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            obj.save()
            updated += 1
    return created, updated
