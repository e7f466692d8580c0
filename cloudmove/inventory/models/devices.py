"""Network, security, storage, backup and other devices: one table, one proxy model per category,
so each category has its own pages, API, workbook sheet and fields while IPs and dependencies
point at any device the same way."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory import choices as c
from cloudmove.inventory.models.base import HardwareFields, InventoryModel


class Device(HardwareFields, InventoryModel):
    category = models.CharField(_('category'), max_length=10, choices=c.DeviceCategory.choices)
    name = models.CharField(_('name'), max_length=150)
    kind = models.CharField(_('type'), max_length=20, blank=True)
    function = models.CharField(_('function'), max_length=300, blank=True)
    status = models.CharField(_('status'), max_length=20, choices=c.EquipmentStatus.choices,
                              default=c.EquipmentStatus.ACTIVE)
    site = models.ForeignKey('inventory.Site', on_delete=models.SET_NULL, null=True, blank=True,
                             related_name='devices', verbose_name=_('site'))
    rack = models.ForeignKey('inventory.Rack', on_delete=models.SET_NULL, null=True, blank=True,
                             related_name='devices', verbose_name=_('rack'))
    throughput_mbps = models.PositiveIntegerField(_('throughput (Mbit/s)'), null=True, blank=True)
    ports = models.PositiveSmallIntegerField(_('ports'), null=True, blank=True)
    # Storage systems
    protocol = models.CharField(_('protocol'), max_length=10, choices=c.StorageProtocol.choices, blank=True)
    raw_tib = models.DecimalField(_('raw capacity (TiB)'), max_digits=10, decimal_places=2, null=True, blank=True)
    usable_tib = models.DecimalField(_('usable capacity (TiB)'), max_digits=10, decimal_places=2, null=True,
                                     blank=True)
    used_tib = models.DecimalField(_('used capacity (TiB)'), max_digits=10, decimal_places=2, null=True, blank=True)
    # Backup systems
    software = models.CharField(_('backup software'), max_length=150, blank=True)
    frequency = models.CharField(_('backup frequency'), max_length=10, choices=c.BackupFrequency.choices, blank=True)
    retention_days = models.PositiveIntegerField(_('retention (days)'), null=True, blank=True)
    offsite_copy = models.BooleanField(_('off-site copy'), default=False)
    last_restore_test = models.DateField(_('last successful restore test'), null=True, blank=True)
    power_watts = models.PositiveIntegerField(_('power draw (W)'), null=True, blank=True)
    systems = models.ManyToManyField('inventory.InformationSystem', blank=True, related_name='devices',
                                     verbose_name=_('information systems'))

    class Meta:
        ordering = ['unit__code', 'category', 'name']
        verbose_name = _('device')
        verbose_name_plural = _('devices')
        constraints = [models.UniqueConstraint(fields=['unit', 'category', 'name'], name='device_unique_name')]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        choices = PROXY_BY_CATEGORY[self.category].kind_choices if self.category in PROXY_BY_CATEGORY else None
        if choices is None or not self.kind:
            return self.kind
        return dict(choices.choices).get(self.kind, self.kind)

    kind_label.fget.short_description = _('type')


class CategoryManager(models.Manager):
    def __init__(self, category):
        super().__init__()
        self.category = category

    def get_queryset(self):
        from cloudmove.core.models.base import ScopedQuerySet

        return ScopedQuerySet(self.model, using=self._db).filter(category=self.category)

    def deconstruct(self):  # managers of proxies are not serialised into migrations
        return False, 'django.db.models.Manager', None, [], {}


def _category_proxy(name, category, kind_choices, verbose, verbose_plural):
    def save(self, *args, **kwargs):
        self.category = category
        super(cls, self).save(*args, **kwargs)

    def __init__(self, *args, **kwargs):
        Device.__init__(self, *args, **kwargs)
        if not self.category:
            self.category = category

    meta = type('Meta', (), {'proxy': True, 'verbose_name': verbose, 'verbose_name_plural': verbose_plural,
                             'ordering': ['unit__code', 'name']})
    cls = type(name, (Device,), {
        '__module__': __name__, 'Meta': meta, 'objects': CategoryManager(category), 'save': save,
        '__init__': __init__, 'category_code': category, 'kind_choices': kind_choices,
    })
    return cls


NetworkDevice = _category_proxy('NetworkDevice', c.DeviceCategory.NETWORK, c.NetworkDeviceKind,
                                _('network device'), _('network devices'))
SecurityDevice = _category_proxy('SecurityDevice', c.DeviceCategory.SECURITY, c.SecurityDeviceKind,
                                 _('security device'), _('security devices'))
StorageSystem = _category_proxy('StorageSystem', c.DeviceCategory.STORAGE, c.StorageKind,
                                _('storage system'), _('storage systems'))
BackupSystem = _category_proxy('BackupSystem', c.DeviceCategory.BACKUP, c.BackupKind,
                               _('backup system'), _('backup systems'))
OtherDevice = _category_proxy('OtherDevice', c.DeviceCategory.OTHER, None, _('other device'), _('other devices'))

DEVICE_PROXIES = [NetworkDevice, SecurityDevice, StorageSystem, BackupSystem, OtherDevice]
PROXY_BY_CATEGORY = {proxy.category_code: proxy for proxy in DEVICE_PROXIES}
