"""Samples of the inventory app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.tests.sampling import sample
from cloudmove.inventory import models as m
from cloudmove.inventory.registrations import DEVICE_COLUMNS


def _vm(unit, name='vm-sample'):
    vm, _created = m.VirtualMachine.objects.get_or_create(
        unit=unit, vcenter='', name=f'{name}-{unit.code.lower()}', defaults={'vcpus': 2, 'memory_mib': 4096}
    )
    return vm


def _system(unit):
    system, _created = m.InformationSystem.objects.get_or_create(
        code=f'SYS-{unit.code}', defaults={'unit': unit, 'name': f'Hệ thống mẫu {unit.code}'}
    )
    return system


def _site(unit):
    site, _created = m.Site.objects.get_or_create(unit=unit, code='PHONG-MAY', defaults={'name': 'Phòng máy chủ'})
    return site


sample(
    m.InformationSystem,
    lambda unit, n: {
        'unit': unit.pk,
        'code': f'{unit.code}-HT{n:03d}',
        'name': f'Hệ thống {unit.code} số {n}',
        'category': 'sector_app',
        'security_level': 1 + n % 3,
        'hosting': 'unit_room',
        'annual_cost_vnd': 1_000_000 * n,
    },
)
sample(m.Site, lambda unit, n: {'unit': unit.pk, 'code': f'SITE-{n}', 'name': f'Phòng máy {n}', 'kind': 'server_room'})
sample(m.Rack, lambda unit, n: {'site': _site(unit).pk, 'name': f'R{n:02d}', 'u_height': 42})
sample(m.Cluster, lambda unit, n: {'unit': unit.pk, 'name': f'CLUSTER-{n}', 'platform': 'vmware'})
sample(
    m.PhysicalServer,
    lambda unit, n: {
        'unit': unit.pk,
        'hostname': f'srv-{n:03d}',
        'role': 'hypervisor',
        'cpu_sockets': 2,
        'cpu_cores': 32,
        'memory_gib': 256,
        'manufacturer': 'Dell',
        'model': 'PowerEdge R740',
    },
)
sample(
    m.VirtualMachine,
    lambda unit, n: {
        'unit': unit.pk,
        'name': f'vm-{n:03d}',
        'vcpus': 2 + n % 4,
        'memory_mib': 4096 * (1 + n % 3),
        'os_family': 'linux',
        'os_name': 'Ubuntu 22.04',
        'systems': [_system(unit).pk],
    },
)
sample(
    m.VirtualDisk,
    lambda unit, n: {
        'vm': _vm(unit).pk,
        'label': f'Hard disk {n}',
        'capacity_mib': 10240 * n,
        'used_mib': 5120 * n,
        'provisioning': 'thin',
    },
)
sample(
    m.VirtualNic,
    lambda unit, n: {
        'vm': _vm(unit).pk,
        'label': f'Network adapter {n}',
        'network': 'VLAN10-APP',
        'mac': f'00:50:56:00:00:{n:02x}',
        'adapter': 'vmxnet3',
    },
)
sample(m.Vlan, lambda unit, n: {'unit': unit.pk, 'vid': 100 + n, 'name': f'VLAN-{100 + n}'})
sample(
    m.IpPrefix, lambda unit, n: {'unit': unit.pk, 'cidr': f'10.{n}.{unit.pk % 250}.0/24', 'purpose': 'Máy chủ ứng dụng'}
)
sample(
    m.IpAddress, lambda unit, n: {'unit': unit.pk, 'address': f'10.{unit.pk % 250}.0.{n}', 'dns_name': f'h{n}.example'}
)
sample(
    m.Dependency,
    lambda unit, n: {
        'unit': unit.pk,
        'source_system': _system(unit).pk,
        'target_external': 'lgsp',
        'protocol': 'https',
        'port': 8000 + n,
    },
)
sample(
    m.PerformanceSummary,
    lambda unit, n: {
        'unit': unit.pk,
        'vm': _vm(unit).pk,
        'metric': 'cpu_pct',
        'avg': 20.0 + n,
        'p95': 60.0,
        'max': 90.0,
        'source': 'zabbix',
    },
)
for proxy in DEVICE_COLUMNS:
    sample(
        proxy,
        lambda unit, n, proxy=proxy: {
            'unit': unit.pk,
            'name': f'{proxy.category_code}-{n:02d}',
            'manufacturer': 'Cisco',
            'model': 'X1',
            'status': 'active',
            'kind': proxy.kind_choices.values[0] if proxy.kind_choices else '',
        },
    )
