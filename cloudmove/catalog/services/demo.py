"""Illustrative cloud providers for the demo: the province's shared private cloud and three domestic
commercial providers, each with data centres, a contact and one price book.

Every figure here is made up for demonstration and training (all rows are flagged `illustrative`),
in the range of public Vietnamese price lists of 2025. Idempotent: a second run changes nothing.
"""

from datetime import date

from django.db import transaction

from cloudmove.catalog import models as m
from cloudmove.core.services.units import sync

VERSION = '2026.1'
VALID_FROM = date(2026, 1, 1)
NOTE = 'Bảng giá minh họa cho mục đích trình diễn và tập huấn – không phải báo giá thực tế.'

PROVIDERS = [
    # code, name, kind, mic certified, max level, ISO 27001, DC tier, description
    ('TINH-CLOUD', 'Nền tảng điện toán đám mây dùng chung của tỉnh (minh họa)', 'government', True, 4, True,
     'tier3', 'Nền tảng đám mây riêng do Trung tâm tích hợp dữ liệu tỉnh vận hành, dùng chung cho các cơ quan.'),
    ('NCC-A', 'Nhà cung cấp A (minh họa)', 'domestic', True, 3, True, 'tier3',
     'Nhà cung cấp dịch vụ đám mây trong nước, có trung tâm dữ liệu ở hai miền.'),
    ('NCC-B', 'Nhà cung cấp B (minh họa)', 'domestic', True, 3, True, 'tier3',
     'Nhà cung cấp dịch vụ đám mây trong nước, có trung tâm dữ liệu ở ba miền.'),
    ('NCC-C', 'Nhà cung cấp C (minh họa)', 'domestic', False, 2, False, 'tier2',
     'Nhà cung cấp dịch vụ đám mây trong nước quy mô nhỏ.'),
]

DATA_CENTRES = {
    'TINH-CLOUD': [('TTDL-TINH', 'Trung tâm dữ liệu tỉnh', 'Chính', 'Trung tâm tích hợp dữ liệu tỉnh', 'tier3'),
                   ('TTDL-DR', 'Trung tâm dự phòng', 'Dự phòng', 'Khu công nghệ thông tin tập trung', 'tier2')],
    'NCC-A': [('HN1', 'Trung tâm dữ liệu Hà Nội', 'Miền Bắc', 'Hà Nội', 'tier3'),
              ('HCM1', 'Trung tâm dữ liệu TP. Hồ Chí Minh', 'Miền Nam', 'TP. Hồ Chí Minh', 'tier3')],
    'NCC-B': [('HN', 'Trung tâm dữ liệu Hà Nội', 'Miền Bắc', 'Hà Nội', 'tier3'),
              ('DN', 'Trung tâm dữ liệu Đà Nẵng', 'Miền Trung', 'Đà Nẵng', 'tier2'),
              ('HCM', 'Trung tâm dữ liệu TP. Hồ Chí Minh', 'Miền Nam', 'TP. Hồ Chí Minh', 'tier3')],
    'NCC-C': [('HCM', 'Trung tâm dữ liệu TP. Hồ Chí Minh', 'Miền Nam', 'TP. Hồ Chí Minh', 'tier2')],
}

CONTACTS = {
    'TINH-CLOUD': ('Phòng Hạ tầng số', 'Đầu mối tiếp nhận yêu cầu', 'hatang@tinh.example.vn', '0237 3000 000'),
    'NCC-A': ('Nguyễn Văn An', 'Quản lý khách hàng khối cơ quan nhà nước', 'an.nv@ncc-a.example.vn', '0901 000 001'),
    'NCC-B': ('Trần Thị Bình', 'Giám đốc kinh doanh khu vực', 'binh.tt@ncc-b.example.vn', '0902 000 002'),
    'NCC-C': ('Lê Văn Cường', 'Chuyên viên kinh doanh', 'cuong.lv@ncc-c.example.vn', '0903 000 003'),
}

# Per provider: VND per vCPU-month, per GiB of memory-month, per GPU flavour-month, whether it sells GPUs,
# and a factor on storage and service prices.
PRICING = {
    'TINH-CLOUD': (120_000, 45_000, 0, False, 0.8),
    'NCC-A': (165_000, 62_000, 18_000_000, True, 1.0),
    'NCC-B': (155_000, 58_000, 16_500_000, True, 0.95),
    'NCC-C': (140_000, 55_000, 0, False, 0.9),
}

# family code, Vietnamese family name, GiB of memory per vCPU, vCPU sizes
FAMILIES = [
    ('s', 'Cơ bản', None, ((1, 1), (1, 2), (2, 2))),
    ('g', 'Đa dụng', 4, (1, 2, 4, 8, 16, 24, 32, 48)),
    ('c', 'Tối ưu tính toán', 2, (2, 4, 8, 16, 32, 48)),
    ('m', 'Tối ưu bộ nhớ', 8, (2, 4, 8, 16, 24, 32)),
]
GPU_SIZES = ((8, 64), (16, 128))
ROOT_DISK_GIB = 40

TIERS = [
    # code, name, kind, VND per GiB-month, IOPS, MB/s, largest disk (GiB)
    ('ssd-std', 'SSD tiêu chuẩn', 'block_ssd', 3_500, 3_000, 150, 16_384),
    ('ssd-premium', 'SSD hiệu năng cao', 'block_ssd', 7_000, 20_000, 500, 16_384),
    ('hdd', 'HDD', 'block_hdd', 1_500, 500, 80, 32_768),
    ('file', 'Lưu trữ tệp dùng chung (NFS/SMB)', 'file', 3_000, 2_000, 200, None),
    ('object', 'Lưu trữ đối tượng (S3)', 'object', 600, None, None, None),
    ('archive', 'Lưu trữ dài hạn (archive)', 'archive', 200, None, None, None),
]

SERVICES = [
    # code, name, category, kind, specification, unit, VND
    ('egress', 'Lưu lượng Internet chiều ra', 'network', 'egress', 'Vượt hạn mức miễn phí', 'gib', 1_000),
    ('public-ip', 'Địa chỉ IP công cộng', 'network', 'public_ip', 'IPv4 tĩnh', 'month', 120_000),
    ('bw-100', 'Gói băng thông 100 Mbps', 'network', 'bandwidth', '100 Mbps trong nước / 10 Mbps quốc tế',
     'month', 1_500_000),
    ('vpn', 'Kết nối VPN site-to-site', 'network', 'vpn', 'IPsec, 1 đường hầm', 'month', 800_000),
    ('db-mysql-s', 'Cơ sở dữ liệu MySQL', 'managed', 'database', 'MySQL 8, 2 vCPU / 4 GiB', 'instance_month',
     1_800_000),
    ('db-pg-m', 'Cơ sở dữ liệu PostgreSQL', 'managed', 'database', 'PostgreSQL 16, 4 vCPU / 16 GiB',
     'instance_month', 4_500_000),
    ('db-sql-m', 'Cơ sở dữ liệu SQL Server', 'managed', 'database', 'SQL Server Standard, 4 vCPU / 16 GiB',
     'instance_month', 9_800_000),
    ('backup', 'Sao lưu dữ liệu', 'managed', 'backup', 'Giữ 30 ngày, lưu ngoài trung tâm', 'gib_month', 700),
    ('waf', 'Tường lửa ứng dụng web', 'managed', 'waf', '1 tên miền, 100 Mbps', 'instance_month', 3_000_000),
    ('lb', 'Cân bằng tải', 'managed', 'load_balancer', 'Lớp 4/7, 1 địa chỉ IP', 'instance_month', 500_000),
    ('lic-win', 'Giấy phép Windows Server', 'licence', 'windows_server', 'Standard, theo lõi', 'core_month',
     95_000),
    ('lic-sql', 'Giấy phép SQL Server', 'licence', 'sql_server', 'Standard, theo lõi', 'core_month', 900_000),
]
# What the province's private cloud does not offer.
NOT_OFFERED = {'TINH-CLOUD': {'bw-100', 'db-sql-m', 'waf'}, 'NCC-C': {'waf', 'file', 'db-sql-m'}}


def _round(value, step=1_000):
    return int(round(value / step) * step)


def flavour_rows(code):
    per_cpu, per_gib, gpu_price, sells_gpu, _factor = PRICING[code]
    rows = []
    for family, family_name, ratio, sizes in FAMILIES:
        for size in sizes:
            vcpus, memory_gib = size if ratio is None else (size, size * ratio)
            monthly = _round(vcpus * per_cpu + memory_gib * per_gib + ROOT_DISK_GIB * 2_000)
            rows.append({'code': f'{family}.{vcpus}c{memory_gib}g', 'name': f'{family_name} {vcpus} vCPU / '
                         f'{memory_gib} GiB', 'family': family_name, 'vcpus': vcpus, 'memory_mib': memory_gib * 1024,
                         'local_disk_gib': ROOT_DISK_GIB, 'gpu': False, 'monthly_vnd': monthly,
                         'hourly_vnd': _round(monthly / 720, 10)})
    if sells_gpu:
        for vcpus, memory_gib in GPU_SIZES:
            monthly = _round(vcpus * per_cpu + memory_gib * per_gib + gpu_price * vcpus // 8)
            rows.append({'code': f'gpu.{vcpus}c{memory_gib}g', 'name': f'GPU {vcpus} vCPU / {memory_gib} GiB',
                         'family': 'GPU', 'vcpus': vcpus, 'memory_mib': memory_gib * 1024, 'local_disk_gib': 200,
                         'gpu': True, 'monthly_vnd': monthly, 'hourly_vnd': _round(monthly / 720, 10)})
    return rows


def tier_rows(code):
    factor = PRICING[code][4]
    return [{'code': c, 'name': name, 'kind': kind, 'gib_month_vnd': _round(price * factor, 10), 'max_iops': iops,
             'max_throughput_mbps': mbps, 'max_disk_gib': largest}
            for c, name, kind, price, iops, mbps, largest in TIERS if c not in NOT_OFFERED.get(code, ())]


def service_rows(code):
    factor = PRICING[code][4]
    return [{'code': c, 'name': name, 'category': category, 'kind': kind, 'spec': spec, 'unit': unit,
             'price_vnd': price if category == 'licence' else _round(price * factor, 10 if price < 10_000 else 1_000)}
            for c, name, category, kind, spec, unit, price in SERVICES if c not in NOT_OFFERED.get(code, ())]


def _sync(queryset, key, rows, **fixed):
    """Create or update the rows of `queryset` keyed by `key` (core's sync), and remove the others."""
    created, updated = sync(queryset, key, [{**fixed, **row} for row in rows])
    keys = {row[key] for row in rows}
    stale = [obj for obj in queryset if getattr(obj, key) not in keys]
    for obj in stale:
        obj.delete()
    return created, updated, len(stale)


@transaction.atomic
def load_providers():
    """Returns {what: (created, updated, removed)}."""
    summary = {}

    def add(name, counts):
        summary[name] = tuple(a + b for a, b in zip(summary.get(name, (0, 0, 0)), counts, strict=True))

    codes = [p[0] for p in PROVIDERS]
    add('providers', _sync(m.Provider.objects.filter(code__in=codes), 'code', [
        {'code': code, 'name': name, 'kind': kind, 'mic_certified': mic, 'max_security_level': level,
         'iso27001': iso, 'iso27001_valid_until': date(2027, 12, 31) if iso else None, 'dc_tier': tier,
         'description': description, 'illustrative': True,
         'mic_reference': 'Minh họa – chưa có văn bản xác nhận' if mic else ''}
        for code, name, kind, mic, level, iso, tier, description in PROVIDERS]))
    for provider in m.Provider.objects.filter(code__in=codes):
        code = provider.code
        add('data_centres', _sync(provider.data_centres.all(), 'code', [
            {'code': c, 'name': name, 'region': region, 'location': location, 'tier': tier, 'in_vietnam': True}
            for c, name, region, location, tier in DATA_CENTRES[code]], provider=provider))
        name, title, email, phone = CONTACTS[code]
        add('contacts', _sync(provider.contacts.all(), 'name', [
            {'name': name, 'title': title, 'email': email, 'phone': phone}], provider=provider))
        book = m.PriceBook.objects.filter(provider=provider, version=VERSION).first()
        if book is None:
            book = m.PriceBook(provider=provider, version=VERSION, valid_from=VALID_FROM, notes=NOTE)
            book.full_clean()
            book.save()
            add('price_books', (1, 0, 0))
        add('flavours', _sync(book.flavours.all(), 'code', flavour_rows(code), price_book=book))
        add('storage_tiers', _sync(book.storagetiers.all(), 'code', tier_rows(code), price_book=book))
        add('service_prices', _sync(book.serviceprices.all(), 'code', service_rows(code), price_book=book))
    return summary
