"""Reporting's records. A periodic programme report: its header (issuer, number and symbol, place, date,
subject), the texts drafted from the data and edited before export (results, difficulties, proposals),
signer and recipients; the figures and tables are read from the data when the document is made. Report
templates, requests to units and the units' answers."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel, UnitOwnedModel
from cloudmove.reporting.choices import OUTSTANDING, AnswerState, RequestState

PERIOD = re.compile(r'^(\d{4})-(Q[1-4]|0[1-9]|1[0-2])$')


class ProgressReport(AuditedModel, TimestampedModel):
    issuer = models.ForeignKey('core.Unit', on_delete=models.PROTECT, related_name='+',
                               verbose_name=_('issuing body'))
    period = models.CharField(_('period'), max_length=7, help_text=_('YYYY-Qn (a quarter) or YYYY-MM (a month).'))
    number = models.CharField(_('number and symbol'), max_length=60, blank=True, help_text=_('Such as 25/BC-SKHCN.'))
    place = models.CharField(_('place'), max_length=100, blank=True)
    report_date = models.DateField(_('date'))
    subject = models.CharField(_('subject'), max_length=300, blank=True,
                               help_text=_('Drafted from the period when left blank.'))
    results = models.TextField(_('results'), blank=True)
    difficulties = models.TextField(_('difficulties'), blank=True)
    proposals = models.TextField(_('proposals'), blank=True)
    signer_position = models.CharField(_('signer\'s position'), max_length=150, blank=True)
    signer_name = models.CharField(_('signer\'s name'), max_length=150, blank=True)
    recipients = models.TextField(_('recipients'), blank=True, help_text=_('One per line.'))

    scope_path_lookup = 'issuer__path'
    scope_view_roles = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
    scope_change_roles = frozenset({Role.ADMIN, Role.UNIT_OFFICER})
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['-report_date', '-pk']
        verbose_name = _('progress report')
        verbose_name_plural = _('progress reports')

    def __str__(self):
        return f'{self.period} · {self.subject}'

    def clean(self):
        if not PERIOD.match(self.period or ''):
            raise ValidationError({'period': _('Write the period as YYYY-Qn (such as 2026-Q3) or YYYY-MM.')})


# ---------------------------------------------------------------- report requests

REQUEST_VIEW_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
PROGRAMME_ADMINS = frozenset({Role.ADMIN})


def _check_questions(questions):
    from cloudmove.reporting.wording import question_errors

    errors = question_errors(questions)
    if errors:
        raise ValidationError({'questions': errors})


class ReportTemplate(UnitOwnedModel):
    """A reusable set of questions and tables for report requests, kept by the programme office."""

    name = models.CharField(_('name'), max_length=300)
    description = models.TextField(_('description'), blank=True)
    questions = models.JSONField(_('questions'), default=list, blank=True)

    scope_view_roles = REQUEST_VIEW_ROLES
    scope_change_roles = PROGRAMME_ADMINS

    class Meta:
        ordering = ['name']
        verbose_name = _('report template')
        verbose_name_plural = _('report templates')

    def __str__(self):
        return self.name

    def clean(self):
        _check_questions(self.questions)


class ReportRequest(UnitOwnedModel):
    """A request for a report, issued by the programme office (`unit`) to chosen units. Its questions are
    the template's, copied when the request is made, so a later change of the template changes no answer.
    Units asked see the request (through their answer); only the programme office changes it."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name='requests', verbose_name=_('report template'))
    subject = models.CharField(_('subject'), max_length=300)
    period = models.CharField(_('period'), max_length=50, blank=True, help_text=_('Such as 2026-Q3 or 2026.'))
    instructions = models.TextField(_('instructions'), blank=True)
    deadline = models.DateField(_('deadline'))
    units = models.ManyToManyField('core.Unit', blank=True, related_name='report_requests',
                                   verbose_name=_('units asked'))
    questions = models.JSONField(_('questions'), default=list, blank=True)
    state = models.CharField(_('state'), max_length=20, choices=RequestState.choices, default=RequestState.DRAFT)
    sent_at = models.DateTimeField(_('sent at'), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _('remind days before the deadline'), default=3,
        help_text=_('Units that have not submitted are reminded from this many days before the deadline, once a '
                    'day, and every day after it.'))

    scope_via_lookups = ('answers__unit__path',)
    scope_via_view_only = True
    scope_view_roles = REQUEST_VIEW_ROLES
    scope_change_roles = PROGRAMME_ADMINS

    class Meta:
        ordering = ['-deadline', '-pk']
        verbose_name = _('report request')
        verbose_name_plural = _('report requests')

    def __str__(self):
        return self.subject

    def clean(self):
        _check_questions(self.questions)
        if self.pk and self.state != RequestState.DRAFT:  # the units answer the questions they were sent
            sent = ReportRequest.objects.filter(pk=self.pk).values_list('questions', flat=True).first()
            if sent is not None and sent != self.questions:
                raise ValidationError({'questions': _('The request was sent: its questions no longer change.')})


class ReportAnswer(UnitOwnedModel):
    """A unit's answer to a report request: the unit (and those above it) see it; nobody else does."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name='answers',
                                verbose_name=_('report request'))
    state = models.CharField(_('state'), max_length=20, choices=AnswerState.choices, default=AnswerState.NOT_STARTED)
    values = models.JSONField(_('answers'), default=dict, blank=True)
    difficulties = models.TextField(_('difficulties'), blank=True)
    proposals = models.TextField(_('proposals'), blank=True)
    submitted_at = models.DateTimeField(_('submitted at'), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name='+', verbose_name=_('submitted by'))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name='+', verbose_name=_('reviewed by'))
    reviewed_at = models.DateTimeField(_('reviewed at'), null=True, blank=True)
    review_comment = models.TextField(_('review comment'), blank=True)
    reminders = models.PositiveSmallIntegerField(_('reminders sent'), default=0)
    last_reminded_at = models.DateTimeField(_('last reminded at'), null=True, blank=True)

    # The unit's officers write and submit it through the services, which check the state; the office reviews.
    scope_view_roles = REQUEST_VIEW_ROLES
    scope_change_roles = frozenset({Role.ADMIN, Role.UNIT_OFFICER})

    class Meta:
        ordering = ['request', 'unit__path']
        verbose_name = _('report answer')
        verbose_name_plural = _('report answers')
        constraints = [models.UniqueConstraint(fields=['request', 'unit'], name='reporting_one_answer_per_unit')]

    def __str__(self):
        return f'{self.request} · {self.unit.code}'

    @property
    def is_late(self):
        return self.state in OUTSTANDING and self.request.deadline < timezone.localdate()
