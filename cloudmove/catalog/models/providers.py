"""Cloud providers, their data centres in Vietnam, certifications and contacts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import choices as c
from cloudmove.catalog.models.base import CatalogModel
from cloudmove.core.models.units import code_validator


class Provider(CatalogModel):
    code = models.CharField(_('code'), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_('name'), max_length=200)
    kind = models.CharField(_('kind'), max_length=20, choices=c.ProviderKind.choices)
    website = models.URLField(_('website'), blank=True)
    description = models.TextField(_('description'), blank=True)
    # Certifications: what the programme checks before a system may be placed there.
    mic_certified = models.BooleanField(
        _('meets the MIC cloud criteria'), default=False,
        help_text=_('Evaluated and confirmed against the Ministry cloud-platform criteria set.'))
    mic_reference = models.CharField(_('MIC confirmation reference'), max_length=150, blank=True)
    max_security_level = models.PositiveSmallIntegerField(
        _('highest security level it can host'), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    iso27001 = models.BooleanField(_('ISO/IEC 27001 certified'), default=False)
    iso27001_valid_until = models.DateField(_('ISO/IEC 27001 valid until'), null=True, blank=True)
    dc_tier = models.CharField(_('best data-centre tier'), max_length=10, choices=c.DataCentreTier.choices,
                               blank=True)
    illustrative = models.BooleanField(
        _('illustrative data'), default=False,
        help_text=_('Sample figures for demonstration and training, not a real offer.'))
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['name']
        verbose_name = _('cloud provider')
        verbose_name_plural = _('cloud providers')

    def __str__(self):
        return self.name


class DataCentre(CatalogModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name='data_centres',
                                 verbose_name=_('cloud provider'))
    code = models.CharField(_('code'), max_length=40)
    name = models.CharField(_('name'), max_length=200)
    region = models.CharField(_('region'), max_length=100, blank=True)
    location = models.CharField(_('location'), max_length=200, blank=True,
                                help_text=_('Province or city, address.'))
    in_vietnam = models.BooleanField(_('in Vietnam'), default=True)
    tier = models.CharField(_('tier'), max_length=10, choices=c.DataCentreTier.choices, blank=True)
    notes = models.TextField(_('notes'), blank=True)

    class Meta:
        ordering = ['provider__name', 'code']
        verbose_name = _('data centre')
        verbose_name_plural = _('data centres')
        constraints = [models.UniqueConstraint(fields=['provider', 'code'], name='catalog_dc_unique_code')]

    def __str__(self):
        return f'{self.provider.code} {self.name}'


class ProviderContact(CatalogModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name='contacts',
                                 verbose_name=_('cloud provider'))
    name = models.CharField(_('name'), max_length=200)
    title = models.CharField(_('title / role'), max_length=200, blank=True)
    email = models.EmailField(_('e-mail'), blank=True)
    phone = models.CharField(_('phone'), max_length=50, blank=True)

    class Meta:
        ordering = ['provider__name', 'name']
        verbose_name = _('provider contact')
        verbose_name_plural = _('provider contacts')

    def __str__(self):
        return self.name
