"""Planning in the menu, on the home page and on a system's page; pins, grouping edits, phases and tasks
through the generic pages and API; the demo's programme plan."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import GroupingEdit, Phase, Task, WaveAssignment, WavePin, WavePlan

add_nav_link('design', _('Wave plans'), 'planning:plans', WavePlan)
add_nav_link('design', _('Dependency graph'), 'planning:graph', InformationSystem)
add_nav_link('design', _('Programme plan'), 'planning:programme', Task)
add_nav_link('design', _('Programme budget'), 'planning:budget', Task)


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


def _phase():
    phase, _created = Phase.objects.get_or_create(number=1, defaults={
        'name': 'Hướng dẫn, tuyên truyền', 'start': '2026-01-01', 'end': '2026-03-31'})
    return phase


register(ModelConfig(
    model=Phase, slug='phases', section='design', api_prefix='planning/phases',
    list_columns=('number', 'name', 'start', 'end', 'lead_unit', 'coordinating'),
    search_fields=('name', 'name_en', 'description'),
    form_fields=('number', 'name', 'name_en', 'start', 'end', 'lead_unit', 'coordinating', 'description'),
    related=((_('Tasks'), 'tasks', ('code', 'title', 'lead_unit', 'start', 'end', 'status', 'progress')),),
    nav=False,
    sample=lambda unit, n: {'number': 10 + n, 'name': f'Giai đoạn {n}', 'start': '2026-01-01', 'end': '2026-06-30'},
))

register(ModelConfig(
    model=Task, slug='tasks', section='design', api_prefix='planning/tasks',
    list_columns=('code', 'title', 'phase', 'lead_unit', 'start', 'end', 'milestone', 'status', 'progress',
                  'estimate_vnd', 'spent_vnd'),
    search_fields=('code', 'title', 'expected_result', 'notes'),
    filter_fields=('phase', 'lead_unit', 'status', 'milestone', 'funding_source'),
    form_fields=('phase', 'code', 'title', 'lead_unit', 'coordinating_units', 'start', 'end', 'depends_on',
                 'milestone', 'expected_result', 'status', 'progress', 'funding_source', 'estimate_vnd',
                 'approved_vnd', 'committed_vnd', 'spent_vnd', 'notes'),
    bulk_edit_fields=('status', 'funding_source'),
    select_related=('phase', 'lead_unit'),
    sample=lambda unit, n: {'phase': _phase().pk, 'code': f'{unit.code}-{n}', 'title': f'Công việc {n}',
                            'lead_unit': unit.pk, 'start': '2026-02-01', 'end': '2026-02-28',
                            'estimate_vnd': 1_000_000 * n},
))


def programme_panel(request):
    """Overdue and upcoming tasks of the user's scope, on the home page of every role that has tasks."""
    from cloudmove.core import scoping
    from cloudmove.planning.services import programme

    if not scoping.role_allows(request.user, Task):
        return None
    overdue = list(programme.overdue(request.user)[:5])
    upcoming = list(programme.upcoming(request.user)[:5])
    if not overdue and not upcoming and not Phase.objects.exists():
        return None
    return {'template': 'planning/_programme_panel.html', 'overdue': overdue, 'upcoming': upcoming}


registry.home_panels.append(programme_panel)


@demo.add_loader
def _demo_programme(progress=None):
    """The provincial plan's six work items and their content as tasks led by the science and technology
    department (once)."""
    from cloudmove.planning.services import programme

    phases, tasks = programme.load_seed_phases(programme.lead_unit_default(), with_tasks=True)
    if tasks:
        _demo_progress()
    return {'programme_phases': (phases, 0), 'programme_tasks': (tasks, 0)}


def _demo_progress():
    """An illustrative state of the plan: survey and design done, migration and completion under way, some
    tasks late; estimates and spending by funding source."""
    sources = ('unit_budget', 'programme', 'other')
    for k, task in enumerate(Task.objects.select_related('phase').order_by('phase__number', 'code')):
        n = task.phase.number
        done = n <= 3 or (n == 4 and k % 3 != 2)
        task.status = 'done' if done else 'in_progress'
        task.progress = 100 if done else (60 if n == 4 else 40)
        task.estimate_vnd = (k % 5 + 1) * 150_000_000
        task.approved_vnd = task.estimate_vnd
        task.committed_vnd = task.estimate_vnd if done or n == 4 else task.estimate_vnd // 2
        task.spent_vnd = task.estimate_vnd * 9 // 10 if done else task.estimate_vnd // 3
        task.funding_source = sources[k % 3]
        task.save()


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
