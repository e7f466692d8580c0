"""Read-outs over the work records: the risk heat map, the training summary per unit, the realised
benefits of decommissioning beside what the assessment planned. Aggregate queries, scoped."""

from django.db.models import Count, Max, Q, Sum

from cloudmove.core import scoping
from cloudmove.core.models import Unit
from cloudmove.execution import choices as c
from cloudmove.execution.models import DecommissionRecord, Inspection, Migration, Risk, TrainingSession

SCALE = (5, 4, 3, 2, 1)   # likelihood rows from the top


def heat_level(score):
    """The colour band of a likelihood × impact score (1–25)."""
    return 'high' if score >= 15 else 'medium' if score >= 8 else 'low'


def heatmap(user, system=None, unit=None):
    """Open risks counted per (likelihood, impact): rows from likelihood 5 down, columns impact 1 to 5."""
    qs = scoping.trusted_or_scoped(Risk.objects.filter(status__in=c.OPEN_RISK), user)
    if system is not None:
        qs = qs.filter(system=system)
    if unit is not None:
        qs = qs.filter(system__unit__path__startswith=unit.path)
    counts = {(lk, im): n for lk, im, n in qs.order_by().values_list('likelihood', 'impact').annotate(n=Count('pk'))}
    rows = [{'likelihood': lk, 'cells': [{'impact': im, 'n': counts.get((lk, im), 0), 'level': heat_level(lk * im)}
                                         for im in range(1, 6)]} for lk in SCALE]
    top = list(qs.select_related('system').order_by('-likelihood', '-impact', 'pk')[:10])
    every = scoping.trusted_or_scoped(Risk.objects.all(), user).order_by()
    by_status = dict(every.values_list('status').annotate(n=Count('pk')))
    return {'rows': rows, 'open': sum(counts.values()), 'top': top,
            'by_status': [{'status': s, 'label': s.label, 'n': by_status.get(s.value, 0)} for s in c.RiskStatus]}


def training_summary(user):
    """Per attending unit: sessions, technology transfers, attendees and hours (each session counts for
    every unit that attended it), and the latest session's date."""
    sessions = scoping.trusted_or_scoped(TrainingSession.objects.all(), user)
    units = Unit.objects.filter(trainings_attended__in=sessions).annotate(
        sessions=Count('trainings_attended', distinct=True),
        transfers=Count('trainings_attended', filter=Q(trainings_attended__transfer=True), distinct=True),
    ).order_by('code')
    # Sums per unit without the join duplicating sessions: one grouped query on the through table.
    through = TrainingSession.units.through.objects.filter(trainingsession__in=sessions)
    sums = {row['unit_id']: row for row in through.order_by().values('unit_id').annotate(
        attendees=Sum('trainingsession__attendees'), hours=Sum('trainingsession__hours'))}
    last = dict(through.order_by().values_list('unit_id').annotate(
        last=Max('trainingsession__held_on')))
    rows = [{'unit': u, 'sessions': u.sessions, 'transfers': u.transfers,
             'attendees': sums.get(u.pk, {}).get('attendees') or 0, 'hours': sums.get(u.pk, {}).get('hours') or 0,
             'last': last.get(u.pk)} for u in units]
    totals = sessions.aggregate(sessions=Count('pk'), attendees=Sum('attendees'), hours=Sum('hours'))
    return {'rows': rows, 'totals': totals}


def open_inspections(user, unit=None):
    """Inspections whose follow-up is still open, the earliest due first."""
    qs = scoping.trusted_or_scoped(Inspection.objects.filter(status=c.RecordStatus.OPEN), user)
    qs = qs.select_related('system__unit')
    if unit is not None:
        qs = qs.filter(system__unit__path__startswith=unit.path)
    return qs.order_by('due_on', 'inspected_on')


KWH_PER_WATT_MONTH = 24 * 30 / 1000


def decommissioned_between(user, start, end):
    """Old servers and devices decommissioned from `start` to `end`: how many, and the power freed."""
    qs = DecommissionRecord.objects.filter(decommissioned_on__gte=start, decommissioned_on__lte=end)
    qs = scoping.trusted_or_scoped(qs, user)
    return qs.aggregate(items=Count('pk'), power_w=Sum('power_w'), rack_units=Sum('rack_units'))


def benefits(user, unit=None):
    """Realised (decommission records) beside planned (the assessment, for the systems being moved):
    servers and devices, rack units, power, kWh a month; per unit."""
    from cloudmove.assessment.services import results

    records = scoping.trusted_or_scoped(DecommissionRecord.objects.all(), user).filter(decommissioned_on__isnull=False)
    migrations = scoping.trusted_or_scoped(Migration.objects.all(), user)
    if unit is not None:
        records = records.filter(system__unit__path__startswith=unit.path)
        migrations = migrations.filter(system__unit__path__startswith=unit.path)
    realised = records.aggregate(items=Count('pk'), servers=Count('server', distinct=True),
                                 power_w=Sum('power_w'), rack_units=Sum('rack_units'))
    realised['kwh_month'] = round((realised['power_w'] or 0) * KWH_PER_WATT_MONTH, 1)
    per_unit = list(records.order_by().values('system__unit_id').annotate(
        items=Count('pk'), power_w=Sum('power_w'), rack_units=Sum('rack_units')))
    units = Unit.objects.in_bulk([row['system__unit_id'] for row in per_unit])
    per_unit.sort(key=lambda row: units[row['system__unit_id']].code)
    for row in per_unit:
        row['unit'] = units[row['system__unit_id']]
        row['kwh_month'] = round((row['power_w'] or 0) * KWH_PER_WATT_MONTH, 1)
    moving = migrations.values_list('system_id', flat=True)
    closed = migrations.filter(state=c.MigrationState.CLOSED).values_list('system_id', flat=True)
    return {'realised': realised, 'per_unit': per_unit, 'planned': results.planned_benefits(moving),
            'planned_closed': results.planned_benefits(closed)}
