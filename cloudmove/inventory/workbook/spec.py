"""What the unit workbook holds: one sheet per inventory type, its columns and how cells are read.

Sheet names are fixed Vietnamese names (they identify the sheet on import, whatever the UI language);
row 1 holds Vietnamese headers, row 2 English ones; data starts on row 3. Column A is the stable key
(the record's uid); references between sheets use natural keys that people can type (a system code,
a VM name, 'SITE/RACK').
"""

from cloudmove.core.imports.sheets import (  # noqa: F401 (the layout's names, used as spec.X)
    FIRST_DATA_ROW,
    HEADER_ROWS,
    INSTRUCTIONS_SHEET,
    KEY,
    LISTS_SHEET,
    META_SHEET,
    Column,
    Sheet,
    infer_column,
)
from cloudmove.inventory import models as m

FORMAT_VERSION = 1


def _columns(model, spec):
    out = [Column(KEY, 'key')]
    for item in spec:
        name, opts = (item, {}) if isinstance(item, str) else item
        out.append(infer_column(model, name, **opts))
    return out


R = lambda ref, required=False: {'ref': ref, 'required': required}  # noqa: E731
REQ = {'required': True}
MEASURED = {'measured': True}
HW = ('manufacturer', 'model', 'serial', 'firmware', 'purchase_year', 'warranty_end', 'management_ip')


def _device_sheet(sheet_id, title, proxy, extra):
    kind = ('kind', {'choices': proxy.kind_choices}) if proxy.kind_choices else 'kind'
    spec = [('name', REQ), kind, 'function', 'status', ('site', R('sites')), ('rack', R('racks')), *HW, *extra,
            'power_watts', ('systems', R('systems')), 'notes']
    return Sheet(sheet_id, title, proxy, _columns(proxy, spec), ('name',), category=proxy.category_code)


def build_sheets():
    return [
        Sheet('systems', 'Hệ thống thông tin', m.InformationSystem, _columns(m.InformationSystem, [
            ('code', REQ), ('name', REQ), 'description', 'category', ('operating_unit', R('unit')), 'is_shared',
            'security_level', 'level_approval', 'level_decision', 'users_count', 'internet_facing', 'personal_data',
            'personal_data_subjects', 'data_classification', 'criticality', 'rto_hours', 'rpo_hours',
            'availability_pct', 'hosting', 'os',
            'database', 'middleware', 'framework', 'vendor', 'contract_end', 'annual_cost_vnd', 'lifecycle', 'urls',
            'notes']), ('code',)),
        Sheet('sites', 'Phòng máy', m.Site, _columns(m.Site, [
            ('code', REQ), ('name', REQ), 'kind', 'address', 'floor_area_m2', 'power_capacity_kw', 'tier', 'notes']),
            ('code',)),
        Sheet('racks', 'Tủ rack', m.Rack, _columns(m.Rack, [
            ('site', R('sites', True)), ('name', REQ), 'u_height', 'power_kw']), ('site', 'name'), parent='site'),
        Sheet('clusters', 'Cụm ảo hóa', m.Cluster, _columns(m.Cluster, [
            ('name', REQ), 'platform', 'manager', 'version', ('site', R('sites')), 'is_shared', 'notes']), ('name',)),
        Sheet('servers', 'Máy chủ vật lý', m.PhysicalServer, _columns(m.PhysicalServer, [
            ('hostname', REQ), ('site', R('sites')), ('rack', R('racks')), ('cluster', R('clusters')), 'role',
            'status', *HW, 'cpu_model', 'cpu_sockets', 'cpu_cores', 'memory_gib', 'storage_gib', 'os', 'os_version',
            'power_watts', ('systems', R('systems')), 'notes']), ('hostname',)),
        Sheet('vms', 'Máy ảo', m.VirtualMachine, _columns(m.VirtualMachine, [
            ('name', REQ), 'vm_uuid', 'vcenter', ('cluster', R('clusters')), ('host', R('servers')),
            ('vcpus', MEASURED), ('memory_mib', MEASURED), 'power_state', 'os_family', 'os_name', 'os_version',
            'firmware',
            'tools_state', 'is_template', 'dns_name', 'snapshot_count', 'disk_count', 'disk_total_mib',
            'disk_used_mib', 'disk_basis', 'annotation', ('systems', R('systems')),
            'notes']), ('name',)),
        Sheet('disks', 'Ổ đĩa ảo', m.VirtualDisk, _columns(m.VirtualDisk, [
            ('vm', R('vms', True)), ('label', REQ), ('capacity_mib', MEASURED), 'used_mib', 'provisioning', 'is_rdm',
            'is_independent', 'is_shared', 'datastore']), ('vm', 'label'), parent='vm'),
        Sheet('nics', 'Card mạng ảo', m.VirtualNic, _columns(m.VirtualNic, [
            ('vm', R('vms', True)), ('label', REQ), 'network', ('mac', {'kind': 'mac'}), 'adapter', 'connected']),
            ('vm', 'label'), parent='vm'),
        _device_sheet('network_devices', 'Thiết bị mạng', m.NetworkDevice, ('throughput_mbps', 'ports')),
        _device_sheet('security_devices', 'Thiết bị bảo mật', m.SecurityDevice, ('throughput_mbps',)),
        _device_sheet('storage_systems', 'Hệ thống lưu trữ', m.StorageSystem,
                      (('protocol', {}), 'raw_tib', 'usable_tib', 'used_tib')),
        _device_sheet('backup_systems', 'Hệ thống sao lưu', m.BackupSystem,
                      ('software', 'frequency', 'retention_days', 'offsite_copy', 'last_restore_test')),
        _device_sheet('other_devices', 'Thiết bị khác', m.OtherDevice, ()),
        Sheet('vlans', 'VLAN', m.Vlan, _columns(m.Vlan, [
            ('vid', REQ), ('name', REQ), ('site', R('sites')), 'description']), ('vid',)),
        Sheet('prefixes', 'Dải IP', m.IpPrefix, _columns(m.IpPrefix, [
            ('cidr', {'required': True, 'kind': 'cidr'}), ('vlan', R('vlans')), 'purpose', 'gateway',
            ('site', R('sites')), 'notes']), ('cidr',)),
        Sheet('ips', 'Địa chỉ IP', m.IpAddress, _columns(m.IpAddress, [
            ('address', REQ), 'dns_name', 'status', ('server', R('servers')), ('vm_nic', R('nics')),
            ('device', R('devices')), 'description']), ('address',), unique_natural=False),
        Sheet('dependencies', 'Phụ thuộc', m.Dependency, _columns(m.Dependency, [
            ('source_system', R('systems')), ('source_vm', R('vms')), ('source_server', R('servers')),
            ('target_system', R('systems')), ('target_vm', R('vms')), ('target_server', R('servers')),
            'target_external', 'target_name', 'direction', 'protocol', 'port', 'criticality', 'latency_sensitive',
            'description']), ()),
        Sheet('performance', 'Hiệu năng', m.PerformanceSummary, _columns(m.PerformanceSummary, [
            ('vm', R('vms')), ('server', R('servers')), ('metric', REQ), 'avg', 'p50', 'p95', 'p99', 'max',
            'window_start', 'window_end', 'sample_count', 'source']), ()),
    ]


_SHEETS = None


def sheets():
    global _SHEETS
    if _SHEETS is None:
        _SHEETS = build_sheets()
    return _SHEETS


def by_id(sheet_id):
    return next(s for s in sheets() if s.id == sheet_id)


# Device sheets share one natural-key space for references from IP addresses.
DEVICE_SHEETS = ('network_devices', 'security_devices', 'storage_systems', 'backup_systems', 'other_devices')
