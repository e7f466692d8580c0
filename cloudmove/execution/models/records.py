"""The work records around a move: risks, training, supervision, incidents, security follow-up, optimisation
findings and the decommissioning of the old servers and devices."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import AuditedModel, TimestampedModel, UnitOwnedModel
from cloudmove.execution import choices as c
from cloudmove.execution.models.base import CHANGE_ROLES, VIEW_ROLES

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class SystemRecord(AuditedModel, TimestampedModel):
    """A record about one system, scoped through the system's unit."""

    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE,
                               related_name='%(app_label)s_%(class)s_set', verbose_name=_('information system'))

    scope_path_lookup = 'system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        abstract = True


class Risk(SystemRecord):
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE, null=True, blank=True,
                               related_name='risks', verbose_name=_('information system'),
                               help_text=_('Empty for a risk of the whole programme.'))
    title = models.CharField(_('risk'), max_length=300)
    category = models.CharField(_('category'), max_length=14, choices=c.RiskCategory.choices,
                                default=c.RiskCategory.TECHNICAL)
    likelihood = models.PositiveSmallIntegerField(_('likelihood (1–5)'), default=3, validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(_('impact (1–5)'), default=3, validators=ONE_TO_FIVE)
    mitigation = models.TextField(_('mitigation'), blank=True)
    owner = models.CharField(_('owner'), max_length=200, blank=True)
    status = models.CharField(_('status'), max_length=12, choices=c.RiskStatus.choices,
                              default=c.RiskStatus.IDENTIFIED)
    review_on = models.DateField(_('next review'), null=True, blank=True)
    source_rule = models.CharField(_('from assessment rule'), max_length=80, blank=True, editable=False)
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['-likelihood', '-impact', 'pk']
        verbose_name = _('risk')
        verbose_name_plural = _('risks')

    def __str__(self):
        return self.title

    @property
    def score(self):
        return self.likelihood * self.impact

    def clean(self):
        if self.status in (c.RiskStatus.MITIGATING, c.RiskStatus.ACCEPTED) and not self.mitigation.strip():
            raise ValidationError({'mitigation': _('A reviewed risk needs its mitigation (or why it is accepted).')})


class TrainingSession(UnitOwnedModel):
    """Training and technology transfer; the organising unit owns it, the attending units see it."""

    topic = models.CharField(_('topic'), max_length=300)
    transfer = models.BooleanField(_('technology transfer'), default=False)
    held_on = models.DateField(_('date'))
    hours = models.DecimalField(_('hours'), max_digits=5, decimal_places=1, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    trainer = models.CharField(_('trainer'), max_length=200)
    units = models.ManyToManyField('core.Unit', related_name='trainings_attended', blank=True,
                                   verbose_name=_('attending units'))
    systems = models.ManyToManyField('inventory.InformationSystem', related_name='trainings', blank=True,
                                     verbose_name=_('information systems'))
    attendees = models.PositiveIntegerField(_('attendees'), default=0)
    attendee_names = models.TextField(_('attendee list'), blank=True, help_text=_('One person per line.'))
    notes = models.TextField(_('notes'), blank=True)

    scope_via_lookups = ('units__path',)
    scope_via_view_only = True   # the attending units read it; the organiser keeps it
    scope_view_roles = VIEW_ROLES
    scope_change_roles = CHANGE_ROLES

    class Meta:
        ordering = ['-held_on', 'pk']
        verbose_name = _('training session')
        verbose_name_plural = _('training sessions')

    def __str__(self):
        return self.topic


class Inspection(SystemRecord):
    """Supervision or inspection of a system's move."""

    inspector = models.CharField(_('inspector'), max_length=200)
    inspected_on = models.DateField(_('inspected on'))
    findings = models.TextField(_('findings'))
    follow_up = models.TextField(_('follow-up required'), blank=True)
    due_on = models.DateField(_('follow-up due'), null=True, blank=True)
    status = models.CharField(_('status'), max_length=8, choices=c.RecordStatus.choices, default=c.RecordStatus.OPEN)

    class Meta:
        ordering = ['-inspected_on', 'pk']
        verbose_name = _('inspection')
        verbose_name_plural = _('inspections')

    def __str__(self):
        return f'{self.system} — {self.inspected_on}'


class Incident(SystemRecord):
    kind = models.CharField(_('kind'), max_length=10, choices=c.IncidentKind.choices, default=c.IncidentKind.MIGRATION)
    severity = models.CharField(_('severity'), max_length=8, choices=c.Severity.choices, default=c.Severity.MEDIUM)
    title = models.CharField(_('title'), max_length=300)
    description = models.TextField(_('description'), blank=True)
    opened_at = models.DateTimeField(_('opened at'), default=timezone.now)
    closed_at = models.DateTimeField(_('closed at'), null=True, blank=True)
    resolution = models.TextField(_('resolution'), blank=True)
    probe = models.ForeignKey('execution.Probe', on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                              related_name='incidents', verbose_name=_('opened by probe'))

    class Meta:
        ordering = ['-opened_at', 'pk']
        verbose_name = _('incident')
        verbose_name_plural = _('incidents')

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.closed_at is None

    def clean(self):
        if self.closed_at and self.opened_at and self.closed_at < self.opened_at:
            raise ValidationError({'closed_at': _('An incident cannot close before it opened.')})


class SecurityFinding(SystemRecord):
    source = models.CharField(_('source'), max_length=12, choices=c.FindingSource.choices, default=c.FindingSource.SCAN)
    title = models.CharField(_('finding'), max_length=300)
    severity = models.CharField(_('severity'), max_length=8, choices=c.Severity.choices, default=c.Severity.MEDIUM)
    found_on = models.DateField(_('found on'))
    fix = models.TextField(_('fix'), blank=True)
    fixed_on = models.DateField(_('fixed on'), null=True, blank=True)
    retested_on = models.DateField(_('re-tested on'), null=True, blank=True)
    status = models.CharField(_('status'), max_length=10, choices=c.FindingStatus.choices,
                              default=c.FindingStatus.OPEN)

    class Meta:
        ordering = ['status', '-found_on', 'pk']
        verbose_name = _('security finding')
        verbose_name_plural = _('security findings')

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == c.FindingStatus.VERIFIED and not self.retested_on:
            raise ValidationError({'retested_on': _('A verified fix needs the date of its re-test.')})


class OptimisationFinding(SystemRecord):
    """A down-size suggestion from the sizing re-run on the data measured after go-live."""

    vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, null=True, blank=True,
                           related_name='+', verbose_name=_('virtual machine'))
    current_vcpus = models.FloatField(_('vCPU now'), null=True, blank=True)
    current_memory_mib = models.FloatField(_('memory now (MiB)'), null=True, blank=True)
    suggested_vcpus = models.FloatField(_('vCPU suggested'), null=True, blank=True)
    suggested_memory_mib = models.FloatField(_('memory suggested (MiB)'), null=True, blank=True)
    monthly_saving_vnd = models.BigIntegerField(_('monthly saving (VND)'), null=True, blank=True)
    basis = models.TextField(_('basis'), blank=True)
    status = models.CharField(_('status'), max_length=10, choices=c.SuggestionStatus.choices,
                              default=c.SuggestionStatus.PROPOSED)

    class Meta:
        ordering = ['-monthly_saving_vnd', 'pk']
        verbose_name = _('optimisation finding')
        verbose_name_plural = _('optimisation findings')

    def __str__(self):
        return f'{self.vm or self.system}'


class DecommissionRecord(SystemRecord):
    """One old server, device or machine taken out of service after the move, and what it frees."""

    item = models.CharField(_('server, device or machine'), max_length=200)
    server = models.ForeignKey('inventory.PhysicalServer', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='+', verbose_name=_('physical server'))
    decommissioned_on = models.DateField(_('decommissioned on'), null=True, blank=True)
    old_data = models.CharField(_('old data'), max_length=12, choices=c.OldData.choices, blank=True)
    sanitisation = models.CharField(_('data sanitisation'), max_length=12, choices=c.Sanitisation.choices, blank=True)
    sanitisation_evidence = models.TextField(_('sanitisation evidence'), blank=True,
                                             help_text=_('Minutes, certificate or tool report (attach the file).'))
    disposal = models.CharField(_('disposal'), max_length=10, choices=c.Disposal.choices, blank=True)
    licences_ended = models.TextField(_('licences and contracts ended'), blank=True)
    power_w = models.PositiveIntegerField(_('power freed (W)'), null=True, blank=True)
    rack_units = models.PositiveSmallIntegerField(_('rack units freed'), null=True, blank=True,
                                                  validators=[MaxValueValidator(60)])
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['system', 'item']
        verbose_name = _('decommission record')
        verbose_name_plural = _('decommission records')

    def __str__(self):
        return self.item

    @property
    def complete(self):
        return bool(self.decommissioned_on and self.sanitisation and self.disposal and self.old_data)
