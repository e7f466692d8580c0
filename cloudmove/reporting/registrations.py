"""Reporting in the menu; a leader's home page is the province dashboard."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.choices import Role
from cloudmove.core.registry import add_nav_link

add_nav_link('reporting', _('Dashboard'), 'reporting:dashboard')


def dashboard_panel(request):
    """Leaders open on the whole dashboard; every other role gets a link to its own."""
    from cloudmove.reporting.services import dashboard

    if request.user.effective_role == Role.LEADER:
        data = dashboard.dashboard(request.user)
        return {'template': 'reporting/_home_dashboard.html', 'd': data, 'charts': dashboard.chart_data(data)}
    return {'template': 'reporting/_home_link.html'}


registry.home_panels.insert(0, dashboard_panel)
