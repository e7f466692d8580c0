"""Reading results: one system's whole result (page, API, `assess show`), filtered lists, XLSX export."""

from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.assessment import choices as c
from cloudmove.assessment.engine.decisions import RULES_BY_ID
from cloudmove.assessment.engine.inputs import Params
from cloudmove.assessment.models import AssessmentRun, MachineResult, StrategyReview, SystemResult
from cloudmove.assessment.services.runs import latest_for_system, result_rows_by_severity, rows_of
from cloudmove.core import scoping


def language(lang=None):
    return lang or (translation.get_language() or 'vi')[:2]


def confidence_text(gaps, machines):
    """'memory samples missing for 3 of 5 VMs' for each data point some machines lack."""
    return [_('%(what)s missing for %(missing)s of %(total)s VMs') % {
        'what': c.CONFIDENCE_POINTS.get(name, name), 'missing': missing, 'total': machines}
        for name, missing in (gaps or {}).items() if missing]


def strategy_reasons(rule_ids, lang):
    out = []
    for rid in rule_ids or []:
        rule = RULES_BY_ID.get(rid)
        if rule:
            out.append({'id': rid, 'strategy': rule.strategy, 'strategy_label': str(c.Strategy(rule.strategy).label),
                        'text': rule.vi if lang == 'vi' else rule.en})
    return out


def filtered(run, user, model=SystemResult, readiness=None, strategy=None, unit=None, system=None):
    qs = scoping.scope(rows_of(run, model), user)
    if readiness:
        qs = qs.filter(readiness=readiness)
    if strategy and model is SystemResult:
        qs = qs.filter(strategy=strategy)
    if unit:
        qs = qs.filter(unit__code=unit) if not str(unit).isdigit() else qs.filter(unit_id=int(unit))
    if system and model is MachineResult:
        qs = qs.filter(system_id=system)
    return qs


def system_view(run, system, language=None, user=None):
    """Everything the run found for one system, as JSON-able data. None when the run has no result for it."""
    lang = globals()['language'](language)
    qs = SystemResult.objects.filter(run=run, system=system).select_related('system', 'unit', 'worst_vm')
    if user is not None:
        qs = scoping.scope(qs, user)
    result = qs.first()
    if result is None:
        return None
    params = Params.from_dict(run.params)
    machines = list(rows_of(run, MachineResult).filter(vm__systems=system).select_related('vm')
                    .order_by('vm__name'))
    review = StrategyReview.objects.filter(system=system).select_related('reviewed_by').first()
    months = params.horizon_years * 12
    return {
        'run': run.pk, 'system': {'id': system.pk, 'code': system.code, 'name': system.name,
                                  'unit': result.unit.code},
        'readiness': result.readiness, 'readiness_label': str(c.Readiness(result.readiness).label),
        'counts': {'blocker': result.blockers, 'condition': result.conditions, 'information': result.information},
        'worst_machine': result.worst_vm.name if result.worst_vm else None,
        'hits': result_rows_by_severity(result.hits, lang),
        'strategy': result.strategy, 'strategy_label': str(c.Strategy(result.strategy).label),
        'recommended': result.recommended, 'recommended_label': str(c.Strategy(result.recommended).label),
        'reviewed': result.reviewed,
        'strategy_rules': strategy_reasons(result.strategy_rules, lang),
        'review': {'strategy': review.strategy, 'reason': review.reason, 'effort_days': review.effort_days,
                   'criticality': review.criticality, 'priority': review.priority,
                   'by': review.reviewed_by.username if review.reviewed_by else None,
                   'at': review.updated_at.isoformat()} if review else None,
        'cost': {'monthly_vnd': result.costs, 'horizon_years': params.horizon_years,
                 'horizon_vnd': {k: (v * months if v is not None else None) for k, v in result.costs.items()},
                 'best_provider': result.best_provider, 'best_monthly_vnd': result.best_monthly_vnd,
                 'onprem_monthly_vnd': result.onprem_monthly_vnd, 'saving_monthly_vnd': result.saving_monthly_vnd,
                 'freed_cores': result.details.get('freed_cores'),
                 'freed_kwh_month': result.details.get('freed_kwh_month')},
        'confidence': {'stars': result.stars, 'share': result.confidence,
                       'explanation': confidence_text(result.details.get('gaps'), result.machines)},
        'impact': {'users': result.users, 'dependants': result.dependants, 'dependencies': result.dependencies,
                   'data_gib': result.data_gib, 'transfer_hours': result.transfer_hours,
                   'downtime_hours': result.downtime_hours, 'exceeds_rto': result.exceeds_rto,
                   'rto_hours': float(system.rto_hours) if system.rto_hours is not None else None,
                   'bandwidth_mbps': params.bandwidth_mbps},
        'priority': {'score': result.priority, 'value': result.value, 'complexity': result.complexity,
                     'quadrant': result.quadrant, 'quadrant_label': str(c.Quadrant(result.quadrant).label),
                     'effort_days': result.effort_days,
                     'value_parts': result.details.get('value_parts'),
                     'complexity_parts': result.details.get('complexity_parts'),
                     'parts': [{'name': k, 'label': str(c.PRIORITY_PARTS.get(k, k)), 'value': v,
                                'side': side} for side in ('value', 'complexity')
                               for k, v in (result.details.get(f'{side}_parts') or {}).items()]},
        'machines': [machine_view(m, lang) for m in machines],
    }


def machine_view(m, lang):
    return {'id': m.vm_id, 'name': m.vm.name, 'readiness': m.readiness, 'stars': m.stars,
            'confidence': m.confidence, 'performance_based': m.performance_based, 'idle': m.idle,
            'target_vcpus': m.target_vcpus, 'target_memory_mib': m.target_memory_mib,
            'allocated_vcpus': m.vm.vcpus, 'allocated_memory_mib': m.vm.memory_mib,
            'best_provider': m.best_provider, 'best_monthly_vnd': m.best_monthly_vnd,
            'onprem_monthly_vnd': m.onprem_monthly_vnd, 'onprem': m.onprem,
            'hits': result_rows_by_severity(m.hits, lang),
            'sizing': [{'provider': code, **values} for code, values in m.sizing.items()]}


def export_sheets(run, user):
    """The run's results in the user's scope as XLSX sheets: systems, then machines."""
    systems = scoping.scope(SystemResult.objects.filter(run=run), user).select_related('system', 'unit') \
        .order_by('-priority', 'system__code')
    codes = [o['provider'] for o in run.offers]
    header = [_('Code'), _('Information system'), _('Unit'), _('Readiness'), _('Blockers'), _('Conditions'),
              _('Strategy'), _('Reviewed'), _('Priority'), _('Value'), _('Complexity'), _('Confidence (stars)'),
              _('Machines'), _('Data (GiB)'), _('Transfer time (h)'), _('Downtime window (h)'), _('Users'),
              _('Dependants'), _('Cheapest provider'), _('Cheapest monthly cost (VND)'),
              _('On-premises monthly cost (VND)'), _('Monthly saving (VND)'),
              *[_('%(provider)s monthly (VND)') % {'provider': code} for code in codes]]
    readiness, strategies = dict(c.Readiness.choices), dict(c.Strategy.choices)

    def system_rows():
        for r in systems.iterator(chunk_size=2000):
            yield [r.system.code, r.system.name, r.unit.code, str(readiness[r.readiness]), r.blockers, r.conditions,
                   str(strategies[r.strategy]), r.reviewed, r.priority, r.value, r.complexity, r.stars, r.machines,
                   r.data_gib, r.transfer_hours, r.downtime_hours, r.users, r.dependants, r.best_provider,
                   r.best_monthly_vnd, r.onprem_monthly_vnd, r.saving_monthly_vnd,
                   *[r.costs.get(code) for code in codes]]

    machines = scoping.scope(rows_of(run, MachineResult), user).select_related('vm', 'unit', 'system') \
        .order_by('vm__name')
    m_header = [_('Virtual machine'), _('Unit'), _('Information system'), _('Readiness'), _('Rules'),
                _('vCPU'), _('Memory (MiB)'), _('Target vCPU'), _('Target memory (MiB)'), _('From performance data'),
                _('Idle'), _('Confidence (stars)'), _('Cheapest provider'), _('Cheapest monthly cost (VND)'),
                _('On-premises monthly cost (VND)'),
                *[_('%(provider)s flavour') % {'provider': code} for code in codes]]

    def machine_rows():
        for m in machines.iterator(chunk_size=2000):
            yield [m.vm.name, m.unit.code, m.system.code if m.system else '', str(readiness[m.readiness]),
                   ', '.join(h[0] for h in m.hits), m.vm.vcpus, m.vm.memory_mib, m.target_vcpus, m.target_memory_mib,
                   m.performance_based, m.idle, m.stars, m.best_provider, m.best_monthly_vnd, m.onprem_monthly_vnd,
                   *[(m.sizing.get(code) or {}).get('flavour') for code in codes]]

    return [(_('Systems'), header, system_rows()), (_('Machines'), m_header, machine_rows())]


def planning_rows(run, system_ids=None):
    """What the wave planner reads of a run, per system: (system id, code, unit id, strategy after review,
    effort in person-days, priority, machines, readiness); all systems, or those of `system_ids`."""
    qs = rows_of(run, SystemResult)
    if system_ids is not None:
        qs = qs.filter(system_id__in=system_ids)
    return list(qs.order_by('system__code').values_list(
        'system_id', 'system__code', 'unit_id', 'strategy', 'effort_days', 'priority', 'machines', 'readiness'))


def latest_province_run():
    """The latest finished assessment of the whole province (what a programme plan stands on)."""
    return (AssessmentRun.objects.filter(state=c.RunState.DONE, unit__isnull=True)
            .order_by('-finished_at', '-pk').first())


def for_design(system, run_id=None, machines=True):
    """What a migration design takes from an assessment of `system` (the run `run_id`, else the latest
    finished one): the run, readiness, strategy after review, monthly cost per provider and on premises, the
    conditions to meet, and with `machines` per machine its target size and, per provider, flavour and
    monthly cost. None when that run has no result for the system."""
    if run_id is None:
        result = latest_for_system(system)
    else:
        result = SystemResult.objects.filter(run_id=run_id, system=system).select_related('run').first()
    if result is None:
        return None
    sized, hits = {}, list(result.hits or [])
    rows = MachineResult.objects.filter(run_id=result.machines_run_id, vm__systems=system).order_by('vm__name')
    if machines:
        for vm_id, vcpus, memory, sizing, machine_hits in rows.values_list(
                'vm_id', 'target_vcpus', 'target_memory_mib', 'sizing', 'hits'):
            hits += machine_hits or []
            sized[vm_id] = {'vcpus': vcpus, 'memory_mib': memory,
                            'sizing': {code: {'flavour': v.get('flavour'), 'monthly_vnd': v.get('monthly_vnd')}
                                       for code, v in (sizing or {}).items()}}
    else:
        for machine_hits in rows.values_list('hits', flat=True):
            hits += machine_hits or []
    # Each rule once (the first machine's evidence), the system's own hits first.
    seen, unique = set(), []
    for rule_id, evidence in hits:
        if rule_id not in seen:
            seen.add(rule_id)
            unique.append((rule_id, evidence))
    return {
        'run': result.run, 'readiness_label': str(c.Readiness(result.readiness).label),
        'strategy': result.strategy, 'costs': dict(result.costs or {}), 'best_provider': result.best_provider,
        'onprem_monthly_vnd': result.onprem_monthly_vnd, 'machines': sized,
        # What must hold for the move (rule hits of severity condition or blocker), for the requirements.
        'findings': [h for h in result_rows_by_severity(unique, language())
                     if h['severity'] in ('blocker', 'condition')],
    }


def planned_benefits(system_ids, run=None):
    """What the assessment expected the move of `system_ids` (ids or a values_list queryset) to free
    (servers, rack units, kWh a month, on-premises cost and saving a month), from `run` or the latest
    province run, by one aggregate query; None without a run."""
    from django.db.models import Count, FloatField, Sum
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast

    run = run or latest_province_run()
    if run is None:
        return None
    figures = SystemResult.objects.filter(run=run, system_id__in=system_ids).aggregate(
        systems=Count('pk'), cores=Sum(Cast(KT('details__freed_cores'), FloatField())),
        kwh=Sum(Cast(KT('details__freed_kwh_month'), FloatField())),
        onprem_monthly_vnd=Sum('onprem_monthly_vnd'), saving_monthly_vnd=Sum('saving_monthly_vnd'))
    params = Params.from_dict(run.params)
    servers = round((figures.pop('cores') or 0) / params.cores_per_server, 1)
    kwh = figures.pop('kwh') or 0
    return {**figures, 'freed_servers': servers, 'freed_rack_u': round(servers * params.rack_u_per_server, 1),
            'freed_kwh_month': round(kwh, 1), 'co2_tonnes_year': round(kwh * 12 * params.co2_kg_kwh / 1000, 2),
            'onprem_monthly_vnd': figures['onprem_monthly_vnd'] or 0,
            'saving_monthly_vnd': figures['saving_monthly_vnd'] or 0}


def dashboard(user, unit=None, run=None):
    """The latest province run's figures for a dashboard, by aggregate queries in the user's scope (and
    under `unit`): systems by readiness and by strategy, and the monthly cost on premises, in the cheapest
    cloud (systems that move) and the saving. None before any run."""
    from django.db.models import Count, Q, Sum

    run = run or latest_province_run()
    if run is None:
        return None
    qs = scoping.trusted_or_scoped(SystemResult.objects.filter(run=run), user).order_by()
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    readiness = dict(qs.values_list('readiness').annotate(n=Count('pk')))
    strategies = dict(qs.values_list('strategy').annotate(n=Count('pk')))
    moving = ~Q(strategy__in=('retire', 'retain'))
    totals = qs.aggregate(systems=Count('pk'), onprem_monthly_vnd=Sum('onprem_monthly_vnd'),
                          cloud_monthly_vnd=Sum('best_monthly_vnd', filter=moving),
                          saving_monthly_vnd=Sum('saving_monthly_vnd'))
    return {'run': run.pk, 'finished_at': run.finished_at, **totals,
            'readiness': [{'key': k, 'label': str(label), 'n': readiness.get(k, 0)} for k, label in
                          c.Readiness.choices],
            'strategies': [{'key': k, 'label': str(label), 'n': strategies.get(k, 0)} for k, label in
                           c.Strategy.choices]}
