"""Demo criteria set with the structure of the MIC cloud-platform criteria (1145/BTTTT-CATTT, 2020), and one
completed evaluation for each of the four demo providers.

The official letter's annex lists minimum criteria per feature, but its individual criteria were not
found in a published source: the criteria below are an ILLUSTRATIVE rendering of the structure (groups
and features as in the letter), written for demonstration and training. Idempotent: a second run
changes nothing.
"""

import datetime

from django.db import transaction

from cloudmove.catalog.choices import CriteriaSetState, EvaluationState, ProviderKind
from cloudmove.catalog.models import (
    CriteriaFeature,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationAnswer,
    Provider,
)
from cloudmove.core import audit
from cloudmove.core.choices import AuditAction

CODE = 'MIC-CLOUD'
LEGAL_BASIS = '1145/BTTTT-CATTT (2020)'
NAME = 'Bộ tiêu chí nền tảng điện toán đám mây phục vụ Chính phủ điện tử (minh hoạ)'
DESCRIPTION = (
    'Minh hoạ cấu trúc bộ tiêu chí, chỉ tiêu kỹ thuật nền tảng điện toán đám mây theo Công văn '
    '1145/BTTTT-CATTT ngày 03/4/2020: nhóm tiêu chí kỹ thuật và nhóm tiêu chí an toàn thông tin, mỗi tính năng '
    'đạt khi đáp ứng tất cả tiêu chí. Nội dung từng tiêu chí là ví dụ để trình diễn và đào tạo, không phải văn '
    'bản gốc (văn bản gốc không công bố chi tiết các tiêu chí).'
)

# (group code, vi, en, [(feature code, vi, en, [(criterion code, vi, en, mandatory, weight)])])
STRUCTURE = [
    ('KT', 'Nhóm tiêu chí kỹ thuật', 'Technical criteria', [
        ('KT.1', 'Máy ảo', 'Virtual machines', [
            ('KT.1.1', 'Khởi tạo, thay đổi cấu hình (vCPU, RAM, ổ đĩa) và xoá máy ảo qua cổng tự phục vụ và API.',
             'Create, resize (vCPU, RAM, disk) and delete virtual machines through a self-service portal and an '
             'API.', True, 3),
            ('KT.1.2', 'Hỗ trợ các hệ điều hành Windows Server và Linux phổ biến có bản quyền hợp lệ.',
             'Supports common Windows Server and Linux operating systems with valid licences.', True, 2),
            ('KT.1.3', 'Tạo bản chụp (snapshot) và khôi phục máy ảo từ bản chụp.',
             'Take snapshots of virtual machines and restore them from a snapshot.', True, 2),
            ('KT.1.4', 'Tự động co giãn số lượng máy ảo theo tải (auto-scaling).',
             'Scale the number of virtual machines automatically with load (auto-scaling).', False, 1),
            ('KT.1.5', 'Cung cấp máy ảo có GPU cho các ứng dụng trí tuệ nhân tạo.',
             'Offers GPU virtual machines for artificial-intelligence workloads.', False, 1),
        ]),
        ('KT.2', 'Thiết bị lưu trữ', 'Storage devices', [
            ('KT.2.1', 'Cung cấp lưu trữ khối (block) với nhiều hạng hiệu năng (SSD, HDD).',
             'Block storage in several performance tiers (SSD, HDD).', True, 2),
            ('KT.2.2', 'Cung cấp lưu trữ đối tượng (object) tương thích giao diện S3.',
             'Object storage with an S3-compatible interface.', False, 1),
            ('KT.2.3', 'Dữ liệu được lưu nhiều bản sao, không mất dữ liệu khi hỏng một thiết bị.',
             'Data is stored in several copies: no data is lost when one device fails.', True, 3),
            ('KT.2.4', 'Mã hoá dữ liệu lưu trữ (encryption at rest) với khoá do cơ quan quản lý.',
             'Encrypts stored data (encryption at rest) with keys the agency controls.', False, 2),
        ]),
        ('KT.3', 'Mạng và mạng điều khiển bằng phần mềm', 'Networks and software-defined networking', [
            ('KT.3.1', 'Tạo mạng riêng ảo, phân đoạn mạng (subnet) và định tuyến cho từng đơn vị thuê.',
             'Private virtual networks, subnets and routing for each tenant.', True, 2),
            ('KT.3.2', 'Tường lửa lớp mạng (security group) cấu hình được theo máy ảo.',
             'Network-layer firewall (security groups) configurable per virtual machine.', True, 2),
            ('KT.3.3', 'Cân bằng tải và địa chỉ IP công cộng cấp phát theo yêu cầu.',
             'Load balancers and public IP addresses on demand.', False, 1),
            ('KT.3.4', 'Kết nối riêng (VPN, kênh truyền riêng) tới mạng truyền số liệu chuyên dùng.',
             'Private connections (VPN, leased line) to the government specialised data network.', True, 2),
        ]),
        ('KT.4', 'Máy chủ vật lý', 'Physical machines', [
            ('KT.4.1', 'Máy chủ vật lý đặt tại trung tâm dữ liệu trên lãnh thổ Việt Nam.',
             'Physical servers are located in data centres in Vietnam.', True, 3),
            ('KT.4.2', 'Trung tâm dữ liệu đạt tối thiểu TIA-942 Rated 3 (Tier III) hoặc tương đương.',
             'The data centre is at least TIA-942 Rated 3 (Tier III) or equivalent.', False, 2),
            ('KT.4.3', 'Cung cấp máy chủ vật lý riêng (bare metal) khi cơ quan yêu cầu.',
             'Dedicated physical servers (bare metal) on request.', False, 1),
        ]),
        ('KT.5', 'Quản trị và vận hành', 'Administration and operation', [
            ('KT.5.1', 'Cổng quản trị tập trung, phân quyền theo vai trò cho người dùng của cơ quan.',
             'Central management portal with role-based access for the agency’s users.', True, 2),
            ('KT.5.2', 'Giám sát tài nguyên và cảnh báo theo ngưỡng, lưu lịch sử tối thiểu 30 ngày.',
             'Resource monitoring and threshold alerts, with at least 30 days of history.', True, 2),
            ('KT.5.3', 'Cam kết chất lượng dịch vụ (SLA) tối thiểu 99,9% và hỗ trợ kỹ thuật 24/7.',
             'Service-level commitment of at least 99.9% and 24/7 technical support.', True, 3),
            ('KT.5.4', 'Báo cáo chi phí sử dụng theo đơn vị và theo tháng.',
             'Usage-cost reports by unit and by month.', False, 1),
        ]),
        ('KT.6', 'Tích hợp và yêu cầu khác', 'Integration and other requirements', [
            ('KT.6.1', 'API quản trị theo chuẩn mở, có tài liệu, dùng được cho tự động hoá.',
             'Open, documented management API usable for automation.', True, 2),
            ('KT.6.2', 'Kết nối với nền tảng tích hợp, chia sẻ dữ liệu (LGSP/NDXP) của tỉnh.',
             'Connects to the province’s data integration and sharing platform (LGSP/NDXP).', False, 2),
            ('KT.6.3', 'Xuất toàn bộ dữ liệu và máy ảo ở định dạng mở khi kết thúc hợp đồng.',
             'Exports all data and virtual machines in open formats when the contract ends.', True, 3),
        ]),
    ]),
    ('ATTT', 'Nhóm tiêu chí an toàn thông tin', 'Information security criteria', [
        ('ATTT.1', 'Tính năng bảo mật cơ bản', 'Basic security features', [
            ('ATTT.1.1', 'Xác thực đa yếu tố cho tài khoản quản trị.',
             'Multi-factor authentication for administrator accounts.', True, 3),
            ('ATTT.1.2', 'Mã hoá dữ liệu trên đường truyền (TLS 1.2 trở lên) cho cổng quản trị và API.',
             'Encryption in transit (TLS 1.2 or later) for the portal and the API.', True, 2),
            ('ATTT.1.3', 'Ghi nhật ký truy cập và thao tác quản trị, lưu tối thiểu 12 tháng.',
             'Logs of access and administrative actions, kept at least 12 months.', True, 3),
            ('ATTT.1.4', 'Sao lưu định kỳ và kiểm thử khôi phục dữ liệu.',
             'Periodic backups with tested restores.', True, 2),
            ('ATTT.1.5', 'Chống tấn công từ chối dịch vụ (DDoS) cho dịch vụ công khai.',
             'Denial-of-service (DDoS) protection for public services.', False, 1),
        ]),
        ('ATTT.2', 'Cấu hình an toàn hạ tầng điện toán đám mây', 'Security configuration of the cloud infrastructure', [
            ('ATTT.2.1', 'Cách ly tài nguyên giữa các đơn vị thuê ở lớp tính toán, lưu trữ và mạng.',
             'Tenants are isolated at the compute, storage and network layers.', True, 3),
            ('ATTT.2.2', 'Hạ tầng đã được phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin.',
             'The infrastructure has an approved information-security level dossier.', True, 3),
            ('ATTT.2.3', 'Cấu hình cứng hoá (hardening) máy chủ ảo hoá theo hướng dẫn hiện hành.',
             'Hypervisor hosts hardened according to current guidance.', True, 2),
            ('ATTT.2.4', 'Kết nối giám sát an toàn thông tin với trung tâm giám sát (SOC) của tỉnh.',
             'Security monitoring connected to the province’s security operations centre (SOC).', False, 2),
        ]),
    ]),
]

# code -> (name, kind, highest security level)
PROVIDERS = {
    'TINH-CLOUD': ('Nền tảng điện toán đám mây tỉnh (minh hoạ)', ProviderKind.GOVERNMENT, 3),
    'NCC-A': ('Nhà cung cấp A (minh hoạ)', ProviderKind.DOMESTIC, 4),
    'NCC-B': ('Nhà cung cấp B (minh hoạ)', ProviderKind.DOMESTIC, 3),
    'NCC-C': ('Nhà cung cấp C (minh hoạ)', ProviderKind.DOMESTIC, 2),
}

# Answers that are not 'met'. NCC-C fails two mandatory criteria (it is excluded); the others differ only
# on optional criteria, so they stay eligible with different scores.
ANSWERS = {
    'TINH-CLOUD': {'KT.1.4': 'partial', 'KT.1.5': 'na', 'KT.2.2': 'not_met', 'KT.4.3': 'not_met',
                   'KT.5.4': 'partial', 'ATTT.1.5': 'partial'},
    'NCC-A': {'KT.1.5': 'partial', 'KT.6.2': 'partial'},
    'NCC-B': {'KT.1.4': 'not_met', 'KT.2.4': 'partial', 'KT.4.2': 'partial', 'KT.6.2': 'not_met',
              'ATTT.2.4': 'not_met'},
    'NCC-C': {'KT.1.5': 'not_met', 'KT.2.4': 'not_met', 'KT.4.2': 'not_met', 'ATTT.1.5': 'partial',
              'ATTT.2.2': 'not_met', 'ATTT.2.4': 'not_met'},
}

EVALUATED_ON = datetime.date(2026, 10, 15)
EVIDENCE = 'Hồ sơ năng lực và biên bản kiểm tra thực tế của tổ đánh giá (minh hoạ).'


def demo_providers():
    """The four demo providers, created (marked illustrative) when the provider demo has not made them."""
    out = {}
    for code, (name, kind, level) in PROVIDERS.items():
        out[code], _created = Provider.objects.get_or_create(code=code, defaults={
            'name': name, 'kind': kind, 'illustrative': True, 'max_security_level': level})
    return out


def _entries(objs):
    return [audit.Entry(AuditAction.CREATE, type(o), o.pk, str(o)[:200], '', None, audit.snapshot(o)) for o in objs]


def _structure(criteria_set):
    """Groups, features and criteria in three bulk inserts; returns {criterion code: pk} and audit entries."""
    groups, features, criteria = [], [], []
    for g_order, (g_code, g_vi, g_en, _features) in enumerate(STRUCTURE, start=1):
        groups.append(CriteriaGroup(criteria_set=criteria_set, code=g_code, name_vi=g_vi, name_en=g_en,
                                    order=g_order))
    CriteriaGroup.objects.bulk_create(groups)
    for group, (_c, _vi, _en, g_features) in zip(groups, STRUCTURE, strict=True):
        for f_order, (f_code, f_vi, f_en, _criteria) in enumerate(g_features, start=1):
            features.append(CriteriaFeature(group=group, code=f_code, name_vi=f_vi, name_en=f_en, order=f_order))
    CriteriaFeature.objects.bulk_create(features)
    specs = [f[3] for g in STRUCTURE for f in g[3]]
    for feature, feature_criteria in zip(features, specs, strict=True):
        for order, (code, vi, en, mandatory, weight) in enumerate(feature_criteria, start=1):
            criteria.append(Criterion(feature=feature, code=code, text_vi=vi, text_en=en, mandatory=mandatory,
                                      weight=weight, order=order))
    Criterion.objects.bulk_create(criteria)
    return _entries(groups) + _entries(features) + _entries(criteria)


@transaction.atomic
def load_criteria(providers=None):
    """The MIC-structured set (version 1, published) and one completed evaluation per demo provider.
    `providers`: {code: Provider} (default: the four demo providers by code, created if missing).
    Returns a summary {'criteria_sets': created, 'evaluations': created}."""
    providers = providers if providers is not None else demo_providers()
    entries = []
    criteria_set = CriteriaSet.objects.filter(code=CODE, version=1).first()
    created_set = criteria_set is None
    with audit.suspended():
        if created_set:
            criteria_set = CriteriaSet.objects.create(code=CODE, version=1, name=NAME, description=DESCRIPTION,
                                                      legal_basis=LEGAL_BASIS, state=CriteriaSetState.PUBLISHED,
                                                      pass_score=70)
            entries += _entries([criteria_set]) + _structure(criteria_set)
        criteria = dict(Criterion.objects.filter(feature__group__criteria_set=criteria_set).values_list('code', 'pk'))
        made = 0
        for code, overrides in ANSWERS.items():
            provider = providers.get(code)
            if provider is None or Evaluation.objects.filter(provider=provider, criteria_set=criteria_set).exists():
                continue
            evaluation = Evaluation.objects.create(provider=provider, criteria_set=criteria_set,
                                                   state=EvaluationState.COMPLETED, evaluated_on=EVALUATED_ON,
                                                   notes='Đánh giá minh hoạ cho dữ liệu trình diễn.')
            answers = EvaluationAnswer.objects.bulk_create([
                EvaluationAnswer(evaluation=evaluation, criterion_id=pk, result=overrides.get(c_code, 'met'),
                                 evidence=EVIDENCE) for c_code, pk in criteria.items()])
            entries += _entries([evaluation]) + _entries(answers)
            made += 1
    audit.record_many(entries)
    return {'criteria_sets': int(created_set), 'evaluations': made}
