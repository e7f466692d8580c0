"""Planning in the menu, on the home page and on a system's page; pins, grouping edits, phases and tasks
through the generic pages and API; the demo's programme plan."""

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.forms import ScopedModelForm
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import (
    DesignMachine,
    GroupingEdit,
    MigrationDesign,
    Phase,
    Task,
    WaveAssignment,
    WavePin,
    WavePlan,
)

add_nav_link('design', _('Migration designs'), 'planning:migrationdesign_list', MigrationDesign)
add_nav_link('design', _('Wave plans'), 'planning:plans', WavePlan)
add_nav_link('design', _('Dependency graph'), 'planning:graph', InformationSystem)
add_nav_link('design', _('Programme plan'), 'planning:programme', Task)
add_nav_link('design', _('Programme budget'), 'planning:budget', Task)


register(ModelConfig(
    model=WavePin, slug='pins', section='design', api_prefix='planning/pins',
    list_columns=('system', 'wave', 'not_before', 'not_after', 'deadline', 'reason'),
    search_fields=('system__code', 'system__name', 'reason'),
    filter_fields=('wave',),
    select_related=('system__unit',),
    form_fields=('system', 'wave', 'not_before', 'not_after', 'deadline', 'reason'),
))

register(ModelConfig(
    model=GroupingEdit, slug='grouping-edits', section='design', api_prefix='planning/grouping-edits',
    list_columns=('source', 'target', 'action', 'reason'),
    search_fields=('source__code', 'target__code', 'reason'),
    filter_fields=('action',),
    select_related=('source__unit', 'target__unit'),
    form_fields=('source', 'target', 'action', 'reason'),
))


register(ModelConfig(
    model=Phase, slug='phases', section='design', api_prefix='planning/phases',
    list_columns=('number', 'name', 'start', 'end', 'lead_unit', 'coordinating'),
    search_fields=('name', 'name_en', 'description'),
    form_fields=('number', 'name', 'name_en', 'start', 'end', 'lead_unit', 'coordinating', 'description'),
    related=((_('Tasks'), 'tasks', ('code', 'title', 'lead_unit', 'start', 'end', 'status', 'progress')),),
    nav=False,
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
    """The latest wave plan: its status and the user's systems per wave; the user's migration designs."""
    from django.db.models import Count

    from cloudmove.core import scoping
    from cloudmove.planning.services import plans

    if not scoping.role_allows(request.user, WaveAssignment):
        return None
    counts = dict(scoping.scope(MigrationDesign.objects.order_by(), request.user).values_list('state')
                  .annotate(n=Count('pk')))
    designs = {'approved': counts.get('approved', 0), 'draft': counts.get('draft', 0)}
    plan = plans.latest(user=request.user)
    if plan is None:
        return {'template': 'planning/_home_panel.html', 'plan': None, 'designs': designs}
    data = plans.payload(plan, request.user)
    return {'template': 'planning/_home_panel.html', 'plan': plan, 'designs': designs,
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


# ---------------------------------------------------------------- migration designs

def _create_design(user, data):
    from cloudmove.planning.services import designs

    return designs.create(user, data)


DESIGN_FIELDS = ('deployment_model', 'deployment_reason', 'provider', 'landing_zone', 'strategy', 'architecture',
                 'target_subnet', 'network_notes', 'data_method', 'data_notes', 'fallback_trigger', 'fallback_steps',
                 'fallback_decider', 'fallback_keep_days', 'current_state', 'scope_users', 'quality_requirements',
                 'technical_requirements', 'connectivity_requirements', 'security_requirements', 'data_ownership',
                 'term_years', 'notes')

register(ModelConfig(
    model=MigrationDesign, slug='designs', section='design', api_prefix='planning/designs',
    list_columns=('system', 'version', 'state', 'deployment_model', 'provider', 'strategy', 'data_method',
                  'approved_on'),
    search_fields=('system__code', 'system__name', 'landing_zone', 'architecture', 'notes'),
    filter_fields=('state', 'deployment_model', 'strategy', 'provider', 'data_method'),
    select_related=('system__unit', 'provider'),
    form_fields=DESIGN_FIELDS,
    create_form_class=modelform_factory(MigrationDesign, form=ScopedModelForm, fields=['system']),
    create_with=_create_design,
    detail_fields=('system', 'version', 'state', 'based_on', 'assessment', 'advised_model', *DESIGN_FIELDS,
                   'assessed_strategy', 'approver', 'approved_on', 'approval_reference', 'approved_by'),
    api_fields=('id', 'system', 'version', 'state', 'based_on', 'assessment', 'advised_model', 'assessed_strategy',
                *DESIGN_FIELDS, 'approver', 'approved_on', 'approval_reference', 'approved_by', 'updated_at'),
    related=((_('Target machines'), 'machines', ('vm', 'assessed_vcpus', 'assessed_memory_mib', 'assessed_flavour',
                                                 'vcpus', 'memory_mib', 'flavour', 'current_ip', 'target_ip',
                                                 'reip')),),
    nav=False,
    extra={'attachments': True},
))


register(ModelConfig(
    model=DesignMachine, slug='design-machines', section='design', api_prefix='planning/design-machines',
    list_columns=('vm', 'design', 'assessed_vcpus', 'assessed_memory_mib', 'assessed_flavour', 'vcpus',
                  'memory_mib', 'disk_gib', 'flavour', 'current_ip', 'target_ip', 'reip'),
    search_fields=('vm__name', 'design__system__code', 'current_ip', 'target_ip'),
    filter_fields=('reip',),
    select_related=('vm', 'design__system__unit'),
    form_fields=('design', 'vm', 'vcpus', 'memory_mib', 'disk_gib', 'flavour', 'sizing_reason', 'target_ip'),
    nav=False,
))


def design_panel(request, obj):
    """On a design's page: what approval still lacks, the approval form, versions, re-addressing, the
    rental plan download and the cost estimate."""
    if not isinstance(obj, MigrationDesign):
        return None
    from cloudmove.core import scoping
    from cloudmove.planning.services import designs, rental_plan

    can_change = scoping.allowed(request.user, obj, scoping.CHANGE)
    versions = list(designs.versions(obj.system)[:20])   # newest first: an open draft is among them
    return {'template': 'planning/_design_panel.html', 'design': obj, 'missing': designs.missing(obj),
            'can_change': can_change, 'versions': versions,
            'has_draft': any(v.state == 'draft' for v in versions), 'estimate': rental_plan.cost_estimate(obj)}


def system_design_panel(request, obj):
    """On a system's page: its design in force, or the button that opens one."""
    if not isinstance(obj, InformationSystem):
        return None
    from cloudmove.core import scoping
    from cloudmove.planning.services import designs

    if not scoping.role_allows(request.user, MigrationDesign):
        return None
    design = designs.current(obj, request.user)
    can_open = scoping.allowed(request.user, MigrationDesign(system=obj), scoping.CHANGE)
    if design is None and not can_open:
        return None
    return {'template': 'planning/_system_design_panel.html', 'design': design, 'system': obj,
            'can_open': can_open}


registry.detail_panels.append(design_panel)
registry.detail_panels.append(system_design_panel)


@demo.add_loader(inventory=True)
def _demo_designs(progress=None):
    """Two designs of the demo's top-priority rehosted systems (once): one approved with its re-addressing
    and rental plan, one draft that still lacks its fallback plan."""
    from cloudmove.assessment.services import results
    from cloudmove.planning.services import designs

    run = results.latest_province_run()
    if run is None or MigrationDesign.objects.exists():
        return {'migration_designs': (0, 0)}
    codes = [row[1] for row in sorted(results.planning_rows(run), key=lambda r: -r[5]) if row[3] == 'rehost'][:2]
    made = 0
    for k, code in enumerate(codes):
        system = InformationSystem.objects.get(code=code)
        design = designs.open_design(None, system)
        values = {'target_subnet': f'10.250.{k}.0/24', 'landing_zone': f'Tenant {system.unit.code} / vùng ứng dụng',
                  'data_method': 'vm_replication',
                  'architecture': 'Máy ảo giữ nguyên cấu hình ứng dụng; cơ sở dữ liệu trên máy ảo riêng; '
                                  'truy cập từ Internet qua tường lửa ứng dụng web của nền tảng.'}
        if k == 0:
            values.update({'fallback_trigger': 'Hệ thống mới gián đoạn quá 4 giờ hoặc sai lệch dữ liệu sau '
                                               'chuyển đổi',
                           'fallback_steps': 'Trỏ tên miền về máy chủ cũ; khôi phục dữ liệu phát sinh từ bản sao '
                                             'lưu cuối; thông báo người dùng',
                           'fallback_decider': f'Thủ trưởng {system.unit.name}', 'fallback_keep_days': 30})
        design = _demo_update(design, values)
        designs.plan_reip(design)
        if k == 0:
            designs.approve(None, design, f'Thủ trưởng {system.unit.name}', None, f'{10 + k}/QĐ-{system.unit.code}')
        made += 1
    return {'migration_designs': (made, 0)}


def _demo_update(design, values):
    for name, value in values.items():
        setattr(design, name, value)
    design.full_clean()
    design.save()
    return design
