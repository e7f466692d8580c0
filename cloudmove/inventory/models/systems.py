from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.core.models.units import code_validator
from cloudmove.inventory import choices as c
from cloudmove.inventory import invariants
from cloudmove.inventory.models.base import InventoryModel


class InformationSystem(InventoryModel):
    """An information system (hệ thống thông tin) the owner unit is responsible for."""

    code = models.CharField(_('code'), max_length=60, unique=True, validators=[code_validator])
    name = models.CharField(_('name'), max_length=300)
    description = models.TextField(_('description'), blank=True)
    category = models.CharField(_('category'), max_length=20, choices=c.SystemCategory.choices,
                                default=c.SystemCategory.SECTOR_APP)
    operating_unit = models.ForeignKey('core.Unit', on_delete=models.PROTECT, null=True, blank=True,
                                       related_name='operated_systems', verbose_name=_('operating unit'))
    is_shared = models.BooleanField(_('shared across units'), default=False,
                                    help_text=_('A provincial shared platform every unit may see and depend on.'))
    security_level = models.PositiveSmallIntegerField(
        _('security level'), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    level_approval = models.CharField(_('level approval'), max_length=20, choices=c.LevelApproval.choices,
                                      default=c.LevelApproval.NOT_PROPOSED)
    level_decision = models.CharField(_('level decision reference'), max_length=150, blank=True)
    users_count = models.PositiveIntegerField(_('number of users'), null=True, blank=True)
    internet_facing = models.BooleanField(_('internet-facing'), default=False)
    personal_data = models.BooleanField(_('processes personal data'), default=False)
    personal_data_subjects = models.PositiveIntegerField(
        _('people whose personal data it holds'), null=True, blank=True,
        help_text=_('Approximate number of data subjects (citizens, officials); decides the protection needed.'))
    data_classification = models.CharField(_('data classification'), max_length=20,
                                           choices=c.DataClassification.choices, blank=True)
    criticality = models.CharField(_('business criticality'), max_length=10, choices=c.Criticality.choices,
                                   blank=True)
    rto_hours = models.DecimalField(_('RTO (hours)'), max_digits=8, decimal_places=2, null=True, blank=True)
    rpo_hours = models.DecimalField(_('RPO (hours)'), max_digits=8, decimal_places=2, null=True, blank=True)
    availability_pct = models.DecimalField(_('availability required (%)'), max_digits=6, decimal_places=3,
                                           null=True, blank=True,
                                           validators=[MinValueValidator(0), MaxValueValidator(100)])
    hosting = models.CharField(_('current hosting'), max_length=20, choices=c.Hosting.choices, blank=True)
    os = models.CharField(_('operating system'), max_length=150, blank=True)
    database = models.CharField(_('database'), max_length=150, blank=True)
    middleware = models.CharField(_('middleware'), max_length=150, blank=True)
    framework = models.CharField(_('language / framework'), max_length=150, blank=True)
    vendor = models.CharField(_('vendor / maintainer'), max_length=200, blank=True)
    contract_end = models.DateField(_('contract end date'), null=True, blank=True)
    annual_cost_vnd = models.BigIntegerField(_('annual operating cost (VND)'), null=True, blank=True,
                                             validators=[MinValueValidator(0)])
    lifecycle = models.CharField(_('lifecycle status'), max_length=20, choices=c.Lifecycle.choices,
                                 default=c.Lifecycle.PRODUCTION)
    urls = models.TextField(_('public URLs'), blank=True, help_text=_('One address per line.'))

    scope_public_lookup = 'is_shared'

    class Meta:
        ordering = ['code']
        verbose_name = _('information system')
        verbose_name_plural = _('information systems')

    def __str__(self):
        return f'{self.code} – {self.name}'


class Dependency(InventoryModel):
    """A link from a system or machine to another one, or to an external/national platform."""

    source_system = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name='dependencies_out', verbose_name=_('source system'))
    source_vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, null=True, blank=True,
                                  related_name='dependencies_out', verbose_name=_('source VM'))
    source_server = models.ForeignKey('inventory.PhysicalServer', on_delete=models.CASCADE, null=True, blank=True,
                                      related_name='dependencies_out', verbose_name=_('source server'))
    target_system = models.ForeignKey(InformationSystem, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name='dependencies_in', verbose_name=_('target system'))
    target_vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, null=True, blank=True,
                                  related_name='dependencies_in', verbose_name=_('target VM'))
    target_server = models.ForeignKey('inventory.PhysicalServer', on_delete=models.CASCADE, null=True, blank=True,
                                      related_name='dependencies_in', verbose_name=_('target server'))
    target_external = models.CharField(_('external platform'), max_length=20, choices=c.ExternalPlatform.choices,
                                       blank=True)
    target_name = models.CharField(_('external target name'), max_length=200, blank=True)
    direction = models.CharField(_('direction'), max_length=10, choices=c.Direction.choices,
                                 default=c.Direction.OUTBOUND)
    protocol = models.CharField(_('protocol'), max_length=10, choices=c.Protocol.choices, default=c.Protocol.HTTPS)
    port = models.PositiveIntegerField(_('port'), null=True, blank=True, validators=[MaxValueValidator(65535)])
    criticality = models.CharField(_('criticality'), max_length=10, choices=c.Criticality.choices,
                                   default=c.Criticality.MEDIUM)
    latency_sensitive = models.BooleanField(_('latency-sensitive'), default=False)
    description = models.CharField(_('description'), max_length=300, blank=True)

    class Meta:
        ordering = ['unit__code', 'pk']
        verbose_name = _('dependency')
        verbose_name_plural = _('dependencies')

    SOURCES = ('source_system', 'source_vm', 'source_server')
    TARGETS = ('target_system', 'target_vm', 'target_server')

    @property
    def source(self):
        return next((getattr(self, f) for f in self.SOURCES if getattr(self, f'{f}_id')), None)

    @property
    def target(self):
        found = next((getattr(self, f) for f in self.TARGETS if getattr(self, f'{f}_id')), None)
        if found is not None:
            return found
        return self.target_name or self.get_target_external_display()

    source.fget.short_description = _('source')
    target.fget.short_description = _('target')

    def __str__(self):
        port = f':{self.port}' if self.port else ''
        return f'{self.source} → {self.target} ({self.get_protocol_display()}{port})'

    def clean(self):
        super().clean()
        invariants.check(self, (*self.SOURCES, *self.TARGETS, 'target_external', 'target_name'))
