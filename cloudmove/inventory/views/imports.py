"""The discovery imports page: choose a unit and a kind, upload an export; the check, preview and apply are
the import flow's pages (core.imports.views) for the discovery family."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.imports import flow, formats, uploads
from cloudmove.core.imports import views as flow_views
from cloudmove.inventory.importers.base import MODELS
from cloudmove.inventory.services import imports

WARNINGS_SHOWN = 500


def _writable_unit(request, pk):
    unit = scoping.assignable_units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def imports_page(request):
    units = scoping.assignable_units(request.user).order_by('path')
    selected = units.filter(pk=request.GET.get('unit')).first() or (
        units.filter(pk=request.user.unit_id).first() if request.user.unit_id else units.first())
    recent = scoping.scope(flow.jobs_of(imports.FAMILY), request.user)[:10]
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
    allowed = formats.get(kind).suffixes
    if not uploaded.name.lower().endswith(allowed):
        messages.error(request, _('This kind of export is read from a file ending in %(suffixes)s.') % {
            'suffixes': ', '.join(allowed)})
        return redirect(page)
    if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
        messages.error(request, _('The file is larger than %(limit)s MiB.') % {
            'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
        return redirect(page)
    name = uploads.store_upload(uploaded)
    job = flow.start(formats.get(kind), name, unit, request.user,
                     title=_('Check %(kind)s import of %(unit)s') % {'kind': imports.name_of(kind), 'unit': unit.code})
    return redirect('inventory:imports_result', pk=job.pk)


def _may_write(user, unit):
    return scoping.assignable_units(user).filter(pk=unit.pk).exists()


def _label(kind):
    model = MODELS.get(kind)
    return model._meta.verbose_name_plural if model else kind


PAGE = flow_views.Page(
    family=imports.FAMILY, template='inventory/imports_result.html', section='survey',
    result_url='inventory:imports_result', apply_url='inventory:imports_apply', may_write=_may_write, label=_label,
    title=lambda job, unit: _('Import %(kind)s into %(unit)s') % {
        'kind': imports.name_of(job.params['format']), 'unit': unit.code})
