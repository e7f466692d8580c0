"""The demo's report request (once): the quarterly programme report asked of eight units, with the
template's questions; some units have answered (accepted, submitted, returned), the others still owe it
and have been reminded. Made through the services, so it reads as a real exchange."""

import datetime

from django.utils import timezone

from cloudmove.core.models import Unit, User
from cloudmove.core.services import demo
from cloudmove.reporting.models import ReportAnswer, ReportRequest, ReportTemplate
from cloudmove.reporting.services import requests

QUESTIONS = '\n'.join([
    'văn bản*: Kết quả triển khai chuyển đổi trong kỳ',
    'số: Số hệ thống thông tin đã đưa lên nền tảng điện toán đám mây',
    'số: Số cán bộ được đào tạo, chuyển giao công nghệ',
    'bảng*: Kinh phí thực hiện | Nguồn vốn; #Dự toán (triệu đồng); #Đã giải ngân (triệu đồng) '
    '|| Ngân sách tỉnh; Ngân sách cấp huyện, xã; Nguồn khác',
    'bảng: Hệ thống đã chuyển đổi | Tên hệ thống; Mô hình triển khai; #Số máy ảo',
])
ANSWERS = [
    ('accept', 'Hoàn thành khảo sát, đánh giá; đã chuyển đổi cổng thông tin điện tử.', 1, 12,
     [[None, 450, 300], [None, 0, 0], [None, 50, 20]], [['Cổng thông tin điện tử', 'Đám mây riêng', 3]],
     'Thiếu nhân lực có chuyên môn về điện toán đám mây.', 'Tổ chức thêm lớp đào tạo vận hành.'),
    ('accept', 'Đã thiết kế phương án chuyển đổi hệ thống quản lý văn bản.', 0, 5,
     [[None, 200, 50], [None, 30, 10], [None, 0, 0]], [], 'Thời gian chuẩn bị dữ liệu kéo dài.', ''),
    ('submit', 'Đang kiểm thử hệ thống một cửa trên hạ tầng mới.', 1, 8,
     [[None, 300, 120], [None, 0, 0], [None, 0, 0]], [['Hệ thống một cửa điện tử', 'Đám mây riêng', 2]],
     'Đường truyền đến trung tâm dữ liệu chưa ổn định.', 'Nâng cấp đường truyền số liệu chuyên dùng.'),
    ('return', 'Đã khảo sát.', None, None, [[None, 100, None], [None, None, None], [None, None, None]], [], '',
     ''),
]


@demo.add_loader(inventory=True)
def _demo_requests(progress=None):
    office = Unit.objects.filter(is_programme_office=True).first()
    admin = User.objects.filter(role='admin', is_active=True).order_by('pk').first()
    if office is None or admin is None or ReportRequest.objects.exists():
        return {'report_requests': (0, 0)}
    # Departments and a commune and a ward, as a quarterly report goes; any other units when these are absent.
    wanted = ['SYT', 'SKHCN', 'SXD', 'STC', 'SNV', 'SCT', 'X-HOANGHOA', 'P-DONGSON']
    others = Unit.objects.filter(is_active=True).exclude(pk=office.pk)
    units = sorted(others, key=lambda u: (wanted.index(u.code) if u.code in wanted else len(wanted), u.code))[:8]
    template = ReportTemplate.objects.create(
        unit=office, name='Báo cáo định kỳ kết quả chuyển đổi lên nền tảng điện toán đám mây',
        description='Mẫu báo cáo quý của các cơ quan, đơn vị', questions=requests.parse_questions(QUESTIONS))
    quarter = (timezone.localdate().month - 1) // 3 + 1
    request = requests.create_request(admin, {
        'unit': office, 'template': template, 'subject': f'Báo cáo kết quả chuyển đổi quý {quarter}',
        'period': f'{timezone.localdate().year}-Q{quarter}',
        'deadline': timezone.localdate() + datetime.timedelta(days=5),
        'instructions': 'Các đơn vị báo cáo kết quả, khó khăn, vướng mắc và đề xuất trong kỳ.', 'units': units})
    requests.send(None, request)
    for unit, (decision, text, moved, trained, budget, systems, difficulties, proposals) in zip(
            units, ANSWERS, strict=False):
        answer = ReportAnswer.objects.get(request=request, unit=unit)
        answer = requests.save_answer(None, answer, {'q1': text, 'q2': moved, 'q3': trained, 'q4': budget,
                                                    'q5': systems}, difficulties, proposals)
        answer = requests.submit(None, answer)
        if decision == 'return':
            requests.return_answer(admin, answer, 'Đề nghị bổ sung số liệu giải ngân và số cán bộ được đào tạo.')
        elif decision == 'accept':
            requests.accept(admin, answer, 'Đạt yêu cầu.')
    requests.remind(None, request)
    return {'report_requests': (1, 0)}
