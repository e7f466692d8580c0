"""The dashboards, and a progress report's documents. Thin over reporting.services."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cloudmove.core import scoping
from cloudmove.core.http import content_disposition
from cloudmove.core.models import Unit
from cloudmove.reporting.services import dashboard as service
from cloudmove.reporting.services import progress

DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


def chosen_unit(request):
    """The unit whose dashboard is asked for (?unit=ID), if the user may see it; a unit user's own unit."""
    pk = request.GET.get('unit', '')
    units = scoping.scope(Unit.objects.filter(is_active=True), request.user)
    if pk.isdigit():
        return units.filter(pk=int(pk)).first()
    return None if scoping.sees_all(Unit, request.user) else request.user.unit


@login_required
def dashboard(request):
    unit = chosen_unit(request)
    data = service.dashboard(request.user, unit)
    units = scoping.scope(Unit.objects.filter(is_active=True), request.user).order_by('code')
    return render(request, 'reporting/dashboard.html', {'d': data, 'charts': service.chart_data(data),
                                                        'units': units[:500]})


def report_or_404(user, pk):
    return scoping.get_or_404(progress.scoped(user), user, pk=pk)


def document_response(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response['Content-Disposition'] = content_disposition(name)
    return response


def docx_for(user, pk):
    """The report's .docx download (the page and the API)."""
    report = report_or_404(user, pk)
    return document_response(progress.build(report, user), DOCX, progress.filename(report, 'docx'))


def annex_for(user, pk):
    report = report_or_404(user, pk)
    return document_response(progress.annex(report, user), XLSX, progress.filename(report, 'xlsx'))


@login_required
def report_docx(request, pk):
    return docx_for(request.user, pk)


@login_required
def report_annex(request, pk):
    return annex_for(request.user, pk)
