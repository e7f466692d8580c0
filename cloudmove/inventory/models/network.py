import bisect

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory import choices as c
from cloudmove.inventory import invariants as rules
from cloudmove.inventory.engine.invariants import derive, ip_hex  # noqa: F401 (ip_hex: used as network.ip_hex)
from cloudmove.inventory.models.base import InventoryModel


class Vlan(InventoryModel):
    vid = models.PositiveSmallIntegerField(_('VLAN ID'), validators=[MinValueValidator(1), MaxValueValidator(4094)])
    name = models.CharField(_('name'), max_length=100)
    site = models.ForeignKey('inventory.Site', on_delete=models.SET_NULL, null=True, blank=True,
                             related_name='vlans', verbose_name=_('site'))
    description = models.CharField(_('description'), max_length=300, blank=True)

    class Meta:
        ordering = ['unit__code', 'vid']
        verbose_name = _('VLAN')
        verbose_name_plural = _('VLANs')
        constraints = [models.UniqueConstraint(fields=['unit', 'vid'], name='vlan_unique_vid')]

    def __str__(self):
        return f'{self.vid} ({self.name})'


class IpPrefix(InventoryModel):
    cidr = models.CharField(_('prefix (CIDR)'), max_length=50)
    vlan = models.ForeignKey(Vlan, on_delete=models.SET_NULL, null=True, blank=True, related_name='prefixes',
                             verbose_name=_('VLAN'))
    purpose = models.CharField(_('purpose'), max_length=200, blank=True)
    gateway = models.GenericIPAddressField(_('gateway'), null=True, blank=True)
    site = models.ForeignKey('inventory.Site', on_delete=models.SET_NULL, null=True, blank=True,
                             related_name='prefixes', verbose_name=_('site'))
    first_hex = models.CharField(max_length=33, editable=False, db_index=True)
    last_hex = models.CharField(max_length=33, editable=False)

    class Meta:
        ordering = ['unit__code', 'first_hex']
        verbose_name = _('IP prefix')
        verbose_name_plural = _('IP prefixes')
        constraints = [models.UniqueConstraint(fields=['unit', 'cidr'], name='prefix_unique_cidr')]

    def __str__(self):
        return self.cidr

    def clean(self):
        super().clean()
        rules.check(self, ('cidr', 'gateway'))
        self.cidr = derive('ipprefix', {'cidr': self.cidr})['cidr']

    def save(self, *args, **kwargs):
        for name, value in derive('ipprefix', {'cidr': self.cidr}).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)
        relink_addresses(self.unit_id)

    def delete(self, *args, **kwargs):
        unit_id = self.unit_id
        result = super().delete(*args, **kwargs)
        relink_addresses(unit_id)
        return result


class IpAddress(InventoryModel):
    address = models.GenericIPAddressField(_('IP address'))
    address_hex = models.CharField(max_length=33, editable=False, db_index=True)
    prefix = models.ForeignKey(IpPrefix, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='addresses', verbose_name=_('prefix'))
    dns_name = models.CharField(_('DNS name'), max_length=255, blank=True)
    status = models.CharField(_('status'), max_length=12, choices=c.AddressStatus.choices,
                              default=c.AddressStatus.ACTIVE)
    server = models.ForeignKey('inventory.PhysicalServer', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='addresses', verbose_name=_('physical server'))
    vm_nic = models.ForeignKey('inventory.VirtualNic', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='addresses', verbose_name=_('VM NIC'))
    device = models.ForeignKey('inventory.Device', on_delete=models.SET_NULL, null=True, blank=True,
                               related_name='addresses', verbose_name=_('device'))
    description = models.CharField(_('description'), max_length=300, blank=True)

    class Meta:
        ordering = ['unit__code', 'address_hex']
        verbose_name = _('IP address')
        verbose_name_plural = _('IP addresses')
        indexes = [models.Index(fields=['unit', 'address'])]

    def __str__(self):
        return self.address

    @property
    def assigned_to(self):
        return self.vm_nic or self.server or self.device

    assigned_to.fget.short_description = _('assigned to')

    def clean(self):
        super().clean()
        rules.check(self, ('server', 'vm_nic', 'device'))

    def save(self, *args, **kwargs):
        self.address_hex = derive('ipaddress', {'address': self.address})['address_hex']
        if self.prefix_id is None and self.unit_id:
            self.prefix_id = prefix_locator(self.unit_id)(self.address_hex)
        super().save(*args, **kwargs)


def prefix_locator(unit_id):
    """address hex -> pk of the unit's narrowest prefix containing it (nested prefixes sort after parents)."""
    # By start; for the same start the widest first, so that walking back meets the narrowest first.
    prefixes = sorted(IpPrefix.objects.filter(unit_id=unit_id).values_list('first_hex', 'last_hex', 'pk'),
                      key=lambda p: p[1], reverse=True)
    prefixes.sort(key=lambda p: p[0])
    firsts = [p[0] for p in prefixes]

    def locate(address_hex):
        i = bisect.bisect_right(firsts, address_hex) - 1
        while i >= 0:
            first, last, pk = prefixes[i]
            if address_hex <= last:
                return pk
            i -= 1
        return None

    return locate


def relink_addresses(unit_id):
    """Point every address of the unit at its narrowest containing prefix (derived data, not audited)."""
    from cloudmove.core import bulk

    locate = prefix_locator(unit_id)
    changed = [(pk, locate(address_hex)) for pk, address_hex, prefix_id in IpAddress.objects.filter(
        unit_id=unit_id).values_list('pk', 'address_hex', 'prefix_id').iterator(chunk_size=5000)
        if locate(address_hex) != prefix_id]
    bulk.update_column(IpAddress, 'prefix_id', changed)
