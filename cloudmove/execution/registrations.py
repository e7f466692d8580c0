"""Execution and completion in the menu, on the home page and on a system's page; every work record
through the generic pages and API; the demo's migrations."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.execution.models import (
    AcceptanceTest,
    DecommissionRecord,
    Incident,
    Inspection,
    Migration,
    OptimisationFinding,
    Probe,
    Risk,
    RunbookStep,
    SecurityFinding,
    TrainingSession,
)
from cloudmove.inventory.models import InformationSystem

add_nav_link('execution', _('Wave board'), 'execution:board', Migration)
add_nav_link('execution', _('Risk heat map'), 'execution:heatmap', Risk)
add_nav_link('execution', _('Training summary'), 'execution:training_summary', TrainingSession)
add_nav_link('completion', _('Realised benefits'), 'execution:benefits', DecommissionRecord)


register(ModelConfig(
    model=Migration, slug='migrations', section='execution', api_prefix='execution/migrations',
    list_columns=('system', 'wave', 'state', 'planned_start', 'planned_end', 'state_since', 'live_since',
                  'coordinator'),
    search_fields=('system__code', 'system__name', 'coordinator', 'notes'),
    filter_fields=('state', 'wave'),
    select_related=('system__unit',),
    form_fields=('system', 'wave', 'planned_start', 'planned_end', 'coordinator', 'notes'),
    detail_fields=('system', 'wave', 'planned_start', 'planned_end', 'plan', 'state', 'state_since', 'blocked_from',
                   'live_since', 'coordinator', 'golive_approver', 'golive_reference', 'golive_approved_on',
                   'golive_approved_by', 'notes'),
    api_fields=('id', 'system', 'wave', 'planned_start', 'planned_end', 'plan', 'state', 'state_since',
                'blocked_from', 'live_since', 'coordinator', 'golive_approver', 'golive_reference',
                'golive_approved_on', 'notes', 'updated_at'),
    related=((_('Runbook'), 'steps', ('number', 'title', 'party', 'owner', 'expected_minutes', 'status',
                                      'minutes_taken')),
             (_('Acceptance tests'), 'tests', ('kind', 'title', 'result', 'tested_on', 'signed_by')),
             (_('History'), 'changes', ('at', 'source', 'target', 'by', 'comment'))),
    extra={'attachments': True},
))

register(ModelConfig(
    model=RunbookStep, slug='runbook-steps', section='execution', api_prefix='execution/runbook-steps',
    list_columns=('migration', 'number', 'title', 'party', 'owner', 'expected_minutes', 'status', 'minutes_taken'),
    search_fields=('title', 'owner', 'notes', 'migration__system__code'),
    filter_fields=('status', 'party'),
    bulk_edit_fields=('status', 'owner'),
    select_related=('migration__system__unit',),
    form_fields=('migration', 'number', 'title', 'party', 'owner', 'expected_minutes', 'status', 'minutes_taken',
                 'notes'),
    nav=False,
))

register(ModelConfig(
    model=AcceptanceTest, slug='acceptance-tests', section='execution', api_prefix='execution/acceptance-tests',
    list_columns=('migration', 'kind', 'title', 'result', 'tested_on', 'tester', 'signed_by'),
    search_fields=('title', 'criteria', 'notes', 'migration__system__code'),
    filter_fields=('kind', 'result'),
    bulk_edit_fields=('result', 'tested_on', 'tester', 'signed_by'),
    select_related=('migration__system__unit',),
    form_fields=('migration', 'kind', 'title', 'criteria', 'result', 'tested_on', 'tester', 'signed_by', 'notes'),
    extra={'attachments': True},
))

register(ModelConfig(
    model=Risk, slug='risks', section='execution', api_prefix='execution/risks',
    list_columns=('title', 'system', 'category', 'likelihood', 'impact', 'status', 'owner', 'review_on'),
    search_fields=('title', 'mitigation', 'owner', 'system__code', 'system__name'),
    filter_fields=('category', 'status', 'likelihood', 'impact'),
    bulk_edit_fields=('status', 'mitigation', 'owner', 'review_on'),
    select_related=('system__unit',),
    form_fields=('system', 'title', 'category', 'likelihood', 'impact', 'mitigation', 'owner', 'status',
                 'review_on', 'notes'),
    detail_fields=('system', 'title', 'category', 'likelihood', 'impact', 'mitigation', 'owner', 'status',
                   'review_on', 'source_rule', 'notes'),
))

register(ModelConfig(
    model=TrainingSession, slug='training', section='execution', api_prefix='execution/training',
    list_columns=('topic', 'held_on', 'unit', 'trainer', 'attendees', 'hours', 'transfer'),
    search_fields=('topic', 'trainer', 'attendee_names', 'notes'),
    filter_fields=('unit', 'transfer'),
    form_fields=('unit', 'topic', 'transfer', 'held_on', 'hours', 'trainer', 'units', 'systems', 'attendees',
                 'attendee_names', 'notes'),
    select_related=('unit',),
    extra={'attachments': True},
))

register(ModelConfig(
    model=Inspection, slug='inspections', section='execution', api_prefix='execution/inspections',
    list_columns=('system', 'inspected_on', 'inspector', 'due_on', 'status'),
    search_fields=('inspector', 'findings', 'follow_up', 'system__code'),
    filter_fields=('status',),
    select_related=('system__unit',),
    form_fields=('system', 'inspector', 'inspected_on', 'findings', 'follow_up', 'due_on', 'status'),
))

register(ModelConfig(
    model=Incident, slug='incidents', section='execution', api_prefix='execution/incidents',
    list_columns=('title', 'system', 'kind', 'severity', 'opened_at', 'closed_at'),
    search_fields=('title', 'description', 'resolution', 'system__code'),
    filter_fields=('kind', 'severity'),
    select_related=('system__unit',),
    form_fields=('system', 'kind', 'severity', 'title', 'description', 'opened_at', 'closed_at', 'resolution'),
    detail_fields=('system', 'kind', 'severity', 'title', 'description', 'opened_at', 'closed_at', 'resolution',
                   'probe'),
))


register(ModelConfig(
    model=Probe, slug='probes', section='completion', api_prefix='execution/probes',
    list_columns=('name', 'system', 'kind', 'target', 'interval_seconds', 'enabled', 'last_checked_at', 'last_ok'),
    search_fields=('name', 'target', 'system__code'),
    filter_fields=('kind', 'enabled', 'last_ok'),
    select_related=('system__unit',),
    form_fields=('system', 'name', 'kind', 'target', 'interval_seconds', 'timeout_seconds', 'expected_status',
                 'keyword', 'failures_to_open', 'enabled'),
    detail_fields=('system', 'name', 'kind', 'target', 'interval_seconds', 'timeout_seconds', 'expected_status',
                   'keyword', 'failures_to_open', 'enabled', 'last_checked_at', 'last_ok', 'consecutive_failures'),
    related=((_('Incidents'), 'incidents', ('title', 'opened_at', 'closed_at', 'resolution')),),
))

register(ModelConfig(
    model=SecurityFinding, slug='security-findings', section='completion', api_prefix='execution/security-findings',
    list_columns=('title', 'system', 'source', 'severity', 'found_on', 'fixed_on', 'retested_on', 'status'),
    search_fields=('title', 'fix', 'system__code'),
    filter_fields=('source', 'severity', 'status'),
    select_related=('system__unit',),
    form_fields=('system', 'source', 'title', 'severity', 'found_on', 'fix', 'fixed_on', 'retested_on', 'status'),
    extra={'attachments': True},
))

register(ModelConfig(
    model=OptimisationFinding, slug='optimisation', section='completion', api_prefix='execution/optimisation',
    list_columns=('system', 'vm', 'current_vcpus', 'suggested_vcpus', 'current_memory_mib', 'suggested_memory_mib',
                  'monthly_saving_vnd', 'status'),
    search_fields=('system__code', 'vm__name', 'basis'),
    filter_fields=('status',),
    select_related=('system__unit', 'vm'),
    form_fields=('system', 'vm', 'current_vcpus', 'current_memory_mib', 'suggested_vcpus', 'suggested_memory_mib',
                 'monthly_saving_vnd', 'basis', 'status'),
))

register(ModelConfig(
    model=DecommissionRecord, slug='decommission', section='completion', api_prefix='execution/decommission',
    list_columns=('item', 'system', 'decommissioned_on', 'old_data', 'sanitisation', 'disposal', 'power_w',
                  'rack_units'),
    search_fields=('item', 'licences_ended', 'sanitisation_evidence', 'system__code'),
    filter_fields=('old_data', 'sanitisation', 'disposal'),
    select_related=('system__unit', 'server'),
    form_fields=('system', 'item', 'server', 'decommissioned_on', 'old_data', 'sanitisation', 'sanitisation_evidence',
                 'disposal', 'licences_ended', 'power_w', 'rack_units', 'notes'),
    extra={'attachments': True},
))


# ---------------------------------------------------------------- panels

def migration_panel(request, obj):
    """On a migration's page: where it stands, what each next state still lacks, the go-live approval,
    the templates, the timeline and the system's health."""
    if not isinstance(obj, Migration):
        return None
    from cloudmove.core import scoping
    from cloudmove.execution.models import GOLIVE_ROLES
    from cloudmove.execution.services import health, lifecycle

    can_change = scoping.allowed(request.user, obj, scoping.CHANGE)
    return {'template': 'execution/_migration_panel.html', 'migration': obj, 'can_change': can_change,
            'options': lifecycle.options(obj) if can_change else [],
            'can_approve': request.user.effective_role in GOLIVE_ROLES and obj.state == 'trial_run',
            'history': lifecycle.history(obj), 'health': health.system_health(request.user, obj.system),
            'main_line': lifecycle.main_line(obj)}


def system_panel(request, obj):
    """On a system's page: its migration's state, or the button that starts one."""
    if not isinstance(obj, InformationSystem):
        return None
    from cloudmove.core import scoping

    if not scoping.role_allows(request.user, Migration):
        return None
    migration = scoping.scope(Migration.objects.filter(system=obj), request.user).first()
    can_start = migration is None and scoping.allowed(request.user, Migration(system=obj), scoping.CHANGE)
    if migration is None and not can_start:
        return None
    return {'template': 'execution/_system_panel.html', 'migration': migration, 'system': obj,
            'can_start': can_start}


def probe_panel(request, obj):
    if not isinstance(obj, Probe):
        return None
    from cloudmove.execution.services import health

    return {'template': 'execution/_probe_panel.html', 'probe': obj,
            'uptime': health.uptime(Probe.objects.filter(pk=obj.pk)).get(obj.pk, {}),
            'series': health.series(obj)}


def home_panel(request):
    """The user's migrations by state, open incidents and failing probes."""
    from cloudmove.core import scoping
    from cloudmove.execution.services import health, lifecycle

    if not scoping.role_allows(request.user, Migration):
        return None
    progress = lifecycle.progress(request.user)
    if not progress['total']:
        return None
    incidents = scoping.scope(Incident.objects.filter(closed_at__isnull=True).select_related('system'),
                              request.user)
    return {'template': 'execution/_home_panel.html', 'progress': progress,
            'incidents': list(incidents.order_by('-opened_at')[:5]),
            'failing': scoping.scope(health.failing_now(), request.user).count()}


registry.detail_panels.extend([migration_panel, system_panel, probe_panel])
registry.home_panels.append(home_panel)

from cloudmove.execution import demo  # noqa: E402,F401  (registers the demo loader)
