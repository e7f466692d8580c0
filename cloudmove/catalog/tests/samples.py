"""Samples of the catalog app's registered models for the tests generated from the registry: the
fields (API-style values) of a new object owned by `unit`, number `n`."""

from datetime import date

from cloudmove.catalog import models as m
from cloudmove.core.tests.sampling import sample

SAMPLE_CODE = 'MAU'


def _set():
    criteria_set, _created = m.CriteriaSet.objects.get_or_create(
        code=SAMPLE_CODE, version=1, defaults={'name': 'Bộ tiêu chí mẫu'}
    )
    return criteria_set


def _group():
    group, _created = m.CriteriaGroup.objects.get_or_create(
        criteria_set=_set(), code='KT', defaults={'name_vi': 'Nhóm kỹ thuật', 'name_en': 'Technical'}
    )
    return group


def _feature():
    feature, _created = m.CriteriaFeature.objects.get_or_create(
        group=_group(), code='KT.1', defaults={'name_vi': 'Máy ảo', 'name_en': 'Virtual machines'}
    )
    return feature


def _criterion(n):
    criterion, _created = m.Criterion.objects.get_or_create(
        feature=_feature(), code=f'KT.1.{n}', defaults={'text_vi': f'Tiêu chí mẫu {n}', 'order': n}
    )
    return criterion


def _provider(n):
    provider, _created = m.Provider.objects.get_or_create(
        code=f'NCC-DG-{n}', defaults={'name': f'Nhà cung cấp đánh giá {n}', 'kind': 'domestic'}
    )
    return provider


def _evaluation():
    evaluation, _created = m.Evaluation.objects.get_or_create(provider=_provider(0), criteria_set=_set())
    return evaluation


sample(
    m.CriteriaSet,
    lambda unit, n: {
        'code': f'BTC-{n}',
        'version': 1,
        'name': f'Bộ tiêu chí {n}',
        'description': f'Mô tả {n}',
        'legal_basis': '1145/BTTTT-CATTT',
        'pass_score': 50 + n,
    },
)
sample(
    m.CriteriaGroup,
    lambda unit, n: {
        'criteria_set': _set().pk,
        'code': f'N{n}',
        'name_vi': f'Nhóm {n}',
        'name_en': f'Group {n}',
        'order': n,
    },
)
sample(
    m.CriteriaFeature,
    lambda unit, n: {
        'group': _group().pk,
        'code': f'TN.{n}',
        'name_vi': f'Tính năng {n}',
        'name_en': f'Feature {n}',
        'order': n,
    },
)
sample(
    m.Criterion,
    lambda unit, n: {
        'feature': _feature().pk,
        'code': f'TC.{n}',
        'text_vi': f'Tiêu chí {n}',
        'text_en': f'Criterion {n}',
        'mandatory': bool(n % 2),
        'weight': 1 + n % 3,
        'order': n,
    },
)
sample(
    m.Evaluation,
    lambda unit, n: {
        'provider': _provider(n).pk,
        'criteria_set': _set().pk,
        'state': 'draft',
        'evaluated_on': f'2026-{1 + n % 12:02d}-10',
        'notes': f'Ghi chú {n}',
    },
)
sample(
    m.EvaluationAnswer,
    lambda unit, n: {
        'evaluation': _evaluation().pk,
        'criterion': _criterion(n).pk,
        'result': ('met', 'partial', 'not_met', 'na')[n % 4],
        'evidence': f'Minh chứng {n}',
        'evidence_url': f'https://example.vn/minh-chung/{n}',
    },
)


def _catalogue_provider():
    provider, _created = m.Provider.objects.get_or_create(
        code='NCC-MAU', defaults={'name': 'Nhà cung cấp mẫu', 'kind': 'domestic'}
    )
    return provider


def _book():
    book, _created = m.PriceBook.objects.get_or_create(
        provider=_catalogue_provider(), version='MAU', defaults={'valid_from': date(2025, 1, 1)}
    )
    return book


sample(
    m.Provider,
    lambda unit, n: {
        'code': f'NCC-{n:03d}',
        'name': f'Nhà cung cấp {n}',
        'kind': 'domestic' if n % 2 else 'government',
        'max_security_level': 1 + n % 3,
        'iso27001': bool(n % 2),
    },
)
sample(
    m.DataCentre,
    lambda unit, n: {
        'provider': _catalogue_provider().pk,
        'code': f'DC{n:02d}',
        'name': f'Trung tâm dữ liệu {n}',
        'region': 'Miền Bắc' if n % 2 else 'Miền Nam',
        'location': 'Hà Nội',
        'tier': 'tier3',
    },
)
sample(
    m.ProviderContact,
    lambda unit, n: {
        'provider': _catalogue_provider().pk,
        'name': f'Cán bộ liên hệ {n}',
        'title': 'Kinh doanh',
        'email': f'lienhe{n}@example.vn',
        'phone': f'0901 000 {n:03d}',
    },
)
sample(
    m.PriceBook,
    lambda unit, n: {
        'provider': _catalogue_provider().pk,
        'version': f'{2000 + n}',
        'valid_from': f'{2000 + n}-01-01',
        'notes': f'Bảng giá năm {2000 + n}',
    },
)
sample(
    m.Flavour,
    lambda unit, n: {
        'price_book': _book().pk,
        'code': f'gp.{n}',
        'family': 'general',
        'vcpus': n,
        'memory_mib': 2048 * n,
        'monthly_vnd': 350_000 * n,
    },
)
sample(
    m.StorageTier,
    lambda unit, n: {
        'price_book': _book().pk,
        'code': f'ssd-{n}',
        'kind': 'block_ssd',
        'gib_month_vnd': 2_000 + n,
        'max_iops': 1_000 * n,
    },
)
sample(
    m.ServicePrice,
    lambda unit, n: {
        'price_book': _book().pk,
        'code': f'egress-{n}',
        'category': 'network',
        'kind': 'egress',
        'unit': 'gib',
        'price_vnd': 1_000 * n,
    },
)
sample(
    m.NationalService,
    lambda unit, n: {
        'code': f'NDXP-{n:03d}',
        'name': f'Dịch vụ dùng chung {n}',
        'agency': 'Bộ',
        'keywords': f'tu khoa {n}',
        'active': bool(n % 2),
    },
)
