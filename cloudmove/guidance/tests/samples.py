"""Samples of the guidance app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.tests.sampling import sample
from cloudmove.guidance.models import DeploymentRule, FaqEntry, GuidanceDocument

sample(
    DeploymentRule,
    lambda unit, n: {
        'code': f'DM-SAMPLE-{n}',
        'order': 200 + n,
        'name': f'Quy tắc mẫu {n}',
        'explanation_vi': f'Giải thích quy tắc mẫu {n}.',
        'min_security_level': 1 + n % 3,
        'personal_data': 'yes' if n % 2 else 'any',
        'data_classifications': ['internal'] if n % 2 else [],
        'effect': 'prefer',
        'models': ['community'] if n % 2 else ['private', 'hybrid'],
        'weight': n,
    },
)
sample(
    GuidanceDocument,
    lambda unit, n: {
        'issuer': unit.pk,
        'title': f'Hướng dẫn {n}',
        'category': 'guide',
        'tags': 'đám mây, chuyển đổi',
        'units': [unit.pk],
        'summary': f'Tóm tắt {n}',
    },
)
sample(
    FaqEntry, lambda unit, n: {'question': f'Câu hỏi {n}?', 'answer': f'Trả lời {n}.', 'category': 'Chung', 'order': n}
)
