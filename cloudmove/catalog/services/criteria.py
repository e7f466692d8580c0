"""Criteria-set use cases: freeze rule, new version, publish and retire.

A published (or retired) set is frozen, so the evaluations made against it keep meaning what they
meant; a change is a new version copied from it, which starts as a draft.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cloudmove.catalog.choices import CriteriaSetState
from cloudmove.catalog.models import CriteriaFeature, CriteriaGroup, CriteriaSet, Criterion
from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction


def frozen_message(criteria_set):
    return _('The criteria set “%(set)s” is %(state)s and cannot be changed: make a new version of it and '
             'edit that.') % {'set': criteria_set, 'state': criteria_set.get_state_display().lower()}


def ensure_editable(*criteria_sets):
    """Refuse a change touching a set that is not a draft (its id is re-read: the instance may be edited)."""
    ids = {getattr(s, 'pk', s) for s in criteria_sets if s is not None and getattr(s, 'pk', s) is not None}
    for criteria_set in CriteriaSet.objects.filter(pk__in=ids).exclude(state=CriteriaSetState.DRAFT):
        raise ValidationError(frozen_message(criteria_set))


def set_of(obj):
    """The criteria set a group, feature or criterion belongs to (as saved), or the set itself."""
    if isinstance(obj, CriteriaSet):
        return obj.pk
    if obj.pk is None:
        return None
    if isinstance(obj, CriteriaGroup):
        return CriteriaGroup.objects.filter(pk=obj.pk).values_list('criteria_set_id', flat=True).first()
    if isinstance(obj, CriteriaFeature):
        return CriteriaFeature.objects.filter(pk=obj.pk).values_list('group__criteria_set_id', flat=True).first()
    return Criterion.objects.filter(pk=obj.pk).values_list('feature__group__criteria_set_id', flat=True).first()


def set_of_parent(parent):
    """The criteria set of the parent a new or moved object is put under."""
    if parent is None:
        return None
    if isinstance(parent, CriteriaSet):
        return parent.pk
    if isinstance(parent, CriteriaGroup):
        return parent.criteria_set_id
    return parent.group.criteria_set_id  # a feature


def next_version(code):
    return (CriteriaSet.objects.filter(code=code).aggregate(v=Max('version'))['v'] or 0) + 1


def _entries(objs):
    return [audit.Entry(AuditAction.CREATE, type(o), o.pk, str(o)[:200], '', None, audit.snapshot(o)) for o in objs]


@transaction.atomic
def copy_structure(source, target):
    """Copy the groups, features and criteria of `source` into the empty set `target` in bulk;
    returns the audit entries of the new rows (the caller records them)."""
    groups = list(source.groups.order_by('order', 'code'))
    features = list(CriteriaFeature.objects.filter(group__criteria_set=source).order_by('group_id', 'order', 'code'))
    criteria = list(Criterion.objects.filter(feature__group__criteria_set=source).order_by('feature_id', 'order',
                                                                                           'code'))
    new_groups = CriteriaGroup.objects.bulk_create([
        CriteriaGroup(criteria_set=target, code=g.code, name_vi=g.name_vi, name_en=g.name_en, order=g.order)
        for g in groups])
    group_map = {old.pk: new.pk for old, new in zip(groups, new_groups, strict=True)}
    new_features = CriteriaFeature.objects.bulk_create([
        CriteriaFeature(group_id=group_map[f.group_id], code=f.code, name_vi=f.name_vi, name_en=f.name_en,
                        order=f.order) for f in features])
    feature_map = {old.pk: new.pk for old, new in zip(features, new_features, strict=True)}
    new_criteria = Criterion.objects.bulk_create([
        Criterion(feature_id=feature_map[c.feature_id], code=c.code, text_vi=c.text_vi, text_en=c.text_en,
                  mandatory=c.mandatory, weight=c.weight, order=c.order) for c in criteria])
    return _entries(new_groups) + _entries(new_features) + _entries(new_criteria)


@transaction.atomic
def new_version(criteria_set, user):
    """A draft copy of `criteria_set` as the next version of its code; the old set and its evaluations
    are not touched."""
    scoping.ensure(user, criteria_set, scoping.CHANGE)
    source = CriteriaSet.objects.get(pk=criteria_set.pk)
    target = CriteriaSet(code=source.code, version=next_version(source.code), name=source.name,
                         description=source.description, legal_basis=source.legal_basis,
                         pass_score=source.pass_score, state=CriteriaSetState.DRAFT, based_on=source)
    target.full_clean()
    with audit.suspended():
        target.save()
        entries = copy_structure(source, target)
    audit.record_many(_entries([target]) + entries)
    return target


@transaction.atomic
def publish(criteria_set, user):
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    scoping.ensure(user, criteria_set, scoping.CHANGE)
    if criteria_set.state != CriteriaSetState.DRAFT:
        raise ValidationError(_('Only a draft criteria set can be published.'))
    if not Criterion.objects.filter(feature__group__criteria_set=criteria_set).exists():
        raise ValidationError(_('The criteria set has no criteria: add some before publishing it.'))
    criteria_set.state = CriteriaSetState.PUBLISHED
    criteria_set.save()  # audited by the central receivers
    # One version of a code is in force: the earlier published ones retire (their evaluations stay).
    for older in CriteriaSet.objects.filter(code=criteria_set.code, state=CriteriaSetState.PUBLISHED).exclude(
            pk=criteria_set.pk):
        older.state = CriteriaSetState.RETIRED
        older.save()
    return criteria_set


@transaction.atomic
def retire(criteria_set, user):
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    scoping.ensure(user, criteria_set, scoping.CHANGE)
    if criteria_set.state != CriteriaSetState.PUBLISHED:
        raise ValidationError(_('Only a published criteria set can be retired.'))
    criteria_set.state = CriteriaSetState.RETIRED
    criteria_set.save()
    return criteria_set
