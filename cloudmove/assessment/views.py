"""Pages: runs (start, list), a run's results (charts, ranked list, quadrant), one system's result with the
review form, the comparison of two runs, and the XLSX export. Thin over the services; all scoped."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.assessment import choices as c
from cloudmove.assessment.models import AssessmentRun
from cloudmove.assessment.services import results, runs
from cloudmove.core import exports, scoping
from cloudmove.core.models import Unit
from cloudmove.inventory.models import InformationSystem

PAGE_SIZE = 50


def _run(request, pk):
    return scoping.get_or_404(AssessmentRun.objects.select_related('unit', 'created_by', 'base'), request.user,
                              pk=pk)


def _bars(counts, labels):
    total = sum(counts.values()) or 1
    return [{'key': k, 'label': labels.get(k, k), 'count': v, 'pct': round(100 * v / total, 1)}
            for k, v in counts.items()]


@login_required
def run_list(request):
    if not scoping.role_allows(request.user, AssessmentRun):
        raise PermissionDenied
    qs = scoping.scope(AssessmentRun.objects.select_related('unit', 'created_by'), request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get('page'))
    defaults = runs.Params()
    units = scoping.assignable_units(request.user) if not scoping.sees_all(AssessmentRun, request.user) else None
    return render(request, 'assessment/runs.html', {
        'page': page, 'section': 'assessment', 'can_run': runs.can_run(request.user) or bool(
            units and any(runs.can_run(request.user, u) for u in units)),
        'units': units if units is not None else Unit.objects.filter(is_active=True).order_by('path'),
        'sizing_choices': c.Sizing.choices, 'defaults': defaults,
        'extra': [(name, label, getattr(defaults, name)) for name, label in c.EXTRA_PARAMS.items()]})


@login_required
@require_POST
def run_start(request):
    unit = None
    if request.POST.get('unit'):
        unit = Unit.objects.filter(pk=request.POST['unit']).first()
    params = {k: request.POST.get(k) for k in ('sizing', 'percentile', 'comfort', 'window_days', 'horizon_years',
                                                'bandwidth_mbps', *c.EXTRA_PARAMS)}
    try:
        run = runs.start(request.user, unit, params, title=request.POST.get('title', ''))
    except ValidationError as exc:
        messages.error(request, '; '.join(exc.messages))
        return redirect('assessment:runs')
    messages.success(request, _('The assessment is queued; this page follows its progress.'))
    return redirect('assessment:run', run.pk)


@login_required
@require_POST
def run_rerun(request, pk):
    run = _run(request, pk)
    if not runs.can_run(request.user, run.unit):
        raise PermissionDenied
    new = runs.rerun(run, request.user)
    messages.success(request, _('Re-assessed %(count)s systems that changed.') % {'count': new.reassessed})
    return redirect('assessment:run', new.pk)


@login_required
def latest_results(request):
    run = runs.latest(user=request.user)
    if run is None:
        messages.info(request, _('No assessment has run yet.'))
        return redirect('assessment:runs')
    return redirect('assessment:run', run.pk)


@login_required
def run_detail(request, pk):
    run = _run(request, pk)
    data = runs.summary_of(run, request.user, unit=request.GET.get('unit') or None) \
        if run.state == c.RunState.DONE else None
    qs = results.filtered(run, request.user, readiness=request.GET.get('readiness'),
                          strategy=request.GET.get('strategy'), unit=request.GET.get('unit'))
    qs = qs.select_related('system', 'unit').order_by('-priority', 'system__code')
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get('page'))
    summary = data['summary'] if data else {}
    points = list(results.filtered(run, request.user, unit=request.GET.get('unit'))
                  .order_by('-priority').values_list('system__code', 'value', 'complexity', 'quadrant')[:500])
    costs = summary.get('monthly_cost_vnd', {})
    top = max(costs.values(), default=0) or 1
    return render(request, 'assessment/run.html', {
        'run': run, 'summary': summary, 'page': page, 'section': 'assessment',
        'stale': runs.stale_reasons(run), 'can_run': runs.can_run(request.user, run.unit),
        'readiness_bars': _bars(summary.get('readiness', {}), dict(c.Readiness.choices)),
        'strategy_bars': _bars(summary.get('strategies', {}), dict(c.Strategy.choices)),
        'stars_bars': _bars(summary.get('stars', {}), {str(k): '★' * k for k in range(1, 6)}),
        'cost_bars': [{'label': k, 'value': v, 'pct': round(100 * v / top, 1),
                       'hosted': summary.get('hosted_systems', {}).get(k, 0)} for k, v in costs.items()],
        'points': [{'code': code, 'x': round(cx * 300, 1), 'y': round(300 - v * 300, 1), 'quadrant': q}
                   for code, v, cx, q in points],
        'readiness_choices': c.Readiness.choices, 'strategy_choices': c.Strategy.choices,
        'filters': {k: request.GET.get(k, '') for k in ('readiness', 'strategy', 'unit')},
    })


@login_required
def system_result(request, pk, system_pk):
    run = _run(request, pk)
    system = scoping.get_or_404(InformationSystem.objects.select_related('unit'), request.user, pk=system_pk)
    data = results.system_view(run, system, user=request.user)
    if data is None:
        raise Http404
    probe = runs.StrategyReview(system=system)
    return render(request, 'assessment/system.html', {
        'run': run, 'system': system, 'r': data, 'section': 'assessment',
        'can_review': scoping.allowed(request.user, probe, scoping.CHANGE),
        'strategy_choices': c.Strategy.choices, 'criticality_choices': c.ReviewCriticality.choices})


@login_required
@require_POST
def review(request, pk, system_pk):
    _run(request, pk)  # the page it returns to: a run out of scope is not found
    system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
    try:
        if request.POST.get('clear'):
            runs.clear_review(request.user, system)
            messages.success(request, _('The review is removed; the next run applies the recommendation.'))
        else:
            runs.review(request.user, system, request.POST.get('strategy', ''), request.POST.get('reason', ''),
                        request.POST.get('effort_days') or None, request.POST.get('criticality', ''),
                        request.POST.get('priority') or None)
            messages.success(request, _('The review is saved; every later run applies it.'))
    except ValidationError as exc:
        messages.error(request, '; '.join(exc.messages))
    return redirect('assessment:system', pk, system_pk)


@login_required
def compare(request, pk, other):
    old, new = _run(request, pk), _run(request, other)
    diff = runs.compare(old, new, request.user)
    readiness, strategies = dict(c.Readiness.choices), dict(c.Strategy.choices)
    for item in diff['systems']:
        for side in ('before', 'after'):
            if item[side]:
                item[side]['readiness_label'] = readiness[item[side]['readiness']]
                item[side]['strategy_label'] = strategies[item[side]['strategy']]
    for item in diff['machines']:
        item['before_label'] = readiness.get(item['before'], '—')
        item['after_label'] = readiness.get(item['after'], '—')
    return render(request, 'assessment/compare.html', {'old': old, 'new': new, 'diff': diff,
                                                       'section': 'assessment'})


@login_required
def export(request, pk):
    run = _run(request, pk)
    buffer = tempfile.TemporaryFile()
    exports.write_xlsx(buffer, results.export_sheets(run, request.user))
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=exports.filename(f'assessment-{run.pk}', 'xlsx'),
                        content_type='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
