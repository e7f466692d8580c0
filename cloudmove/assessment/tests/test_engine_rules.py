"""Every readiness rule of the engine, one machine (or system) that triggers it and a similar one that does
not; the roll-up of hits into readiness; the rules' texts; the matching of real inventory OS strings.

Pure Python over the engine's plain-row builder: no database, no mocks.
"""

import ipaddress
import string
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pytest

from cloudmove.assessment.engine import build, eol, rules
from cloudmove.assessment.engine.assess import assess
from cloudmove.assessment.engine.inputs import Network, Params

ON = date(2026, 12, 1)

FLAVOURS = [('c2m4', 2, 4096, 1_000_000), ('c4m8', 4, 8192, 2_000_000), ('c8m16', 8, 16384, 4_000_000),
            ('c16m64', 16, 65536, 9_000_000)]
OFFER_A = build.offer('A', FLAVOURS, [('ssd', 'block_ssd', 2_000, None, None, 32768)])
# B has a bigger flavour than A but a smaller disk limit.
OFFER_B = build.offer('B', FLAVOURS + [('c32m128', 32, 131072, 18_000_000)],
                      [('ssd', 'block_ssd', 2_500, None, None, 4096)])
OFFER_G = build.offer('G', FLAVOURS, [('ssd', 'block_ssd', 3_000, None, None, 65536)], kind='government')

# A machine that triggers no rule at all: a supported 64-bit Linux, tools fine, BIOS, samples present.
BASE = {'name': 'app-01', 'vcpus': 4, 'memory_mib': 8192, 'power': 'on', 'os_name': 'Ubuntu 24.04 LTS',
        'os_version': '', 'os_family': 'linux', 'firmware': 'bios', 'tools': 'ok', 'storage_mib': 102400}
BASE_UTIL = {'cpu': 40.0, 'memory': 50.0, 'net': 5.0}


def vm(**overrides):
    row = dict(BASE, util=dict(BASE_UTIL))
    row.update(overrides)
    return row


def run(machines=None, disks=None, systems=None, members=None, offers=None, params=None, links=(), hosts=(),
        network=None, servers=None):
    """The whole engine over plain rows; defaults: one machine, one 100 GiB disk each, one system of them all,
    provider A, the fixed date ON. `servers` (physical servers per system) is set on the Systems columns."""
    machines = [vm()] if machines is None else machines
    disks = [(k, 100) for k in range(len(machines))] if disks is None else disks
    systems = [{'code': 'S1', 'name': 'Cổng thông tin điện tử'}] if systems is None else systems
    members = [(k, 0) for k in range(len(machines))] if members is None else members
    offers = [OFFER_A] if offers is None else offers
    params = params or Params(on=ON)
    if servers is None:
        return build.run(machines, disks, systems, members, offers, params, link_rows=links, host_rows=hosts,
                         network=network)
    s = build.systems(systems, offers)
    s.servers = np.asarray(servers, dtype=np.int64)
    return assess(build.machines(machines), build.disks(disks), build.hosts(hosts), s, build.members(members),
                  build.links(links), network or Network.empty(), list(offers), params)


def hits_of(res, level, row):
    """{rule id: evidence} of one row; a rule hits a row at most once."""
    table = res.machines if level == rules.MACHINE else res.systems
    found = table['hits'][row]
    ids = [rule_id for rule_id, _ in found]
    assert len(ids) == len(set(ids)), ids
    return dict(found)


def _hex(address):
    return f'{int(address):032x}'


def network(ips, prefixes=()):
    """ips: (machine index, address, unit, prefix index or -1); prefixes: (unit, CIDR)."""
    nets = [ipaddress.ip_network(cidr) for _, cidr in prefixes]
    return Network(
        ip_vm=np.asarray([i[0] for i in ips], dtype=np.int64), ip_text=[i[1] for i in ips],
        ip_unit=np.asarray([i[2] for i in ips], dtype=np.int64),
        ip_prefix=np.asarray([i[3] for i in ips], dtype=np.int64),
        prefix_unit=np.asarray([u for u, _ in prefixes], dtype=np.int64),
        prefix_first=[_hex(n.network_address) for n in nets], prefix_last=[_hex(n.broadcast_address) for n in nets],
        prefix_cidr=[c for _, c in prefixes])


# ------------------------------------------------------------------ one case per rule

@dataclass
class Case:
    rule: str
    trigger: dict                 # run() arguments where row 0 triggers the rule
    clear: dict                   # run() arguments of a similar row 0 that does not
    evidence: dict = field(default_factory=dict)   # the exact evidence of the hit

    @property
    def level(self):
        return rules.RULES[self.rule].level


def machine(**overrides):
    return {'machines': [vm(**overrides)]}


WIN2012 = 'Microsoft Windows Server 2012 R2 (64-bit)'
WIN2016 = 'Microsoft Windows Server 2016 Standard (64-bit)'
WIN2022 = 'Microsoft Windows Server 2022 Datacenter (64-bit)'
RHEL7 = 'Red Hat Enterprise Linux 7 (64-bit)'
GPU = 'PCI passthrough: NVIDIA Tesla T4 (0000:3b:00.0)'
LEVEL4 = 'cấp độ 4 phải đặt trên đám mây Chính phủ'

MACHINE_CASES = [
    # Windows Server 2012 R2: the paid ESU ended on 2026-10-13; on that very day it was still paid support.
    Case('OS-ENDED', machine(os_name=WIN2012, os_family='windows'),
         dict(machine(os_name=WIN2012, os_family='windows'), params=Params(on=date(2026, 10, 13))),
         {'os': WIN2012, 'ended': '2026-10-13'}),
    Case('OS-PAID-ONLY', machine(os_name=RHEL7), machine(os_name='Red Hat Enterprise Linux 8 (64-bit)'),
         {'os': RHEL7, 'free_end': '2024-06-30', 'ended': '2028-06-30'}),
    # Windows Server 2016 extended support ends 2027-01-12: 42 days after 2026-12-01, 366 after 2026-01-11.
    Case('OS-ENDING', machine(os_name=WIN2016, os_family='windows'),
         dict(machine(os_name=WIN2016, os_family='windows'), params=Params(on=date(2026, 1, 11))),
         {'os': WIN2016, 'free_end': '2027-01-12', 'days_left': 42}),
    Case('OS-UNSUPPORTED', machine(os_name='Sun Solaris 10', os_family=''),
         machine(os_name='Oracle Linux 9 (64-bit)'), {'os': 'Sun Solaris 10'}),
    Case('OS-DESKTOP', machine(os_name='Microsoft Windows 11 Pro (64-bit)', os_family='windows'),
         machine(os_name=WIN2022, os_family='windows'), {'os': 'Microsoft Windows 11 Pro (64-bit)'}),
    Case('OS-32BIT', machine(os_name='Debian GNU/Linux 12 (32-bit)'), machine(os_name='Debian GNU/Linux 12 (64-bit)'),
         {'os': 'Debian GNU/Linux 12 (32-bit)'}),
    # Known from the version column alone is known.
    Case('OS-UNKNOWN', machine(os_name='', os_version=''), machine(os_name='', os_version='Ubuntu 24.04 LTS'), {}),
    Case('OS-LIFECYCLE-UNKNOWN', machine(os_name='Other 3.x or later Linux (64-bit)'),
         machine(os_name='Oracle Linux 9 (64-bit)'), {'os': 'Other 3.x or later Linux (64-bit)'}),
    # 32 vCPU at 50 % × 1.3 → 21 vCPU; 131072 MiB × 0.65 → 85197 MiB: beyond A's 16 vCPU / 65536 MiB.
    Case('COMPUTE-NO-FIT', machine(vcpus=32, memory_mib=131072, util={'cpu': 50, 'memory': 50}),
         machine(vcpus=16, memory_mib=32768, util={'cpu': 50, 'memory': 50}),
         {'vcpus': 21, 'memory_mib': 85197, 'largest': 'A 16 vCPU/65536 MiB'}),
    Case('COMPUTE-SOME-NO-FIT',
         dict(machine(vcpus=32, memory_mib=65536, util={'cpu': 50, 'memory': 50}), offers=[OFFER_A, OFFER_B]),
         dict(machine(vcpus=16, memory_mib=32768, util={'cpu': 50, 'memory': 50}), offers=[OFFER_A, OFFER_B]),
         {'vcpus': 21, 'memory_mib': 42599, 'providers': 'A'}),
    Case('STORAGE-NO-FIT', dict(machine(), disks=[(0, 100), (0, 40000)]), dict(machine(), disks=[(0, 32768)]),
         {'disk_gib': 40000, 'largest': 'A 32768 GiB'}),
    Case('STORAGE-SOME-NO-FIT', dict(machine(), disks=[(0, 5000)], offers=[OFFER_A, OFFER_B]),
         dict(machine(), disks=[(0, 4096)], offers=[OFFER_A, OFFER_B]), {'disk_gib': 5000, 'providers': 'B'}),
    Case('STORAGE-MANY-DISKS', machine(disks=17), machine(disks=16), {'disks': 17, 'max_disks': 16}),
    Case('NETWORK-MANY-NICS', machine(nics=9), machine(nics=8), {'nics': 9, 'max_nics': 8}),
    Case('STORAGE-RDM', machine(rdm=True), machine(rdm=False)),
    Case('STORAGE-SHARED', machine(shared_disk=True), machine(shared_disk=False)),
    Case('STORAGE-INDEPENDENT', machine(independent_disk=True), machine(independent_disk=False)),
    Case('DEVICE-PASSTHROUGH', machine(passthrough=GPU), machine(passthrough=''), {'device': GPU}),
    Case('SNAPSHOTS', machine(snapshots=3), machine(snapshots=0), {'snapshots': 3}),
    Case('TOOLS-NOT-RUNNING', machine(tools='not_installed'), machine(tools='old'), {'tools': 'not_installed'}),
    Case('TOOLS-UNKNOWN', machine(tools='unknown'), machine(tools='ok')),
    Case('TOOLS-OLD', machine(tools='old'), machine(tools='ok')),
    Case('FIRMWARE-UEFI', machine(firmware='efi'), machine(firmware='bios'), {'firmware': 'efi'}),
    Case('FIRMWARE-UNKNOWN', machine(firmware=''), machine(firmware='efi')),
    # CPU samples alone are enough to size on performance.
    Case('PERF-NONE', machine(util={}), machine(util={'cpu': 40})),
    Case('VALUES-UNKNOWN', machine(vcpus=None, power=''), machine(), {'missing': 'vCPU, power state'}),
    Case('POWERED-OFF', machine(power='suspended'), machine(power='on'), {'power': 'suspended'}),
    Case('TEMPLATE', machine(template=True), machine(template=False)),
    Case('IP-DUPLICATE',
         {'machines': [vm(name='a'), vm(name='b')],
          'network': network([(0, '10.0.0.5', 1, -1), (1, '10.0.0.5', 1, -1)])},
         # The same address twice on one machine (two adapters) is no conflict.
         {'machines': [vm(name='a'), vm(name='b')],
          'network': network([(0, '10.0.0.5', 1, -1), (0, '10.0.0.5', 1, -1), (1, '10.0.0.6', 1, -1)])},
         {'ip': '10.0.0.5'}),
    Case('PREFIX-OVERLAP',
         dict(machine(), network=network([(0, '10.0.0.5', 1, 0)], [(1, '10.0.0.0/24'), (2, '10.0.0.0/16')])),
         dict(machine(), network=network([(0, '10.0.0.5', 1, 0)], [(1, '10.0.0.0/24'), (2, '10.1.0.0/16')])),
         {'prefix': '10.0.0.0/24'}),
    # Thresholds are inclusive: CPU 3 % is idle, 3.5 % is not.
    Case('IDLE', machine(util={'cpu': 3, 'memory': 10, 'net': 0.05}),
         machine(util={'cpu': 3.5, 'memory': 10, 'net': 0.05}),
         {'cpu_pct': 3, 'memory_pct': 10, 'net_mbitps': 0.05}),
    Case('LICENCE-NOT-PORTABLE', machine(os_name=WIN2022, os_family='windows', sql=True), machine(sql=False),
         {'product': 'Windows Server, SQL Server'}),
]

TWO_SYSTEMS = {'machines': [vm(name='a'), vm(name='b')], 'members': [(0, 0), (1, 1)]}

SYSTEM_CASES = [
    Case('SEC-NO-PROVIDER', {'systems': [{'security_level': 4, 'refused': {0: [LEVEL4]}}]},
         {'systems': [{'security_level': 4, 'refused': {0: [LEVEL4]}}], 'offers': [OFFER_A, OFFER_G]},
         {'security_level': 4, 'reasons': f'A: {LEVEL4}'}),
    Case('SEC-PROVIDERS-LEFT-OUT',
         {'offers': [OFFER_A, build.offer('B', FLAVOURS, [], excluded=['chưa đạt chứng nhận'])]},
         {'offers': [OFFER_A, OFFER_B]},
         {'security_level': 2, 'reasons': 'B: chưa đạt chứng nhận'}),
    Case('DATA-GUIDE-RULES-OUT',
         {'systems': [{'personal_data': True, 'guide_models': ['private', 'community']}],
          'offers': [OFFER_A, OFFER_G]},
         {'systems': [{'personal_data': True, 'guide_models': ['private', 'community', 'public']}],
          'offers': [OFFER_A, OFFER_G]},
         {'data': 'personal data', 'models': 'private, community', 'providers': 'A'}),
    Case('DATA-GUIDE-CONFLICT', {'systems': [{'guide_conflict': True}]}, {'systems': [{'guide_conflict': False}]}),
    Case('DEP-HARD-STAYS',
         dict(TWO_SYSTEMS, systems=[{'code': 'S1'}, {'code': 'S2', 'lifecycle': 'retiring'}], links=[(0, 1, True)]),
         dict(TWO_SYSTEMS, systems=[{'code': 'S1'}, {'code': 'S2', 'lifecycle': 'retiring'}], links=[(0, 1, False)]),
         {'targets': 'S2'}),
    # Ended means before the run's date: a contract ending on the day itself has not ended.
    Case('CONTRACT-ENDED', {'systems': [{'contract_end': date(2026, 11, 30)}]},
         {'systems': [{'contract_end': date(2026, 12, 1)}]}, {'contract_end': '2026-11-30'}),
    Case('LEVEL-UNDETERMINED', {'systems': [{'security_level': None}]}, {'systems': [{'security_level': 3}]}),
    Case('NO-MACHINES', dict(machine(), systems=[{'code': 'S1'}, {'code': 'S2'}], members=[(0, 1)]),
         dict(machine(), systems=[{'code': 'S1'}, {'code': 'S2'}], members=[(0, 0)])),
    Case('PHYSICAL-SERVERS', dict(machine(), systems=[{'code': 'S1'}, {'code': 'S2'}], members=[(0, 1)],
                                  servers=[2, 0]),
         dict(machine(), systems=[{'code': 'S1'}, {'code': 'S2'}], members=[(0, 1)], servers=[0, 0]),
         {'servers': 2}),
]

CASES = MACHINE_CASES + SYSTEM_CASES
COVERED = {c.rule for c in CASES}


def _param(cases):
    return [pytest.param(c, id=c.rule) for c in cases]


def test_every_rule_has_a_case():
    missing = sorted(set(rules.RULES) - COVERED)
    assert not missing, f'rules without a test case: {missing}'
    stale = sorted(COVERED - set(rules.RULES))
    assert not stale, f'test cases for rules that no longer exist: {stale}'
    assert len(CASES) == len(COVERED), 'a rule has two cases'


def test_baseline_triggers_nothing():
    res = run()
    assert res.machines['hits'][0] == []
    assert res.systems['hits'][0] == []
    assert list(res.machines['state']) == [rules.READY]
    assert list(res.systems['state']) == [rules.READY]


@pytest.mark.parametrize('case', _param(CASES))
def test_rule_fires_with_evidence(case):
    hits = hits_of(run(**case.trigger), case.level, 0)
    assert case.rule in hits, f'{case.rule} did not fire; hits: {sorted(hits)}'
    assert hits[case.rule] == case.evidence


@pytest.mark.parametrize('case', _param(CASES))
def test_rule_stays_quiet_on_a_similar_row(case):
    hits = hits_of(run(**case.trigger), case.level, 0)
    assert case.rule in hits
    clear = hits_of(run(**case.clear), case.level, 0)
    assert case.rule not in clear, clear.get(case.rule)


@pytest.mark.parametrize('case', _param(CASES))
def test_rule_counts_by_severity(case):
    """The hit is counted under the rule's severity."""
    res, res_clear = run(**case.trigger), run(**case.clear)
    table, table_clear = (res.machines, res_clear.machines) if case.level == rules.MACHINE else \
        (res.systems, res_clear.systems)
    key = {rules.BLOCKER: 'blockers', rules.CONDITION: 'conditions', rules.INFORMATION: 'information'}
    severity = rules.RULES[case.rule].severity
    own = sum(1 for rule_id, _ in table['hits'][0] if rules.RULES[rule_id].severity == severity)
    assert own >= 1
    if case.level == rules.MACHINE:
        assert table[key[severity]][0] == own
    else:   # a system's counts add its machines' counts to its own
        assert table[key[severity]][0] >= own


# ------------------------------------------------------------------ more triggers of some rules

@pytest.mark.parametrize('on, fires, days', [(date(2026, 1, 12), True, 365), (date(2026, 1, 11), False, 366),
                                             (date(2027, 1, 12), True, 0)])
def test_os_ending_window_is_365_days(on, fires, days):
    hits = hits_of(run(**machine(os_name=WIN2016, os_family='windows'), params=Params(on=on)), rules.MACHINE, 0)
    assert ('OS-ENDING' in hits) == fires
    if fires:
        assert hits['OS-ENDING']['days_left'] == days


@pytest.mark.parametrize('tools', ['not_running', 'not_installed'])
def test_tools_not_running_both_states(tools):
    assert hits_of(run(**machine(tools=tools)), rules.MACHINE, 0)['TOOLS-NOT-RUNNING'] == {'tools': tools}


@pytest.mark.parametrize('tools', ['unknown', ''])
def test_tools_unknown_both_spellings(tools):
    hits = hits_of(run(**machine(tools=tools)), rules.MACHINE, 0)
    assert 'TOOLS-UNKNOWN' in hits and 'TOOLS-NOT-RUNNING' not in hits and 'TOOLS-OLD' not in hits


@pytest.mark.parametrize('overrides, product', [
    ({'os_name': WIN2022, 'os_family': 'windows'}, 'Windows Server'),
    ({'os_name': WIN2022, 'os_family': ''}, 'Windows Server'),     # told by the name alone
    ({'sql': True}, 'SQL Server'),
])
def test_licence_products(overrides, product):
    assert hits_of(run(**machine(**overrides)), rules.MACHINE, 0)['LICENCE-NOT-PORTABLE'] == {'product': product}


def test_values_unknown_lists_every_gap_in_order():
    res = run(machines=[vm(vcpus=None, memory_mib=None, power='')], disks=[(0, None)])
    hits = hits_of(res, rules.MACHINE, 0)
    assert hits['VALUES-UNKNOWN'] == {'missing': 'vCPU, memory, disk size, power state'}
    # Unknown sizes are not "too big": neither fit rule fires on them.
    assert 'COMPUTE-NO-FIT' not in hits and 'STORAGE-NO-FIT' not in hits
    assert res.machines['state'][0] == rules.UNKNOWN


def test_powered_off_and_not_idle():
    hits = hits_of(run(**machine(power='off', util={'cpu': 0, 'memory': 0, 'net': 0})), rules.MACHINE, 0)
    assert hits['POWERED-OFF'] == {'power': 'off'}
    assert 'IDLE' not in hits   # idle means powered on and doing nothing


def test_ip_duplicate_with_an_address_outside_the_assessment():
    """An address recorded for a device that is not an assessed machine still conflicts."""
    res = run(network=network([(0, '192.168.1.10', 1, -1), (-1, '192.168.1.10', 1, -1)]))
    assert hits_of(res, rules.MACHINE, 0)['IP-DUPLICATE'] == {'ip': '192.168.1.10'}


def test_prefix_overlap_within_one_unit_is_fine():
    net = network([(0, '10.0.0.5', 1, 0)], [(1, '10.0.0.0/24'), (1, '10.0.0.0/16')])
    assert 'PREFIX-OVERLAP' not in hits_of(run(network=net), rules.MACHINE, 0)


def test_prefix_overlap_flags_both_units_machines():
    net = network([(0, '10.0.0.5', 1, 0), (1, '10.0.200.7', 2, 1)], [(1, '10.0.0.0/24'), (2, '10.0.0.0/16')])
    res = run(machines=[vm(name='a'), vm(name='b')], network=net)
    assert hits_of(res, rules.MACHINE, 0)['PREFIX-OVERLAP'] == {'prefix': '10.0.0.0/24'}
    assert hits_of(res, rules.MACHINE, 1)['PREFIX-OVERLAP'] == {'prefix': '10.0.0.0/16'}


def test_sec_no_provider_when_every_offer_is_excluded():
    excluded = build.offer('X', FLAVOURS, [('ssd', 'block_ssd', 1, None, None, 65536)],
                           excluded=['no contract'])
    res = run(offers=[excluded])
    assert hits_of(res, rules.SYSTEM, 0)['SEC-NO-PROVIDER'] == {'security_level': 2, 'reasons': 'X: no contract'}
    assert res.systems['state'][0] == rules.NOT_READY


def test_an_unlimited_storage_tier_is_a_fit_not_a_crash():
    """build.offer documents None as "no limit" for a tier's size: such a tier takes any disk."""
    unlimited = build.offer('U', FLAVOURS, [('ssd', 'block_ssd', 2_000, None, None, None)])
    res = run(disks=[(0, 40000)], offers=[OFFER_A, unlimited])
    hits = hits_of(res, rules.MACHINE, 0)
    assert 'STORAGE-NO-FIT' not in hits
    assert hits['STORAGE-SOME-NO-FIT'] == {'disk_gib': 40000, 'providers': 'A'}
    assert res.machines['best'][0] == 1
    assert res.machines['monthly'][0, 1] == 2_000_000 + 40000 * 2_000


def test_no_fit_evidence_names_only_eligible_providers():
    """"No eligible provider ... (largest: ...)": an excluded provider's bigger flavour or tier is not the
    largest the machine can get, and naming it contradicts the message."""
    excluded = build.offer('B', FLAVOURS + [('c32m128', 32, 131072, 18_000_000)],
                           [('ssd', 'block_ssd', 2_500, None, None, 65536)], excluded=['chưa đạt chứng nhận'])
    res = run(machines=[vm(vcpus=32, memory_mib=65536, util={'cpu': 50, 'memory': 50})], disks=[(0, 40000)],
              offers=[OFFER_A, excluded])
    hits = hits_of(res, rules.MACHINE, 0)
    assert hits['COMPUTE-NO-FIT'] == {'vcpus': 21, 'memory_mib': 42599, 'largest': 'A 16 vCPU/65536 MiB'}
    assert hits['STORAGE-NO-FIT'] == {'disk_gib': 40000, 'largest': 'A 32768 GiB'}


def test_sec_no_provider_says_why_when_the_guide_rules_everyone_out():
    """The deployment-model guide allows only a private cloud and the one provider is domestic (public):
    nobody may host the system, and the blocker must say who was refused and why, not an empty reason."""
    res = run(systems=[{'guide_models': ['private']}])
    hits = hits_of(res, rules.SYSTEM, 0)
    assert np.isnan(res.systems['cost'][0, 0])
    reasons = hits['SEC-NO-PROVIDER']['reasons']
    assert reasons and 'A' in reasons, hits['SEC-NO-PROVIDER']
    assert not rules.RULES['SEC-NO-PROVIDER'].text('message', 'en', hits['SEC-NO-PROVIDER']).endswith(': ')


def test_dep_hard_stays_on_a_not_ready_target():
    res = run(machines=[vm(name='a'), vm(name='b', passthrough=GPU)], members=[(0, 0), (1, 1)],
              systems=[{'code': 'S1'}, {'code': 'S2'}], links=[(0, 1, True)])
    assert hits_of(res, rules.SYSTEM, 0)['DEP-HARD-STAYS'] == {'targets': 'S2'}
    assert 'DEP-HARD-STAYS' not in hits_of(res, rules.SYSTEM, 1)


def test_dep_hard_stays_only_for_a_system_that_moves():
    """Both ends staying behind is no broken dependency; nor is a link to itself."""
    res = run(**dict(TWO_SYSTEMS, systems=[{'code': 'S1', 'lifecycle': 'retiring'},
                                           {'code': 'S2', 'lifecycle': 'retiring'}],
                     links=[(0, 1, True), (1, 1, True)]))
    assert 'DEP-HARD-STAYS' not in hits_of(res, rules.SYSTEM, 0)
    assert 'DEP-HARD-STAYS' not in hits_of(res, rules.SYSTEM, 1)
    assert res.systems['dependencies'].tolist() == [1, 1] and res.systems['dependants'].tolist() == [0, 2]


def test_data_guide_names_only_sensitive_data():
    """Without personal or state-secret data there is no data to name: the guide still narrows the providers."""
    res = run(systems=[{'guide_models': ['private', 'community']}], offers=[OFFER_A, OFFER_G])
    assert 'DATA-GUIDE-RULES-OUT' not in hits_of(res, rules.SYSTEM, 0)
    assert np.isnan(res.systems['cost'][0, 0]) and not np.isnan(res.systems['cost'][0, 1])
    secret = run(systems=[{'state_secret': True, 'personal_data': True, 'guide_models': ['private']}],
                 offers=[OFFER_A, OFFER_G])
    assert hits_of(secret, rules.SYSTEM, 0)['DATA-GUIDE-RULES-OUT'] == {
        'data': 'state-secret data', 'models': 'private', 'providers': 'A'}


def test_no_machines_gives_way_to_physical_servers():
    res = run(**dict(machine(), systems=[{'code': 'S1'}, {'code': 'S2'}], members=[(0, 1)], servers=[3, 0]))
    hits = hits_of(res, rules.SYSTEM, 0)
    assert hits == {'PHYSICAL-SERVERS': {'servers': 3}}
    assert res.systems['state'][0] == rules.UNKNOWN
    assert res.systems['worst'][0] == -1 and res.systems['machines'][0] == 0
    assert np.isnan(res.systems['cost'][0, 0])


# ------------------------------------------------------------------ roll-up into readiness

@pytest.mark.parametrize('overrides, state', [
    pytest.param({}, rules.READY, id='nothing'),
    pytest.param({'tools': 'old', 'firmware': 'efi', 'template': True}, rules.READY, id='information-only'),
    pytest.param({'snapshots': 2, 'rdm': True}, rules.CONDITIONAL, id='conditions-only'),
    pytest.param({'os_name': ''}, rules.UNKNOWN, id='completeness-unknown-only'),
    pytest.param({'os_name': '', 'snapshots': 2}, rules.UNKNOWN, id='unknown-beats-condition'),
    pytest.param({'passthrough': GPU}, rules.NOT_READY, id='blocker'),
    pytest.param({'passthrough': GPU, 'os_name': '', 'snapshots': 1}, rules.NOT_READY, id='blocker-beats-all'),
])
def test_machine_readiness(overrides, state):
    assert run(**machine(**overrides)).machines['state'][0] == state


def test_machine_counts():
    res = run(**machine(passthrough=GPU, snapshots=1, rdm=True, tools='old', firmware='efi'))
    assert (res.machines['blockers'][0], res.machines['conditions'][0], res.machines['information'][0]) == (1, 2, 2)


def test_system_is_its_worst_machine_with_summed_counts():
    machines = [
        vm(name='ready'),                                   # 0: S1
        vm(name='conditional', snapshots=1, rdm=True),      # 1: S1, 2 conditions
        vm(name='blocked', passthrough=GPU, nics=9),        # 2: S1, 1 blocker + 1 condition
        vm(name='informed', tools='old'),                   # 3: S1, 1 information
        vm(name='conditional-2', shared_disk=True),         # 4: S2, 1 condition
        vm(name='unknown', os_name=''),                     # 5: S2, 1 condition (unknown)
    ]
    res = run(machines=machines, members=[(0, 0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 1)],
              systems=[{'code': 'S1', 'contract_end': date(2025, 1, 1)}, {'code': 'S2'}])
    assert list(res.machines['state']) == [rules.READY, rules.CONDITIONAL, rules.NOT_READY, rules.READY,
                                           rules.CONDITIONAL, rules.UNKNOWN]
    assert list(res.systems['state']) == [rules.NOT_READY, rules.UNKNOWN]
    assert list(res.systems['worst']) == [2, 5]
    # S1: 1 blocker; 2 + 1 machine conditions + its own CONTRACT-ENDED; 1 information. S2: 0; 2; 0.
    assert list(res.systems['blockers']) == [1, 0]
    assert list(res.systems['conditions']) == [4, 2]
    assert list(res.systems['information']) == [1, 0]
    assert list(res.systems['machines']) == [4, 2]


def test_system_own_rules_can_make_it_worse_than_its_machines():
    res = run(machines=[vm(name='a'), vm(name='b')], members=[(0, 0), (1, 1)],
              systems=[{'code': 'S1', 'contract_end': date(2025, 1, 1)},
                       {'code': 'S2', 'refused': {0: [LEVEL4]}}])
    assert list(res.machines['state']) == [rules.READY, rules.READY]
    assert list(res.systems['state']) == [rules.CONDITIONAL, rules.NOT_READY]


def test_a_machine_in_two_systems_counts_whole_in_both():
    res = run(machines=[vm(snapshots=2)], members=[(0, 0), (0, 1)], systems=[{'code': 'S1'}, {'code': 'S2'}])
    assert list(res.systems['state']) == [rules.CONDITIONAL, rules.CONDITIONAL]
    assert list(res.systems['conditions']) == [1, 1]
    assert list(res.systems['worst']) == [0, 0]


def test_state_of_directly():
    state = rules.state_of(np.array([1, 0, 0, 0, 1]), np.array([1, 1, 0, 0, 0]), np.array([0, 1, 3, 0, 0]))
    assert list(state) == [rules.NOT_READY, rules.UNKNOWN, rules.CONDITIONAL, rules.READY, rules.NOT_READY]


# ------------------------------------------------------------------ texts in both languages

def _fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _shown(value, language):
    """An evidence value as a page shows it: the engine's words through the TERMS table, the rest as is."""
    return ', '.join(rules.TERMS.get(part, {}).get(language, part) for part in str(value).split(', '))


@pytest.mark.parametrize('case', _param(CASES))
def test_rule_texts_render_with_their_evidence(case):
    rule = rules.RULES[case.rule]
    evidence = hits_of(run(**case.trigger), case.level, 0)[case.rule]
    for which in ('message', 'remedy'):
        assert set(getattr(rule, which)) == {'en', 'vi'}
        assert getattr(rule, which)['en'] != getattr(rule, which)['vi']
        for language in ('vi', 'en'):
            template = getattr(rule, which)[language]
            missing = _fields(template) - set(evidence)
            assert not missing, f'{case.rule} {which} {language} needs {missing}, evidence has {sorted(evidence)}'
            text = rule.text(which, language, evidence)
            assert text.strip()
            assert '{' not in text and '}' not in text, text
            assert '?' not in template and '?' not in text, text   # '?' stands for a missing value
            for name in _fields(template):
                assert evidence[name] not in (None, ''), (name, evidence)
                assert _shown(evidence[name], language) in text


def test_rule_text_examples():
    rule = rules.RULES['OS-ENDED']
    evidence = {'os': WIN2012, 'ended': '2026-10-13'}
    assert rule.text('message', 'en', evidence) == f'{WIN2012} is out of every support, paid or not, since 2026-10-13.'
    assert rule.text('message', 'vi', evidence) == \
        f'{WIN2012} đã hết mọi hình thức hỗ trợ (kể cả trả phí) từ 2026-10-13.'
    # A language without its own text falls back to English; a missing value shows as '?'.
    assert rule.text('message', 'fr', evidence) == rule.text('message', 'en', evidence)
    assert rule.text('message', 'en', {}) == '? is out of every support, paid or not, since ?.'


@pytest.mark.parametrize('rule_id, evidence, language, text', [
    ('VALUES-UNKNOWN', {'missing': 'vCPU, power state'}, 'vi', 'Chưa rõ sau khi nhập: số vCPU, trạng thái nguồn.'),
    ('VALUES-UNKNOWN', {'missing': 'vCPU, power state'}, 'en', 'Unknown after import: vCPU, power state.'),
    ('TOOLS-NOT-RUNNING', {'tools': 'not_installed'}, 'en',
     'Guest tools are not installed: the migration cannot quiesce or inspect the guest.'),
    ('POWERED-OFF', {'power': 'off'}, 'vi', 'Máy đang ở trạng thái tắt: xác nhận còn cần dùng.'),
    ('SNAPSHOTS', {'snapshots': 3}, 'en', '3 snapshot(s) present.'),
])
def test_rule_texts_speak_the_language(rule_id, evidence, language, text):
    assert rules.RULES[rule_id].text('message', language, evidence) == text


def test_rule_declarations_are_consistent():
    for rule in rules.RULES.values():
        assert rule.level in (rules.MACHINE, rules.SYSTEM), rule.id
        assert rule.severity in rules.SEVERITIES and rule.category in rules.CATEGORIES, rule.id
        if rule.unknown:   # a completeness gap decides 'unknown' only if it is counted
            assert rule.severity != rules.INFORMATION, rule.id
    assert len(rules.by_level(rules.MACHINE)) + len(rules.by_level(rules.SYSTEM)) == len(rules.RULES)


# ------------------------------------------------------------------ operating-system lifecycle

@pytest.mark.parametrize('name, version, family, bits, key, status', [
    ('Microsoft Windows Server 2012 R2 (64-bit)', '', 'windows', 64, 'win2012', eol.ENDED),
    ('Red Hat Enterprise Linux 7 (64-bit)', '', 'linux', 64, 'rhel7', eol.PAID),
    ('CentOS 7 (64-bit)', '', 'linux', 64, 'centos7', eol.ENDED),
    ('Ubuntu Linux (64-bit)', '20.04', 'linux', 64, 'ubuntu2004', eol.PAID),
    ('Ubuntu Linux (64-bit)', '', 'linux', 64, None, eol.UNKNOWN),
    ('Debian GNU/Linux 10 (64-bit)', '', 'linux', 64, 'debian10', eol.ENDED),
    ('SUSE Linux Enterprise 12 (64-bit)', '', 'linux', 64, 'sles12', eol.PAID),
    ('Oracle Linux 8 (64-bit)', '', 'linux', 64, 'ol8', eol.SUPPORTED),
    ('Microsoft Windows Server 2003 (32-bit)', '', 'windows', 32, 'win2003', eol.ENDED),
    ('Microsoft Windows Server 2016 Standard (64-bit)', '', 'windows', 64, 'win2016', eol.EXTENDED),
    ('Sun Solaris 10', '', 'other', None, None, eol.UNKNOWN),
    ('', '', '', None, None, eol.UNKNOWN),
])
def test_identify_real_world_strings(name, version, family, bits, key, status):
    info = eol.identify(name, version)
    assert info.family == family
    assert info.bits == bits
    assert (info.release.key if info.release else None) == key
    assert eol.status(info, ON) == status
    assert info.known == bool(name or version)
    assert info.unsupported == (name == 'Sun Solaris 10')


def test_status_boundaries():
    win2016 = eol.BY_KEY['win2016']
    assert eol.status(win2016, date(2022, 1, 11)) == eol.SUPPORTED
    assert eol.status(win2016, date(2022, 1, 12)) == eol.EXTENDED
    assert eol.status(win2016, date(2027, 1, 12)) == eol.EXTENDED
    assert eol.status(win2016, date(2027, 1, 13)) == eol.ENDED
    win2012 = eol.BY_KEY['win2012']
    assert eol.status(win2012, date(2026, 10, 13)) == eol.PAID
    assert eol.status(win2012, date(2026, 10, 14)) == eol.ENDED
    assert eol.last_day(win2012) == date(2026, 10, 13)
    assert eol.free_support_end(win2012) == date(2023, 10, 10)
    assert eol.status(None, ON) == eol.UNKNOWN


def test_identify_keeps_the_family_hint_for_unnamed_text():
    assert eol.identify('', '', 'windows').family == 'windows'
    assert eol.identify('Custom appliance', '', 'linux').family == 'linux'
    assert eol.identify('Custom appliance', '').family == 'other'
