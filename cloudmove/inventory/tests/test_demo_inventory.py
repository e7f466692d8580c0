"""The demo province's inventory: size, named systems, planted data-quality problems, audit, idempotence."""

import ipaddress
import re
from collections import Counter, defaultdict

from django.db.models import Count

from cloudmove.core import audit
from cloudmove.core.models import AuditRecord, SiteSetting
from cloudmove.core.services.demo import load_demo
from cloudmove.inventory import models as m
from cloudmove.inventory.models.network import ip_hex
from cloudmove.inventory.services.demo import PLANTED, SETTING_KEY, SUMMARY_KEYS, VERSION

PASSWORD = 'Demo-Password-2026'
MODELS = [m.InformationSystem, m.Site, m.Rack, m.Cluster, m.PhysicalServer, m.VirtualMachine, m.VirtualDisk,
          m.VirtualNic, m.Device, m.Vlan, m.IpPrefix, m.IpAddress, m.Dependency, m.PerformanceSummary]


def counts():
    return {model.__name__: model._base_manager.count() for model in MODELS}


def cross_unit_overlaps():
    """{(unit, cidr, other unit, other cidr)} for every pair of prefixes of different units that overlap."""
    rows = []
    for code, cidr in m.IpPrefix.objects.values_list('unit__code', 'cidr'):
        net = ipaddress.ip_network(cidr)
        rows.append((net.version, int(net.network_address), int(net.broadcast_address), code, cidr))
    rows.sort()
    found = set()
    for i, (version, first, last, code, cidr) in enumerate(rows):
        for v2, f2, l2, code2, cidr2 in rows[i + 1:]:
            if v2 != version or f2 > last:
                break
            if code2 != code and f2 <= last and l2 >= first:
                found.add(tuple(sorted([(code, cidr), (code2, cidr2)])))
    return found


def test_demo_inventory_is_realistic_and_plants_its_problems(db):
    summary = load_demo(PASSWORD)
    assert all(summary[key][0] > 0 and summary[key][1] == 0 for key in SUMMARY_KEYS)
    assert SiteSetting.get(SETTING_KEY) == VERSION

    n = counts()
    assert 350 <= n['InformationSystem'] <= 450
    assert 500 <= n['PhysicalServer'] <= 700
    assert 3500 <= n['VirtualMachine'] <= 4500
    assert n['IpAddress'] >= 18000
    assert n['Dependency'] >= 1000
    assert 200 <= n['Device'] <= 600
    assert n['VirtualDisk'] >= n['VirtualMachine'] and n['VirtualNic'] >= n['VirtualMachine']

    # The named provincial systems, owned by the programme office, its IT centre or the PPC's office
    systems = {s.code: s for s in m.InformationSystem.objects.select_related('unit')}
    portal, dvc = systems['SKHCN-CONG-TTDT'], systems['VP-UBND-CONG-DVC']
    assert portal.name == 'Cổng thông tin điện tử tỉnh' and portal.category == 'portal'
    assert portal.security_level == 3 and portal.internet_facing and '.demo.thanhhoa.gov.vn' in portal.urls
    assert dvc.name == 'Cổng dịch vụ công trực tuyến tỉnh' and dvc.category == 'public_service'
    assert dvc.security_level == 3 and dvc.personal_data
    assert systems['VP-UBND-QLVB'].name == 'Hệ thống quản lý văn bản và điều hành'
    assert systems['SKHCN-LGSP'].is_shared and systems['TTCNTT-EMAIL'].is_shared
    for code in ('SKHCN-CONG-TTDT', 'VP-UBND-CONG-DVC', 'VP-UBND-QLVB', 'SKHCN-LGSP', 'TTCNTT-EMAIL',
                 'TTCNTT-GIAMSAT-TTDL', 'TTCNTT-SSO'):
        assert systems[code].unit.code in ('SKHCN', 'TTCNTT', 'VP-UBND')
    for code in ('BVDK-HIS', 'BVDK-PACS', 'CDC-TIEMCHUNG', 'SGDDT-QLTH', 'VPDKDD-CSDL-DATDAI', 'STC-QLNS',
                 'STP-HOTICH', 'X-THOXUAN-MOTCUA', 'X-THOXUAN-TTDT', 'P-HACTHANH-MOTCUA'):
        assert code in systems
    assert all(re.fullmatch(r'[A-Z0-9][A-Z0-9_.-]*', code) for code in systems)
    assert all(s.annual_cost_vnd is None or isinstance(s.annual_cost_vnd, int) for s in systems.values())
    hosting = Counter(s.hosting for s in systems.values())
    assert hosting['provincial_dc'] + hosting['unit_room'] > 0.85 * len(systems)
    assert {s.security_level for s in systems.values()} >= {1, 2, 3, 4}

    # Most VMs live at the provincial data centre; every VM has 1-4 disks and 1-2 NICs
    vms = m.VirtualMachine.objects
    at_dc = vms.filter(cluster__site__code='TTDL-TINH').count()
    assert at_dc > n['VirtualMachine'] / 2
    assert vms.filter(is_template=True).exists()
    assert vms.filter(os_name__contains='2008 R2').exists() and vms.filter(os_name__contains='CentOS 6').exists()
    per_vm = vms.annotate(d=Count('disks', distinct=True), k=Count('nics', distinct=True)).values_list('d', 'k')
    assert all(1 <= d <= 4 and 1 <= k <= 2 for d, k in per_vm)
    disks = m.VirtualDisk.objects
    assert disks.filter(is_rdm=True).exists() and disks.filter(is_shared=True).exists()
    assert disks.filter(provisioning='thick').exists() and disks.filter(is_independent=True).exists()
    clusters = m.Cluster.objects
    assert clusters.filter(platform='hyperv').exists() and clusters.filter(platform='proxmox').exists()
    assert clusters.filter(platform='vmware').count() > clusters.count() / 2
    assert set(m.Device.objects.values_list('category', flat=True)) == {'network', 'security', 'storage', 'backup',
                                                                        'other'}

    # Values the models' save() would compute are there
    for prefix in m.IpPrefix.objects.all()[:200]:
        net = ipaddress.ip_network(prefix.cidr)
        assert str(net) == prefix.cidr and prefix.first_hex == ip_hex(net.network_address)
        assert prefix.last_hex == ip_hex(net.broadcast_address)
    for address in m.IpAddress.objects.select_related('prefix')[:2000]:
        assert address.address_hex == ip_hex(address.address)
        assert address.prefix is None or ipaddress.ip_address(address.address) in ipaddress.ip_network(
            address.prefix.cidr)

    # Exactly the planted overlaps between units' prefixes
    planted = {tuple(sorted([(a, pa), (b, pb)])) for a, pa, b, pb, _how in PLANTED['prefix_overlaps']}
    assert len(planted) >= 5 and cross_unit_overlaps() == planted

    # Exactly the planted duplicate addresses
    units_of = defaultdict(list)
    for code, address in m.IpAddress.objects.values_list('unit__code', 'address'):
        units_of[address].append(code)
    across = {a: tuple(sorted(set(codes))) for a, codes in units_of.items() if len(set(codes)) > 1}
    assert across == {a: tuple(sorted(units)) for a, units in PLANTED['duplicate_ips_across_units']}
    within = {(code, a) for a, codes in units_of.items() for code, k in Counter(codes).items() if k > 1}
    assert within == set(PLANTED['duplicate_ips_within_unit'])

    # Exactly the planted duplicate names across units
    def duplicates(rows):
        owners = defaultdict(set)
        for code, name in rows:
            owners[name].add(code)
        return {name: tuple(sorted(codes)) for name, codes in owners.items() if len(codes) > 1}

    assert duplicates(m.PhysicalServer.objects.values_list('unit__code', 'hostname')) == {
        name: tuple(sorted(units)) for name, units in PLANTED['duplicate_server_hostnames']}
    assert duplicates(vms.values_list('unit__code', 'name')) == {
        name: tuple(sorted(units)) for name, units in PLANTED['duplicate_vm_names']}

    # The other planted problems
    assert vms.filter(is_template=False, systems=None).count() == PLANTED['vms_without_system']
    no_level = set(m.InformationSystem.objects.filter(security_level=None).values_list('code', flat=True))
    assert no_level == set(PLANTED['systems_without_security_level'])
    bare = set(m.InformationSystem.objects.filter(vms=None, servers=None).values_list('code', flat=True))
    assert set(PLANTED['systems_without_machines']) <= bare

    # Dependencies: shared platforms of other units, national platforms, VM to VM
    deps = m.Dependency.objects
    lgsp = systems['SKHCN-LGSP']
    assert deps.filter(target_system=lgsp).exclude(unit=lgsp.unit).count() > 50
    assert deps.filter(target_system=systems['TTCNTT-EMAIL']).count() > 50
    assert set(deps.exclude(target_external='').values_list('target_external', flat=True)) >= {
        'ndxp', 'vneid', 'population_db', 'national_portal'}
    assert deps.exclude(source_vm=None).exclude(target_vm=None).count() > 300

    # Performance summaries are consistent
    perf = m.PerformanceSummary.objects
    assert perf.values('vm', 'server').distinct().count() > 0.7 * (n['VirtualMachine'] + n['PhysicalServer'])
    for avg, p50, p95, p99, top, source in perf.values_list('avg', 'p50', 'p95', 'p99', 'max', 'source')[:5000]:
        assert avg <= p95 <= p99 <= top and p50 <= p95 and source == 'zabbix'

    # Every created object has its audit record (devices under their category's model)
    created = AuditRecord.objects.filter(action='create')
    for model in MODELS:
        if model is m.Device:
            continue
        assert created.filter(object_type=audit.object_type(model)).object_total() == n[model.__name__], model
    assert sum(created.filter(object_type=audit.object_type(p)).object_total()
               for p in m.DEVICE_PROXIES) == n['Device']
    vm = vms.filter(systems__isnull=False).last()
    record = AuditRecord.objects.for_object('inventory.virtualmachine', vm.pk).get()
    assert record.is_batch and record.first_id <= vm.pk <= record.last_id  # a unit's VMs share batch records
    values = record.after[str(vm.pk)]
    assert values['name'] == vm.name
    assert values['systems'] == sorted(vm.systems.values_list('pk', flat=True))
    assert record.unit_path == vm.unit.path


def test_second_load_writes_nothing_and_the_chain_holds(db):
    load_demo(PASSWORD)
    before, trail = counts(), AuditRecord.objects.count()
    uids = set(m.VirtualMachine.objects.values_list('uid', flat=True)[:50])
    summary = load_demo(PASSWORD)
    assert all(v == (0, 0) for v in summary.values())
    assert counts() == before and AuditRecord.objects.count() == trail
    assert uids <= set(m.VirtualMachine.objects.values_list('uid', flat=True))
    checked, broken = audit.verify()
    assert checked == trail and broken is None
