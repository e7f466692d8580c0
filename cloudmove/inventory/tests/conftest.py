"""Fixtures of the inventory tests: a small unit inventory covering every workbook sheet."""

import pytest

from cloudmove.inventory import models as m


@pytest.fixture
def inventory(tree):
    a = tree['a']
    portal = m.InformationSystem.objects.create(unit=a, code='A-PORTAL', name='Cổng thông tin Sở A',
                                                category='portal', security_level=2, internet_facing=True)
    hr = m.InformationSystem.objects.create(unit=a, code='A-HR', name='Quản lý cán bộ', security_level=None,
                                            annual_cost_vnd=120_000_000)
    shared = m.InformationSystem.objects.create(unit=tree['b'], code='B-LGSP', name='LGSP', is_shared=True)
    site = m.Site.objects.create(unit=a, code='PM1', name='Phòng máy tầng 3')
    rack = m.Rack.objects.create(site=site, name='R01')
    cluster = m.Cluster.objects.create(unit=a, name='CL-A', platform='vmware', site=site)
    host = m.PhysicalServer.objects.create(unit=a, hostname='esx01', site=site, rack=rack, cluster=cluster,
                                           role='hypervisor', cpu_cores=32, memory_gib=256)
    for i in range(3):
        vm = m.VirtualMachine.objects.create(unit=a, name=f'web{i}', vcpus=2, memory_mib=4096, cluster=cluster,
                                             host=host, os_name='Ubuntu 22.04', os_family='linux')
        vm.systems.set([portal] if i < 2 else [hr, shared])
        m.VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=40960, used_mib=10240)
        nic = m.VirtualNic.objects.create(vm=vm, label='Network adapter 1', network='VLAN10',
                                          mac=f'00:50:56:00:00:0{i}')
        m.IpAddress.objects.create(unit=a, address=f'10.1.0.{10 + i}', vm_nic=nic)
    m.NetworkDevice.objects.create(unit=a, name='core-sw1', kind='core_switch', manufacturer='Cisco')
    m.Vlan.objects.create(unit=a, vid=10, name='APP')
    m.IpPrefix.objects.create(unit=a, cidr='10.1.0.0/24', purpose='Ứng dụng')
    m.Dependency.objects.create(unit=a, source_system=portal, target_system=shared, protocol='https', port=443)
    m.PerformanceSummary.objects.create(unit=a, vm=m.VirtualMachine.objects.get(name='web0'), metric='cpu_pct',
                                        avg=12.5, p95=40.0, max=80.0, source='zabbix')
    return tree
