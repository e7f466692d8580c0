"""Assessment runs and their results per system and machine, and the reviewers' strategy decisions.

A run keeps its parameters and the price-book versions it used, so its figures stay explainable after
the catalogue moves on. Results are computed rows: written in bulk, never edited, not audited one by one
(the run is). A review belongs to the system, not to a run, so it survives every re-run.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.assessment import choices as c
from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, ScopedQuerySet, TimestampedModel

RESULT_VIEW_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
RUN_CHANGE_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})


class AssessmentRun(AuditedModel, TimestampedModel):
    title = models.CharField(_('title'), max_length=200, blank=True)
    unit = models.ForeignKey('core.Unit', on_delete=models.PROTECT, null=True, blank=True,
                             related_name='assessment_runs', verbose_name=_('unit'),
                             help_text=_('Empty: the whole province.'))
    province_wide = models.BooleanField(_('whole province'), default=True)
    base = models.ForeignKey('self', on_delete=models.SET_NULL, null=True, blank=True, related_name='reruns',
                             verbose_name=_('re-run of'))
    params = models.JSONField(_('parameters'), default=dict)
    offers = models.JSONField(_('providers and price books'), default=list)
    state = models.CharField(_('state'), max_length=12, choices=c.RunState.choices, default=c.RunState.QUEUED)
    job = models.ForeignKey('core.Job', on_delete=models.SET_NULL, null=True, blank=True, related_name='+',
                            verbose_name=_('job'))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name='+', verbose_name=_('started by'))
    finished_at = models.DateTimeField(_('finished at'), null=True, blank=True)
    summary = models.JSONField(_('summary'), default=dict, blank=True)
    inputs = models.JSONField(_('input fingerprint'), default=dict, blank=True, editable=False)
    reassessed = models.PositiveIntegerField(_('systems re-assessed'), default=0)
    incremental = models.BooleanField(_('only what changed re-assessed'), default=False)
    engine_s = models.FloatField(_('engine time (s)'), null=True, blank=True)
    total_s = models.FloatField(_('total time (s)'), null=True, blank=True)
    error = models.TextField(_('error'), blank=True)

    scope_path_lookup = 'unit__path'
    scope_public_lookup = 'province_wide'
    scope_view_roles = RESULT_VIEW_ROLES
    scope_change_roles = RUN_CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at', 'summary', 'inputs')

    class Meta:
        ordering = ['-created_at', '-pk']
        verbose_name = _('assessment run')
        verbose_name_plural = _('assessment runs')

    def __str__(self):
        return self.title or _('Assessment %(number)s') % {'number': self.pk}


class ResultBase(models.Model):
    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name='%(class)ss')
    unit = models.ForeignKey('core.Unit', on_delete=models.CASCADE, related_name='+', verbose_name=_('unit'))
    readiness = models.CharField(_('readiness'), max_length=12, choices=c.Readiness.choices)
    hits = models.JSONField(_('rule hits'), default=list)
    stars = models.PositiveSmallIntegerField(_('confidence (stars)'), default=1)
    confidence = models.FloatField(_('share of data points present'), default=0)
    best_provider = models.CharField(_('cheapest provider'), max_length=40, blank=True)
    best_monthly_vnd = models.BigIntegerField(_('cheapest monthly cost (VND)'), null=True, blank=True)
    onprem_monthly_vnd = models.BigIntegerField(_('on-premises monthly cost (VND)'), null=True, blank=True)
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path_lookup = 'unit__path'
    scope_view_roles = RESULT_VIEW_ROLES

    class Meta:
        abstract = True


class SystemResult(ResultBase):
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE,
                               related_name='assessment_results', verbose_name=_('information system'))
    machines = models.PositiveIntegerField(_('machines'), default=0)
    # The run holding this system's machine rows: itself, or for a system an incremental run did not
    # re-assess, the earlier run that did (so a re-run copies 5,000 system rows, not 50,000 machine rows).
    machines_run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name='+',
                                     verbose_name=_('machines assessed in run'))
    worst_vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name='+', verbose_name=_('worst machine'))
    blockers = models.PositiveIntegerField(_('blockers'), default=0)
    conditions = models.PositiveIntegerField(_('conditions'), default=0)
    information = models.PositiveIntegerField(_('information'), default=0)
    costs = models.JSONField(_('monthly cost per provider (VND)'), default=dict)
    saving_monthly_vnd = models.BigIntegerField(_('monthly saving (VND)'), null=True, blank=True)
    strategy = models.CharField(_('strategy'), max_length=12, choices=c.Strategy.choices)
    recommended = models.CharField(_('recommended strategy'), max_length=12, choices=c.Strategy.choices)
    strategy_rules = models.JSONField(_('strategy rules that hold'), default=list)
    reviewed = models.BooleanField(_('reviewed'), default=False)
    effort_days = models.FloatField(_('effort (person-days)'), default=0)
    data_gib = models.FloatField(_('data (GiB)'), default=0)
    transfer_hours = models.FloatField(_('transfer time (h)'), default=0)
    downtime_hours = models.FloatField(_('downtime window (h)'), default=0)
    exceeds_rto = models.BooleanField(_('downtime exceeds RTO'), default=False)
    users = models.PositiveIntegerField(_('users'), null=True, blank=True)
    dependants = models.PositiveIntegerField(_('dependants'), default=0)
    dependencies = models.PositiveIntegerField(_('dependencies'), default=0)
    priority = models.PositiveSmallIntegerField(_('priority'), default=0)
    value = models.FloatField(_('value'), default=0)
    complexity = models.FloatField(_('complexity'), default=0)
    quadrant = models.CharField(_('quadrant'), max_length=16, choices=c.Quadrant.choices)
    details = models.JSONField(_('details'), default=dict)   # parts of value and complexity, gaps, freed

    class Meta:
        ordering = ['-priority', 'system__code']
        verbose_name = _('system assessment')
        verbose_name_plural = _('system assessments')
        constraints = [models.UniqueConstraint(fields=['run', 'system'], name='assessment_system_once')]
        indexes = [models.Index(fields=['run', 'readiness']), models.Index(fields=['run', 'strategy'])]

    def __str__(self):
        return f'{self.system_id} @ {self.run_id}'


class MachineResult(ResultBase):
    vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, related_name='assessment_results',
                           verbose_name=_('virtual machine'))
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='+', verbose_name=_('information system'))
    target_vcpus = models.FloatField(_('target vCPU'), null=True, blank=True)
    target_memory_mib = models.FloatField(_('target memory (MiB)'), null=True, blank=True)
    performance_based = models.BooleanField(_('sized from performance data'), default=False)
    idle = models.BooleanField(_('idle'), default=False)
    sizing = models.JSONField(_('sizing per provider'), default=dict)
    onprem = models.JSONField(_('on-premises cost parts'), default=dict)

    class Meta:
        ordering = ['vm__name']
        verbose_name = _('machine assessment')
        verbose_name_plural = _('machine assessments')
        constraints = [models.UniqueConstraint(fields=['run', 'vm'], name='assessment_vm_once')]
        indexes = [models.Index(fields=['run', 'system'])]

    def __str__(self):
        return f'{self.vm_id} @ {self.run_id}'


class StrategyReview(AuditedModel, TimestampedModel):
    """A reviewer's decision on a system's strategy: kept apart from runs, applied by every later run."""

    system = models.OneToOneField('inventory.InformationSystem', on_delete=models.CASCADE,
                                  related_name='strategy_review', verbose_name=_('information system'))
    strategy = models.CharField(_('strategy'), max_length=12, choices=c.Strategy.choices)
    reason = models.TextField(_('reason'))
    effort_days = models.FloatField(_('effort (person-days)'), null=True, blank=True)
    criticality = models.CharField(_('criticality'), max_length=10, blank=True,
                                   choices=c.ReviewCriticality.choices)
    priority = models.PositiveSmallIntegerField(_('priority (0–100)'), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name='+', verbose_name=_('reviewed by'))

    scope_path_lookup = 'system__unit__path'
    scope_view_roles = RESULT_VIEW_ROLES
    scope_change_roles = RUN_CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['system__code']
        verbose_name = _('strategy review')
        verbose_name_plural = _('strategy reviews')

    def __str__(self):
        return f'{self.system} → {self.get_strategy_display()}'
