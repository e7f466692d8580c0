"""Planning in the menu and on the home page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import GroupingEdit, WaveAssignment, WavePin, WavePlan

add_nav_link('design', _('Wave plans'), 'planning:plans', WavePlan)
add_nav_link('design', _('Dependency graph'), 'planning:graph', InformationSystem)


def _system(unit, code):
    system, _created = InformationSystem.objects.get_or_create(
        code=f'{unit.code}-{code}', defaults={'unit': unit, 'name': f'Hệ thống {code} của {unit.code}'})
    return system


register(ModelConfig(
    model=WavePin, slug='pins', section='design', api_prefix='planning/pins',
    list_columns=('system', 'wave', 'not_before', 'not_after', 'deadline', 'reason'),
    search_fields=('system__code', 'system__name', 'reason'),
    filter_fields=('wave',),
    select_related=('system__unit',),
    form_fields=('system', 'wave', 'not_before', 'not_after', 'deadline', 'reason'),
    sample=lambda unit, n: {'system': _system(unit, f'GHIM{n}').pk, 'wave': 2, 'reason': 'Chờ hết hợp đồng'},
))

register(ModelConfig(
    model=GroupingEdit, slug='grouping-edits', section='design', api_prefix='planning/grouping-edits',
    list_columns=('source', 'target', 'action', 'reason'),
    search_fields=('source__code', 'target__code', 'reason'),
    filter_fields=('action',),
    select_related=('source__unit', 'target__unit'),
    form_fields=('source', 'target', 'action', 'reason'),
    sample=lambda unit, n: {'source': _system(unit, f'NHOM{n}A').pk, 'target': _system(unit, f'NHOM{n}B').pk,
                            'action': 'add', 'reason': 'Dùng chung cơ sở dữ liệu'},
))


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


def system_panel(request, obj):
    """A system's neighbourhood in the dependency graph and its wave in the latest plan."""
    if not isinstance(obj, InformationSystem):
        return None
    from cloudmove.planning.services import graph

    data = graph.system_graph(request.user, around=obj)
    if len(data['nodes']) <= 1 and not data['plan']:
        return None
    me = next((n for n in data['nodes'] if n['id'] == obj.pk), None)
    return {'template': 'planning/_system_panel.html', 'data': data, 'system': obj, 'me': me}


registry.detail_panels.append(system_panel)
