"""The dashboards, a progress report's documents, and the report requests' actions and aggregation. Thin
over reporting.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.http import content_disposition
from cloudmove.core.models import Unit
from cloudmove.reporting.models import ReportAnswer, ReportRequest
from cloudmove.reporting.services import dashboard as service
from cloudmove.reporting.services import progress, requests

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


def pack_for(user, pk):
    report = report_or_404(user, pk)
    return document_response(progress.annex_pack(report, user), 'application/zip', progress.filename(report, 'zip'))


@login_required
def report_pack(request, pk):
    return pack_for(request.user, pk)


@login_required
def report_docx(request, pk):
    return docx_for(request.user, pk)


@login_required
def report_annex(request, pk):
    return annex_for(request.user, pk)


# ---------------------------------------------------------------- report requests

REQUEST_ACTIONS = {
    'send': (requests.send, _l('Sent: the units asked have been told.')),
    'remind': (requests.remind, _l('The units that have not submitted are reminded.')),
    'close': (requests.close, _l('Closed.')),
}


def _errors(request, exc):
    messages.error(request, ' '.join(exc.messages))


@login_required
@require_POST
def request_action(request, pk, action):
    if action not in REQUEST_ACTIONS:
        raise scoping.OutOfScope(_('Not found.'))
    function, done = REQUEST_ACTIONS[action]
    report_request = scoping.get_or_404(ReportRequest.objects.all(), request.user, scoping.CHANGE, pk=pk)
    try:
        function(request.user, report_request)
        messages.success(request, done)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect('reporting:reportrequest_detail', pk)


@login_required
@require_POST
def answer_save(request, pk):
    """Save the unit's answer; with the submit button, save and submit it."""
    answer = scoping.get_or_404(ReportAnswer.objects.select_related('request'), request.user, pk=pk)
    raw = requests.raw_from_form(answer.request.questions, request.POST)
    try:
        answer = requests.save_answer(request.user, answer, raw, request.POST.get('difficulties', ''),
                                      request.POST.get('proposals', ''))
        if 'submit' in request.POST:
            requests.submit(request.user, answer)
            messages.success(request, _('Submitted to the programme office.'))
        else:
            messages.success(request, _('Saved. Submit it when it is complete.'))
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect('reporting:reportanswer_detail', pk)


@login_required
@require_POST
def answer_review(request, pk):
    answer = scoping.get_or_404(ReportAnswer.objects.select_related('request'), request.user, pk=pk)
    comment = request.POST.get('comment', '')
    try:
        if request.POST.get('decision') == 'accept':
            requests.accept(request.user, answer, comment)
            messages.success(request, _('Accepted.'))
        else:
            requests.return_answer(request.user, answer, comment)
            messages.success(request, _('Returned to the unit with your comments.'))
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect('reporting:reportanswer_detail', pk)


def request_for_office(user, pk):
    return scoping.get_or_404(ReportRequest.objects.all(), user, scoping.CHANGE, pk=pk)


@login_required
def aggregation(request, pk):
    report_request = request_for_office(request.user, pk)
    return render(request, 'reporting/aggregation.html', {
        'req': report_request, 'agg': requests.aggregation(request.user, report_request),
        'status': requests.status(report_request)})


def aggregation_xlsx_for(user, pk):
    report_request = request_for_office(user, pk)
    return document_response(requests.aggregation_xlsx(user, report_request), XLSX,
                             f'tong-hop-{report_request.pk}.xlsx')


@login_required
def aggregation_download(request, pk):
    return aggregation_xlsx_for(request.user, pk)
