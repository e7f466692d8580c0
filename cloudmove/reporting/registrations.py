"""Reporting in the menu; a leader's home page is the province dashboard."""

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.choices import Role
from cloudmove.core.forms import ScopedModelForm
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.reporting.models import ProgressReport

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

    return {'template': 'reporting/_report_panel.html', 'report': obj, 'figures': progress.figures(request.user,
                                                                                                   obj.period)}


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
    sample=lambda unit, n: {'issuer': unit.pk, 'period': f'2026-Q{1 + n % 4}', 'report_date': '2026-10-05',
                            'subject': f'Báo cáo tiến độ {n}', 'signer_position': 'Giám đốc'},
))
registry.detail_panels.append(_report_panel)

