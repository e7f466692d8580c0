"""Right-sizing, prices, costs, 7R strategy, impact, priority and confidence of the engine, on hand-computed
cases: every expected number below is worked out in the test from the documented formulas, never by the
engine's own helpers. Pure Python over the plain-row builder: no database, no mocks.
"""

import math
from datetime import date

import numpy as np
import pytest

from cloudmove.assessment.engine import build, decisions, rules
from cloudmove.assessment.engine.inputs import SIZING_AS_IS, Params

ON = date(2026, 12, 1)
ALL_SAMPLES = {'cpu': 40.0, 'memory': 50.0, 'iops': 100.0, 'mbps': 10.0, 'net': 5.0}

BASIC = build.offer('A', [('c2m4', 2, 4096, 1_000_000), ('c4m8', 4, 8192, 2_000_000),
                          ('c8m16', 8, 16384, 4_000_000), ('c16m64', 16, 65536, 9_000_000)],
                    [('ssd', 'block_ssd', 2_000, None, None, 16384)])


def vm(**overrides):
    row = {'name': 'app-01', 'vcpus': 4, 'memory_mib': 8192, 'power': 'on', 'os_name': 'Ubuntu 24.04 LTS',
           'os_family': 'linux', 'firmware': 'bios', 'tools': 'ok', 'storage_mib': 102400,
           'util': {'cpu': 40.0, 'memory': 50.0, 'net': 5.0}}
    row.update(overrides)
    return row


def run(machines=None, disks=None, systems=None, members=None, offers=None, params=None, **kw):
    machines = [vm()] if machines is None else machines
    disks = [(k, 100) for k in range(len(machines))] if disks is None else disks
    systems = [{'code': 'S1', 'name': 'Quản lý hồ sơ'}] if systems is None else systems
    members = [(k, 0) for k in range(len(machines))] if members is None else members
    return build.run(machines, disks, systems, members, [BASIC] if offers is None else offers,
                     params or Params(on=ON), **kw)


def hit_ids(res, row, level='machines'):
    return [rule_id for rule_id, _ in getattr(res, level)['hits'][row]]


# ------------------------------------------------------------------ compute sizing

@pytest.mark.parametrize('vcpus, cpu, memory, mem, comfort, want_vcpus, want_memory', [
    # ceil(8 × 0.40 × 1.3 = 4.16) = 5; ceil(16384 × 0.50 × 1.3 = 10649.6) = 10650
    (8, 40, 16384, 50, 1.3, 5, 10650),
    # ceil(8 × 0.40 × 1.0 = 3.2) = 4; 16384 × 0.5 = 8192 exactly
    (8, 40, 16384, 50, 1.0, 4, 8192),
    # ceil(2 × 0.10 × 1.3 = 0.26) = 1; ceil(1024 × 0.05 × 1.3 = 66.56) = 67, raised to the 512 MiB floor
    (2, 10, 1024, 5, 1.3, 1, 512),
    # 0 % still needs one vCPU
    (4, 0, 8192, 100, 1.3, 1, 10650),
    # over 100 % is read as 100 %: ceil(8 × 1.3 = 10.4) = 11
    (8, 150, 8192, 100, 1.3, 11, 10650),
])
def test_performance_sizing(vcpus, cpu, memory, mem, comfort, want_vcpus, want_memory):
    res = run(machines=[vm(vcpus=vcpus, memory_mib=memory, util={'cpu': cpu, 'memory': mem})],
              params=Params(on=ON, comfort=comfort))
    assert res.need.vcpus[0] == want_vcpus
    assert res.need.memory_mib[0] == want_memory
    assert bool(res.need.cpu_basis[0]) and bool(res.need.memory_basis[0])
    assert 'PERF-NONE' not in hit_ids(res, 0)


def test_performance_sizing_picks_the_cheapest_flavour_that_fits_the_sized_need():
    # Need 5 vCPU / 10650 MiB. c4m16 lacks a vCPU, c6m10 lacks memory (and is the cheapest), c8m16 costs more.
    offer = build.offer('A', [('c4m16', 4, 16384, 2_000_000), ('c6m12', 6, 12288, 2_400_000),
                              ('c6m10', 6, 10240, 1_500_000), ('c8m16', 8, 16384, 3_000_000)],
                        [('ssd', 'block_ssd', 1_000, None, None, 1024)])
    res = run(machines=[vm(vcpus=8, memory_mib=16384, util={'cpu': 40, 'memory': 50})], offers=[offer],
              disks=[(0, 10)])
    fit = res.fits[0]
    assert fit.flavour[0] == 1
    assert fit.compute_vnd[0] == 2_400_000
    assert res.machines['monthly'][0, 0] == 2_400_000 + 10 * 1_000


def test_a_bigger_flavour_that_is_cheaper_wins():
    offer = build.offer('A', [('c4m8', 4, 8192, 3_000_000), ('c8m16', 8, 16384, 2_500_000),
                              ('c16m32', 16, 32768, 2_600_000)], [('ssd', 'block_ssd', 1_000, None, None, 1024)])
    res = run(machines=[vm(util={})], offers=[offer])   # as allocated: 4 vCPU / 8192 MiB
    assert res.fits[0].flavour[0] == 1
    assert res.fits[0].compute_vnd[0] == 2_500_000


def test_equal_prices_take_the_smaller_flavour():
    offer = build.offer('A', [('c4m8', 4, 8192, 2_000_000), ('c8m16', 8, 16384, 2_000_000)],
                        [('ssd', 'block_ssd', 1_000, None, None, 1024)])
    assert run(machines=[vm(util={})], offers=[offer]).fits[0].flavour[0] == 0


def test_the_cheapest_provider_is_best_per_machine():
    dear = build.offer('D', [('c4m8', 4, 8192, 2_500_000)], [('ssd', 'block_ssd', 1_000, None, None, 1024)])
    cheap = build.offer('C', [('c4m8', 4, 8192, 1_800_000)], [('ssd', 'block_ssd', 3_000, None, None, 1024)])
    # 100 GiB: D = 2,500,000 + 100,000 = 2,600,000; C = 1,800,000 + 300,000 = 2,100,000. 1000 GiB: D wins.
    res = run(machines=[vm(util={}), vm(util={})], disks=[(0, 100), (1, 1000)], offers=[dear, cheap])
    assert res.machines['monthly'][0].tolist() == [2_600_000, 2_100_000]
    assert res.machines['monthly'][1].tolist() == [3_500_000, 4_800_000]
    assert res.machines['best'].tolist() == [1, 0]


# ------------------------------------------------------------------ storage tiers

TIERED = build.offer('T', [('c4m8', 4, 8192, 2_000_000)], [
    ('hdd', 'block_hdd', 500, 500, 60, 16384),
    ('ssd', 'block_ssd', 1_500, 5_000, 250, 16384),
    ('ultra', 'block_ssd', 4_000, 50_000, 1_000, 65536),
    ('object', 'object', 100, None, None, None),       # not a block tier: never a VM disk, however cheap
])


def test_iops_is_shared_over_disks_by_size():
    # 1000 IOPS × 1.3 = 1300 and 40 MB/s × 1.3 = 52 over 100 + 300 GiB: 325 IOPS / 13 MB/s and 975 / 39.
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50, 'iops': 1000, 'mbps': 40})], offers=[TIERED],
              disks=[(0, 100), (0, 300)])
    fit = res.fits[0]
    assert fit.tier.tolist() == [0, 1]          # 325 ≤ 500 on HDD; 975 > 500 needs SSD
    assert fit.disk_vnd.tolist() == [100 * 500, 300 * 1_500]
    assert fit.storage_vnd[0] == 500_000
    assert res.machines['monthly'][0, 0] == 2_000_000 + 500_000


def test_same_iops_on_one_disk_needs_the_faster_tier():
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50, 'iops': 1000, 'mbps': 40})], offers=[TIERED],
              disks=[(0, 400)])
    assert res.fits[0].tier.tolist() == [1]     # 1300 IOPS on one disk
    assert res.fits[0].storage_vnd[0] == 400 * 1_500


@pytest.mark.parametrize('iops, mbps, tier', [
    (450, 10, 1),     # 450 × 1.3 = 585 IOPS > HDD's 500
    (380, 10, 0),     # 380 × 1.3 = 494 fits HDD
    (100, 50, 1),     # 50 × 1.3 = 65 MB/s > HDD's 60
    (100, 46, 0),     # 46 × 1.3 = 59.8 fits HDD
])
def test_the_comfort_factor_applies_to_iops_and_throughput(iops, mbps, tier):
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50, 'iops': iops, 'mbps': mbps})], offers=[TIERED],
              disks=[(0, 100)])
    assert res.fits[0].tier.tolist() == [tier]


def test_as_is_sizes_disks_on_the_samples_without_comfort():
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50, 'iops': 450, 'mbps': 10})], offers=[TIERED],
              disks=[(0, 100)], params=Params(on=ON, sizing=SIZING_AS_IS))
    assert res.fits[0].tier.tolist() == [0]     # 450 IOPS as measured fit HDD


def test_throughput_picks_the_tier():
    # 200 MB/s × 1.3 = 260 > SSD's 250: ultra. IOPS 100 × 1.3 = 130 would fit HDD.
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50, 'iops': 100, 'mbps': 200})], offers=[TIERED],
              disks=[(0, 200)])
    assert res.fits[0].tier.tolist() == [2]
    assert res.fits[0].storage_vnd[0] == 200 * 4_000


def test_size_picks_the_tier_and_unknown_demand_asks_nothing():
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50})], offers=[TIERED], disks=[(0, 100), (0, 20000)])
    assert res.fits[0].tier.tolist() == [0, 2]  # no IOPS samples: HDD; 20000 GiB > 16384: ultra
    assert res.fits[0].storage_vnd[0] == 100 * 500 + 20000 * 4_000


def test_a_disk_too_large_for_every_tier():
    res = run(machines=[vm(), vm(name='small')], disks=[(0, 100), (0, 70000), (1, 100)], offers=[TIERED])
    assert res.machines['state'].tolist() == [rules.NOT_READY, rules.READY]
    hits = dict(res.machines['hits'][0])
    assert hits['STORAGE-NO-FIT']['disk_gib'] == 70000
    assert res.fits[0].tier.tolist() == [0, -1, 0]
    assert np.isnan(res.machines['monthly'][0, 0]) and res.machines['best'][0] == -1
    assert np.isnan(res.systems['cost'][0, 0]) and res.systems['best'][0] == -1
    assert res.systems['state'][0] == rules.NOT_READY
    assert res.systems['strategy'][0] == 'retain' and '7R-BLOCKED' in res.systems['fired'][0]


# ------------------------------------------------------------------ samples, as-is and confidence

def test_no_samples_sizes_as_allocated_with_fewer_stars():
    res = run(machines=[vm(vcpus=8, memory_mib=16384, util={}), vm(vcpus=8, memory_mib=16384, util=ALL_SAMPLES)],
              members=[(0, 0), (1, 1)], systems=[{'code': 'S1'}, {'code': 'S2'}])
    assert res.need.vcpus.tolist() == [8, 5]
    assert res.need.memory_mib.tolist() == [16384, 10650]
    assert not res.need.cpu_basis[0] and not res.need.memory_basis[0]
    assert 'PERF-NONE' in hit_ids(res, 0) and 'PERF-NONE' not in hit_ids(res, 1)
    assert res.machines['share'].tolist() == [0.0, 1.0]
    assert res.machines['stars'].tolist() == [1, 5]
    assert res.systems['stars'].tolist() == [1, 5]
    assert res.machines['stars'][0] < res.machines['stars'][1]
    assert res.fits[0].flavour.tolist() == [2, 2]   # 8/16384 as allocated; 5/10650 also needs c8m16


def test_confidence_counts_the_metrics_present():
    # cpu and memory only: 2 of 5 metrics, share 0.4 → 2 stars; cpu, memory, net: 0.6 → 3 stars.
    res = run(machines=[vm(util={'cpu': 40, 'memory': 50}), vm(util={'cpu': 40, 'memory': 50, 'net': 1})],
              members=[(0, 0), (1, 0)])
    assert res.machines['share'].tolist() == pytest.approx([0.4, 0.6])
    assert res.machines['stars'].tolist() == [2, 3]
    assert res.systems['share'][0] == pytest.approx(0.5)
    assert res.systems['stars'][0] == 3


def test_partial_coverage_lowers_confidence():
    util = dict(ALL_SAMPLES)
    res = run(machines=[vm(util=util, coverage={'cpu': 0.5, 'memory': 0.5, 'iops': 0.5, 'mbps': 0.5, 'net': 0.5})])
    assert res.machines['share'][0] == pytest.approx(0.5)
    assert res.machines['stars'][0] == 3


def test_as_is_ignores_samples():
    params = Params(on=ON, sizing=SIZING_AS_IS)
    res = run(machines=[vm(vcpus=8, memory_mib=16384, util=ALL_SAMPLES), vm(vcpus=8, memory_mib=16384, util={})],
              params=params)
    assert res.need.vcpus.tolist() == [8, 8]
    assert res.need.memory_mib.tolist() == [16384, 16384]
    assert not res.need.cpu_basis.any() and not res.need.memory_basis.any()
    assert res.fits[0].flavour.tolist() == [2, 2]
    assert 'PERF-NONE' not in hit_ids(res, 1)      # as-is asks for no samples
    # As-is confidence is over vCPU, memory, storage and OS being known: all four here.
    assert res.machines['stars'].tolist() == [5, 5]


def test_as_is_confidence_drops_with_unknown_values():
    res = run(machines=[vm(vcpus=None, os_name='', util={})], disks=[(0, 100)],
              params=Params(on=ON, sizing=SIZING_AS_IS))
    assert res.machines['share'][0] == pytest.approx(0.5)   # vCPU and OS unknown; memory and storage known
    assert res.machines['stars'][0] == 3


@pytest.mark.parametrize('share, stars', [(0.0, 1), (0.2, 1), (0.21, 2), (0.4, 2), (0.41, 3), (0.6, 3),
                                          (0.61, 4), (0.8, 4), (0.81, 5), (1.0, 5)])
def test_star_bands(share, stars):
    assert decisions.stars(np.array([share])).tolist() == [stars]


# ------------------------------------------------------------------ providers that may not host

CHEAP = build.offer('CHEAP', [('c4m8', 4, 8192, 500_000)], [('ssd', 'block_ssd', 100, None, None, 16384)])
DEAR = build.offer('DEAR', [('c4m8', 4, 8192, 3_000_000)], [('ssd', 'block_ssd', 3_000, None, None, 16384)])


def test_an_excluded_provider_is_never_chosen():
    cheap = build.offer('CHEAP', [('c4m8', 4, 8192, 500_000)], [('ssd', 'block_ssd', 100, None, None, 16384)],
                        excluded=['không đạt tiêu chí an toàn'])
    res = run(machines=[vm(), vm(name='b')], members=[(0, 0), (1, 1)], systems=[{'code': 'S1'}, {'code': 'S2'}],
              offers=[cheap, DEAR])
    assert res.machines['best'].tolist() == [1, 1]
    assert not res.machines['allowed'][:, 0].any()
    assert np.isnan(res.systems['cost'][:, 0]).all()
    assert res.systems['best'].tolist() == [1, 1]
    # DEAR: 3,000,000 + 100 × 3,000 + the cloud staff share 350,000 × 0.5
    assert res.systems['cost'][:, 1].tolist() == [3_475_000, 3_475_000]
    assert res.systems['best_cost'].tolist() == [3_475_000, 3_475_000]


def test_a_provider_refused_for_a_system_is_never_chosen_for_it():
    res = run(machines=[vm(), vm(name='b'), vm(name='shared')], members=[(0, 0), (1, 1), (2, 0), (2, 1)],
              systems=[{'code': 'S1', 'refused': {0: ['cấp độ 3 yêu cầu đám mây riêng']}}, {'code': 'S2'}],
              offers=[CHEAP, DEAR])
    # Machine 0 serves S1 only; 2 serves S1 and S2 and so must satisfy both; 1 serves S2 alone.
    assert res.machines['best'].tolist() == [1, 0, 1]
    assert res.machines['allowed'].tolist() == [[False, True], [True, True], [False, True]]
    assert math.isnan(res.systems['cost'][0, 0])
    assert res.systems['best'][0] == 1
    # DEAR for S1: machine 0 whole (3,000,000 + 300,000 + 175,000) and half of the shared machine 2.
    assert res.systems['cost'][0, 1] == pytest.approx(3_475_000 * 1.5)


def test_a_refusal_applies_to_its_system_only():
    res = run(machines=[vm(), vm(name='b')], members=[(0, 0), (1, 1)],
              systems=[{'code': 'S1', 'refused': {0: ['cấp độ 3 yêu cầu đám mây riêng']}}, {'code': 'S2'}],
              offers=[CHEAP, DEAR])
    assert res.machines['best'].tolist() == [1, 0]
    assert res.systems['best'].tolist() == [1, 0]
    # CHEAP for S2: 500,000 + 100 × 100 + 175,000 of staff time.
    assert res.systems['cost'][1].tolist() == [685_000, 3_475_000]
    assert math.isnan(res.systems['cost'][0, 0]) and res.systems['cost'][0, 1] == 3_475_000


def test_no_provider_at_all():
    res = run(systems=[{'refused': {0: ['x'], 1: ['y']}}], offers=[CHEAP, DEAR])
    assert res.machines['best'].tolist() == [-1]
    assert np.isnan(res.systems['cost'][0]).all()
    assert res.systems['best'][0] == -1 and math.isnan(res.systems['best_cost'][0])


# ------------------------------------------------------------------ licences and monthly totals

LICENSED = build.offer('L', [('c2m4', 2, 4096, 1_000_000), ('c8m32', 8, 32768, 4_000_000)],
                       [('ssd', 'block_ssd', 2_000, None, None, 16384)],
                       licence={'windows_server': 100_000, 'sql_server': 500_000})
WIN = {'os_name': 'Microsoft Windows Server 2022 Standard (64-bit)', 'os_family': 'windows'}


def _licensed_fleet():
    return [vm(vcpus=2, memory_mib=4096, util={}, **WIN),              # 0: Windows on 2 vCPU
            vm(vcpus=8, memory_mib=32768, util={}, sql=True, **WIN),   # 1: Windows + SQL on 8 vCPU
            vm(vcpus=2, memory_mib=4096, util={}, sql=True),           # 2: Linux + SQL on 2 vCPU
            vm(vcpus=2, memory_mib=4096, util={})]                     # 3: Linux


def test_licences_per_core_with_a_minimum():
    res = run(machines=_licensed_fleet(), disks=[(0, 100), (1, 500), (2, 50), (3, 50)], offers=[LICENSED])
    fit = res.fits[0]
    # Windows: 100,000 × max(vCPU, 4); SQL: 500,000 × max(vCPU, 4).
    assert fit.licence_vnd.tolist() == [4 * 100_000, 8 * 100_000 + 8 * 500_000, 4 * 500_000, 0]
    assert fit.compute_vnd.tolist() == [1_000_000, 4_000_000, 1_000_000, 1_000_000]
    assert fit.storage_vnd.tolist() == [100 * 2_000, 500 * 2_000, 50 * 2_000, 50 * 2_000]
    assert res.machines['monthly'][:, 0].tolist() == [1_000_000 + 200_000 + 400_000,
                                                      4_000_000 + 1_000_000 + 800_000 + 4_000_000,
                                                      1_000_000 + 100_000 + 2_000_000,
                                                      1_000_000 + 100_000]
    # The system: all four machines plus 350,000 × 0.5 of staff time for each.
    assert res.systems['cost'][0, 0] == 1_600_000 + 9_800_000 + 3_100_000 + 1_100_000 + 4 * 175_000


def test_licence_minimum_is_a_parameter():
    res = run(machines=_licensed_fleet(), disks=[(0, 100), (1, 500), (2, 50), (3, 50)], offers=[LICENSED],
              params=Params(on=ON, licence_min_cores=1))
    assert res.fits[0].licence_vnd.tolist() == [2 * 100_000, 8 * 600_000, 2 * 500_000, 0]


def test_system_cost_shares_a_machine_between_its_systems():
    params = Params(on=ON, staff_vm_month_vnd=400_000, cloud_staff_share=0.25)
    res = run(machines=_licensed_fleet(), disks=[(0, 100), (1, 500), (2, 50), (3, 50)], offers=[LICENSED],
              members=[(0, 0), (1, 0), (3, 0), (2, 1), (3, 1)], systems=[{'code': 'S1'}, {'code': 'S2'}],
              params=params)
    staff = 400_000 * 0.25
    s1 = 1_600_000 + 9_800_000 + 1_100_000 / 2 + (2 + 0.5) * staff
    s2 = 3_100_000 + 1_100_000 / 2 + 1.5 * staff
    assert res.systems['cost'][:, 0].tolist() == pytest.approx([s1, s2])
    assert res.systems['machines'].tolist() == [3, 2]


# ------------------------------------------------------------------ on premises

ONPREM = dict(amortisation_years=5, vcpu_per_core=2.0, core_price_vnd=12_000_000, storage_gib_price_vnd=6_000,
              support_rate=0.1, watts_per_core=10.0, pue=2.0, tariff_vnd_kwh=3_000, cores_per_server=20.0,
              rack_u_per_server=2.0, rack_u_month_vnd=500_000, onprem_windows_core_vnd=100_000,
              onprem_sql_core_vnd=1_000_000, staff_vm_month_vnd=300_000, licence_min_cores=4)


def test_onprem_cost_components():
    machines = [vm(vcpus=8, memory_mib=16384, storage_mib=204800, sql=True, **WIN),          # no host known
                vm(vcpus=2, memory_mib=4096, storage_mib=51200, power='off', host=0),       # off, on host 0
                vm(vcpus=4, memory_mib=8192, storage_mib=102400, host=0)]                   # on, on host 0
    res = run(machines=machines, params=Params(on=ON, **ONPREM), host_rows=[{'cores': 40, 'watts': 800}])
    m = res.machines
    months = 60
    # Machine 0: 4 cores; hardware 4 × 12M / 60 = 800,000 + storage 200 GiB × 6,000 / 60 = 20,000.
    # Support 10 %/year of the price 49.2M = 410,000/month. 40 W × 730 h × PUE 2 = 58.4 kWh × 3,000 = 175,200.
    # Rack 4/20 servers × 2 U × 500,000 = 200,000. Licences 8 × 100,000 + 8 × 1,000,000. Staff 300,000.
    assert m['onprem_cores'][0] == 4
    assert m['onprem_hardware'][0] == pytest.approx(800_000 + 20_000)
    assert m['onprem_support'][0] == pytest.approx((800_000 + 20_000) * months * 0.1 / 12)
    assert m['onprem_support'][0] == pytest.approx(410_000)
    assert m['onprem_kwh'][0] == pytest.approx(58.4)
    assert m['onprem_power'][0] == pytest.approx(175_200)
    assert m['onprem_rack'][0] == pytest.approx(200_000)
    assert m['onprem_licences'][0] == pytest.approx(8_800_000)
    assert m['onprem_staff'][0] == 300_000
    assert m['onprem_total'][0] == pytest.approx(820_000 + 410_000 + 175_200 + 200_000 + 8_800_000 + 300_000)
    # Machine 1: 1 core, 200,000 + 5,000 hardware, 102,500 support, no power while off, 50,000 rack.
    assert m['onprem_hardware'][1] == pytest.approx(205_000)
    assert m['onprem_power'][1] == 0 and m['onprem_kwh'][1] == 0
    assert m['onprem_licences'][1] == 0
    assert m['onprem_total'][1] == pytest.approx(205_000 + 102_500 + 50_000 + 300_000)
    # Machine 2: 2 of the host's 40 cores draw 800 W × 2/40 = 40 W (not 2 × 10 W per core): 58.4 kWh, 175,200.
    assert m['onprem_kwh'][2] == pytest.approx(58.4)
    assert m['onprem_power'][2] == pytest.approx(175_200)
    assert m['onprem_total'][2] == pytest.approx(410_000 + 205_000 + 175_200 + 100_000 + 300_000)
    assert res.systems['onprem'][0] == pytest.approx(m['onprem_total'].sum())
    assert res.systems['onprem'][0] == pytest.approx(10_705_200 + 657_500 + 1_190_200)


# ------------------------------------------------------------------ 7R strategy

IDLE = {'cpu': 1.0, 'memory': 8.0, 'net': 0.01}


def _strategy(**kw):
    res = run(**kw)
    return res.systems['strategy'][0], res.systems['fired'][0], res


def test_idle_machines_and_retire():
    res = run(machines=[vm(util=IDLE), vm(util=IDLE), vm(util=IDLE), vm(util={'cpu': 20, 'memory': 30, 'net': 4})],
              members=[(0, 0), (1, 0), (2, 1), (3, 1)], systems=[{'code': 'S1'}, {'code': 'S2'}])
    assert res.machines['idle'].tolist() == [True, True, True, False]
    assert dict(res.machines['hits'][0])['IDLE'] == {'cpu_pct': 1, 'memory_pct': 8, 'net_mbitps': 0.01}
    assert res.systems['strategy'].tolist() == ['retire', 'rehost']
    assert '7R-IDLE' in res.systems['fired'][0] and '7R-IDLE' not in res.systems['fired'][1]


def test_an_idle_machine_must_be_powered_on_and_below_every_threshold():
    res = run(machines=[vm(util=IDLE, power='off'), vm(util={'cpu': 1, 'memory': 16, 'net': 0.01}),
                        vm(util={'cpu': 1, 'memory': 8, 'net': 0.2}), vm(util={'cpu': 1, 'memory': 8})])
    assert res.machines['idle'].tolist() == [False, False, False, False]


@pytest.mark.parametrize('lifecycle', ['retiring', 'retired'])
def test_retire_by_lifecycle(lifecycle):
    strategy, fired, _ = _strategy(systems=[{'lifecycle': lifecycle}])
    assert strategy == 'retire' and fired[0] == '7R-RETIRED'


def test_retain_when_no_provider_may_host_it():
    strategy, fired, res = _strategy(systems=[{'security_level': 4, 'refused': {0: ['cấp độ 4']}}])
    assert strategy == 'retain' and fired[0] == '7R-NO-PROVIDER'
    assert res.systems['downtime_h'][0] == 0


def test_replatform_on_an_end_of_life_os():
    strategy, fired, _ = _strategy(machines=[vm(os_name='CentOS 7 (64-bit)'), vm()])
    assert strategy == 'replatform' and fired[0] == '7R-EOL'


def test_a_supported_os_is_rehosted():
    strategy, fired, _ = _strategy(machines=[vm(os_name='Oracle Linux 8 (64-bit)')])
    assert strategy == 'rehost' and fired == ['7R-DEFAULT']


@pytest.mark.parametrize('name', ['Hệ thống một cửa điện tử', 'HE THONG MOT CUA DIEN TU', 'Cổng dịch vụ công tỉnh'])
def test_repurchase_where_a_national_platform_exists(name):
    strategy, fired, _ = _strategy(systems=[{'name': name}])
    assert strategy == 'repurchase' and fired[0] == '7R-NATIONAL'


@pytest.mark.parametrize('framework, strategy', [
    ('Visual Basic 6', 'refactor'), ('Visual Basic 6.0 + Access', 'refactor'), ('FoxPro 2.6', 'refactor'),
    ('.NET 8', 'rehost'), ('Visual Basic .NET', 'rehost')])
def test_refactor_a_legacy_stack(framework, strategy):
    got, fired, _ = _strategy(systems=[{'framework': framework}])
    assert got == strategy
    assert ('7R-LEGACY' in fired) == (strategy == 'refactor')


def test_leased_hosting_is_relocated():
    strategy, fired, _ = _strategy(systems=[{'hosting': 'leased'}])
    assert strategy == 'relocate' and fired[0] == '7R-LEASED'


def test_a_reviewer_override_applies():
    review = {'strategy': 'retain', 'effort_days': 12, 'priority': 90}
    res = run(machines=[vm(os_name='CentOS 7 (64-bit)')], systems=[{'code': 'S1'}, {'code': 'S2', 'review': review}],
              members=[(0, 0), (0, 1)])
    s = res.systems
    assert s['strategy'].tolist() == ['replatform', 'retain']
    assert s['reviewed'].tolist() == [False, True]
    assert s['effort'].tolist() == [10 + 1.5 * 1, 12]   # replatform: 10 days + 1.5 per machine
    assert s['priority'][1] == 90
    assert s['fired'][1][0] == '7R-EOL'                   # the recommendation stays on record
    assert s['downtime_h'][1] == 0                        # retained: nothing moves


# ------------------------------------------------------------------ impact

def _hours(gib, mbps=100.0, efficiency=0.7):
    return gib * 8 * 1024 / (mbps * efficiency * 3600)


def test_transfer_and_downtime_by_hand():
    res = run(machines=[vm(), vm(os_name='CentOS 7 (64-bit)')], disks=[(0, 1000, 500), (0, 100, 0), (1, 300)],
              members=[(0, 0), (1, 1)], systems=[{'code': 'S1', 'rto_hours': 2}, {'code': 'S2', 'rto_hours': 20}])
    s = res.systems
    # S1: 500 GiB used + 100 GiB (nothing recorded as used: the capacity counts); rehost copies 5 % at cut-over.
    assert s['data_gib'].tolist() == [600, 300]
    assert s['strategy'].tolist() == ['rehost', 'replatform']
    assert s['transfer_h'][0] == pytest.approx(_hours(600), abs=0.005)
    assert s['transfer_h'][0] == pytest.approx(19.50, abs=0.005)
    assert s['downtime_h'][0] == pytest.approx(_hours(600) * 0.05 + 2, abs=0.005)   # 2.98 > RTO 2
    # S2: a replatform copies all the data during the cut-over: 9.75 + 2 = 11.75 h < RTO 20.
    assert s['transfer_h'][1] == pytest.approx(_hours(300), abs=0.005)
    assert s['downtime_h'][1] == pytest.approx(_hours(300) + 2, abs=0.005)
    assert s['exceeds_rto'].tolist() == [True, False]


def test_impact_parameters():
    params = Params(on=ON, bandwidth_mbps=200, link_efficiency=0.8, delta_share=0.1, cutover_hours=1)
    res = run(disks=[(0, 500)], systems=[{'rto_hours': 1.5}], params=params)
    s = res.systems
    assert s['transfer_h'][0] == pytest.approx(500 * 8 * 1024 / (200 * 0.8 * 3600), abs=0.005)   # 7.11 h
    assert s['downtime_h'][0] == pytest.approx(7.1111 * 0.1 + 1, abs=0.005)                        # 1.71 h
    assert s['exceeds_rto'][0]


def test_unknown_rto_is_never_exceeded():
    res = run(disks=[(0, 10000)], systems=[{'rto_hours': None}])
    assert res.systems['downtime_h'][0] == pytest.approx(_hours(10000) * 0.05 + 2, abs=0.005)   # 18.25 h
    assert not res.systems['exceeds_rto'][0]


# ------------------------------------------------------------------ priority

def test_priority_prefers_a_valuable_ready_system():
    machines = [vm(name='portal'), vm(name='legacy', passthrough='USB dongle: SafeNet')]
    systems = [{'code': 'HIGH', 'users': 100_000, 'criticality': 'critical', 'mandate': True, 'security_level': 2},
               {'code': 'LOW', 'users': 10, 'criticality': 'low', 'security_level': 3}]
    res = run(machines=machines, members=[(0, 0), (1, 1)], systems=systems)
    s = res.systems
    assert s['state'].tolist() == [rules.READY, rules.NOT_READY]
    assert all(0 <= p <= 100 for p in s['priority'].tolist())
    assert s['priority'][0] > s['priority'][1]
    assert s['value'][0] > s['value'][1] and s['complexity'][0] < s['complexity'][1]
    assert s['value'].min() >= 0 and s['value'].max() <= 1
    assert s['complexity'].min() >= 0 and s['complexity'].max() <= 1
    assert s['quadrant'][0] == 'quick_win'


def test_priority_extremes_stay_in_range():
    params = Params(on=ON)
    machines = [vm(name=f'm{k}') for k in range(3)]
    systems = [{'code': 'A', 'users': 10**9, 'criticality': 'critical', 'mandate': True, 'security_level': 1},
               {'code': 'B', 'users': 0, 'criticality': 'low', 'security_level': None, 'refused': {0: ['x']}},
               {'code': 'C', 'users': None, 'criticality': ''}]
    res = run(machines=machines, members=[(0, 0), (1, 1), (2, 2)], systems=systems, params=params)
    assert all(0 <= p <= 100 for p in res.systems['priority'].tolist())
    assert res.systems['priority'][0] > res.systems['priority'][1]
