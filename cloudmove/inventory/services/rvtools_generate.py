"""A synthetic but realistic RVTools export for tests and benchmarks (fixed seed, same output every time).

`rvtools_data()` builds the sheets as rows; `write_rvtools()` writes them as an .xlsx workbook
(XlsxWriter in constant-memory mode) or, like RVTools' "Export all to csv", as a folder of
`RVTools_tab<sheet>.csv` files (UTF-8 with BOM, comma separated).
"""

import csv
import random
from pathlib import Path

import xlsxwriter

VCENTERS = ['vcenter01.rv.local', 'vcenter02.rv.local']
DATACENTERS = ['DC-TINH', 'DC-DUPHONG']
OS_CHOICES = [
    ('Microsoft Windows Server 2019 (64-bit)', 'Microsoft Windows Server 2019 Standard'),
    ('Microsoft Windows Server 2016 (64-bit)', 'Microsoft Windows Server 2016 Datacenter'),
    ('Microsoft Windows Server 2012 (64-bit)', 'Microsoft Windows Server 2012 R2 Standard'),
    ('Ubuntu Linux (64-bit)', 'Ubuntu 22.04.3 LTS'),
    ('Red Hat Enterprise Linux 8 (64-bit)', 'Red Hat Enterprise Linux 8.9 (Ootpa)'),
    ('CentOS 7 (64-bit)', 'CentOS Linux 7 (Core)'),
    ('Oracle Linux 8 (64-bit)', ''),
    ('Other 3.x or later Linux (64-bit)', ''),
    ('FreeBSD 12 (64-bit)', 'FreeBSD 12.4-RELEASE'),
]
ROLES = ['web', 'app', 'db', 'api', 'file', 'mail', 'dns', 'ad', 'backup', 'report']
VENDORS = [('Dell Inc.', 'PowerEdge R740'), ('HPE', 'ProLiant DL380 Gen10'), ('Lenovo', 'ThinkSystem SR650')]
ESX_VERSIONS = ['VMware ESXi 7.0.3 build-21930508', 'VMware ESXi 8.0.2 build-22380479',
                'VMware ESXi 6.7.0 build-17700523']


def _h(name, old):
    """A header in the requested generation: RVTools before 4.1.2 wrote MB where it now writes MiB."""
    return name.replace('MiB', 'MB') if old else name


def rvtools_data(vms, seed, old_headers=False):
    """({sheet name: [header row, data rows...]}, totals) for an export with `vms` virtual machines."""
    rng = random.Random(seed)
    n_hosts = max(2, vms // 20)
    n_clusters = max(1, n_hosts // 8)
    clusters = [{'name': f'CL-{i:02d}', 'dc': DATACENTERS[i % len(DATACENTERS)], 'vc': VCENTERS[i % len(VCENTERS)]}
                for i in range(n_clusters)]
    hosts = []
    for i in range(n_hosts):
        cluster = clusters[i % n_clusters]
        vendor, model = rng.choice(VENDORS)
        hosts.append({'name': f'esx{i:04d}.rv.local', 'cluster': cluster, 'sockets': 2,
                      'cores': rng.choice([16, 20, 24, 32]), 'memory': rng.choice([384, 512, 768, 1024]) * 1024,
                      'vendor': vendor, 'model': model, 'version': rng.choice(ESX_VERSIONS),
                      'serial': f'SN{seed:03d}{i:06d}'})
    v_info = [['VM', 'Powerstate', 'Template', 'CPUs', 'Memory', 'NICs', 'Disks', _h('Provisioned MiB', old_headers),
               _h('In Use MiB', old_headers), 'Primary IP Address', 'Datacenter', 'Cluster', 'Host',
               'OS according to the configuration file', 'OS according to the VMware Tools', 'Firmware',
               'DNS Name', 'Annotation', 'VM UUID', 'VI SDK Server', 'Owner', 'Backup Policy']
              + ([] if old_headers else ['Total disk capacity MiB'])]  # RVTools 4.x adds it
    v_disk = [['VM', 'Disk', _h('Capacity MiB', old_headers), 'Raw', 'Disk Mode', 'Sharing mode', 'Thin',
               'VM UUID', 'Path']]
    v_network = [['VM', 'NIC label', 'Network', 'Mac Address', 'Connected', 'IPv4 Address', 'VM UUID']]
    v_snapshot = [['VM', 'Name', 'Description', 'Date / time', _h('Size MiB (total)', old_headers), 'VM UUID',
                   'VI SDK Server']]
    v_cpu = [['VM', 'Powerstate', 'Template', 'CPUs', 'Sockets', 'Cores p/s', 'Max', 'Overall', 'Reservation',
              'Limit', 'Hot Add', 'VM UUID', 'VI SDK Server']]
    v_memory = [['VM', 'Powerstate', 'Template', _h('Size MiB', old_headers), 'Consumed', 'Active', 'Ballooned',
                 'Reservation', 'Limit', 'Hot Add', 'VM UUID', 'VI SDK Server']]
    v_partition = [['VM', 'Powerstate', 'Template', 'Disk', _h('Capacity MiB', old_headers),
                    _h('Consumed MiB', old_headers), _h('Free MiB', old_headers), 'Free %', 'VM UUID',
                    'VI SDK Server']]
    v_tools = [['VM', 'Powerstate', 'Template', 'VM Version', 'Tools', 'Tools Version', 'Required Version',
                'Upgradeable', 'VM UUID', 'VI SDK Server']]
    totals = {'vms': 0, 'vcpus': 0, 'memory_mib': 0, 'disk_capacity_mib': 0}
    for i in range(vms):
        host = hosts[i % n_hosts]
        cluster = host['cluster']
        config_os, tools_os = rng.choice(OS_CHOICES)
        name = f'{rng.choice(ROLES)}-{i:06d}'
        uuid = f'50{seed % 0x1000000:06x}-{(i >> 16) & 0xffff:04x}-{i & 0xffff:04x}-8000-{i:012x}'
        template = rng.random() < 0.02
        power = 'poweredOff' if template else rng.choices(['poweredOn', 'poweredOff', 'suspended'], [90, 8, 2])[0]
        if template or power != 'poweredOn':
            tools_os = ''
        vcpus = rng.choice([1, 2, 2, 4, 4, 8, 16])
        memory = rng.choice([2048, 4096, 8192, 16384, 32768])
        disks = [rng.choice([20, 40, 60, 100, 200, 500, 1024]) * 1024 for _d in range(1 + int(rng.random() ** 2 * 4))]
        n_nics = 1 + (rng.random() < 0.4)
        ip = f'10.{100 + i % 20}.{(i >> 8) & 255}.{i & 255}'
        annotation = rng.choice(['', '', 'Hệ thống một cửa điện tử', 'Owner: Phòng CNTT\nBackup: daily', 'Test'])
        in_use = int(sum(disks) * rng.uniform(0.1, 0.8))
        v_info.append([name, power, template, vcpus, memory, n_nics, len(disks), sum(disks),
                       in_use, '' if template else ip, cluster['dc'],
                       cluster['name'], host['name'], config_os, tools_os, rng.choice(['bios', 'efi']),
                       '' if template else f'{name}.rv.local', annotation, uuid, cluster['vc'],
                       rng.choice(['', 'CNTT', 'Văn phòng']), rng.choice(['', 'Gold', 'Silver'])]
                      + ([] if old_headers else [sum(disks)]))
        # The sheets below are derived from the values above (no further random draws), so that adding
        # them left every earlier export of a seed unchanged.
        sockets = 2 if vcpus >= 8 else 1
        v_cpu.append([name, power, template, vcpus, sockets, vcpus // sockets, vcpus * 2400,
                      (vcpus * 2400 * (i % 60 + 5)) // 100 if power == 'poweredOn' else 0, 0, -1, 'False', uuid,
                      cluster['vc']])
        v_memory.append([name, power, template, memory, memory * (i % 50 + 40) // 100 if power == 'poweredOn' else 0,
                         memory * (i % 30 + 10) // 100 if power == 'poweredOn' else 0, 0, 0, -1, 'False', uuid,
                         cluster['vc']])
        if tools_os:
            guest_disks = ['C:\\', 'D:\\', 'E:\\', 'F:\\'] if 'Windows' in tools_os else ['/', '/var', '/data', '/opt']
            for d, capacity in enumerate(disks):
                size = capacity - 1
                used = min(size, in_use * capacity // sum(disks))
                v_partition.append([name, power, template, guest_disks[d], size, used, size - used,
                                    round(100 * (size - used) / size), uuid, cluster['vc']])
        tools = ('toolsNotInstalled' if template else 'toolsNotRunning' if not tools_os
                 else 'toolsOld' if i % 7 == 0 else 'toolsOk')
        v_tools.append([name, power, template, 'vmx-19', tools, '12352' if tools != 'toolsNotInstalled' else '0',
                        '12389', 'True' if tools == 'toolsOld' else 'False', uuid, cluster['vc']])
        if not template:
            totals['vms'] += 1
            totals['vcpus'] += vcpus
            totals['memory_mib'] += memory
            totals['disk_capacity_mib'] += sum(disks)
        for d, capacity in enumerate(disks):
            raw = rng.random() < 0.01
            shared = rng.random() < 0.01
            mode = 'independent_persistent' if raw or rng.random() < 0.02 else 'persistent'
            v_disk.append([name, f'Hard disk {d + 1}', capacity, 'True' if raw else 'False', mode,
                           'sharingMultiWriter' if shared else 'sharingNone',
                           'False' if raw or shared or rng.random() < 0.3 else 'True', uuid,
                           f'[DS-{rng.randint(1, 40):02d}] {name}/{name}{"_" + str(d) if d else ""}.vmdk'])
        for n in range(n_nics):
            addresses = '' if template else (ip if n == 0 else f'172.16.{(i >> 8) & 255}.{i & 255}')
            v_network.append([name, f'Network adapter {n + 1}', f'VLAN{100 + n}-{cluster["dc"]}',
                              f'00:50:56:{n:02x}:{(i >> 8) & 255:02x}:{i & 255:02x}',
                              'True' if not template else 'False', addresses, uuid])
        if not template and rng.random() < 0.1:
            for s in range(rng.randint(1, 3)):
                v_snapshot.append([name, f'before-patch-{s + 1}', '', f'2026/0{s + 1}/15 10:00:00',
                                   rng.randint(100, 20000), uuid, cluster['vc']])
    v_host = [['Host', 'Datacenter', 'Cluster', '# CPU', 'Cores per CPU', '# Cores', '# Memory', 'Vendor', 'Model',
               'ESX Version', 'Serial number']]
    for host in hosts:
        v_host.append([host['name'], host['cluster']['dc'], host['cluster']['name'], host['sockets'], host['cores'],
                       host['sockets'] * host['cores'], host['memory'], host['vendor'], host['model'],
                       host['version'], host['serial']])
    v_cluster = [['Name', 'Config status', 'OverallStatus', 'NumHosts', 'numEffectiveHosts', 'NumCpuCores',
                  'TotalMemory', 'HA enabled', 'DRS enabled', 'VI SDK Server']]
    for cluster in clusters:
        members = [h for h in hosts if h['cluster'] is cluster]
        v_cluster.append([cluster['name'], 'green', 'green', len(members), len(members),
                          sum(h['sockets'] * h['cores'] for h in members),
                          sum(h['memory'] for h in members) * 1024 * 1024, 'True', 'True', cluster['vc']])
    sheets = {'vInfo': v_info, 'vCPU': v_cpu, 'vMemory': v_memory, 'vDisk': v_disk, 'vPartition': v_partition,
              'vNetwork': v_network, 'vHost': v_host, 'vCluster': v_cluster, 'vSnapshot': v_snapshot,
              'vTools': v_tools}
    return sheets, totals


def write_sheets(path, sheets, as_csv=False):
    """Write {sheet: rows} as an .xlsx export or a folder of RVTools_tab<sheet>.csv files."""
    path = Path(path)
    if as_csv:
        path.mkdir(parents=True, exist_ok=True)
        for name, rows in sheets.items():
            with open(path / f'RVTools_tab{name}.csv', 'w', encoding='utf-8-sig', newline='') as fh:
                writer = csv.writer(fh)
                for row in rows:
                    writer.writerow(['' if v is None else ('True' if v is True else 'False' if v is False else v)
                                     for v in row])
        return
    book = xlsxwriter.Workbook(str(path), {'constant_memory': True, 'strings_to_numbers': False,
                                           'strings_to_formulas': False, 'strings_to_urls': False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == '':
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
    book.close()


def change_vms(sheets, totals, count):
    """The same export after `count` VMs (the first ones that are not templates) got two more vCPUs."""
    info, cpu = sheets['vInfo'], sheets['vCPU']
    col, template, cpu_col = info[0].index('CPUs'), info[0].index('Template'), cpu[0].index('CPUs')
    changed = 0
    for r in range(1, len(info)):
        if changed == count:
            break
        if info[r][template] is True:
            continue
        info[r][col] += 2
        cpu[r][cpu_col] = info[r][col]  # vCPU has a row per vInfo row, in the same order
        changed += 1
    return {**totals, 'vcpus': totals['vcpus'] + 2 * changed}


def generate_rvtools(path, vms, seed=1, as_csv=False, old_headers=False, changed_vms=0):
    """Write the export and return its totals (non-template VMs, vCPUs, memory MiB, disk capacity MiB).
    `changed_vms`: the same export after that many VMs got two more vCPUs (a re-import updates exactly those)."""
    sheets, totals = rvtools_data(vms, seed, old_headers=old_headers)
    if changed_vms:
        totals = change_vms(sheets, totals, changed_vms)
    write_sheets(path, sheets, as_csv=as_csv)
    return totals
