"""Synthetic but realistic inventories for tests and benchmarks (fixed seed, same output every time)."""

import random
from datetime import date

from cloudmove.inventory.workbook.exporter import write_workbook

OS_CHOICES = [
    ('windows', 'Microsoft Windows Server 2019 (64-bit)', '2019'),
    ('windows', 'Microsoft Windows Server 2016 (64-bit)', '2016'),
    ('windows', 'Microsoft Windows Server 2012 R2 (64-bit)', '2012 R2'),
    ('windows', 'Microsoft Windows Server 2008 R2 (64-bit)', '2008 R2'),
    ('linux', 'Ubuntu Linux (64-bit)', '22.04'),
    ('linux', 'Ubuntu Linux (64-bit)', '20.04'),
    ('linux', 'Red Hat Enterprise Linux 8 (64-bit)', '8.9'),
    ('linux', 'CentOS 7 (64-bit)', '7.9'),
    ('linux', 'CentOS 6 (64-bit)', '6.10'),
    ('linux', 'Oracle Linux 8 (64-bit)', '8.8'),
]
ROLES = ['web', 'app', 'db', 'api', 'file', 'mail', 'dns', 'ad', 'backup', 'report']


def workbook_data(vms, seed, unit_code='BENCH'):
    """{sheet id: [rows]} for a unit with `vms` virtual machines, their disks, NICs and addresses."""
    rng = random.Random(seed)
    n_systems = max(1, vms // 10)
    n_hosts = max(1, vms // 25)
    n_clusters = max(1, n_hosts // 8)
    systems = [{
        'code': f'{unit_code}-HT{i:05d}', 'name': f'Hệ thống nghiệp vụ số {i}', 'category': rng.choice(
            ['sector_app', 'shared_app', 'portal', 'database']), 'security_level': rng.choice([1, 2, 2, 3, 3, 4]),
        'level_approval': rng.choice(['approved', 'proposed', 'not_proposed']), 'users_count': rng.randint(10, 5000),
        'internet_facing': rng.random() < 0.3, 'personal_data': rng.random() < 0.4, 'hosting': 'provincial_dc',
        'lifecycle': 'production', 'annual_cost_vnd': rng.randint(20, 2000) * 1_000_000,
        'contract_end': date(2025 + rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28)),
    } for i in range(n_systems)]
    sites = [{'code': 'TTDL', 'name': 'Trung tâm dữ liệu', 'kind': 'data_centre'}]
    racks = [{'site': 'TTDL', 'name': f'R{i:02d}', 'u_height': 42} for i in range(1, n_hosts // 16 + 2)]
    clusters = [{'name': f'CL{i:02d}', 'platform': 'vmware', 'site': 'TTDL', 'manager': 'vcenter.bench.local',
                 'version': '7.0.3'} for i in range(n_clusters)]
    hosts = [{
        'hostname': f'esx{i:04d}', 'site': 'TTDL', 'rack': f'TTDL/{racks[i % len(racks)]["name"]}',
        'cluster': clusters[i % n_clusters]['name'], 'role': 'hypervisor', 'status': 'active',
        'manufacturer': rng.choice(['Dell', 'HPE', 'Lenovo']), 'model': rng.choice(['R740', 'DL380 Gen10', 'SR650']),
        'serial': f'SN{seed:03d}{i:06d}', 'cpu_sockets': 2, 'cpu_cores': rng.choice([32, 40, 48, 64]),
        'memory_gib': rng.choice([384, 512, 768, 1024]), 'os': 'VMware ESXi', 'os_version': '7.0.3',
        'purchase_year': rng.randint(2015, 2023), 'power_watts': rng.randint(450, 900),
    } for i in range(n_hosts)]
    vm_rows, disks, nics, ips = [], [], [], []
    for i in range(vms):
        family, os_name, os_version = rng.choice(OS_CHOICES)
        name = f'{rng.choice(ROLES)}-{i:06d}'
        host = hosts[i % n_hosts]
        template = rng.random() < 0.01
        vm_rows.append({
            'name': name, 'vm_uuid': f'{seed:08x}-{i:04x}-4000-8000-{i:012x}', 'vcenter': 'vcenter.bench.local',
            'cluster': host['cluster'], 'host': host['hostname'], 'vcpus': rng.choice([1, 2, 2, 4, 4, 8, 16]),
            'memory_mib': rng.choice([2048, 4096, 8192, 16384, 32768]),
            'power_state': 'off' if template or rng.random() < 0.08 else 'on', 'os_family': family,
            'os_name': os_name, 'os_version': os_version, 'firmware': rng.choice(['bios', 'efi']),
            'tools_state': rng.choice(['ok', 'ok', 'old', 'not_running']), 'is_template': template,
            'dns_name': f'{name}.bench.local', 'snapshot_count': rng.choice([0, 0, 0, 1, 2]),
            'systems': sorted({systems[rng.randrange(n_systems)]['code'] for _ in range(rng.choice([1, 1, 2]))}),
        })
        for d in range(1 + int(rng.random() ** 2 * 4)):
            capacity = rng.choice([20, 40, 60, 100, 200, 500, 1024]) * 1024
            disks.append({
                'vm': name, 'label': f'Hard disk {d + 1}', 'capacity_mib': capacity,
                'used_mib': int(capacity * rng.uniform(0.1, 0.9)),
                'provisioning': rng.choice(['thin', 'thin', 'thick', 'eager']), 'is_rdm': rng.random() < 0.005,
                'is_independent': rng.random() < 0.01, 'is_shared': rng.random() < 0.003,
                'datastore': f'DS-{rng.randint(1, 40):02d}',
            })
        for n in range(1 + (rng.random() < 0.5)):
            label = f'Network adapter {n + 1}'
            nics.append({'vm': name, 'label': label, 'network': f'VLAN{100 + n}',
                         'mac': f'00:50:56:{(i >> 16) & 255:02x}:{(i >> 8) & 255:02x}:{(i + n * 7) & 255:02x}'
                         if n == 0 else f'00:50:57:{(i >> 16) & 255:02x}:{(i >> 8) & 255:02x}:{i & 255:02x}',
                         'adapter': 'vmxnet3', 'connected': True})
            ips.append({'address': f'10.{100 + n}.{(i >> 8) & 255}.{i & 255}', 'vm_nic': f'{name}/{label}',
                        'status': 'active', 'dns_name': f'{name}.bench.local' if n == 0 else ''})
    prefixes = [{'cidr': f'10.{100 + n}.0.0/16', 'purpose': 'Máy ảo'} for n in range(2)]
    return {'systems': systems, 'sites': sites, 'racks': racks, 'clusters': clusters, 'servers': hosts,
            'vms': vm_rows, 'disks': disks, 'nics': nics, 'prefixes': prefixes, 'ips': ips}


def generate_workbook(path, vms, seed, unit_code='BENCH', unit_name='Đơn vị đo hiệu năng'):
    data = workbook_data(vms, seed, unit_code)
    write_workbook(str(path), unit_code, unit_name, data, constant_memory=True)
    return {sheet: len(rows) for sheet, rows in data.items()}


def sample_system(unit, code):
    """The system `UNIT-CODE` of `unit`, made once: what other apps' sample records (for the generated
    per-model tests) hang on."""
    from cloudmove.inventory.models import InformationSystem

    system, _created = InformationSystem.objects.get_or_create(
        code=f'{unit.code}-{code}', defaults={'unit': unit, 'name': f'Hệ thống {code} của {unit.code}'})
    return system
