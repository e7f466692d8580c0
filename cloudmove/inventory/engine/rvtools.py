"""Reading RVTools sheets: header matching across RVTools versions and the value mappings. Pure Python."""

import re

from cloudmove.core.engine import cells

# In reading order: vPartition after vDisk (it sets the disks' used space), the per-VM sheets after vInfo.
SHEETS = ('vInfo', 'vCPU', 'vMemory', 'vDisk', 'vPartition', 'vNetwork', 'vHost', 'vCluster', 'vSnapshot', 'vTools')
OPTIONAL_SHEETS = SHEETS[1:]
CSV_PREFIX = 'RVTools_tab'
MB_RE = re.compile(r'\bmb\b')

# field -> the headers it may have (normalised: case-folded, single spaces, MB read as MiB).
COLUMNS = {
    'vInfo': {
        'name': ('vm',), 'power': ('powerstate',), 'template': ('template',), 'vcpus': ('cpus',),
        'memory': ('memory', 'memory mib'), 'datacenter': ('datacenter',), 'cluster': ('cluster',),
        'host': ('host',), 'os_config': ('os according to the configuration file',),
        'os_tools': ('os according to the vmware tools',), 'firmware': ('firmware',), 'dns_name': ('dns name',),
        'annotation': ('annotation',), 'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',),
    },
    'vDisk': {
        'vm': ('vm',), 'label': ('disk',), 'capacity': ('capacity mib',), 'raw': ('raw',), 'mode': ('disk mode',),
        'sharing': ('sharing mode',), 'thin': ('thin',), 'vm_uuid': ('vm uuid',), 'path': ('path', 'disk path'),
        'vcenter': ('vi sdk server',),
    },
    'vNetwork': {
        'vm': ('vm',), 'label': ('nic label', 'network adapter'), 'network': ('network', 'portgroup'),
        'mac': ('mac address',), 'connected': ('connected',), 'ipv4': ('ipv4 address', 'ip address'),
        'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',),
    },
    'vHost': {
        'name': ('host',), 'cluster': ('cluster',), 'sockets': ('# cpu',), 'cores_per': ('cores per cpu',),
        'cores': ('# cores',), 'memory': ('# memory',), 'vendor': ('vendor',), 'model': ('model',),
        'version': ('esx version',), 'serial': ('serial number', 'service tag'),
    },
    'vCluster': {'name': ('name', 'cluster'), 'vcenter': ('vi sdk server',)},
    'vSnapshot': {'vm': ('vm',), 'name': ('name',), 'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',)},
    'vCPU': {'vm': ('vm',), 'cpus': ('cpus',), 'sockets': ('sockets',), 'cores_per': ('cores p/s',),
             'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',)},
    'vMemory': {'vm': ('vm',), 'size': ('size mib',), 'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',)},
    'vPartition': {'vm': ('vm',), 'disk': ('disk',), 'capacity': ('capacity mib',), 'consumed': ('consumed mib',),
                   'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',)},
    'vTools': {'vm': ('vm',), 'tools': ('tools',), 'vm_uuid': ('vm uuid',), 'vcenter': ('vi sdk server',)},
}
REQUIRED = {'vInfo': ('name', 'vcpus', 'memory'), 'vDisk': ('vm', 'label', 'capacity'),
            'vNetwork': ('vm', 'label'), 'vHost': ('name',), 'vCluster': ('name',), 'vSnapshot': ('vm',),
            'vCPU': ('vm', 'cpus'), 'vMemory': ('vm', 'size'), 'vPartition': ('vm', 'consumed'),
            'vTools': ('vm', 'tools')}
TOOLS = {'toolsok': 'ok', 'toolsold': 'old', 'toolsnotrunning': 'not_running', 'toolsnotinstalled': 'not_installed',
         'guesttoolsrunning': 'ok', 'guesttoolsnotrunning': 'not_running'}
POWER = {'poweredon': 'on', 'poweredoff': 'off', 'suspended': 'suspended', 'on': 'on', 'off': 'off'}
ESX_VERSION_RE = re.compile(r'^(.*?ESXi?)\s+(\d+(?:\.\d+)*)', re.IGNORECASE)


def normalise_header(value):
    return MB_RE.sub('mib', ' '.join(cells.text(value).casefold().split()))


def header_map(sheet, header_row):
    """field -> column index for the columns of `sheet` found in the header row (first match wins)."""
    wanted = {alias: field for field, aliases in COLUMNS[sheet].items() for alias in aliases}
    found = {}
    for index, value in enumerate(header_row):
        field = wanted.get(normalise_header(value))
        if field and field not in found:
            found[field] = index
    return found


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
    never above a disk's capacity: RVTools does not say which partition sits on which disk."""
    total = sum(capacities)
    if not total:
        return [0 for _c in capacities]
    return [min(c, round(used * c / total)) for c in capacities]


def firmware(value):
    word = cells.text(value).casefold()
    if not word:
        return ''
    return 'efi' if 'efi' in word else 'bios'


def os_family(os_name):
    word = os_name.casefold()
    if not word:
        return ''
    if 'windows' in word:
        return 'windows'
    if any(k in word for k in ('linux', 'ubuntu', 'centos', 'red hat', 'rhel', 'debian', 'suse', 'photon',
                               'rocky', 'alma', 'fedora')):
        return 'linux'
    if any(k in word for k in ('solaris', 'freebsd', 'aix', 'hp-ux', 'unix')):
        return 'unix'
    return 'other'


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


def addresses(value):
    """The IPv4 addresses of a vNetwork cell ('10.0.0.1, 10.0.0.2' or one per line)."""
    return [part for part in re.split(r'[,;\s]+', cells.text(value)) if part]


def is_blank_row(row):
    return all(cells.is_blank(v) for v in row)
