"""Pages: wave plans (start, list), one plan's waves with capacity use and the comparison with the greedy
baseline, why a system is in its wave, the dependency graph, the programme plan's Gantt chart and its
budget. Thin over the services; a unit's user sees its own systems and tasks."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.assessment import choices as assessment_choices
from cloudmove.core import exports, scoping
from cloudmove.core.models import Unit
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import Phase, Task, WavePlan
from cloudmove.planning.services import graph, plans
from cloudmove.planning.services import programme as service

FIELDS = ('waves', 'weeks', 'start', 'time_limit', 'slack', 'capacity_systems', 'capacity_vms', 'capacity_effort',
          'capacity_per_unit', 'blackouts', 'w_priority', 'w_crossing', 'w_length', 'w_balance')


def _plan(request, pk):
    return scoping.get_or_404(WavePlan.objects.select_related('created_by', 'job').defer('problem'), request.user,
                              pk=pk)


@login_required
def plan_list(request):
    if not scoping.role_allows(request.user, WavePlan):
        raise PermissionDenied
    qs = scoping.scope(WavePlan.objects.select_related('created_by').defer('result', 'problem'), request.user)[:100]
    defaults = plans.clean_constraints({})
    blackouts = '\n'.join(f"{b['name']}; {b['start']}; {b['end']}; {b['factor']}" for b in defaults['blackouts'])
    return render(request, 'planning/plans.html', {
        'plans': qs, 'section': 'design', 'can_plan': plans.can_plan(request.user), 'defaults': defaults,
        'blackouts': blackouts})


@login_required
@require_POST
def plan_start(request):
    values = {k: request.POST.get(k) for k in FIELDS}
    if 'blackouts' in request.POST and not request.POST['blackouts'].strip():
        values['blackouts'] = []    # the planner emptied the list: no blackouts, not the defaults
    try:
        plan = plans.start(request.user, values, title=request.POST.get('title', ''))
    except ValidationError as exc:
        messages.error(request, '; '.join(exc.messages))
        return redirect('planning:plans')
    messages.success(request, _('The plan is queued; this page follows the solver.'))
    return redirect('planning:plan', plan.pk)


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    data = plans.payload(plan, request.user)
    rows = plans.assignments(plan, request.user).select_related('system', 'unit').order_by(
        'wave', '-priority', 'system__code')
    by_wave = {}
    unplaced = []
    for row in rows:
        (by_wave.setdefault(row.wave, []) if row.wave is not None else unplaced).append(row)
    waves = []
    for w in data['waves']:
        use = {d: (round(100 * w['load'][d] / w['capacity'][d]) if w['capacity'][d] else None)
               for d in ('systems', 'vms', 'effort')}
        waves.append({**w, 'use': use, 'rows': by_wave.get(w['number'], [])})
    improvement = None
    if plan.objective is not None and plan.greedy_objective:
        improvement = round(100 * (1 - plan.objective / plan.greedy_objective), 1)
    return render(request, 'planning/plan.html', {
        'plan': plan, 'data': data, 'waves': waves, 'unplaced': unplaced, 'section': 'design',
        'improvement': improvement, 'terms': _terms(data), 'result': plan.result or {}})


def _terms(data):
    names = {'priority': _('Priority × wave'), 'crossing': _('Links crossing waves (weighted)'),
             'length': _('Last wave'), 'balance': _('Busiest wave (person-days)')}
    ours, greedy = data.get('terms') or {}, data.get('greedy_terms') or {}
    return [(names[k], ours.get(k), greedy.get(k)) for k in names]


@login_required
def system_why(request, pk, system_pk):
    plan = _plan(request, pk)
    system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
    data = plans.why(plan, system, request.user)
    if data is None:
        raise Http404
    return render(request, 'planning/why.html', {'plan': plan, 'system': system, 'data': data,
                                                 'section': 'design'})


@login_required
def dependency_graph(request):
    """The systems and their dependencies, filtered by unit, wave, strategy and readiness."""
    if not scoping.role_allows(request.user, InformationSystem):
        raise PermissionDenied
    q = request.GET
    unit = _unit_filter(request)
    data = graph.system_graph(request.user, unit=unit, wave=q.get('wave') or None,
                              strategy=q.get('strategy') or None, readiness=q.get('readiness') or None)
    plan = plans.latest(request.user)
    units = _units(request)
    return render(request, 'planning/graph.html', {
        'data': data, 'section': 'design', 'units': units, 'plan': plan, 'filters': q,
        'waves': [w['number'] for w in (plan.result or {}).get('waves', [])] if plan else [],
        'strategies': assessment_choices.Strategy.choices, 'readiness_choices': assessment_choices.Readiness.choices,
        'colour': 'readiness' if q.get('colour') == 'readiness' else 'wave'})


def _units(request):
    """The units a user may pick in a filter."""
    return scoping.scope(Unit.objects.filter(is_active=True), request.user).order_by('path')


def _unit_filter(request):
    code = request.GET.get('unit')
    if not code:
        return None
    return _units(request).filter(code=code).first()


@login_required
def programme(request):
    """The programme plan as a Gantt chart of the phases and the tasks; a unit's own plan with ?unit=
    (what a unit's user sees anyway); overdue and upcoming tasks."""
    if not scoping.role_allows(request.user, Task):
        raise PermissionDenied
    unit = _unit_filter(request)
    rows = service.gantt(request.user, unit)
    units = _units(request)
    return render(request, 'planning/programme.html', {
        'rows': rows, 'unit': unit, 'units': units, 'section': 'design',
        'overdue': service.overdue(request.user, unit=unit)[:50],
        'upcoming': service.upcoming(request.user, unit=unit)[:50],
        'no_phases': not Phase.objects.exists(),
        'can_load': scoping.role_allows(request.user, Phase, scoping.CHANGE)})


@login_required
@require_POST
def programme_load(request):
    if not scoping.role_allows(request.user, Phase, scoping.CHANGE):
        raise PermissionDenied
    made, _tasks = service.load_seed_phases()
    messages.success(request, _('%(count)s phases of the provincial plan added.') % {'count': made})
    return redirect('planning:programme')


@login_required
def budget(request):
    if not scoping.role_allows(request.user, Task):
        raise PermissionDenied
    unit = _unit_filter(request)
    if request.GET.get('format') == 'xlsx':
        buffer = tempfile.TemporaryFile()
        exports.write_xlsx(buffer, service.budget_sheets(request.user, unit))
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=exports.filename('budget', 'xlsx'),
                            content_type='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    units = _units(request)
    return render(request, 'planning/budget.html', {'data': service.budget(request.user, unit), 'unit': unit,
                                                    'units': units, 'section': 'design'})
