"""The data-quality service finds the problems planted in the demo inventory, and a unit officer sees the
other side of a cross-unit prefix overlap only as "another unit"."""

from cloudmove.core.choices import Role
from cloudmove.core.models import User
from cloudmove.core.services.demo import load_demo, officer_username
from cloudmove.inventory import models as m
from cloudmove.inventory.services import quality
from cloudmove.inventory.services.demo import PLANTED

PASSWORD = 'Demo-Password-2026'


def overlap_key(unit_a, cidr_a, unit_b, cidr_b, relation):
    """An overlap independent of which side comes first: the container first, equal prefixes sorted."""
    if relation == 'within':
        return (unit_b, cidr_b), (unit_a, cidr_a), 'contains'
    if relation == 'same':
        first, second = sorted([(unit_a, cidr_a), (unit_b, cidr_b)])
        return first, second, relation
    return (unit_a, cidr_a), (unit_b, cidr_b), relation


def test_programme_admin_finds_every_planted_problem(db):
    load_demo(PASSWORD)
    admin = User.objects.get(username='admin')
    assert admin.role == Role.ADMIN
    result = quality.findings(admin)

    # Prefix overlaps across units: exactly the planted ones, both sides shown with their unit codes
    overlaps = result['prefix_overlaps']
    assert all(not o['a']['hidden'] and not o['b']['hidden'] for o in overlaps)
    found = {overlap_key(o['a']['unit'], o['a']['text'], o['b']['unit'], o['b']['text'], o['relation'])
             for o in overlaps}
    assert found == {overlap_key(*planted) for planted in PLANTED['prefix_overlaps']}
    assert len(overlaps) == len(PLANTED['prefix_overlaps'])

    # Duplicate IP addresses: exactly the planted ones, across units and within one unit
    ips = {g['key']: g for g in result['duplicate_ips']}
    assert set(ips) == ({a for a, _units in PLANTED['duplicate_ips_across_units']}
                        | {a for _unit, a in PLANTED['duplicate_ips_within_unit']})
    for address, units in PLANTED['duplicate_ips_across_units']:
        group = ips[address]
        assert group['cross_unit']
        assert sorted({o['unit'] for o in group['objects']}) == sorted(units)
        assert all(o['text'] == address and o['type'] == 'inventory.ipaddress' for o in group['objects'])
    for unit, address in PLANTED['duplicate_ips_within_unit']:
        group = ips[address]
        assert not group['cross_unit'] and len(group['objects']) >= 2
        assert {o['unit'] for o in group['objects']} == {unit}

    # Duplicate names: the planted server host names and VM names (a VM's DNS name may repeat the finding)
    names = {g['key']: g for g in result['duplicate_hostnames']}
    planted_names = [(name, units, 'inventory.physicalserver') for name, units in
                     PLANTED['duplicate_server_hostnames']]
    planted_names += [(name, units, 'inventory.virtualmachine') for name, units in PLANTED['duplicate_vm_names']]
    for name, units, object_type in planted_names:
        group = names[name.casefold()]
        assert group['cross_unit']
        assert sorted(o['unit'] for o in group['objects']) == sorted(units)
        assert {(o['type'], o['text']) for o in group['objects']} == {(object_type, name)}
    planted_keys = tuple(name.casefold() for name, _units, _type in planted_names)
    assert all(key in planted_keys or key.startswith(tuple(f'{k}.' for k in planted_keys)) for key in names)

    # Systems without a security level (exactly the planted ones) and without machines (the planted among them)
    codes = dict(m.InformationSystem.objects.values_list('pk', 'code'))
    no_level = {codes[o['id']] for o in result['systems_without_level']}
    assert no_level == set(PLANTED['systems_without_security_level'])
    no_machines = {codes[o['id']] for o in result['systems_without_machines']}
    assert set(PLANTED['systems_without_machines']) <= no_machines
    assert result['counts']['prefix_overlaps'] == len(overlaps)


def test_unit_officer_sees_the_other_side_of_an_overlap_anonymously(db):
    load_demo(PASSWORD)
    officer = User.objects.get(username=officer_username('X-THOXUAN'))
    assert officer.role == Role.UNIT_OFFICER and officer.unit.code == 'X-THOXUAN'
    result = quality.findings(officer)

    [overlap] = result['prefix_overlaps']
    own, other = overlap['a'], overlap['b']
    assert (own['unit'], own['text'], own['hidden']) == ('X-THOXUAN', '192.168.1.0/24', False)
    assert own['id'] is not None and own['url']
    assert other['hidden'] and other['text'] == '192.168.1.0/24'
    assert other['id'] is None and other['url'] is None and other['unit'] != 'X-TRIEUSON'
    assert overlap['relation'] == 'same' and overlap['shared'] == '192.168.1.0/24'
    # Nothing in the officer's findings names the other unit
    assert 'x-trieuson' not in repr(result).casefold()

    # The officer still sees the duplicate address planted inside the unit
    [address] = [a for unit, a in PLANTED['duplicate_ips_within_unit'] if unit == 'X-THOXUAN']
    ips = {g['key']: g for g in result['duplicate_ips']}
    assert not ips[address]['cross_unit'] and len(ips[address]['objects']) >= 2
    assert {o['unit'] for o in ips[address]['objects']} == {'X-THOXUAN'}


def test_demo_workbooks_round_trip_without_change(db, tmp_path):
    """Units whose machines run in the provincial data centre of another unit export and re-import cleanly."""
    from cloudmove.core.models import Unit
    from cloudmove.inventory.services import workbooks

    load_demo('Demo-Password-2026')
    for code in ('TTCNTT', 'SYT', 'X-THOXUAN', 'STC', 'BVDK'):
        unit = Unit.objects.get(code=code)
        path = tmp_path / f'{code}.xlsx'
        workbooks.export(unit, str(path))
        result = workbooks.import_file(str(path), unit, None, dry_run=True).as_dict()
        assert result['errors'] == [], (code, result['errors'][:3])
        changed = sum(result[k][s] for k in ('created', 'updated', 'removed') for s in result[k])
        assert changed == 0 and sum(result['unchanged'].values()) > 100, code
