"""Data quality: the pure engine (duplicates, overlap sweep against brute force), the scoped service,
the page and the API, including what a unit officer may learn about another unit's prefixes."""

import ipaddress

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cloudmove.core import scoping
from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import quality as engine
from cloudmove.inventory.services import quality

# ---------------------------------------------------------------------------------------------- engine


def pairs_of(ranges, cross_unit=True):
    return {frozenset((p.a, p.b)) for p in engine.overlapping_prefixes(ranges, cross_unit=cross_unit)}


def test_containment_is_an_overlap_with_its_relation():
    found = engine.overlapping_prefixes([('big', 'A', '10.0.0.0/8'), ('small', 'B', '10.1.2.0/24')])
    assert len(found) == 1
    p = found[0]
    assert (p.a, p.b, p.relation) == ('big', 'small', engine.CONTAINS)
    assert engine.range_text(p.first, p.last, p.family) == '10.1.2.0/24'


def test_same_prefix_in_two_units():
    [p] = engine.overlapping_prefixes([(1, 'A', '192.168.1.0/24'), (2, 'B', '192.168.1.0/24')])
    assert p.relation == engine.SAME


def test_adjacent_prefixes_do_not_overlap():
    ranges = [(1, 'A', '10.0.0.0/25'), (2, 'B', '10.0.0.128/25'), (3, 'C', '10.0.1.0/24'),
              (4, 'D', '9.255.255.255/32')]
    assert engine.overlapping_prefixes(ranges) == []
    assert engine.overlapping_prefixes_brute_force(ranges) == set()


def test_only_cross_unit_pairs_unless_asked():
    ranges = [(1, 'A', '10.0.0.0/16'), (2, 'A', '10.0.1.0/24'), (3, 'B', '10.0.1.128/25')]
    assert pairs_of(ranges) == {frozenset((1, 3)), frozenset((2, 3))}
    assert pairs_of(ranges, cross_unit=False) == {frozenset((1, 2)), frozenset((1, 3)), frozenset((2, 3))}


def test_ipv6_is_swept_apart_from_ipv4():
    ranges = [(1, 'A', '2001:db8::/32'), (2, 'B', '2001:db8:1::/48'), (3, 'C', '0.0.0.0/0'),
              (4, 'D', '::/96'), (5, 'E', '2001:db9::/32')]
    found = engine.overlapping_prefixes(ranges)
    assert {frozenset((p.a, p.b)) for p in found} == {frozenset((1, 2))}
    assert found[0].family == 6 and engine.range_text(found[0].first, found[0].last, 6) == '2001:db8:1::/48'


def test_ranges_as_triples_and_partial_overlap():
    [p] = engine.overlapping_prefixes([(1, 'A', (10, 20, 4)), (2, 'B', (15, 30, 4)), (3, 'C', (21, 25, 6))])
    assert p.relation == engine.PARTIAL and (p.first, p.last) == (15, 20)
    assert engine.hex_range('4' + f'{10:032x}', '4' + f'{20:032x}') == (10, 20, 4)


def test_duplicates_ignore_case_blanks_and_repeats_of_one_object():
    rows = [('Web01', 1, 'A'), ('web01.', 2, 'B'), ('WEB01', 1, 'A'), ('', 3, 'A'), ('', 4, 'A'), (None, 5, 'A'),
            ('db', 6, 'A'), ('DB ', 7, 'A'), ('solo', 8, 'B')]
    groups = {g.key: g for g in engine.duplicates(rows, normalise=engine.normalise_name)}
    assert set(groups) == {'web01', 'db'}
    assert groups['web01'].members == ((1, 'A'), (2, 'B')) and groups['web01'].cross_unit
    assert not groups['db'].cross_unit


@st.composite
def prefixes(draw):
    """Random IPv4 prefixes packed into a /20 (so that many overlap) and a few IPv6 ones."""
    items = []
    n = draw(st.integers(0, 40))
    for i in range(n):
        unit = draw(st.sampled_from('ABC'))
        if draw(st.integers(0, 5)) == 0:
            length = draw(st.integers(44, 64))
            base = int(ipaddress.IPv6Address('2001:db8::')) + (draw(st.integers(0, 2 ** 20 - 1)) << 64)
            net = ipaddress.IPv6Network((base, length), strict=False)
        else:
            length = draw(st.integers(20, 30))
            base = int(ipaddress.IPv4Address('10.0.0.0')) + draw(st.integers(0, 2 ** 12 - 1))
            net = ipaddress.IPv4Network((base, length), strict=False)
        items.append((i, unit, str(net) if draw(st.booleans()) else net))
    return items


@settings(max_examples=300, deadline=None)
@given(prefixes(), st.booleans())
def test_sweep_matches_brute_force(ranges, cross_unit):
    found = engine.overlapping_prefixes(ranges, cross_unit=cross_unit)
    as_sets = [frozenset((p.a, p.b)) for p in found]
    assert len(as_sets) == len(set(as_sets)), 'a pair reported twice'
    assert set(as_sets) == engine.overlapping_prefixes_brute_force(ranges, cross_unit=cross_unit)
    nets = {i: ipaddress.ip_network(v) if isinstance(v, str) else v for i, _u, v in ranges}
    for p in found:
        a, b = nets[p.a], nets[p.b]
        expected = (engine.SAME if a == b else engine.CONTAINS if b.subnet_of(a) else
                    engine.WITHIN if a.subnet_of(b) else engine.PARTIAL)
        assert p.relation == expected
        assert engine.range_text(p.first, p.last, p.family) == str(a if a.prefixlen >= b.prefixlen else b)


# ----------------------------------------------------------------------------------- service and page


@pytest.fixture
def data(tree):
    a, a1, b = tree['a'], tree['a1'], tree['b']
    d = {
        'pa': m.IpPrefix.objects.create(unit=a, cidr='192.168.1.0/24'),
        'pb': m.IpPrefix.objects.create(unit=b, cidr='192.168.1.128/25'),
        'pa_free': m.IpPrefix.objects.create(unit=a, cidr='10.0.0.0/24'),
        'pa_inner': m.IpPrefix.objects.create(unit=a, cidr='192.168.1.0/25'),  # same unit, adjacent to pb
        'ip_a1': m.IpAddress.objects.create(unit=a, address='10.0.0.5'),
        'ip_a2': m.IpAddress.objects.create(unit=a, address='10.0.0.5'),
        'ip_a3': m.IpAddress.objects.create(unit=a, address='10.0.0.9'),
        'ip_b3': m.IpAddress.objects.create(unit=b, address='10.0.0.9'),
        'ip_solo': m.IpAddress.objects.create(unit=a, address='10.0.0.10'),
        'sys_ok': m.InformationSystem.objects.create(unit=a, code='SYS-OK', name='Đầy đủ', operating_unit=a,
                                                     security_level=2),
        'sys_bad': m.InformationSystem.objects.create(unit=a, code='SYS-BAD', name='Thiếu'),
        'sys_planned': m.InformationSystem.objects.create(unit=a, code='SYS-PLAN', name='Dự kiến', operating_unit=a,
                                                          security_level=1, lifecycle=c.Lifecycle.PLANNED),
        'sys_device': m.InformationSystem.objects.create(unit=b, code='SYS-DEV', name='Thiết bị', operating_unit=b,
                                                         security_level=3),
        'vm_ok': m.VirtualMachine.objects.create(unit=a, name='WEB01', vcpus=2, memory_mib=4096),
        'vm_orphan': m.VirtualMachine.objects.create(unit=a1, name='app-a1', vcpus=2, memory_mib=4096),
        'vm_template': m.VirtualMachine.objects.create(unit=a, name='tpl', vcpus=2, memory_mib=4096,
                                                       is_template=True),
        'srv_dup': m.PhysicalServer.objects.create(unit=b, hostname='web01'),
        'srv_hv': m.PhysicalServer.objects.create(unit=a, hostname='esx01', role=c.ServerRole.HYPERVISOR),
        'srv_host': m.PhysicalServer.objects.create(unit=a, hostname='kvm01', role=c.ServerRole.OTHER),
        'srv_app': m.PhysicalServer.objects.create(unit=a, hostname='db-a', role=c.ServerRole.DATABASE),
        'srv_old': m.PhysicalServer.objects.create(unit=a, hostname='old', status=c.EquipmentStatus.DECOMMISSIONED),
        'vm_dns': m.VirtualMachine.objects.create(unit=a1, name='mail', dns_name='DB-A', vcpus=1, memory_mib=1024),
    }
    d['vm_ok'].systems.add(d['sys_ok'])
    d['vm_dns'].systems.add(d['sys_ok'])
    d['srv_dup'].systems.add(d['sys_device'])
    d['vm_orphan'].host = d['srv_host']
    d['vm_orphan'].save()
    device = m.NetworkDevice.objects.create(unit=b, name='sw01')
    device.systems.add(d['sys_device'])
    return d


def ids(items):
    return {(r['type'], r['id']) for r in items}


def ref(obj):
    return (obj._meta.label_lower, obj.pk)


def detail(obj):
    return reverse(f'inventory:{obj._meta.model_name}_detail', args=[obj.pk])


def test_admin_sees_every_finding_with_links(users, data):
    f = quality.findings(users['admin'])
    [overlap] = f['prefix_overlaps']
    assert {overlap['a']['id'], overlap['b']['id']} == {data['pa'].pk, data['pb'].pk}
    assert overlap['a']['url'] and overlap['b']['url'] and not overlap['b']['hidden']
    assert {overlap['a']['unit'], overlap['b']['unit']} == {'DEP-A', 'DEP-B'}
    assert overlap['shared'] == '192.168.1.128/25'

    ips = {g['key']: g for g in f['duplicate_ips']}
    assert set(ips) == {'10.0.0.5', '10.0.0.9'}
    assert not ips['10.0.0.5']['cross_unit'] and ips['10.0.0.9']['cross_unit']
    assert ids(ips['10.0.0.9']['objects']) == {ref(data['ip_a3']), ref(data['ip_b3'])}

    hosts = {g['key']: g for g in f['duplicate_hostnames']}
    assert set(hosts) == {'web01', 'db-a'}
    assert ids(hosts['web01']['objects']) == {ref(data['vm_ok']), ref(data['srv_dup'])}
    assert hosts['web01']['cross_unit'] and hosts['db-a']['cross_unit']  # a sub-unit is another unit

    assert ids(f['machines_without_system']) == {ref(data['vm_orphan']), ref(data['srv_app'])}
    assert ids(f['systems_without_owner']) == {ref(data['sys_bad'])}
    assert ids(f['systems_without_level']) == {ref(data['sys_bad'])}
    assert ids(f['systems_without_machines']) == {ref(data['sys_bad'])}
    assert f['counts'] == {'duplicate_hostnames': 2, 'duplicate_ips': 2, 'prefix_overlaps': 1,
                           'machines_without_system': 2, 'systems_without_owner': 1, 'systems_without_level': 1,
                           'systems_without_machines': 1}
    for item in f['machines_without_system']:
        assert item['url'] == reverse(f'inventory:{item["type"].split(".")[1]}_detail', args=[item['id']])


def test_unit_filter_restricts_to_the_subtree(users, tree, data):
    f = quality.findings(users['admin'], tree['a1'])
    assert ids(f['machines_without_system']) == {ref(data['vm_orphan'])}
    assert f['prefix_overlaps'] == [] and f['duplicate_ips'] == [] and f['systems_without_owner'] == []
    f = quality.findings(users['admin'], tree['b'])
    [overlap] = f['prefix_overlaps']
    assert overlap['a']['id'] == data['pb'].pk and overlap['b']['id'] == data['pa'].pk  # the chosen unit first
    assert overlap['relation'] == engine.WITHIN and overlap['b']['url']


def test_officer_learns_of_the_overlap_but_not_the_other_unit(users, data):
    f = quality.findings(users['officer_a'])
    [overlap] = f['prefix_overlaps']
    assert overlap['a']['id'] == data['pa'].pk and overlap['a']['url'] == detail(data['pa'])
    other = overlap['b']
    assert other['hidden'] and other['id'] is None and other['url'] is None
    assert other['text'] == '192.168.1.128/25' and other['unit'] != 'DEP-B'
    assert overlap['relation'] == engine.CONTAINS
    # Duplicates only within what the officer may see: B's server and IP stay out.
    assert [g['key'] for g in f['duplicate_ips']] == ['10.0.0.5']
    assert [g['key'] for g in f['duplicate_hostnames']] == ['db-a']
    assert ref(data['sys_device']) not in ids(f['systems_without_machines'])


def test_officer_b_sees_only_its_own_side(users, data):
    f = quality.findings(users['officer_b'])
    [overlap] = f['prefix_overlaps']
    assert overlap['a']['id'] == data['pb'].pk and overlap['a']['unit'] == 'DEP-B'
    assert overlap['b']['hidden'] and overlap['b']['text'] == '192.168.1.0/24' and overlap['b']['id'] is None
    assert overlap['relation'] == engine.WITHIN
    assert f['duplicate_ips'] == [] and f['duplicate_hostnames'] == [] and f['machines_without_system'] == []
    assert f['systems_without_machines'] == []  # linked to a device only


def test_provider_sees_nothing(users, data):
    f = quality.findings(users['provider'])
    assert sum(f['counts'].values()) == 0


def test_out_of_scope_unit_is_refused(users, tree, data):
    with pytest.raises(scoping.OutOfScope):
        quality.findings(users['officer_a'], tree['b'])


def test_admin_page_links_both_sides(web, data):
    page = web('admin').get(reverse('inventory:quality'))
    assert page.status_code == 200
    html = page.content.decode()
    for key in ('pa', 'pb', 'vm_orphan', 'srv_app', 'sys_bad', 'ip_b3', 'srv_dup'):
        assert f'href="{detail(data[key])}"' in html, key
    assert 'DEP-B' in html and 'data-overlap' in html


def test_officer_page_hides_the_other_unit(web, data):
    html = web('officer_a').get(reverse('inventory:quality')).content.decode()
    assert f'href="{detail(data["pa"])}"' in html
    assert '192.168.1.128/25' in html
    assert 'DEP-B' not in html and f'href="{detail(data["pb"])}"' not in html
    assert f'href="{detail(data["ip_b3"])}"' not in html and f'href="{detail(data["srv_dup"])}"' not in html

    html = web('officer_b').get(reverse('inventory:quality')).content.decode()
    assert f'href="{detail(data["pb"])}"' in html and '192.168.1.0/24' in html
    assert 'DEP-A' not in html and f'href="{detail(data["pa"])}"' not in html


def test_page_unit_filter(web, tree, data):
    client = web('officer_a')
    html = client.get(reverse('inventory:quality'), {'unit': tree['a1'].pk}).content.decode()
    assert f'href="{detail(data["vm_orphan"])}"' in html and f'href="{detail(data["srv_app"])}"' not in html
    assert client.get(reverse('inventory:quality'), {'unit': tree['b'].pk}).status_code == 404
    assert client.get(reverse('inventory:quality'), {'unit': 'x'}).status_code == 404


def test_page_is_in_the_navigation_and_needs_sign_in(client, web, data):
    assert client.get(reverse('inventory:quality')).status_code == 302
    home = web('viewer_a').get(reverse('core:home')).content.decode()
    assert f'href="{reverse("inventory:quality")}"' in home


def test_api_returns_the_same_findings(api, users, tree, data):
    body = api['admin'].get('/api/inventory/quality/').json()
    expected = quality.findings(users['admin'])
    assert body['counts'] == expected['counts']
    assert body['prefix_overlaps'][0]['b']['url'] == expected['prefix_overlaps'][0]['b']['url']

    response = api['officer_a'].get('/api/inventory/quality/')
    assert response.status_code == 200 and 'DEP-B' not in response.content.decode()
    other = response.json()['prefix_overlaps'][0]['b']
    assert other['hidden'] and other['id'] is None and other['url'] is None

    one = api['admin'].get('/api/inventory/quality/', {'unit': tree['a1'].pk}).json()
    assert one['unit']['code'] == 'DEP-A1' and one['counts']['machines_without_system'] == 1
    assert api['officer_a'].get('/api/inventory/quality/', {'unit': tree['b'].pk}).status_code == 404
    assert api['officer_a'].get('/api/inventory/quality/', {'unit': 'x'}).status_code == 404


def test_api_needs_authentication(client, data):
    assert client.get('/api/inventory/quality/').status_code in (401, 403)


def add_more_findings(tree, n):
    a, b = tree['a'], tree['b']
    for i in range(n):
        m.VirtualMachine.objects.create(unit=a, name=f'extra-{i}', vcpus=1, memory_mib=512)
        m.IpAddress.objects.create(unit=a, address=f'10.9.{i}.1')
        m.IpAddress.objects.create(unit=b, address=f'10.9.{i}.1')
        m.IpPrefix.objects.create(unit=b, cidr=f'192.168.1.{i * 4}/30')
        m.InformationSystem.objects.create(unit=a, code=f'EXTRA-{i}', name='x')


def test_queries_do_not_grow_with_the_number_of_findings(web, users, tree, data):
    client = web('admin')

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def page():
        assert client.get(reverse('inventory:quality')).status_code == 200

    for user in ('admin', 'officer_a'):
        quality.findings(users[user])  # warm the per-user caches
    page()  # the session's first request after sign-in also moves its expiry
    before = {'admin': count(lambda: quality.findings(users['admin'])),
              'officer_a': count(lambda: quality.findings(users['officer_a'])), 'page': count(page)}
    add_more_findings(tree, 12)
    after = {'admin': count(lambda: quality.findings(users['admin'])),
             'officer_a': count(lambda: quality.findings(users['officer_a'])), 'page': count(page)}
    assert quality.findings(users['admin'])['counts']['prefix_overlaps'] > 12
    assert after == before
    assert before['admin'] <= 10
