"""A system's migration record and its lifecycle history, runbook steps and acceptance tests."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import AuditedModel, TimestampedModel
from cloudmove.execution import choices as c
from cloudmove.execution.models.base import CHANGE_ROLES, VIEW_ROLES


class Migration(AuditedModel, TimestampedModel):
    """One system's move, from planned to closed. The state changes only through the guarded transitions
    (execution.services.lifecycle); the history of every change is kept in StateChange."""

    system = models.OneToOneField('inventory.InformationSystem', on_delete=models.CASCADE, related_name='migration',
                                  verbose_name=_('information system'))
    wave = models.PositiveSmallIntegerField(_('wave'), null=True, blank=True)
    planned_start = models.DateField(_('planned start'), null=True, blank=True)
    planned_end = models.DateField(_('planned end'), null=True, blank=True)
    plan = models.ForeignKey('planning.WavePlan', on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                             related_name='+', verbose_name=_('from wave plan'))
    state = models.CharField(_('state'), max_length=16, choices=c.MigrationState.choices,
                             default=c.MigrationState.PLANNED, editable=False, db_index=True)
    state_since = models.DateTimeField(_('in this state since'), default=timezone.now, editable=False)
    blocked_from = models.CharField(_('blocked while'), max_length=16, blank=True, editable=False,
                                    choices=c.MigrationState.choices)
    live_since = models.DateField(_('live since'), null=True, blank=True, editable=False)
    coordinator = models.CharField(_('coordinator'), max_length=200, blank=True,
                                   help_text=_('Who coordinates the move on the unit side (name, phone).'))
    golive_approver = models.CharField(_('go-live approved by (name and position)'), max_length=200, blank=True,
                                       editable=False)
    golive_reference = models.CharField(_('go-live decision reference'), max_length=150, blank=True,
                                        editable=False)
    golive_approved_on = models.DateField(_('go-live approved on'), null=True, blank=True, editable=False)
    golive_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, editable=False, related_name='+',
                                           verbose_name=_('go-live approval recorded by'))
    notes = models.TextField(_('notes'), blank=True)

    scope_path_lookup = 'system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['wave', 'system__code']
        verbose_name = _('migration')
        verbose_name_plural = _('migrations')

    def __str__(self):
        return str(self.system)

    @property
    def frozen(self):
        """A closed migration and its records are kept as they were."""
        return self.state == c.MigrationState.CLOSED

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({'planned_end': _('The planned end is before the planned start.')})


class StateChange(AuditedModel):
    """One transition of a migration: who, when, why, and what it carried (the fallback plan executed)."""

    migration = models.ForeignKey(Migration, on_delete=models.CASCADE, related_name='changes',
                                  verbose_name=_('migration'))
    source = models.CharField(_('from'), max_length=16, choices=c.MigrationState.choices, blank=True)
    target = models.CharField(_('to'), max_length=16, choices=c.MigrationState.choices)
    comment = models.TextField(_('comment'), blank=True)
    details = models.JSONField(_('details'), default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name='+', verbose_name=_('by'))
    at = models.DateTimeField(_('at'), default=timezone.now)

    scope_path_lookup = 'migration__system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = frozenset()   # written only by the lifecycle service

    class Meta:
        ordering = ['migration', 'at', 'pk']
        verbose_name = _('state change')
        verbose_name_plural = _('state changes')

    def __str__(self):
        return f'{self.migration}: {self.source} → {self.target}'


class RunbookStep(AuditedModel, TimestampedModel):
    migration = models.ForeignKey(Migration, on_delete=models.CASCADE, related_name='steps',
                                  verbose_name=_('migration'))
    number = models.PositiveSmallIntegerField(_('step'))
    title = models.CharField(_('title'), max_length=300)
    party = models.CharField(_('party'), max_length=10, choices=c.Party.choices, default=c.Party.UNIT)
    owner = models.CharField(_('owner'), max_length=200, blank=True)
    expected_minutes = models.PositiveIntegerField(_('expected duration (minutes)'), null=True, blank=True)
    status = models.CharField(_('status'), max_length=8, choices=c.StepStatus.choices, default=c.StepStatus.TODO)
    minutes_taken = models.PositiveIntegerField(_('time taken (minutes)'), null=True, blank=True)
    notes = models.TextField(_('notes'), blank=True)

    scope_path_lookup = 'migration__system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['migration', 'number', 'pk']
        verbose_name = _('runbook step')
        verbose_name_plural = _('runbook steps')

    def __str__(self):
        return f'{self.number}. {self.title}'

    @property
    def frozen(self):
        return bool(self.migration_id) and self.migration.frozen


class AcceptanceTest(AuditedModel, TimestampedModel):
    migration = models.ForeignKey(Migration, on_delete=models.CASCADE, related_name='tests',
                                  verbose_name=_('migration'))
    kind = models.CharField(_('kind'), max_length=20, choices=c.TestKind.choices)
    title = models.CharField(_('title'), max_length=300)
    criteria = models.TextField(_('procedure and pass criteria'), blank=True)
    result = models.CharField(_('result'), max_length=8, choices=c.TestResult.choices, default=c.TestResult.PENDING)
    tested_on = models.DateField(_('tested on'), null=True, blank=True)
    tester = models.CharField(_('tested by'), max_length=200, blank=True)
    signed_by = models.CharField(_('signed by (name and position)'), max_length=200, blank=True)
    notes = models.TextField(_('results and notes'), blank=True)

    scope_path_lookup = 'migration__system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['migration', 'kind', 'pk']
        verbose_name = _('acceptance test')
        verbose_name_plural = _('acceptance tests')

    def __str__(self):
        return self.title

    @property
    def frozen(self):
        return bool(self.migration_id) and self.migration.frozen

    def clean(self):
        if self.result != c.TestResult.PENDING:
            errors = {}
            if not self.tested_on:
                errors['tested_on'] = _('Say when the test was run.')
            if not self.signed_by.strip():
                errors['signed_by'] = _('A result needs the name and position of who signed it.')
            if errors:
                raise ValidationError(errors)
