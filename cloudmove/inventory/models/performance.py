import zlib

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory import choices as c
from cloudmove.inventory import invariants
from cloudmove.inventory.models.base import InventoryModel


class PerformanceSummary(InventoryModel):
    """One metric of one machine over a window: statistics, and the raw samples when they were imported
    (float32, zlib-compressed) so that sizing can take any percentile later."""

    vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, null=True, blank=True,
                           related_name='performance', verbose_name=_('virtual machine'))
    server = models.ForeignKey('inventory.PhysicalServer', on_delete=models.CASCADE, null=True, blank=True,
                               related_name='performance', verbose_name=_('physical server'))
    metric = models.CharField(_('metric'), max_length=20, choices=c.Metric.choices)
    avg = models.FloatField(_('average'), null=True, blank=True)
    p50 = models.FloatField(_('50th percentile'), null=True, blank=True)
    p95 = models.FloatField(_('95th percentile'), null=True, blank=True)
    p99 = models.FloatField(_('99th percentile'), null=True, blank=True)
    max = models.FloatField(_('maximum'), null=True, blank=True)
    window_start = models.DateTimeField(_('window start'), null=True, blank=True)
    window_end = models.DateTimeField(_('window end'), null=True, blank=True)
    sample_count = models.PositiveIntegerField(_('samples'), default=0)
    source = models.CharField(_('source'), max_length=100, blank=True)
    samples = models.BinaryField(_('raw samples'), null=True, blank=True, editable=False)

    audit_exclude = ('created_at', 'updated_at', 'samples')

    class Meta:
        ordering = ['unit__code', 'pk']
        verbose_name = _('performance summary')
        verbose_name_plural = _('performance summaries')

    def __str__(self):
        return f'{self.machine} · {self.get_metric_display()}'

    @property
    def machine(self):
        return self.vm or self.server

    machine.fget.short_description = _('machine')

    def clean(self):
        super().clean()
        invariants.check(self, ('vm', 'server'))

    def sample_values(self):
        if not self.samples:
            return np.empty(0, dtype=np.float32)
        return np.frombuffer(zlib.decompress(bytes(self.samples)), dtype=np.float32)

    @staticmethod
    def pack(values):
        return zlib.compress(np.asarray(values, dtype=np.float32).tobytes(), 6)
