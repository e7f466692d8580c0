"""Health probes of live systems and what they measured."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.execution import choices as c
from cloudmove.execution.models.records import SystemRecord
from cloudmove.execution.services import targets


class Probe(SystemRecord):
    """An HTTP(S) or TCP check that `cloudmove worker` runs on a schedule. Its target must be an address
    the programme registered for the system (see execution.services.health.registered_hosts)."""

    name = models.CharField(_('name'), max_length=120)
    kind = models.CharField(_('kind'), max_length=4, choices=c.ProbeKind.choices, default=c.ProbeKind.HTTP)
    target = models.CharField(_('target'), max_length=500,
                              help_text=_('A URL (http://… or https://…) or host:port for a TCP probe.'))
    interval_seconds = models.PositiveIntegerField(_('interval (seconds)'), default=300,
                                                   validators=[MinValueValidator(5), MaxValueValidator(86400)])
    timeout_seconds = models.FloatField(_('timeout (seconds)'), default=10,
                                        validators=[MinValueValidator(0.1), MaxValueValidator(120)])
    expected_status = models.PositiveSmallIntegerField(_('expected HTTP status'), default=200,
                                                       validators=[MinValueValidator(100), MaxValueValidator(599)])
    keyword = models.CharField(_('expected keyword'), max_length=200, blank=True,
                               help_text=_('Text the page must contain (HTTP probes).'))
    failures_to_open = models.PositiveSmallIntegerField(_('failures before an incident'), default=3,
                                                        validators=[MinValueValidator(1), MaxValueValidator(100)])
    enabled = models.BooleanField(_('enabled'), default=True)
    consecutive_failures = models.PositiveIntegerField(_('consecutive failures'), default=0, editable=False)
    last_checked_at = models.DateTimeField(_('last checked'), null=True, blank=True, editable=False)
    last_ok = models.BooleanField(_('last check passed'), null=True, editable=False)
    audit_exclude = ('created_at', 'updated_at', 'consecutive_failures', 'last_checked_at', 'last_ok')

    class Meta:
        ordering = ['system', 'name']
        verbose_name = _('health probe')
        verbose_name_plural = _('health probes')

    def __str__(self):
        return self.name

    def clean(self):
        if self.system_id:
            error = targets.target_error(self)
            if error:
                raise ValidationError({'target': error})


class ProbeResult(models.Model):
    """One check. Measurements, not changes by a person: not in the audit trail."""

    probe = models.ForeignKey(Probe, on_delete=models.CASCADE, related_name='results')
    at = models.DateTimeField(db_index=True)
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ms = models.FloatField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    scope_path_lookup = 'probe__system__unit__path'

    class Meta:
        ordering = ['probe', 'at']
        indexes = [models.Index(fields=['probe', 'at'])]
        verbose_name = _('probe result')
        verbose_name_plural = _('probe results')

    def __str__(self):
        return f'{self.probe_id} @ {self.at}'
