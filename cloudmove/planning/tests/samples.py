"""Samples of the planning app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.tests.sampling import sample
from cloudmove.inventory.services.generate import sample_system
from cloudmove.planning.models import (
    DesignMachine,
    GroupingEdit,
    MigrationDesign,
    Phase,
    Task,
    WavePin,
)

_system = sample_system


def _phase():
    phase, _created = Phase.objects.get_or_create(
        number=1, defaults={'name': 'Hướng dẫn, tuyên truyền', 'start': '2026-01-01', 'end': '2026-03-31'}
    )
    return phase


def _design_machine_sample(unit, n):
    from cloudmove.inventory.models import VirtualMachine
    from cloudmove.planning.services import designs

    system = _system(unit, f'TKM{n}')
    design = designs.current(system) or designs.open_design(None, system)
    vm, _created = VirtualMachine.objects.get_or_create(unit=unit, name=f'vm-tkm{n}')
    vm.systems.add(system)  # after opening: the design has no row for it yet, the sample adds one
    return {'design': design.pk, 'vm': vm.pk, 'vcpus': 4, 'sizing_reason': 'Tăng tải mùa cao điểm'}


sample(WavePin, lambda unit, n: {'system': _system(unit, f'GHIM{n}').pk, 'wave': 2, 'reason': 'Chờ hết hợp đồng'})
sample(
    GroupingEdit,
    lambda unit, n: {
        'source': _system(unit, f'NHOM{n}A').pk,
        'target': _system(unit, f'NHOM{n}B').pk,
        'action': 'add',
        'reason': 'Dùng chung cơ sở dữ liệu',
    },
)
sample(Phase, lambda unit, n: {'number': 10 + n, 'name': f'Giai đoạn {n}', 'start': '2026-01-01', 'end': '2026-06-30'})
sample(
    Task,
    lambda unit, n: {
        'phase': _phase().pk,
        'code': f'{unit.code}-{n}',
        'title': f'Công việc {n}',
        'lead_unit': unit.pk,
        'start': '2026-02-01',
        'end': '2026-02-28',
        'estimate_vnd': 1_000_000 * n,
    },
)
sample(MigrationDesign, lambda unit, n: {'system': _system(unit, f'TK{n}').pk})
sample(DesignMachine, _design_machine_sample)
