"""The survey workbook page: download a unit's workbook, upload a filled one, preview, apply."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.models import Job, Unit
from cloudmove.core.services import jobs
from cloudmove.inventory.services import workbooks

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def _unit(request, pk, action=scoping.VIEW):
    """A unit the user may see (download) or write into (upload)."""
    units = scoping.assignable_units(request.user) if action == scoping.CHANGE else scoping.scope(
        Unit.objects.filter(is_active=True), request.user)
    unit = units.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def workbook_page(request):
    units = scoping.scope(Unit.objects.filter(is_active=True), request.user).order_by('path')
    writable = set(scoping.assignable_units(request.user).values_list('pk', flat=True))
    selected = units.filter(pk=request.GET.get('unit')).first() or (
        units.filter(pk=request.user.unit_id).first() if request.user.unit_id else units.first())
    recent = scoping.scope(Job.objects.filter(kind='inventory.workbook_import'), request.user)[:10]
    return render(request, 'inventory/workbook.html', {
        'units': units[:500], 'selected': selected, 'can_upload': selected is not None and selected.pk in writable,
        'recent': recent, 'max_mib': settings.CLOUDMOVE_MAX_UPLOAD_MIB, 'section': 'survey',
    })


@login_required
def workbook_download(request, unit_pk):
    unit = _unit(request, unit_pk)
    import tempfile

    buffer = tempfile.TemporaryFile()
    workbooks.export(unit, buffer)
    buffer.seek(0)
    name = f'khao-sat-{unit.code}-{timezone.localtime():%Y%m%d}.xlsx'
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_POST
def workbook_upload(request, unit_pk):
    unit = _unit(request, unit_pk, scoping.CHANGE)
    uploaded = request.FILES.get('file')
    if uploaded is None:
        messages.error(request, _('Choose a file to upload.'))
        return redirect(f'{_page()}?unit={unit.pk}')
    if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
        messages.error(request, _('The file is larger than %(limit)s MiB.') % {
            'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
        return redirect(f'{_page()}?unit={unit.pk}')
    name = workbooks.store_upload(uploaded)
    job = jobs.enqueue('inventory.workbook_import', user=request.user, unit=unit, upload=name, unit_id=unit.pk,
                       dry_run=True, title=_('Check workbook of %(unit)s') % {'unit': unit.code})
    return redirect('inventory:workbook_result', pk=job.pk)


def _page():
    from django.urls import reverse

    return reverse('inventory:workbook')


def _job(request, pk):
    return scoping.get_or_404(Job.objects.filter(kind='inventory.workbook_import').select_related('unit'),
                              request.user, pk=pk)


@login_required
def workbook_result(request, pk):
    job = _job(request, pk)
    result = job.result or {}
    sheets = []
    for title in (result.get('created') or {}):
        row = {k: result[k].get(title, 0) for k in ('created', 'updated', 'unchanged', 'removed')}
        if any(row.values()):
            sheets.append({'title': title, **row, 'changes': (result.get('changes') or {}).get(title, [])})
    return render(request, 'inventory/workbook_result.html', {
        'job': job, 'result': result, 'sheets': sheets, 'errors': result.get('errors', []),
        'can_apply': (job.state == 'succeeded' and result.get('dry_run') and not result.get('errors')
                      and any(s['created'] or s['updated'] or s['removed'] for s in sheets)
                      and scoping.assignable_units(request.user).filter(pk=job.unit_id).exists()),
        'section': 'survey',
    })


@login_required
@require_POST
def workbook_apply(request, pk):
    job = _job(request, pk)
    result = job.result or {}
    if not result.get('dry_run') or result.get('errors'):
        raise PermissionDenied
    unit = _unit(request, job.unit_id, scoping.CHANGE)
    applied = jobs.enqueue('inventory.workbook_import', user=request.user, unit=unit, upload=result['upload'],
                           unit_id=unit.pk, dry_run=False, title=_('Import workbook of %(unit)s') % {'unit': unit.code})
    messages.info(request, _('The import is running as a background job.'))
    return redirect('inventory:workbook_result', pk=applied.pk)


@login_required
def workbook_annotated(request, pk):
    job = _job(request, pk)
    upload = (job.result or {}).get('upload')
    path = workbooks.annotated_path(upload) if upload else None
    if path is None or not path.exists():
        raise Http404
    return FileResponse(open(path, 'rb'), as_attachment=True, filename=f'loi-{job.unit.code}.xlsx',
                        content_type=XLSX)
