"""The assessment pages: what each shows, and query counts that do not grow with the number of machines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudmove.assessment.services import runs
from cloudmove.catalog.models import Flavour, PriceBook, Provider, StorageTier
from cloudmove.inventory.models import InformationSystem, VirtualDisk, VirtualMachine

pytestmark = pytest.mark.django_db


def _province(tree, vms_per_system):
    provider = Provider.objects.create(code='PRV1', name='Provider 1', kind='domestic', max_security_level=3)
    book = PriceBook.objects.create(provider=provider, version='1', valid_from='2026-01-01')
    Flavour.objects.create(price_book=book, code='m4', vcpus=4, memory_mib=16384, monthly_vnd=2_000_000)
    StorageTier.objects.create(price_book=book, code='ssd', kind='block_ssd', gib_month_vnd=3000, max_disk_gib=4096)
    systems = []
    for k, unit in enumerate((tree['a'], tree['b'])):
        system = InformationSystem.objects.create(unit=unit, code=f'SYS-{k}', name=f'Hệ thống {k}', security_level=2)
        for j in range(vms_per_system):
            vm = VirtualMachine.objects.create(unit=unit, name=f's{k}-vm{j}', vcpus=2, memory_mib=4096,
                                               power_state='on', os_name='Ubuntu Linux (64-bit) 22.04')
            vm.systems.add(system)
            VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=50 * 1024)
        systems.append(system)
    return runs.execute(runs.create(None, None, {})), systems


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _urls(run, system):
    return [f'/assessment/runs/{run.pk}/', f'/assessment/runs/{run.pk}/systems/{system.pk}/',
            f'/assessment/runs/{run.pk}/export.xlsx', '/assessment/runs/',
            f'/inventory/systems/{system.pk}/']


@pytest.mark.parametrize('who', ['admin', 'officer_a'])
def test_result_pages_take_the_same_queries_for_2_and_20_machines(tree, users, web, who):
    client = web(who)
    small, systems = _province(tree, 1)
    for url in _urls(small, systems[0]):   # warm the per-process caches (content types)
        client.get(url)
    few = [_queries(client, url) for url in _urls(small, systems[0])]
    for system in systems:
        for j in range(1, 10):
            vm = VirtualMachine.objects.create(unit=system.unit, name=f'{system.code}-more{j}', vcpus=4,
                                               memory_mib=8192, power_state='on', os_name='CentOS 7 (64-bit)')
            vm.systems.add(system)
            VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=80 * 1024)
    big = runs.execute(runs.create(None, None, {}))
    assert big.summary['machines_total'] == 20
    many = [_queries(client, url) for url in _urls(big, systems[0])]
    assert many == few


def test_run_page_shows_the_charts_and_ranks_only_the_units_own(tree, users, web):
    run, systems = _province(tree, 2)
    page = web('officer_a').get(f'/assessment/runs/{run.pk}/').content.decode()
    assert 'SYS-0' in page and 'SYS-1' not in page
    assert 'data-bar="ready"' in page and 'data-quadrant' in page
    admin = web('admin').get(f'/assessment/runs/{run.pk}/?unit=DEP-B').content.decode()
    assert 'SYS-1' in admin and 'SYS-0' not in admin   # the unit's view: its ranking and its totals
    assert web('officer_a').get(f'/assessment/runs/{run.pk}/systems/{systems[1].pk}/').status_code == 404


def test_system_page_explains_each_part(tree, users, web):
    run, systems = _province(tree, 1)
    page = web('admin').get(f'/assessment/runs/{run.pk}/systems/{systems[0].pk}/').content.decode()
    for part in ('data-hits', 'data-sizing', 'data-cost', 'data-strategy-card', 'data-impact', 'data-priority',
                 'data-confidence', 'data-review-form'):
        assert part in page, part
    assert 'm4' in page and 'OS-ENDING' in page   # the flavour chosen; Ubuntu 22.04 ends within a year
    # The system's own page links to its latest result.
    detail = web('admin').get(f'/inventory/systems/{systems[0].pk}/').content.decode()
    assert f'/assessment/runs/{run.pk}/systems/{systems[0].pk}/' in detail
