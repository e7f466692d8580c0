from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory import choices as c
from cloudmove.inventory.models.base import HardwareFields, InventoryChild, InventoryModel


class Site(InventoryModel):
    """A server room or data centre where a unit's equipment stands."""

    code = models.CharField(_('code'), max_length=40)
    name = models.CharField(_('name'), max_length=200)
    kind = models.CharField(_('kind'), max_length=20, choices=c.SiteKind.choices, default=c.SiteKind.SERVER_ROOM)
    address = models.CharField(_('address'), max_length=300, blank=True)
    floor_area_m2 = models.DecimalField(_('floor area (m²)'), max_digits=8, decimal_places=1, null=True, blank=True)
    power_capacity_kw = models.DecimalField(_('power capacity (kW)'), max_digits=8, decimal_places=1, null=True,
                                            blank=True)
    tier = models.CharField(_('tier / standard'), max_length=60, blank=True)

    class Meta:
        ordering = ['unit__code', 'code']
        verbose_name = _('site')
        verbose_name_plural = _('sites')
        constraints = [models.UniqueConstraint(fields=['unit', 'code'], name='site_unique_code')]

    def __str__(self):
        return f'{self.code} – {self.name}'


class Rack(InventoryChild):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name='racks', verbose_name=_('site'))
    name = models.CharField(_('name'), max_length=60)
    u_height = models.PositiveSmallIntegerField(_('height (U)'), default=42)
    power_kw = models.DecimalField(_('power (kW)'), max_digits=6, decimal_places=2, null=True, blank=True)

    scope_path_lookup = 'site__unit__path'

    class Meta:
        ordering = ['site__code', 'name']
        verbose_name = _('rack')
        verbose_name_plural = _('racks')
        constraints = [models.UniqueConstraint(fields=['site', 'name'], name='rack_unique_name')]

    def __str__(self):
        return f'{self.site.code}/{self.name}'


class Cluster(InventoryModel):
    """A virtualisation cluster; its hosts are physical servers."""

    name = models.CharField(_('name'), max_length=150)
    platform = models.CharField(_('platform'), max_length=20, choices=c.Virtualisation.choices,
                                default=c.Virtualisation.VMWARE)
    manager = models.CharField(_('management server'), max_length=200, blank=True,
                               help_text=_('vCenter, SCVMM or cluster manager address.'))
    version = models.CharField(_('version'), max_length=60, blank=True)
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name='clusters',
                             verbose_name=_('site'))
    is_shared = models.BooleanField(
        _('shared hosting'), default=False,
        help_text=_('A cluster of the provincial data centre on which other units run their virtual machines.'))

    # Units whose VMs run on a shared cluster see the cluster and its hosts (not their other data).
    scope_public_lookup = 'is_shared'

    class Meta:
        ordering = ['unit__code', 'name']
        verbose_name = _('cluster')
        verbose_name_plural = _('clusters')
        constraints = [models.UniqueConstraint(fields=['unit', 'name'], name='cluster_unique_name')]

    def __str__(self):
        return self.name


class PhysicalServer(HardwareFields, InventoryModel):
    hostname = models.CharField(_('host name'), max_length=150)
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name='servers',
                             verbose_name=_('site'))
    rack = models.ForeignKey(Rack, on_delete=models.SET_NULL, null=True, blank=True, related_name='servers',
                             verbose_name=_('rack'))
    cluster = models.ForeignKey(Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name='hosts',
                                verbose_name=_('cluster'))
    role = models.CharField(_('role'), max_length=20, choices=c.ServerRole.choices, default=c.ServerRole.APPLICATION)
    status = models.CharField(_('status'), max_length=20, choices=c.EquipmentStatus.choices,
                              default=c.EquipmentStatus.ACTIVE)
    cpu_model = models.CharField(_('CPU model'), max_length=150, blank=True)
    cpu_sockets = models.PositiveSmallIntegerField(_('CPU sockets'), null=True, blank=True)
    cpu_cores = models.PositiveSmallIntegerField(_('CPU cores (total)'), null=True, blank=True)
    memory_gib = models.PositiveIntegerField(_('memory (GiB)'), null=True, blank=True)
    storage_gib = models.PositiveIntegerField(_('local storage (GiB)'), null=True, blank=True)
    os = models.CharField(_('hypervisor or operating system'), max_length=150, blank=True)
    os_version = models.CharField(_('version'), max_length=60, blank=True)
    power_watts = models.PositiveIntegerField(_('power draw (W)'), null=True, blank=True)
    systems = models.ManyToManyField('inventory.InformationSystem', blank=True, related_name='servers',
                                     verbose_name=_('information systems'))

    scope_public_lookup = 'cluster__is_shared'

    class Meta:
        ordering = ['unit__code', 'hostname']
        verbose_name = _('physical server')
        verbose_name_plural = _('physical servers')
        constraints = [models.UniqueConstraint(fields=['unit', 'hostname'], name='server_unique_hostname')]

    def __str__(self):
        return self.hostname


class VirtualMachine(InventoryModel):
    name = models.CharField(_('name'), max_length=200)
    vm_uuid = models.CharField(_('VM UUID'), max_length=64, blank=True, db_index=True)
    vcenter = models.CharField(_('source (vCenter / manager)'), max_length=200, blank=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name='vms',
                                verbose_name=_('cluster'))
    host = models.ForeignKey(PhysicalServer, on_delete=models.SET_NULL, null=True, blank=True, related_name='vms',
                             verbose_name=_('host'))
    # Measured values are None when the source left them blank or unreadable (an orphaned VM): unknown, not 0.
    vcpus = models.PositiveSmallIntegerField(_('vCPUs'), validators=[MinValueValidator(1), MaxValueValidator(768)],
                                             null=True, blank=True)
    memory_mib = models.PositiveIntegerField(_('memory (MiB)'), validators=[MinValueValidator(1)], null=True,
                                             blank=True)
    power_state = models.CharField(_('power state'), max_length=10, choices=c.PowerState.choices,
                                   default=c.PowerState.ON, blank=True)
    os_family = models.CharField(_('OS family'), max_length=10, choices=c.OsFamily.choices, blank=True)
    os_name = models.CharField(_('operating system'), max_length=200, blank=True)
    os_version = models.CharField(_('OS version'), max_length=60, blank=True)
    firmware = models.CharField(_('firmware'), max_length=5, choices=c.Firmware.choices, blank=True)
    tools_state = models.CharField(_('guest tools'), max_length=15, choices=c.ToolsState.choices, blank=True)
    is_template = models.BooleanField(_('template'), default=False)
    dns_name = models.CharField(_('DNS name'), max_length=255, blank=True)
    snapshot_count = models.PositiveSmallIntegerField(_('snapshots'), default=0)
    # Storage as the source's VM summary states it, for VMs whose disks are not listed (an RVTools export
    # without vDisk): the basis says whether it is the disks' total or the provisioned upper bound.
    disk_count = models.PositiveSmallIntegerField(_('disks (as reported)'), null=True, blank=True)
    disk_total_mib = models.PositiveBigIntegerField(_('storage (MiB, from the VM summary)'), null=True, blank=True)
    disk_used_mib = models.PositiveBigIntegerField(_('storage used (MiB, from the VM summary)'), null=True,
                                                   blank=True)
    disk_basis = models.CharField(_('storage basis'), max_length=12, choices=c.DiskBasis.choices, blank=True)
    annotation = models.TextField(_('annotation'), blank=True)
    systems = models.ManyToManyField('inventory.InformationSystem', blank=True, related_name='vms',
                                     verbose_name=_('information systems'))

    measured_fields = ('vcpus', 'memory_mib')  # shown as "unknown" when empty

    class Meta:
        ordering = ['unit__code', 'name']
        verbose_name = _('virtual machine')
        verbose_name_plural = _('virtual machines')
        constraints = [models.UniqueConstraint(fields=['unit', 'vcenter', 'name'], name='vm_unique_name')]
        indexes = [models.Index(fields=['unit', 'name'])]

    def __str__(self):
        return self.name


class VirtualDisk(InventoryChild):
    vm = models.ForeignKey(VirtualMachine, on_delete=models.CASCADE, related_name='disks',
                           verbose_name=_('virtual machine'))
    label = models.CharField(_('label'), max_length=100)
    capacity_mib = models.PositiveBigIntegerField(_('capacity (MiB)'), null=True, blank=True)  # None: unknown
    used_mib = models.PositiveBigIntegerField(_('used (MiB)'), null=True, blank=True)
    provisioning = models.CharField(_('provisioning'), max_length=10, choices=c.Provisioning.choices,
                                    default=c.Provisioning.THIN)
    is_rdm = models.BooleanField(_('raw device mapping (RDM)'), default=False)
    is_independent = models.BooleanField(_('independent'), default=False)
    is_shared = models.BooleanField(_('shared (multi-writer)'), default=False)
    datastore = models.CharField(_('datastore'), max_length=200, blank=True)

    scope_path_lookup = 'vm__unit__path'
    measured_fields = ('capacity_mib',)

    class Meta:
        ordering = ['vm__name', 'label']
        verbose_name = _('virtual disk')
        verbose_name_plural = _('virtual disks')
        constraints = [models.UniqueConstraint(fields=['vm', 'label'], name='disk_unique_label')]

    def __str__(self):
        return f'{self.vm.name}/{self.label}'


class VirtualNic(InventoryChild):
    vm = models.ForeignKey(VirtualMachine, on_delete=models.CASCADE, related_name='nics',
                           verbose_name=_('virtual machine'))
    label = models.CharField(_('label'), max_length=100)
    network = models.CharField(_('network / port group'), max_length=200, blank=True)
    mac = models.CharField(_('MAC address'), max_length=17, blank=True)
    adapter = models.CharField(_('adapter type'), max_length=40, blank=True)
    connected = models.BooleanField(_('connected'), default=True)

    scope_path_lookup = 'vm__unit__path'

    class Meta:
        ordering = ['vm__name', 'label']
        verbose_name = _('virtual NIC')
        verbose_name_plural = _('virtual NICs')
        constraints = [models.UniqueConstraint(fields=['vm', 'label'], name='nic_unique_label')]

    def __str__(self):
        return f'{self.vm.name}/{self.label}'


__all__ = ['Site', 'Rack', 'Cluster', 'PhysicalServer', 'VirtualMachine', 'VirtualDisk', 'VirtualNic']
