"""The programme plan: phases (the provincial plan's work items), tasks and their budget."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.base import AuditedModel, TimestampedModel
from cloudmove.planning import choices as c
from cloudmove.planning.models.base import PIN_CHANGE_ROLES, PLAN_CHANGE_ROLES


class Phase(AuditedModel, TimestampedModel):
    """One work item of the provincial plan (seed II.1–II.6), with its dates and lead unit."""

    number = models.PositiveSmallIntegerField(_('number'), unique=True)
    name = models.CharField(_('name'), max_length=200)
    name_en = models.CharField(_('name (English)'), max_length=200, blank=True)
    start = models.DateField(_('start'))
    end = models.DateField(_('end'))
    lead_unit = models.ForeignKey('core.Unit', on_delete=models.PROTECT, null=True, blank=True, related_name='+',
                                  verbose_name=_('lead unit'))
    coordinating = models.CharField(_('coordinating units'), max_length=300, blank=True)
    description = models.TextField(_('content'), blank=True)

    scope_change_roles = PLAN_CHANGE_ROLES

    class Meta:
        ordering = ['number']
        verbose_name = _('programme phase')
        verbose_name_plural = _('programme phases')

    def __str__(self):
        return f'{self.number}. {self.name}'

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({'end': _('The end cannot be before the start.')})


class Task(AuditedModel, TimestampedModel):
    """A task of the programme plan: who leads (chủ trì), who coordinates (phối hợp), when, what it depends
    on, the milestone's expected result, progress, and its budget by funding source. A unit's own plan is
    the tasks it leads or coordinates (seed IV.4)."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name='tasks', verbose_name=_('phase'))
    code = models.CharField(_('code'), max_length=30, unique=True)
    title = models.CharField(_('title'), max_length=300)
    lead_unit = models.ForeignKey('core.Unit', on_delete=models.PROTECT, related_name='led_tasks',
                                  verbose_name=_('lead unit'))
    coordinating_units = models.ManyToManyField('core.Unit', blank=True, related_name='coordinated_tasks',
                                                verbose_name=_('coordinating units'))
    start = models.DateField(_('start'))
    end = models.DateField(_('end'))
    depends_on = models.ManyToManyField('self', symmetrical=False, blank=True, related_name='dependants',
                                        verbose_name=_('depends on'))
    milestone = models.BooleanField(_('milestone'), default=False)
    expected_result = models.TextField(_('expected result'), blank=True)
    status = models.CharField(_('status'), max_length=12, choices=c.TaskStatus.choices,
                              default=c.TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_('progress (%)'), default=0,
                                                validators=[MaxValueValidator(100)])
    funding_source = models.CharField(_('funding source'), max_length=12, choices=c.FundingSource.choices,
                                      default=c.FundingSource.UNIT_BUDGET)
    estimate_vnd = models.BigIntegerField(_('estimate (VND)'), default=0, validators=[MinValueValidator(0)])
    approved_vnd = models.BigIntegerField(_('approved (VND)'), default=0, validators=[MinValueValidator(0)])
    committed_vnd = models.BigIntegerField(_('committed (VND)'), default=0, validators=[MinValueValidator(0)])
    spent_vnd = models.BigIntegerField(_('spent (VND)'), default=0, validators=[MinValueValidator(0)])
    notes = models.TextField(_('notes'), blank=True)

    scope_path_lookup = 'lead_unit__path'
    scope_via_lookups = ('coordinating_units__path',)
    scope_change_roles = PIN_CHANGE_ROLES

    class Meta:
        ordering = ['phase__number', 'start', 'code']
        verbose_name = _('programme task')
        verbose_name_plural = _('programme tasks')

    def __str__(self):
        return f'{self.code} {self.title}'

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({'end': _('The end cannot be before the start.')})
