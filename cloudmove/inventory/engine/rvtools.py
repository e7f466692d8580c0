"""Reading RVTools sheets: header matching across RVTools versions and the value mappings. Pure Python."""

import re

from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers

# In reading order: vPartition after vDisk (it sets the disks' used space), the per-VM sheets after vInfo.
SHEETS = ('vInfo', 'vCPU', 'vMemory', 'vDisk', 'vPartition', 'vNetwork', 'vHost', 'vCluster', 'vSnapshot', 'vTools')
OPTIONAL_SHEETS = SHEETS[1:]
CSV_PREFIX = 'RVTools_tab'

# field -> the headers it may have across RVTools versions, matched by the one header rule
# (core.engine.headers: case, spacing, punctuation and units aside; "MB" is the older name of MiB).
COLUMNS = {
    'vInfo': {
        'name': ('VM',), 'power': ('Powerstate', 'Power state'), 'template': ('Template',), 'vcpus': ('CPUs',),
        'memory': ('Memory', 'Memory MiB'), 'datacenter': ('Datacenter',), 'cluster': ('Cluster',),
        'host': ('Host',), 'os_config': ('OS according to the configuration file',),
        'os_tools': ('OS according to the VMware Tools',), 'firmware': ('Firmware',), 'dns_name': ('DNS Name',),
        'annotation': ('Annotation',), 'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',),
        'disks': ('Disks',), 'total_disk': ('Total disk capacity MiB',), 'provisioned': ('Provisioned MiB',),
        'in_use': ('In Use MiB',),
    },
    'vDisk': {
        'vm': ('VM',), 'label': ('Disk',), 'capacity': ('Capacity MiB',), 'raw': ('Raw',), 'mode': ('Disk Mode',),
        'sharing': ('Sharing mode',), 'thin': ('Thin',), 'vm_uuid': ('VM UUID',), 'path': ('Path', 'Disk Path'),
        'vcenter': ('VI SDK Server',),
    },
    'vNetwork': {
        'vm': ('VM',), 'label': ('NIC label', 'Network adapter'), 'network': ('Network', 'Portgroup'),
        'mac': ('Mac Address',), 'connected': ('Connected',), 'ipv4': ('IPv4 Address', 'IP Address'),
        'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',),
    },
    'vHost': {
        'name': ('Host',), 'cluster': ('Cluster',), 'sockets': ('# CPU',), 'cores_per': ('Cores per CPU',),
        'cores': ('# Cores',), 'memory': ('# Memory',), 'vendor': ('Vendor',), 'model': ('Model',),
        'version': ('ESX Version',), 'serial': ('Serial number', 'Service tag'),
    },
    'vCluster': {'name': ('Name', 'Cluster'), 'vcenter': ('VI SDK Server',)},
    'vSnapshot': {'vm': ('VM',), 'name': ('Name',), 'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',)},
    'vCPU': {'vm': ('VM',), 'cpus': ('CPUs',), 'sockets': ('Sockets',), 'cores_per': ('Cores p/s',),
             'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',)},
    'vMemory': {'vm': ('VM',), 'size': ('Size MiB',), 'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',)},
    'vPartition': {'vm': ('VM',), 'disk': ('Disk',), 'capacity': ('Capacity MiB',), 'consumed': ('Consumed MiB',),
                   'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',)},
    'vTools': {'vm': ('VM',), 'tools': ('Tools',), 'vm_uuid': ('VM UUID',), 'vcenter': ('VI SDK Server',)},
}
HEADERS = {sheet: Headers(columns) for sheet, columns in COLUMNS.items()}
# Columns a sheet cannot be read without: what identifies its rows (and, for vCPU/vMemory/vPartition/vTools,
# the one value the sheet is read for). vInfo's CPUs and Memory are there in every RVTools version.
REQUIRED = {'vInfo': ('name', 'vcpus', 'memory'), 'vDisk': ('vm', 'label', 'capacity'),
            'vNetwork': ('vm', 'label'), 'vHost': ('name',), 'vCluster': ('name',), 'vSnapshot': ('vm',),
            'vCPU': ('vm', 'cpus'), 'vMemory': ('vm', 'size'), 'vPartition': ('vm', 'consumed'),
            'vTools': ('vm', 'tools')}
TOOLS = {'toolsok': 'ok', 'toolsold': 'old', 'toolsnotrunning': 'not_running', 'toolsnotinstalled': 'not_installed',
         'guesttoolsrunning': 'ok', 'guesttoolsnotrunning': 'not_running'}
POWER = {'poweredon': 'on', 'poweredoff': 'off', 'suspended': 'suspended', 'on': 'on', 'off': 'off'}
ESX_VERSION_RE = re.compile(r'^(.*?ESXi?)\s+(\d+(?:\.\d+)*)', re.IGNORECASE)


def header_map(sheet, header_row):
    """field -> column index for the columns of `sheet` found in the header row (first match wins)."""
    return HEADERS[sheet].match(header_row).fields


def sheet_name(name):
    """The canonical RVTools sheet name of a worksheet or CSV file name ('RVTools_tabvInfo.csv' -> 'vInfo')."""
    stem = name.rsplit('.', 1)[0] if name.lower().endswith('.csv') else name
    if stem.lower().startswith(CSV_PREFIX.lower()):
        stem = stem[len(CSV_PREFIX):]
    folded = stem.strip().casefold()
    return next((s for s in SHEETS if s.casefold() == folded), None)


def power_state(value):
    state = POWER.get(cells.text(value).replace(' ', '').casefold())
    if state is None:
        raise cells.CellError('not_a_choice', choices='poweredOn, poweredOff, suspended')
    return state


def tools_state(value):
    text = cells.text(value).casefold().replace(' ', '')
    return TOOLS.get(text, 'unknown') if text else ''


def spread_used(capacities, used):
    """The guest's used space (from its partitions) laid over its disks in proportion to their capacity,
    never above a disk's capacity: RVTools does not say which partition sits on which disk. A disk of
    unknown capacity gets an unknown used space."""
    total = sum(c for c in capacities if c)
    if not total:
        return [None if c is None else 0 for c in capacities]
    return [None if c is None else min(c, round(used * c / total)) for c in capacities]


def esx_version(value):
    """'VMware ESXi 7.0.3 build-21930508' -> ('VMware ESXi', '7.0.3')."""
    match = ESX_VERSION_RE.match(cells.text(value))
    if not match:
        return 'VMware ESXi', cells.text(value)[:60]
    return 'VMware ESXi', match.group(2)


def datastore(path):
    """'[DS-01] vm/vm.vmdk' -> 'DS-01'."""
    s = cells.text(path)
    if s.startswith('[') and ']' in s:
        return s[1:s.index(']')].strip()
    return ''
