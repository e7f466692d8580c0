"""Execution pages beside the generic ones: the wave board, the transition and go-live forms, the
templates, the risk heat map, the training summary and the realised benefits. Thin over the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.models import Unit
from cloudmove.core.services import objects
from cloudmove.execution.models import DecommissionRecord, Migration, Risk, TrainingSession
from cloudmove.execution.services import lifecycle, optimise, records
from cloudmove.inventory.models import InformationSystem


def _migration(request, pk, action=scoping.CHANGE):
    return scoping.get_or_404(Migration.objects.select_related('system__unit'), request.user, action, pk=pk)


def _back(request, migration):
    target = request.POST.get('next', '')
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect('execution:migration_detail', migration.pk)


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _needs(request, model):
    if not scoping.role_allows(request.user, model):
        raise PermissionDenied(_('This page is not open to your role.'))


@login_required
def board(request):
    _needs(request, Migration)
    wave = request.GET.get('wave') or None
    unit = request.GET.get('unit') or None
    wave = int(wave) if wave and wave.isdigit() else None
    unit = int(unit) if unit and unit.isdigit() else None
    visible = lifecycle.migrations(request.user).order_by()
    context = {
        'columns': lifecycle.board(request.user, wave=wave, unit=unit), 'progress': lifecycle.progress(request.user),
        'waves': sorted(w for w in visible.values_list('wave', flat=True).distinct() if w is not None),
        'units': Unit.objects.filter(pk__in=visible.values('system__unit_id')).order_by('code'),
        'wave': wave, 'unit': unit, 'healthy_days': lifecycle.healthy_days(),
        'programme_office': scoping.sees_all(Migration, request.user, scoping.CHANGE),
    }
    return render(request, 'execution/board.html', context)


@login_required
@require_POST
def transition(request, pk):
    migration = _migration(request, pk)
    try:
        migration = lifecycle.transition(request.user, migration, request.POST.get('to', ''),
                                         request.POST.get('comment', ''))
        messages.success(request, _('%(system)s is now “%(state)s”.') % {
            'system': migration.system.code, 'state': migration.get_state_display()})
    except ValidationError as exc:
        messages.error(request, _('%(system)s cannot move yet:') % {'system': migration.system.code})
        _refused(request, exc)
    return _back(request, migration)


@login_required
@require_POST
def approve_golive(request, pk):
    migration = _migration(request, pk, scoping.VIEW)
    try:
        lifecycle.approve_golive(request.user, migration, request.POST.get('approver', ''),
                                 request.POST.get('reference', ''),
                                 parse_date(request.POST.get('approved_on') or '') or None)
        messages.success(request, _('The go-live is approved.'))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(request, migration)


@login_required
@require_POST
def apply_template(request, pk, what):
    if what not in ('runbook', 'tests'):
        raise Http404(_('Not found.'))
    migration = _migration(request, pk)
    try:
        if what == 'runbook':
            n = lifecycle.apply_runbook_template(request.user, migration)
        else:
            n = lifecycle.apply_test_templates(request.user, migration)
        messages.success(request, _('%(n)s items added from the templates.') % {'n': n})
    except ValidationError as exc:
        _refused(request, exc)
    return _back(request, migration)


@login_required
@require_POST
def seed_risks(request, system_pk):
    system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
    try:
        n = lifecycle.seed_risks(request.user, system)
        messages.success(request, _('%(n)s risks added from the assessment.') % {'n': n})
    except ValidationError as exc:
        _refused(request, exc)
    migration = Migration.objects.filter(system=system).first()
    if migration is not None:
        return _back(request, migration)
    return redirect('inventory:informationsystem_detail', system.pk)


@login_required
@require_POST
def optimise_view(request, pk):
    migration = _migration(request, pk)
    try:
        _run, written, left_out = optimise.optimise(request.user, migration.system)
        messages.success(request, _('%(n)s down-size suggestions from the data measured since go-live.') % {
            'n': len(written)})
        if left_out:
            messages.warning(request, _('No performance data measured since go-live for: %(machines)s.') % {
                'machines': ', '.join(left_out)})
    except ValidationError as exc:
        _refused(request, exc)
    return _back(request, migration)


@login_required
@require_POST
def start(request, system_pk):
    system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
    existing = Migration.objects.filter(system=system).first()
    if existing is not None:
        return redirect('execution:migration_detail', existing.pk)
    try:
        migration = objects.create_object(request.user, Migration, {'system': system})
    except ValidationError as exc:
        _refused(request, exc)
        return redirect('inventory:informationsystem_detail', system.pk)
    return redirect('execution:migration_detail', migration.pk)


@login_required
@require_POST
def sync(request):
    try:
        created, updated = lifecycle.sync_from_plan(request.user)
        messages.success(request, _('%(created)s migrations created, %(updated)s moved to their new wave.') % {
            'created': created, 'updated': updated})
    except ValidationError as exc:
        _refused(request, exc)
    return redirect('execution:board')


@login_required
@require_POST
def settings_view(request):
    try:
        days = lifecycle.set_healthy_days(request.user, request.POST.get('healthy_days', ''))
        messages.success(request, _('Systems now stay live and healthy for %(days)s days before their old systems '
                                    'are decommissioned.') % {'days': days})
    except (ValueError, ValidationError) as exc:
        messages.error(request, ' '.join(getattr(exc, 'messages', [_('Give a number of days.')])))
    return redirect('execution:board')


@login_required
def heatmap(request):
    _needs(request, Risk)
    return render(request, 'execution/heatmap.html', {'map': records.heatmap(request.user)})


@login_required
def training_summary(request):
    _needs(request, TrainingSession)
    return render(request, 'execution/training_summary.html', {'summary': records.training_summary(request.user)})


@login_required
def benefits(request):
    _needs(request, DecommissionRecord)
    return render(request, 'execution/benefits.html', {'b': records.benefits(request.user)})
