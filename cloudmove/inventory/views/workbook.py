"""The survey workbook page: download a unit's workbook, upload a filled one; the check, preview and apply
are the import flow's pages (core.imports.views) for the workbook family."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.imports import flow, formats, uploads
from cloudmove.core.imports import views as flow_views
from cloudmove.core.models import Unit
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
    recent = scoping.scope(flow.jobs_of('workbook'), request.user)[:10]
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
    name = uploads.store_upload(uploaded)
    job = flow.start(formats.get('workbook'), name, unit, request.user,
                     title=_('Check workbook of %(unit)s') % {'unit': unit.code})
    return redirect('inventory:workbook_result', pk=job.pk)


def _page():
    from django.urls import reverse

    return reverse('inventory:workbook')


def _may_write(user, unit):
    return scoping.assignable_units(user).filter(pk=unit.pk).exists()


PAGE = flow_views.Page(
    family='workbook', template='inventory/workbook_result.html', section='survey',
    result_url='inventory:workbook_result', apply_url='inventory:workbook_apply',
    annotated_url='inventory:workbook_annotated', may_write=_may_write,
    title=lambda job, unit: _('Import workbook of %(unit)s') % {'unit': unit.code})
