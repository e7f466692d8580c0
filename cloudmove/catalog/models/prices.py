"""Price books: one version per provider and validity period, with its priced items (all in VND).

Items belong to one version, so a new price list never changes what an earlier assessment used.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import choices as c
from cloudmove.catalog.models.base import CatalogModel
from cloudmove.catalog.models.providers import Provider


class PriceBook(CatalogModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name='price_books',
                                 verbose_name=_('cloud provider'))
    version = models.CharField(_('version'), max_length=40)
    valid_from = models.DateField(_('valid from'))
    valid_to = models.DateField(_('valid to'), null=True, blank=True)
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['provider__name', '-valid_from']
        verbose_name = _('price book')
        verbose_name_plural = _('price books')
        constraints = [models.UniqueConstraint(fields=['provider', 'version'], name='catalog_pricebook_version')]

    def __str__(self):
        return f'{self.provider.code} {self.version}'

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({'valid_to': _('The end date is before the start date.')})


class PriceItem(CatalogModel):
    price_book = models.ForeignKey(PriceBook, on_delete=models.CASCADE, related_name='%(class)ss',
                                   verbose_name=_('price book'))
    code = models.CharField(_('code'), max_length=80)
    name = models.CharField(_('name'), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.code


class Flavour(PriceItem):
    family = models.CharField(_('family'), max_length=60, blank=True,
                              help_text=_('General purpose, compute optimised, memory optimised...'))
    vcpus = models.PositiveIntegerField(_('vCPU'))
    memory_mib = models.PositiveIntegerField(_('memory (MiB)'))
    local_disk_gib = models.PositiveIntegerField(_('local disk (GiB)'), default=0)
    gpu = models.BooleanField(_('GPU'), default=False)
    monthly_vnd = models.BigIntegerField(_('monthly price (VND)'))
    hourly_vnd = models.BigIntegerField(_('hourly price (VND)'), null=True, blank=True)

    class Meta:
        ordering = ['price_book', 'vcpus', 'memory_mib', 'code']
        verbose_name = _('compute flavour')
        verbose_name_plural = _('compute flavours')
        constraints = [models.UniqueConstraint(fields=['price_book', 'code'], name='catalog_flavour_code')]


class StorageTier(PriceItem):
    kind = models.CharField(_('kind'), max_length=20, choices=c.StorageKind.choices)
    gib_month_vnd = models.BigIntegerField(_('price per GiB-month (VND)'))
    max_iops = models.PositiveIntegerField(_('maximum IOPS'), null=True, blank=True)
    max_throughput_mbps = models.PositiveIntegerField(_('maximum throughput (MB/s)'), null=True, blank=True)
    max_disk_gib = models.PositiveIntegerField(_('largest disk (GiB)'), null=True, blank=True)

    class Meta:
        ordering = ['price_book', 'kind', 'code']
        verbose_name = _('storage tier')
        verbose_name_plural = _('storage tiers')
        constraints = [models.UniqueConstraint(fields=['price_book', 'code'], name='catalog_tier_code')]


class ServicePrice(PriceItem):
    """Network, managed services and software licences: one priced line each."""

    category = models.CharField(_('category'), max_length=20, choices=c.ServiceCategory.choices)
    kind = models.CharField(_('kind'), max_length=20, choices=c.ServiceKind.choices)
    spec = models.CharField(_('specification'), max_length=200, blank=True,
                            help_text=_('Engine, size, bandwidth or edition.'))
    unit = models.CharField(_('price unit'), max_length=20, choices=c.PriceUnit.choices)
    price_vnd = models.BigIntegerField(_('price (VND)'))

    class Meta:
        ordering = ['price_book', 'category', 'kind', 'code']
        verbose_name = _('service price')
        verbose_name_plural = _('service prices')
        constraints = [models.UniqueConstraint(fields=['price_book', 'code'], name='catalog_service_code')]
