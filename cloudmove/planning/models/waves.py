"""Wave plans, the wave of each system in a plan, and the planners' standing inputs: pins and deadlines
per system, and links added or cut for grouping.

A plan keeps its constraints and the assessment run it read, so it stays explainable; its assignments are
computed rows written in bulk (the plan is audited, not each row). Pins and grouping edits belong to the
systems, not to a plan, so every later plan applies them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import AuditedModel, ScopedQuerySet, TimestampedModel
from cloudmove.planning import choices as c
from cloudmove.planning.models.base import PIN_CHANGE_ROLES, PLAN_CHANGE_ROLES, VIEW_ROLES


class WavePlan(AuditedModel, TimestampedModel):
    title = models.CharField(_('title'), max_length=200, blank=True)
    version = models.PositiveIntegerField(_('version'), default=1)
    base = models.ForeignKey('self', on_delete=models.SET_NULL, null=True, blank=True, related_name='replans',
                             verbose_name=_('re-plan of'))
    assessment = models.ForeignKey('assessment.AssessmentRun', on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name='+', verbose_name=_('assessment used'))
    constraints = models.JSONField(_('constraints'), default=dict)
    state = models.CharField(_('state'), max_length=12, choices=c.PlanState.choices, default=c.PlanState.QUEUED)
    status = models.CharField(_('solver status'), max_length=12, choices=c.SolveStatus.choices, blank=True)
    objective = models.FloatField(_('objective'), null=True, blank=True)
    bound = models.FloatField(_('best bound'), null=True, blank=True)
    greedy_objective = models.FloatField(_('greedy baseline objective'), null=True, blank=True)
    result = models.JSONField(_('result'), default=dict, blank=True)   # terms, waves, groups, conflicts...
    # The problem as solved, for the reasons of a system later; large, so read only when asked.
    problem = models.JSONField(_('problem solved'), default=dict, blank=True, editable=False)
    job = models.ForeignKey('core.Job', on_delete=models.SET_NULL, null=True, blank=True, related_name='+',
                            verbose_name=_('job'))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name='+', verbose_name=_('planned by'))
    finished_at = models.DateTimeField(_('finished at'), null=True, blank=True)
    seconds = models.FloatField(_('solve time (s)'), null=True, blank=True)
    error = models.TextField(_('error'), blank=True)

    # A plan is the programme office's, for the whole province: every role reads it, and what a unit's
    # user sees of its systems is filtered through WaveAssignment.
    scope_view_roles = VIEW_ROLES
    scope_change_roles = PLAN_CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at', 'result', 'problem')

    class Meta:
        ordering = ['-created_at', '-pk']
        verbose_name = _('wave plan')
        verbose_name_plural = _('wave plans')

    def __str__(self):
        return self.title or _('Wave plan %(number)s') % {'number': self.pk}


class WaveAssignment(models.Model):
    """One system's wave in a plan, with the move group it went with and why it is there."""

    plan = models.ForeignKey(WavePlan, on_delete=models.CASCADE, related_name='assignments')
    unit = models.ForeignKey('core.Unit', on_delete=models.CASCADE, related_name='+', verbose_name=_('unit'))
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE, related_name='+',
                               verbose_name=_('information system'))
    wave = models.PositiveSmallIntegerField(_('wave'), null=True, blank=True)
    greedy_wave = models.PositiveSmallIntegerField(_('greedy baseline wave'), null=True, blank=True)
    group = models.IntegerField(_('move group'), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_('priority'), default=0)
    effort_days = models.FloatField(_('effort (person-days)'), default=0)
    machines = models.PositiveIntegerField(_('machines'), default=0)
    strategy = models.CharField(_('strategy'), max_length=12, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_lookup = 'unit__path'
    scope_view_roles = VIEW_ROLES

    class Meta:
        ordering = ['wave', '-priority', 'system__code']
        verbose_name = _('wave assignment')
        verbose_name_plural = _('wave assignments')
        constraints = [models.UniqueConstraint(fields=['plan', 'system'], name='planning_system_once')]
        indexes = [models.Index(fields=['plan', 'wave'])]

    def __str__(self):
        return f'{self.system_id} @ {self.plan_id}: {self.wave}'


class WavePin(AuditedModel, TimestampedModel):
    """A planner's constraint on one system's wave: fixed, not before, not after, or a date to have moved by."""

    system = models.OneToOneField('inventory.InformationSystem', on_delete=models.CASCADE,
                                  related_name='wave_pin', verbose_name=_('information system'))
    wave = models.PositiveSmallIntegerField(_('in wave'), null=True, blank=True)
    not_before = models.PositiveSmallIntegerField(_('not before wave'), null=True, blank=True)
    not_after = models.PositiveSmallIntegerField(_('not after wave'), null=True, blank=True)
    deadline = models.DateField(_('moved by'), null=True, blank=True)
    reason = models.TextField(_('reason'))

    scope_path_lookup = 'system__unit__path'
    scope_change_roles = PIN_CHANGE_ROLES

    class Meta:
        verbose_name = _('wave pin')
        verbose_name_plural = _('wave pins')

    def __str__(self):
        return str(self.system_id)


class GroupingEdit(AuditedModel, TimestampedModel):
    """A planner's correction of the move groups: two systems that must move together, or may move apart."""

    source = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE, related_name='+',
                               verbose_name=_('system'))
    target = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE, related_name='+',
                               verbose_name=_('other system'))
    action = models.CharField(_('action'), max_length=4, choices=c.GroupingAction.choices)
    reason = models.TextField(_('reason'))

    scope_path_lookup = 'source__unit__path'
    scope_change_roles = PLAN_CHANGE_ROLES

    class Meta:
        verbose_name = _('grouping edit')
        verbose_name_plural = _('grouping edits')
        constraints = [models.UniqueConstraint(fields=['source', 'target'], name='planning_grouping_once')]

    def __str__(self):
        return f'{self.source_id} {self.action} {self.target_id}'
