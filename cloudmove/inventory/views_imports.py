"""The discovery imports page: choose a unit and a kind, upload an export, preview (dry-run job), apply."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.imports import uploads
from cloudmove.core.models import Job
from cloudmove.core.services import jobs
from cloudmove.inventory.importing import MODELS
from cloudmove.inventory.services import imports

SUFFIXES = ('.xlsx', '.csv', '.zip')
WARNINGS_SHOWN = 500


def _writable_unit(request, pk):
    unit = scoping.assignable_units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def _job(request, pk):
    return scoping.get_or_404(Job.objects.filter(kind=imports.JOB_KIND).select_related('unit'), request.user, pk=pk)


@login_required
def imports_page(request):
    units = scoping.assignable_units(request.user).order_by('path')
    selected = units.filter(pk=request.GET.get('unit')).first() or (
        units.filter(pk=request.user.unit_id).first() if request.user.unit_id else units.first())
    recent = scoping.scope(Job.objects.filter(kind=imports.JOB_KIND), request.user)[:10]
    return render(request, 'inventory/imports.html', {
        'units': units[:500], 'selected': selected, 'kinds': imports.kinds(), 'recent': recent,
        'max_mib': settings.CLOUDMOVE_MAX_UPLOAD_MIB, 'section': 'survey',
    })


@login_required
@require_POST
def imports_upload(request):
    unit = _writable_unit(request, request.POST.get('unit') or 0)
    page = f'{reverse("inventory:imports")}?unit={unit.pk}'
    kind = request.POST.get('kind', '')
    if kind not in imports.importers():
        messages.error(request, _('Choose what kind of export this is.'))
        return redirect(page)
    uploaded = request.FILES.get('file')
    if uploaded is None:
        messages.error(request, _('Choose a file to upload.'))
        return redirect(page)
    if not uploaded.name.lower().endswith(SUFFIXES):
        messages.error(request, _('Upload an .xlsx, .csv or .zip file.'))
        return redirect(page)
    if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
        messages.error(request, _('The file is larger than %(limit)s MiB.') % {
            'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
        return redirect(page)
    name = uploads.store_upload(uploaded)
    job = jobs.enqueue(imports.JOB_KIND, user=request.user, unit=unit, upload=name, unit_id=unit.pk, source=kind,
                       dry_run=True, title=_('Check %(kind)s import of %(unit)s') % {'kind': imports.name_of(kind),
                                                                                   'unit': unit.code})
    return redirect('inventory:imports_result', pk=job.pk)


@login_required
def imports_result(request, pk):
    job = _job(request, pk)
    result = job.result or {}
    rows, total = [], {'created': 0, 'updated': 0, 'unchanged': 0, 'removed': 0}
    for kind in (result.get('created') or {}):
        row = {k: (result.get(k) or {}).get(kind, 0) for k in total}
        if any(row.values()):
            model = MODELS.get(kind)
            label = model._meta.verbose_name_plural if model else kind
            rows.append({'kind': kind, 'label': label, **row})
            for k in total:
                total[k] += row[k]
    warnings = result.get('warnings', [])
    return render(request, 'inventory/imports_result.html', {
        'job': job, 'result': result, 'rows': rows, 'total': total, 'totals': result.get('totals') or {},
        'errors': result.get('errors', []), 'warnings': warnings, 'warnings_shown': warnings[:WARNINGS_SHOWN],
        'warnings_hidden': max(0, len(warnings) - WARNINGS_SHOWN), 'unknown': result.get('unknown') or {},
        'columns': [(sheet, header, target) for sheet, mapping in (result.get('columns') or {}).items()
                    for header, target in mapping.items()],
        'can_apply': (job.state == 'succeeded' and result.get('dry_run') and not result.get('errors')
                      and (total['created'] or total['updated'] or total['removed'])
                      and scoping.assignable_units(request.user).filter(pk=job.unit_id).exists()),
        'section': 'survey',
    })


@login_required
@require_POST
def imports_apply(request, pk):
    job = _job(request, pk)
    result = job.result or {}
    if not result.get('dry_run') or result.get('errors'):
        raise PermissionDenied
    unit = _writable_unit(request, job.unit_id)
    kind = result['kind']
    applied = jobs.enqueue(imports.JOB_KIND, user=request.user, unit=unit, upload=result['upload'], unit_id=unit.pk,
                           source=kind, dry_run=False,
                           title=_('Import %(kind)s into %(unit)s') % {'kind': imports.name_of(kind),
                                                                      'unit': unit.code})
    messages.info(request, _('The import is running as a background job.'))
    return redirect('inventory:imports_result', pk=applied.pk)
