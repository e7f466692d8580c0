"""Registry declarations: every inventory model gets its pages, API, exports and generated tests here."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.inventory import models as m
from cloudmove.inventory.api.attachments import AttachmentSerializer
from cloudmove.inventory.filters import AttachmentFilterSet
from cloudmove.inventory.forms import device_form
from cloudmove.inventory.views.attachments import attachment_file_panel, attachments_panel

HW = ('manufacturer', 'model', 'serial', 'firmware', 'purchase_year', 'warranty_end', 'management_ip')


def api(slug):
    return f'inventory/{slug}'


register(ModelConfig(
    model=m.InformationSystem, slug='systems', section='survey', api_prefix=api('systems'),
    list_columns=('code', 'name', 'unit', 'category', 'security_level', 'level_approval', 'hosting', 'lifecycle',
                  'internet_facing', 'personal_data'),
    search_fields=('code', 'name', 'description', 'vendor', 'os', 'database', 'framework'),
    filter_fields=('unit', 'category', 'security_level', 'level_approval', 'hosting', 'lifecycle', 'criticality',
                   'internet_facing', 'personal_data', 'is_shared', 'data_classification'),
    form_fields=('unit', 'code', 'name', 'description', 'category', 'operating_unit', 'is_shared', 'security_level',
                 'level_approval', 'level_decision', 'users_count', 'internet_facing', 'personal_data',
                 'personal_data_subjects', 'data_classification', 'criticality', 'rto_hours', 'rpo_hours',
                 'availability_pct', 'hosting',
                 'os', 'database', 'middleware', 'framework', 'vendor', 'contract_end', 'annual_cost_vnd',
                 'lifecycle', 'urls', 'notes'),
    bulk_edit_fields=('category', 'security_level', 'level_approval', 'hosting', 'lifecycle', 'criticality',
                      'operating_unit', 'vendor'),
    related=((_('Virtual machines'), 'vms', ('name', 'vcpus', 'memory_mib', 'power_state', 'os_name')),
             (_('Physical servers'), 'servers', ('hostname', 'role', 'model', 'status')),
             (_('Devices'), 'devices', ('name', 'category', 'kind_label', 'model', 'status')),
             (_('IP addresses'), lambda s: m.IpAddress.objects.filter(
                 Q(vm_nic__vm__systems=s) | Q(server__systems=s) | Q(device__systems=s)).distinct(),
              ('address', 'dns_name', 'assigned_to', 'prefix')),
             (_('Depends on'), 'dependencies_out', ('target', 'protocol', 'port', 'criticality')),
             (_('Used by'), 'dependencies_in', ('source', 'protocol', 'port', 'criticality'))),
))

register(ModelConfig(
    model=m.Site, slug='sites', section='survey', api_prefix=api('sites'),
    list_columns=('code', 'name', 'unit', 'kind', 'address', 'power_capacity_kw', 'tier'),
    search_fields=('code', 'name', 'address'),
    filter_fields=('unit', 'kind'),
    form_fields=('unit', 'code', 'name', 'kind', 'address', 'floor_area_m2', 'power_capacity_kw', 'tier', 'notes'),
    bulk_edit_fields=('kind', 'tier'),
    related=((_('Racks'), 'racks', ('name', 'u_height', 'power_kw')),
             (_('Physical servers'), 'servers', ('hostname', 'model', 'role', 'status'))),
))

register(ModelConfig(
    model=m.Rack, slug='racks', section='survey', api_prefix=api('racks'),
    list_columns=('name', 'site', 'u_height', 'power_kw'),
    search_fields=('name', 'site__code', 'site__name'),
    filter_fields=('site',),
    form_fields=('site', 'name', 'u_height', 'power_kw'),
    bulk_edit_fields=('u_height',),
    related=((_('Physical servers'), 'servers', ('hostname', 'model', 'role')),),
))

register(ModelConfig(
    model=m.Cluster, slug='clusters', section='survey', api_prefix=api('clusters'),
    list_columns=('name', 'unit', 'platform', 'manager', 'version', 'site', 'is_shared'),
    search_fields=('name', 'manager'),
    filter_fields=('unit', 'platform', 'site', 'is_shared'),
    form_fields=('unit', 'name', 'platform', 'manager', 'version', 'site', 'is_shared', 'notes'),
    bulk_edit_fields=('platform', 'version'),
    related=((_('Hosts'), 'hosts', ('hostname', 'cpu_cores', 'memory_gib', 'status')),
             (_('Virtual machines'), 'vms', ('name', 'vcpus', 'memory_mib', 'power_state'))),
))

register(ModelConfig(
    model=m.PhysicalServer, slug='servers', section='survey', api_prefix=api('servers'),
    list_columns=('hostname', 'unit', 'role', 'manufacturer', 'model', 'cpu_cores', 'memory_gib', 'os', 'status',
                  'warranty_end'),
    search_fields=('hostname', 'serial', 'model', 'manufacturer', 'os'),
    filter_fields=('unit', 'role', 'status', 'site', 'cluster', 'manufacturer', 'purchase_year'),
    form_fields=('unit', 'hostname', 'site', 'rack', 'cluster', 'role', 'status', *HW, 'cpu_model', 'cpu_sockets',
                 'cpu_cores', 'memory_gib', 'storage_gib', 'os', 'os_version', 'power_watts', 'systems', 'notes'),
    bulk_edit_fields=('role', 'status', 'site', 'cluster', 'warranty_end'),
    related=((_('Virtual machines'), 'vms', ('name', 'vcpus', 'memory_mib', 'power_state')),
             (_('IP addresses'), 'addresses', ('address', 'dns_name', 'status')),
             (_('Performance'), 'performance', ('metric', 'avg', 'p95', 'max', 'source'))),
))

register(ModelConfig(
    model=m.VirtualMachine, slug='vms', section='survey', api_prefix=api('vms'),
    list_columns=('name', 'unit', 'vcpus', 'memory_mib', 'power_state', 'os_name', 'cluster', 'host', 'is_template'),
    search_fields=('name', 'dns_name', 'os_name', 'vm_uuid', 'annotation'),
    filter_fields=('unit', 'power_state', 'os_family', 'firmware', 'tools_state', 'is_template', 'cluster', 'host'),
    form_fields=('unit', 'name', 'vm_uuid', 'vcenter', 'cluster', 'host', 'vcpus', 'memory_mib', 'power_state',
                 'os_family', 'os_name', 'os_version', 'firmware', 'tools_state', 'is_template', 'dns_name',
                 'snapshot_count', 'disk_count', 'disk_total_mib', 'disk_used_mib', 'disk_basis', 'annotation',
                 'systems', 'notes'),
    bulk_edit_fields=('power_state', 'os_family', 'cluster', 'is_template', 'tools_state'),
    related=((_('Disks'), 'disks', ('label', 'capacity_mib', 'used_mib', 'provisioning', 'is_rdm', 'is_shared')),
             (_('Network adapters'), 'nics', ('label', 'network', 'mac', 'connected')),
             (_('Performance'), 'performance', ('metric', 'avg', 'p95', 'max', 'source'))),
    prefetch_related=('systems',),
))

register(ModelConfig(
    model=m.VirtualDisk, slug='disks', section='survey', api_prefix=api('disks'), nav=False,
    list_columns=('vm', 'label', 'capacity_mib', 'used_mib', 'provisioning', 'is_rdm', 'is_independent', 'is_shared',
                  'datastore'),
    search_fields=('label', 'vm__name', 'datastore'),
    filter_fields=('vm', 'provisioning', 'is_rdm', 'is_independent', 'is_shared'),
    form_fields=('vm', 'label', 'capacity_mib', 'used_mib', 'provisioning', 'is_rdm', 'is_independent', 'is_shared',
                 'datastore'),
    bulk_edit_fields=('provisioning', 'is_independent', 'is_shared', 'datastore'),
))

register(ModelConfig(
    model=m.VirtualNic, slug='nics', section='survey', api_prefix=api('nics'), nav=False,
    list_columns=('vm', 'label', 'network', 'mac', 'adapter', 'connected'),
    search_fields=('label', 'vm__name', 'network', 'mac'),
    filter_fields=('vm', 'connected', 'adapter'),
    form_fields=('vm', 'label', 'network', 'mac', 'adapter', 'connected'),
    bulk_edit_fields=('network', 'connected'),
    related=((_('IP addresses'), 'addresses', ('address', 'dns_name', 'status')),),
))

DEVICE_COLUMNS = {
    m.NetworkDevice: ('throughput_mbps', 'ports'),
    m.SecurityDevice: ('throughput_mbps',),
    m.StorageSystem: ('protocol', 'raw_tib', 'usable_tib', 'used_tib'),
    m.BackupSystem: ('software', 'frequency', 'retention_days', 'offsite_copy', 'last_restore_test'),
    m.OtherDevice: (),
}
DEVICE_SLUGS = {m.NetworkDevice: 'network-devices', m.SecurityDevice: 'security-devices',
                m.StorageSystem: 'storage-systems', m.BackupSystem: 'backup-systems', m.OtherDevice: 'other-devices'}

for proxy, extra in DEVICE_COLUMNS.items():
    fields = ('unit', 'name', 'kind', 'function', 'status', 'site', 'rack', *HW, *extra, 'power_watts', 'systems',
              'notes')
    register(ModelConfig(
        model=proxy, slug=DEVICE_SLUGS[proxy], section='survey', api_prefix=api(DEVICE_SLUGS[proxy]),
        list_columns=('name', 'unit', 'kind_label', 'manufacturer', 'model', 'status', *extra[:3], 'warranty_end'),
        search_fields=('name', 'model', 'manufacturer', 'serial', 'function'),
        filter_fields=('unit', 'kind', 'status', 'site', 'manufacturer'),
        form_fields=fields,
        form_class=device_form(proxy, fields),
        bulk_edit_fields=('status', 'site', 'warranty_end'),
        related=((_('IP addresses'), 'addresses', ('address', 'dns_name', 'status')),),
    ))

register(ModelConfig(
    model=m.Vlan, slug='vlans', section='survey', api_prefix=api('vlans'),
    list_columns=('vid', 'name', 'unit', 'site', 'description'),
    search_fields=('name', 'description'),
    filter_fields=('unit', 'site'),
    form_fields=('unit', 'vid', 'name', 'site', 'description'),
    bulk_edit_fields=('site',),
    related=((_('IP prefixes'), 'prefixes', ('cidr', 'purpose')),),
))

register(ModelConfig(
    model=m.IpPrefix, slug='prefixes', section='survey', api_prefix=api('prefixes'),
    list_columns=('cidr', 'unit', 'vlan', 'purpose', 'gateway', 'site'),
    search_fields=('cidr', 'purpose'),
    filter_fields=('unit', 'vlan', 'site'),
    form_fields=('unit', 'cidr', 'vlan', 'purpose', 'gateway', 'site', 'notes'),
    bulk_edit_fields=('vlan', 'site', 'purpose'),
    related=((_('IP addresses'), 'addresses', ('address', 'dns_name', 'status')),),
))

register(ModelConfig(
    model=m.IpAddress, slug='ip-addresses', section='survey', api_prefix=api('ip-addresses'),
    list_columns=('address', 'unit', 'dns_name', 'status', 'prefix', 'assigned_to'),
    search_fields=('address', 'dns_name', 'description'),
    filter_fields=('unit', 'status', 'prefix'),
    form_fields=('unit', 'address', 'prefix', 'dns_name', 'status', 'server', 'vm_nic', 'device', 'description'),
    bulk_edit_fields=('status', 'prefix'),
    select_related=('unit', 'prefix', 'server', 'vm_nic__vm', 'device'),
))

register(ModelConfig(
    model=m.Dependency, slug='dependencies', section='survey', api_prefix=api('dependencies'),
    list_columns=('source', 'target', 'unit', 'direction', 'protocol', 'port', 'criticality', 'latency_sensitive'),
    search_fields=('description', 'target_name', 'source_system__code', 'target_system__code', 'source_vm__name'),
    filter_fields=('unit', 'direction', 'protocol', 'criticality', 'target_external', 'latency_sensitive'),
    form_fields=('unit', 'source_system', 'source_vm', 'source_server', 'target_system', 'target_vm',
                 'target_server', 'target_external', 'target_name', 'direction', 'protocol', 'port', 'criticality',
                 'latency_sensitive', 'description'),
    bulk_edit_fields=('criticality', 'protocol', 'latency_sensitive'),
    select_related=('unit', 'source_system', 'source_vm', 'source_server', 'target_system', 'target_vm',
                    'target_server'),
))

register(ModelConfig(
    model=m.PerformanceSummary, slug='performance', section='survey', api_prefix=api('performance'),
    list_columns=('machine', 'unit', 'metric', 'avg', 'p50', 'p95', 'p99', 'max', 'sample_count', 'source'),
    search_fields=('vm__name', 'server__hostname', 'source'),
    filter_fields=('unit', 'metric', 'source'),
    form_fields=('unit', 'vm', 'server', 'metric', 'avg', 'p50', 'p95', 'p99', 'max', 'window_start', 'window_end',
                 'sample_count', 'source'),
    bulk_edit_fields=('source',),
    select_related=('unit', 'vm', 'server'),
))

# Pages outside the generic machinery.
add_nav_link('survey', _('Survey workbook'), 'inventory:workbook')
add_nav_link('survey', _('Data quality'), 'inventory:quality')
add_nav_link('survey', _('Discovery imports'), 'inventory:imports')

# Attachments: read-only generic pages and API (files go through the attachment views and service),
# and a panel on every inventory object's detail page.

register(ModelConfig(
    model=m.Attachment, slug='attachments', section='survey', api_prefix=api('attachments'), nav=False,
    list_columns=('title', 'unit', 'kind', 'content_type', 'object_id', 'filename', 'size_bytes', 'uploaded_by',
                  'created_at'),
    detail_fields=('title', 'unit', 'kind', 'content_type', 'object_id', 'filename', 'size_bytes', 'mime_type',
                   'sha256', 'uploaded_by', 'created_at'),
    search_fields=('title', 'filename'),
    filter_fields=('unit', 'kind'),
    filterset_class=AttachmentFilterSet,
    serializer_class=AttachmentSerializer,
    api_writable=False,
))
registry.detail_panels.append(attachments_panel)
registry.detail_panels.append(attachment_file_panel)


@demo.add_loader(inventory=True)
def _demo_inventory(progress=None):
    """The demo province's inventory (systems, servers, VMs, networks, dependencies, performance)."""
    from cloudmove.inventory.services.demo import load_inventory_demo

    return load_inventory_demo(progress=progress)
