"""Samples of the reporting app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from cloudmove.core.tests.sampling import sample
from cloudmove.reporting.models import ProgressReport, ReportRequest, ReportTemplate


def _template_sample(unit, n):
    return {
        'unit': unit.pk,
        'name': f'Mẫu báo cáo {n}',
        'description': f'Mô tả {n}',
        'questions': [
            {'key': 'q1', 'kind': 'text', 'label': f'Kết quả {n}', 'required': bool(n % 2)},
            {'key': 'q2', 'kind': 'number', 'label': 'Số hệ thống', 'required': False},
        ],
    }


def _request_sample(unit, n):
    return {
        'unit': unit.pk,
        'subject': f'Báo cáo kết quả chuyển đổi {n}',
        'period': f'2026-Q{1 + n % 4}',
        'deadline': f'2027-{1 + n % 12:02d}-15',
        'units': [unit.pk],
        'questions': [{'key': 'q1', 'kind': 'text', 'label': f'Kết quả {n}', 'required': False}],
    }


sample(
    ProgressReport,
    lambda unit, n: {
        'issuer': unit.pk,
        'period': f'2026-Q{1 + n % 4}',
        'report_date': '2026-10-05',
        'subject': f'Báo cáo tiến độ {n}',
        'signer_position': 'Giám đốc',
    },
)
sample(ReportTemplate, _template_sample)
sample(ReportRequest, _request_sample)
