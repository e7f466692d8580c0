"""Samples of the core app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.models import Contact, Unit
from cloudmove.core.tests.sampling import sample

sample(
    Unit,
    lambda unit, n: {
        'code': f'{unit.code}-S{n}',
        'name_vi': f'Đơn vị con {n}',
        'name_en': f'Sub-unit {n}',
        'kind': unit.kind.code,
        'parent': unit.pk,
    },
)
sample(
    Contact,
    lambda unit, n: {
        'unit': unit.pk,
        'full_name': f'Nguyễn Văn {n}',
        'role': 'focal_point',
        'position': 'Chuyên viên',
        'phone': f'0912 000 {n:03d}',
        'email': f'cb{n}@example.gov.vn',
    },
)
