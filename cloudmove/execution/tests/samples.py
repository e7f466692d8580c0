"""Samples of the execution app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.tests.sampling import sample
from cloudmove.execution.models import (
    AcceptanceTest,
    DecommissionRecord,
    Incident,
    Inspection,
    Migration,
    OptimisationFinding,
    Probe,
    Risk,
    RunbookStep,
    SecurityFinding,
    TrainingSession,
)
from cloudmove.inventory.services.generate import sample_system

_system = sample_system


def _migration(unit, code):
    migration, _created = Migration.objects.get_or_create(system=_system(unit, code))
    return migration


def _probe_sample(unit, n):
    system = _system(unit, f'GT{n}')
    host = f'ht{n}.{unit.code.lower()}.example.gov.vn'
    if host not in system.urls:
        system.urls = f'{system.urls}\nhttps://{host}/'.strip()
        system.save()
    # Disabled: the generated tests never reach out to the address.
    return {'system': system.pk, 'name': f'Cổng {n}', 'kind': 'http', 'target': f'https://{host}/', 'enabled': False}


sample(Migration, lambda unit, n: {'system': _system(unit, f'CD{n}').pk, 'wave': n, 'coordinator': f'Cán bộ {n}'})
sample(
    RunbookStep,
    lambda unit, n: {
        'migration': _migration(unit, f'RB{n}').pk,
        'number': n,
        'title': f'Bước {n}',
        'expected_minutes': 30 * n,
    },
)
sample(
    AcceptanceTest,
    lambda unit, n: {
        'migration': _migration(unit, f'KT{n}').pk,
        'kind': 'functional',
        'title': f'Kiểm thử chức năng {n}',
    },
)
sample(
    Risk,
    lambda unit, n: {
        'system': _system(unit, f'RR{n}').pk,
        'title': f'Rủi ro {n}',
        'likelihood': 1 + n % 5,
        'impact': 2,
    },
)
sample(
    TrainingSession,
    lambda unit, n: {
        'unit': unit.pk,
        'topic': f'Vận hành hệ thống trên nền tảng điện toán đám mây {n}',
        'held_on': f'2026-06-{1 + n % 28:02d}',
        'trainer': 'Nhà cung cấp',
        'attendees': 10 * n,
        'units': [unit.pk],
    },
)
sample(
    Inspection,
    lambda unit, n: {
        'system': _system(unit, f'GS{n}').pk,
        'inspector': 'Đoàn kiểm tra',
        'inspected_on': f'2026-07-{1 + n % 28:02d}',
        'findings': f'Phát hiện {n}',
    },
)
sample(Incident, lambda unit, n: {'system': _system(unit, f'SC{n}').pk, 'title': f'Sự cố {n}', 'severity': 'high'})
sample(Probe, _probe_sample)
sample(
    SecurityFinding,
    lambda unit, n: {'system': _system(unit, f'AT{n}').pk, 'title': f'Lỗ hổng {n}', 'found_on': '2026-08-01'},
)
sample(
    OptimisationFinding,
    lambda unit, n: {
        'system': _system(unit, f'TU{n}').pk,
        'current_vcpus': 8,
        'suggested_vcpus': 4,
        'monthly_saving_vnd': 500_000 * n,
    },
)
sample(
    DecommissionRecord,
    lambda unit, n: {
        'system': _system(unit, f'TL{n}').pk,
        'item': f'Máy chủ cũ {n}',
        'power_w': 400 * n,
        'rack_units': 2,
    },
)
