"""Planning in the menu and on the home page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import add_nav_link
from cloudmove.planning.models import WaveAssignment, WavePlan

add_nav_link('design', _('Wave plans'), 'planning:plans', WavePlan)


def home_panel(request):
    """The latest wave plan: its status and the user's systems per wave."""
    from cloudmove.core import scoping
    from cloudmove.planning.services import plans

    if not scoping.role_allows(request.user, WaveAssignment):
        return None
    plan = plans.latest(user=request.user)
    if plan is None:
        return {'template': 'planning/_home_panel.html', 'plan': None}
    data = plans.payload(plan, request.user)
    return {'template': 'planning/_home_panel.html', 'plan': plan,
            'waves': [w for w in data['waves'] if w['systems']][:6]}


registry.home_panels.append(home_panel)
