"""Samples of the surveys app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

import datetime

from cloudmove.core.tests.sampling import sample
from cloudmove.surveys import models as m


def _campaign(unit, n=1):
    campaign, _created = m.Campaign.objects.get_or_create(
        unit=unit, name=f'Đợt khảo sát mẫu {unit.code} {n}', defaults={'end_date': datetime.date(2027, 6, 30)}
    )
    return campaign


sample(
    m.Campaign,
    lambda unit, n: {
        'unit': unit.pk,
        'name': f'Đợt khảo sát {unit.code} số {n}',
        'units': [unit.pk],
        'system_categories': ['portal'] if n % 2 else [],
        'objectives': f'Mục tiêu {n}',
        'end_date': f'2027-{1 + n % 12:02d}-28',
    },
)
sample(
    m.CampaignMilestone,
    lambda unit, n: {
        'campaign': _campaign(unit).pk,
        'title': f'Mốc {n}',
        'due_date': f'2027-{1 + n % 12:02d}-15',
        'expected_result': f'Kết quả {n}',
        'done': bool(n % 2),
    },
)
sample(
    m.CampaignAssignment,
    lambda unit, n: {'campaign': _campaign(unit, n).pk, 'unit': unit.pk, 'due_date': f'2027-{1 + n % 12:02d}-20'},
)
