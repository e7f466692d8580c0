"""Survey campaigns: a programme-level campaign, its milestones, one assignment per unit, comments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel, UnitOwnedModel
from cloudmove.surveys.choices import AssignmentState, CampaignState

PROGRAMME_ADMINS = frozenset({Role.ADMIN})
WORKFLOW_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})
CAMPAIGN_VIEW_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})


class Campaign(UnitOwnedModel):
    """A survey campaign, owned by the programme office unit (`unit`).

    Province-wide roles see every campaign; unit roles see the campaigns owned by their subtree and
    those with an assignment for a unit of their subtree (`scope_via_lookups`, one row each).
    Only programme admins create, change, launch and close campaigns.
    """

    name = models.CharField(_('name'), max_length=300)
    objectives = models.TextField(_('objectives'), blank=True)
    units = models.ManyToManyField('core.Unit', blank=True, related_name='survey_campaigns',
                                   verbose_name=_('units in scope'))
    system_categories = models.JSONField(_('system categories'), default=list, blank=True,
                                         help_text=_('Categories of information systems to survey; empty for all.'))
    scale = models.TextField(_('scale'), blank=True)
    work_items = models.TextField(_('work items'), blank=True)
    start_date = models.DateField(_('start date'), null=True, blank=True)
    end_date = models.DateField(_('end date'))
    state = models.CharField(_('state'), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT)
    launched_at = models.DateTimeField(_('launched at'), null=True, blank=True)

    scope_via_lookups = ('assignments__unit__path',)
    scope_view_roles = CAMPAIGN_VIEW_ROLES
    scope_change_roles = PROGRAMME_ADMINS

    class Meta:
        ordering = ['-end_date', 'name']
        verbose_name = _('survey campaign')
        verbose_name_plural = _('survey campaigns')

    def __str__(self):
        return self.name

    @property
    def categories_display(self):
        from cloudmove.inventory.choices import SystemCategory

        labels = dict(SystemCategory.choices)
        return ', '.join(str(labels.get(code, code)) for code in self.system_categories) or _('All categories')
    categories_display.fget.short_description = _('system categories')

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({'end_date': _('The end date is before the start date.')})


class CampaignMilestone(AuditedModel, TimestampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name='milestones',
                                 verbose_name=_('survey campaign'))
    title = models.CharField(_('title'), max_length=300)
    due_date = models.DateField(_('due date'))
    expected_result = models.TextField(_('expected result'), blank=True)
    done = models.BooleanField(_('done'), default=False)

    scope_path_lookup = 'campaign__unit__path'
    scope_via_lookups = ('campaign__assignments__unit__path',)
    scope_view_roles = CAMPAIGN_VIEW_ROLES
    scope_change_roles = PROGRAMME_ADMINS
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['due_date', 'pk']
        verbose_name = _('campaign milestone')
        verbose_name_plural = _('campaign milestones')

    def __str__(self):
        return self.title


class CampaignAssignment(UnitOwnedModel):
    """A unit's part of a campaign: units see only their own (and their sub-units') assignments."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name='assignments',
                                 verbose_name=_('survey campaign'))
    due_date = models.DateField(_('due date'))
    state = models.CharField(_('state'), max_length=20, choices=AssignmentState.choices,
                             default=AssignmentState.NOT_STARTED)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name='+', verbose_name=_('reviewer'))
    submitted_at = models.DateTimeField(_('submitted at'), null=True, blank=True)
    approved_at = models.DateTimeField(_('approved at'), null=True, blank=True)
    completeness = models.PositiveSmallIntegerField(_('completeness'), default=0,
                                                    validators=[MinValueValidator(0), MaxValueValidator(100)])

    # The record itself (unit, due date) is the programme office's; a unit's officers move it through the
    # workflow (start, submit) with the services, which check WORKFLOW_ROLES instead.
    scope_view_roles = CAMPAIGN_VIEW_ROLES
    scope_change_roles = PROGRAMME_ADMINS

    class Meta:
        ordering = ['campaign', 'unit__path']
        verbose_name = _('survey assignment')
        verbose_name_plural = _('survey assignments')
        constraints = [models.UniqueConstraint(fields=['campaign', 'unit'], name='surveys_one_assignment_per_unit')]

    def __str__(self):
        return f'{self.campaign} · {self.unit.code}'

    @property
    def is_overdue(self):
        return self.state != AssignmentState.APPROVED and self.due_date < timezone.localdate()


class AssignmentComment(AuditedModel):
    assignment = models.ForeignKey(CampaignAssignment, on_delete=models.CASCADE, related_name='comments',
                                   verbose_name=_('survey assignment'))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='+', verbose_name=_('author'))
    text = models.TextField(_('comment'))
    created_at = models.DateTimeField(_('created at'), auto_now_add=True)

    scope_path_lookup = 'assignment__unit__path'
    scope_view_roles = CAMPAIGN_VIEW_ROLES
    scope_change_roles = frozenset({Role.ADMIN, Role.UNIT_OFFICER})

    class Meta:
        ordering = ['created_at', 'pk']
        verbose_name = _('comment')
        verbose_name_plural = _('comments')

    def __str__(self):
        return self.text[:60]
