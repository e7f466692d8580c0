"""Reporting in the menu (dashboard, progress reports, report requests); a leader's home page is the province
dashboard."""

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.choices import Role
from cloudmove.core.forms import ScopedModelForm
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.reporting.api import ReportRequestSerializer
from cloudmove.reporting.forms import REQUEST_FIELDS, TEMPLATE_FIELDS, RequestForm, TemplateForm
from cloudmove.reporting.models import ProgressReport, ReportAnswer, ReportRequest, ReportTemplate
from cloudmove.reporting.services import requests as _requests  # noqa: F401  (the worker's reminder round)

add_nav_link('reporting', _('Dashboard'), 'reporting:dashboard')


def dashboard_panel(request):
    """Leaders open on the whole dashboard; every other role gets a link to its own."""
    from cloudmove.reporting.services import dashboard

    if request.user.effective_role == Role.LEADER:
        data = dashboard.dashboard(request.user)
        return {'template': 'reporting/_home_dashboard.html', 'd': data, 'charts': dashboard.chart_data(data)}
    return {'template': 'reporting/_home_link.html'}


registry.home_panels.insert(0, dashboard_panel)


# ---------------------------------------------------------------- progress reports

def _draft(user, data):
    from cloudmove.reporting.services import progress

    return progress.draft(user, data)


def _report_panel(request, obj):
    if not isinstance(obj, ProgressReport):
        return None
    from cloudmove.reporting.services import progress

    return {'template': 'reporting/_report_panel.html', 'report': obj,
            'figures': progress.report_figures(obj, request.user)}


register(ModelConfig(
    model=ProgressReport, slug='progress-reports', section='reporting', api_prefix='reporting/progress-reports',
    list_columns=('period', 'subject', 'issuer', 'number', 'report_date', 'signer_name'),
    search_fields=('subject', 'number', 'results', 'difficulties', 'proposals'),
    filter_fields=('period', 'issuer'),
    select_related=('issuer',),
    form_fields=('issuer', 'period', 'number', 'place', 'report_date', 'subject', 'results', 'difficulties',
                 'proposals', 'signer_position', 'signer_name', 'recipients'),
    # The list's export: the header fields (the texts are in the document itself).
    export_fields=('period', 'subject', 'issuer', 'number', 'place', 'report_date', 'signer_position',
                   'signer_name'),
    create_form_class=modelform_factory(ProgressReport, form=ScopedModelForm,
                                        fields=['issuer', 'period', 'number', 'place', 'report_date']),
    create_with=_draft,
))
registry.detail_panels.append(_report_panel)


# ---------------------------------------------------------------- report requests


def _create_request(user, data):
    from cloudmove.reporting.services import requests

    return requests.create_request(user, data)


register(ModelConfig(
    model=ReportTemplate, slug='report-templates', section='reporting', api_prefix='reporting/report-templates',
    list_columns=('name', 'unit', 'description'),
    search_fields=('name', 'description'),
    filter_fields=('unit',),
    form_fields=TEMPLATE_FIELDS, form_class=TemplateForm,
))
register(ModelConfig(
    model=ReportRequest, slug='report-requests', section='reporting', api_prefix='reporting/report-requests',
    list_columns=('subject', 'unit', 'period', 'deadline', 'state', 'sent_at'),
    search_fields=('subject', 'period', 'instructions'),
    filter_fields=('state', 'unit', 'template'),
    form_fields=REQUEST_FIELDS, form_class=RequestForm,
    detail_fields=('subject', 'unit', 'template', 'period', 'deadline', 'state', 'sent_at', 'units', 'instructions',
                   'remind_days_before'),
    serializer_class=ReportRequestSerializer,
    create_with=_create_request,
))
register(ModelConfig(
    model=ReportAnswer, slug='report-answers', section='reporting', api_prefix='reporting/report-answers',
    list_columns=('request', 'unit', 'state', 'submitted_at', 'reviewed_at', 'reminders'),
    search_fields=('request__subject', 'unit__code', 'difficulties', 'proposals'),
    filter_fields=('request', 'unit', 'state'),
    detail_fields=('request', 'unit', 'state', 'submitted_at', 'submitted_by', 'reviewed_by', 'reviewed_at',
                   'review_comment', 'reminders', 'last_reminded_at'),
    api_fields=('id', 'request', 'unit', 'state', 'values', 'difficulties', 'proposals', 'submitted_at',
                'reviewed_at', 'review_comment', 'reminders'),
    select_related=('request', 'unit'),
    api_writable=False,
    extra={'attachments': True},
))


def request_panel(request, obj):
    """A request's page: where each unit stands, the office's buttons, the aggregation. An answer's page:
    the questions to answer (or the answers given) and the buttons the user may press now."""
    from cloudmove.core import scoping
    from cloudmove.reporting.services import requests

    if isinstance(obj, ReportRequest):
        can_change = scoping.allowed(request.user, obj, scoping.CHANGE)
        return {'template': 'reporting/_request_panel.html', 'req': obj, 'can_change': can_change,
                'status': requests.status(obj) if can_change else None,
                'mine': requests.answers_of(request.user, obj)}
    if isinstance(obj, ReportAnswer):
        return {'template': 'reporting/_answer_panel.html', **requests.answer_page(request.user, obj)}
    return None


def requests_home_panel(request):
    from cloudmove.reporting.services import requests

    rows = requests.waiting(request.user)
    return {'template': 'reporting/_requests_home.html', **rows} if rows['answers'] or rows['review'] else None


registry.detail_panels.append(request_panel)
registry.home_panels.append(requests_home_panel)
from cloudmove.reporting import demo  # noqa: E402,F401  (registers the demo loader)
