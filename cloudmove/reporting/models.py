"""A periodic programme report: its header (issuer, number and symbol, place, date, subject), the texts
drafted from the data and edited before export (results, difficulties, proposals), signer and recipients.
The figures and tables are read from the data when the document is made."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel

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
