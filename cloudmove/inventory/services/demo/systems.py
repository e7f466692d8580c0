"""The demo information systems: the province's platforms, the sector applications of its departments and
agencies, and what every unit, commune and ward runs."""

from datetime import date, timedelta
from decimal import Decimal

from cloudmove.core import demo_data
from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.catalogue import DOMAIN, LEGACY_STACKS, MODERN_STACKS, PLANTED, STACKS, VENDORS


class SystemsMixin:
    """Information systems of the demo `_Builder`."""

    # systems --------------------------------------------------------------------------------------

    def system(self, unit_code, code, name, category, size, level, flags='', operating=None, stack=None,
               hosting=None, lifecycle=c.Lifecycle.PRODUCTION, sub=None, vendor=None, description='', approved=False):
        rng = self.rng
        unit = self.units[unit_code]
        if code in self.systems:
            return self.systems[code]
        if code in PLANTED['systems_without_security_level']:
            level = None
        if stack is None:
            stack = self.pick(LEGACY_STACKS if rng.random() < 0.22 else MODERN_STACKS)
        if lifecycle == c.Lifecycle.PRODUCTION and stack in ('net_old', 'php_old') and rng.random() < 0.5:
            lifecycle = c.Lifecycle.RETIRING
        internet, personal, shared = 'i' in flags, 'p' in flags, 's' in flags
        if hosting is None:
            room = self.rooms.get(unit_code)
            if (room and room[0] and rng.random() < 0.25) or (
                    room and not room[0] and size in ('xs', 's') and rng.random() < 0.6):
                hosting = c.Hosting.UNIT_ROOM
            elif size in ('xs', 's') and rng.random() < 0.06:
                hosting = c.Hosting.LEASED
            else:
                hosting = c.Hosting.PROVINCIAL_DC
        if level is None:
            approval, decision = c.LevelApproval.NOT_PROPOSED, ''
        else:
            roll = rng.random()
            if level >= 3:
                approval = (c.LevelApproval.APPROVED if roll < 0.7 else c.LevelApproval.APPRAISED if roll < 0.85
                            else c.LevelApproval.PROPOSED)
            else:
                approval = (c.LevelApproval.APPROVED if roll < 0.55 else c.LevelApproval.PROPOSED if roll < 0.8
                            else c.LevelApproval.NOT_PROPOSED)
            if approved:
                approval = c.LevelApproval.APPROVED
            decision = ''
            if approval == c.LevelApproval.APPROVED:
                issuer = 'UBND' if level >= 3 else unit_code.split('-')[0] if unit_code[1] != '-' else 'UBND'
                when = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2400))
                decision = f'Quyết định số {rng.randint(120, 4800)}/QĐ-{issuer} ngày {when:%d/%m/%Y}'
        base_users = {'xs': (5, 30), 's': (20, 200), 'm': (100, 1500), 'l': (500, 5000), 'xl': (2000, 15000)}[size]
        users = rng.randint(*base_users)
        if internet and personal:
            users *= rng.choice((20, 50, 100))
        criticality = {'xl': c.Criticality.CRITICAL, 'l': c.Criticality.HIGH,
                       'm': self.pick((c.Criticality.MEDIUM, c.Criticality.HIGH)),
                       's': self.pick((c.Criticality.LOW, c.Criticality.MEDIUM)), 'xs': c.Criticality.LOW}[size]
        if level and level >= 3 and criticality in (c.Criticality.LOW, c.Criticality.MEDIUM):
            criticality = c.Criticality.HIGH
        rto, rpo, avail = {c.Criticality.CRITICAL: (4, 1, '99.900'), c.Criticality.HIGH: (8, 4, '99.500'),
                           c.Criticality.MEDIUM: (24, 24, '99.000'), c.Criticality.LOW: (72, 24, '98.000')}[criticality]
        if rng.random() < 0.1 and size in ('xs', 's'):
            rto = rpo = avail = None
            criticality = ''
        classification = (c.DataClassification.PRIVATE if personal else c.DataClassification.PUBLIC if internet
                          and category == c.SystemCategory.PORTAL else c.DataClassification.INTERNAL)
        if size == 'xs' and rng.random() < 0.15:
            classification = ''
        cost_range = {'xs': (10, 60), 's': (50, 250), 'm': (200, 900), 'l': (800, 3000), 'xl': (2000, 8000)}[size]
        os_, database, middleware, framework = STACKS[stack]
        urls = ''
        if internet and sub == '':
            urls = f'https://{DOMAIN}\nhttps://www.{DOMAIN}'
        elif internet and sub:
            urls = f'https://{sub}.{DOMAIN}'
        elif internet:
            host = code.lower().replace(unit_code.lower() + '-', '', 1).replace('.', '-')
            urls = f'https://{host}.{unit_code.lower()}.{DOMAIN}'
        system = self.add('systems', m.InformationSystem(
            uid=self.uid(), unit=unit, code=code, name=name, description=description, category=category,
            operating_unit=self.units[operating] if operating else None, is_shared=shared, security_level=level,
            level_approval=approval, level_decision=decision, users_count=users, internet_facing=internet,
            personal_data=personal, personal_data_subjects=self.subjects(personal, users, internet),
            data_classification=classification, criticality=criticality,
            rto_hours=Decimal(rto) if rto is not None else None, rpo_hours=Decimal(rpo) if rpo is not None else None,
            availability_pct=Decimal(avail) if avail else None, hosting=hosting, os=os_, database=database,
            middleware=middleware, framework=framework, vendor=vendor or self.pick(VENDORS),
            contract_end=self.day(-400, 1100) if rng.random() < 0.85 else None,
            annual_cost_vnd=rng.randint(*cost_range) * 1_000_000, lifecycle=lifecycle, urls=urls))
        system._size, system._stack = size, stack
        self.systems[code] = system
        return system

    def build_systems(self):
        S, cat = self.system, c.SystemCategory
        dc, di, leased = c.Hosting.PROVINCIAL_DC, c.Hosting.DATA_INTEGRATION, c.Hosting.LEASED
        # Provincial platforms
        S('SKHCN', 'SKHCN-CONG-TTDT', 'Cổng thông tin điện tử tỉnh', cat.PORTAL, 'xl', 3, 'i', 'TTCNTT', 'liferay',
          dc, sub='', vendor='VNPT-IT', description='Cổng thông tin điện tử tỉnh và các trang thành phần.',
          approved=True)
        S('VP-UBND', 'VP-UBND-CONG-DVC', 'Cổng dịch vụ công trực tuyến tỉnh', cat.PUBLIC_SERVICE, 'xl', 3, 'ip',
          'TTCNTT', 'micro', dc, sub='dichvucong', vendor='VNPT-IT',
          description='Cổng dịch vụ công trực tuyến, kết nối Cổng Dịch vụ công quốc gia.', approved=True)
        S('VP-UBND', 'VP-UBND-HTTT-GQTTHC', 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh (một cửa điện tử)',
          cat.PUBLIC_SERVICE, 'xl', 3, 'p', 'TTPVHCC', 'micro', dc, vendor='VNPT-IT', approved=True)
        S('VP-UBND', 'VP-UBND-QLVB', 'Hệ thống quản lý văn bản và điều hành', cat.SHARED_APP, 'xl', 3, 's', 'TTCNTT',
          'java_oracle', dc, sub='qlvb', vendor='Viettel Solutions',
          description='Quản lý văn bản, hồ sơ công việc và điều hành tác nghiệp dùng chung toàn tỉnh.', approved=True)
        S('SKHCN', 'SKHCN-LGSP', 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)', cat.SHARED_APP, 'l', 3, 's',
          'TTCNTT', 'micro', di, vendor='FPT IS', description='Trục tích hợp dữ liệu cấp tỉnh, kết nối NDXP.',
          approved=True)
        S('TTCNTT', 'TTCNTT-EMAIL', 'Hệ thống thư điện tử công vụ', cat.SHARED_APP, 'l', 3, 'isp', None, 'infra_linux',
          dc, sub='mail', vendor='CMC TS', approved=True)
        S('TTCNTT', 'TTCNTT-SSO', 'Hệ thống xác thực tập trung (SSO)', cat.INFRASTRUCTURE, 'm', 3, 'isp', None,
          'java_pg', dc, sub='sso', vendor='FPT IS', approved=True)
        S('TTCNTT', 'TTCNTT-GIAMSAT-TTDL', 'Hệ thống giám sát Trung tâm dữ liệu tỉnh', cat.INFRASTRUCTURE, 'm', 3, '',
          None, 'infra_linux', dc, vendor='Tự phát triển (đơn vị vận hành)')
        S('TTCNTT', 'TTCNTT-HATANG-TTDL', 'Hạ tầng Trung tâm dữ liệu tỉnh (ảo hóa, lưu trữ, mạng)',
          cat.INFRASTRUCTURE, 'l', 4, '', None, 'infra_win', dc, vendor='Viettel Solutions', approved=True)
        S('TTCNTT', 'TTCNTT-SOC', 'Hệ thống giám sát an toàn thông tin (SOC)', cat.INFRASTRUCTURE, 'm', 3, '', None,
          'infra_linux', dc, vendor='Viettel Solutions')
        S('TTCNTT', 'TTCNTT-SAOLUU', 'Hệ thống sao lưu dữ liệu tập trung', cat.INFRASTRUCTURE, 'm', 3, '', None,
          'infra_win', dc, vendor='CMC TS')
        S('TTCNTT', 'TTCNTT-IOC', 'Trung tâm giám sát, điều hành thông minh (IOC)', cat.SHARED_APP, 'l', 3, '',
          None, 'micro', dc, vendor='VNPT-IT')
        S('SKHCN', 'SKHCN-KHO-DLDC', 'Kho dữ liệu dùng chung tỉnh', cat.DATABASE, 'l', 3, 'sp', 'TTCNTT', 'java_pg',
          di, vendor='FPT IS')
        S('TTCNTT', 'TTCNTT-DNS', 'Hệ thống DNS, NTP của tỉnh', cat.INFRASTRUCTURE, 's', 2, 'i', None, 'infra_linux',
          dc, sub='ns1')
        S('TTCNTT', 'TTCNTT-AV', 'Hệ thống phòng chống mã độc tập trung', cat.INFRASTRUCTURE, 's', 2, '', None,
          'infra_win', dc)
        S('TTCNTT', 'TTCNTT-KYSO', 'Hệ thống ký số tập trung', cat.SHARED_APP, 's', 3, 's', None, 'java_pg', dc)
        S('TTCNTT', 'TTCNTT-HNTH', 'Hệ thống hội nghị truyền hình trực tuyến', cat.INFRASTRUCTURE, 's', 2, '', None,
          'infra_linux', dc)
        S('TTCNTT', 'TTCNTT-TROLYAO', 'Nền tảng trợ lý ảo hỗ trợ người dân', cat.SHARED_APP, 'm', 2, 'i', None,
          'python', dc, lifecycle=c.Lifecycle.PLANNED, sub='troly')
        S('SKHCN', 'SKHCN-QLKHCN', 'Hệ thống quản lý nhiệm vụ khoa học và công nghệ', cat.SECTOR_APP, 'm', 2)
        S('SKHCN', 'SKHCN-CSDL-KHCN', 'Cơ sở dữ liệu khoa học và công nghệ tỉnh', cat.DATABASE, 's', 2, 'i')
        S('SKHCN', 'SKHCN-TDC', 'Phần mềm quản lý tiêu chuẩn, đo lường, chất lượng', cat.SECTOR_APP, 's', 1)
        S('SKHCN', 'SKHCN-BCVT', 'Hệ thống quản lý hạ tầng bưu chính, viễn thông', cat.SECTOR_APP, 's', 2)
        S('VP-UBND', 'VP-UBND-BAOCAO', 'Hệ thống thông tin báo cáo tỉnh', cat.SHARED_APP, 'm', 2, '', 'TTCNTT')
        S('VP-UBND', 'VP-UBND-PHONGHOP', 'Hệ thống phòng họp không giấy', cat.SECTOR_APP, 's', 2)
        S('VP-UBND', 'VP-UBND-NHIEMVU', 'Hệ thống theo dõi nhiệm vụ Ủy ban nhân dân tỉnh giao', cat.SECTOR_APP, 'm', 2)
        S('VP-UBND', 'VP-UBND-CONGBAO', 'Công báo điện tử tỉnh', cat.PORTAL, 's', 2, 'i', sub='congbao')
        S('VP-UBND', 'VP-UBND-PAKN', 'Hệ thống tiếp nhận, xử lý phản ánh, kiến nghị', cat.PUBLIC_SERVICE, 'm', 2,
          'ip', sub='phananh')
        S('TTPVHCC', 'TTPVHCC-XEPHANG', 'Hệ thống xếp hàng tự động và đánh giá mức độ hài lòng', cat.SECTOR_APP, 's',
          1, 'p')
        S('TTPVHCC', 'TTPVHCC-TONGDAI', 'Tổng đài hỗ trợ dịch vụ công', cat.SECTOR_APP, 's', 2, 'p')
        S('TTPVHCC', 'TTPVHCC-CAMERA', 'Hệ thống camera giám sát Trung tâm Phục vụ hành chính công', cat.OTHER,
          'xs', 1)
        # Health
        S('SYT', 'SYT-QLYT', 'Hệ thống quản lý, báo cáo thống kê ngành y tế', cat.SECTOR_APP, 'm', 2)
        S('SYT', 'SYT-HSSK', 'Hệ thống hồ sơ sức khỏe điện tử', cat.SECTOR_APP, 'l', 3, 'ip', sub='hssk')
        S('SYT', 'SYT-GPHN', 'Phần mềm cấp chứng chỉ, giấy phép hành nghề y, dược', cat.SECTOR_APP, 's', 2, 'p')
        S('SYT', 'SYT-DUOC', 'Hệ thống quản lý dược và liên thông nhà thuốc', cat.SECTOR_APP, 'm', 2, 'p')
        S('SYT', 'SYT-DATLICH', 'Hệ thống đặt lịch khám bệnh trực tuyến', cat.PUBLIC_SERVICE, 's', 2, 'ip')
        S('BVDK', 'BVDK-HIS', 'Hệ thống thông tin bệnh viện (HIS)', cat.SECTOR_APP, 'xl', 3, 'p', None, 'net',
          c.Hosting.UNIT_ROOM, approved=True)
        S('BVDK', 'BVDK-PACS', 'Hệ thống lưu trữ và truyền hình ảnh y tế (PACS)', cat.SECTOR_APP, 'l', 3, 'p', None,
          'java_pg', c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-LIS', 'Hệ thống thông tin xét nghiệm (LIS)', cat.SECTOR_APP, 'm', 3, 'p', None, 'net',
          c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-RIS', 'Hệ thống thông tin chẩn đoán hình ảnh (RIS)', cat.SECTOR_APP, 'm', 2, 'p', None,
          'net', c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-EMR', 'Hệ thống bệnh án điện tử (EMR)', cat.SECTOR_APP, 'l', 3, 'p', None, 'net8',
          c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-BHYT', 'Phân hệ liên thông giám định bảo hiểm y tế', cat.SECTOR_APP, 's', 2, 'p', None, 'net',
          c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-ERP', 'Phần mềm quản lý tài chính, vật tư bệnh viện', cat.SECTOR_APP, 'm', 2, '', None,
          'net_legacy', c.Hosting.UNIT_ROOM)
        S('BVDK', 'BVDK-TUXA', 'Hệ thống khám, chữa bệnh từ xa', cat.PUBLIC_SERVICE, 's', 2, 'ip')
        S('CDC', 'CDC-TIEMCHUNG', 'Hệ thống quản lý tiêm chủng', cat.SECTOR_APP, 'l', 3, 'p')
        S('CDC', 'CDC-GSBTN', 'Hệ thống giám sát bệnh truyền nhiễm', cat.SECTOR_APP, 'm', 2, 'p')
        S('CDC', 'CDC-HIV', 'Phần mềm quản lý điều trị HIV/AIDS', cat.SECTOR_APP, 's', 3, 'p')
        S('CDC', 'CDC-ATTP', 'Phần mềm quản lý an toàn thực phẩm', cat.SECTOR_APP, 's', 1)
        # Education
        S('SGDDT', 'SGDDT-QLTH', 'Hệ thống quản lý trường học', cat.SECTOR_APP, 'xl', 3, 'ip', None, 'micro',
          sub='truonghoc', vendor='Viettel Solutions')
        S('SGDDT', 'SGDDT-CSDL', 'Cơ sở dữ liệu ngành giáo dục', cat.DATABASE, 'l', 3, 'p')
        S('SGDDT', 'SGDDT-TUYENSINH', 'Hệ thống tuyển sinh đầu cấp trực tuyến', cat.PUBLIC_SERVICE, 'm', 2, 'ip',
          sub='tuyensinh')
        S('SGDDT', 'SGDDT-LMS', 'Hệ thống học tập trực tuyến (LMS)', cat.SECTOR_APP, 'l', 2, 'ip')
        S('SGDDT', 'SGDDT-THI', 'Phần mềm quản lý thi và kết quả thi', cat.SECTOR_APP, 'm', 3, 'p')
        S('SGDDT', 'SGDDT-VANBANG', 'Hệ thống quản lý văn bằng, chứng chỉ', cat.SECTOR_APP, 's', 2, 'ip')
        S('SGDDT', 'SGDDT-SLLDT', 'Sổ liên lạc điện tử', cat.SECTOR_APP, 'm', 2, 'ip')
        S('SGDDT', 'SGDDT-HOCBA', 'Hệ thống học bạ số', cat.SECTOR_APP, 'm', 3, 'p', lifecycle=c.Lifecycle.DEVELOPMENT)
        S('SGDDT', 'SGDDT-THUVIEN', 'Thư viện số ngành giáo dục', cat.SECTOR_APP, 's', 1, 'i')
        # Land, agriculture and environment
        S('VPDKDD', 'VPDKDD-CSDL-DATDAI', 'Cơ sở dữ liệu đất đai tỉnh', cat.DATABASE, 'xl', 3, 'p', None,
          'java_oracle', vendor='Vietinfo')
        S('VPDKDD', 'VPDKDD-DKDD', 'Phần mềm đăng ký, cấp giấy chứng nhận quyền sử dụng đất', cat.SECTOR_APP, 'l', 3,
          'p', None, 'net', c.Hosting.UNIT_ROOM, vendor='Vietinfo')
        S('VPDKDD', 'VPDKDD-TRACUU', 'Cổng tra cứu thông tin đất đai', cat.PORTAL, 's', 2, 'i', sub='datdai')
        S('SNNMT', 'SNNMT-QTMT', 'Hệ thống quan trắc môi trường tự động', cat.SECTOR_APP, 'm', 2)
        S('SNNMT', 'SNNMT-TNN', 'Cơ sở dữ liệu tài nguyên nước', cat.DATABASE, 's', 2)
        S('SNNMT', 'SNNMT-PCTT', 'Hệ thống hỗ trợ phòng, chống thiên tai', cat.SECTOR_APP, 'm', 2, 'i')
        S('SNNMT', 'SNNMT-KIEMLAM', 'Hệ thống cảnh báo cháy rừng', cat.SECTOR_APP, 's', 2, 'i')
        S('SNNMT', 'SNNMT-TRUYXUAT', 'Hệ thống truy xuất nguồn gốc nông sản', cat.SECTOR_APP, 's', 1, 'i')
        S('SNNMT', 'SNNMT-NONGNGHIEP', 'Cơ sở dữ liệu nông nghiệp, nông thôn', cat.DATABASE, 's', 2)
        S('SNNMT', 'SNNMT-QHSDD', 'Hệ thống thông tin quy hoạch, kế hoạch sử dụng đất (WebGIS)', cat.SECTOR_APP, 'm',
          2, 'i')
        # Finance
        S('STC', 'STC-QLNS', 'Hệ thống quản lý ngân sách tỉnh', cat.SECTOR_APP, 'l', 3, '', None, 'java_oracle')
        S('STC', 'STC-QLTS', 'Phần mềm quản lý tài sản công', cat.SECTOR_APP, 'm', 2)
        S('STC', 'STC-GIA', 'Cơ sở dữ liệu giá', cat.DATABASE, 's', 2, 'i')
        S('STC', 'STC-DKKD', 'Hệ thống đăng ký doanh nghiệp, hộ kinh doanh', cat.PUBLIC_SERVICE, 'm', 3, 'ip')
        S('STC', 'STC-DTC', 'Hệ thống quản lý đầu tư công', cat.SECTOR_APP, 'm', 2)
        S('STC', 'STC-XTDT', 'Cổng xúc tiến đầu tư tỉnh', cat.PORTAL, 's', 1, 'i', sub='xuctiendautu')
        # Justice
        S('STP', 'STP-HOTICH', 'Phần mềm đăng ký, quản lý hộ tịch', cat.SECTOR_APP, 'l', 3, 'p', None, 'java_pg')
        S('STP', 'STP-LLTP', 'Phần mềm quản lý lý lịch tư pháp', cat.PUBLIC_SERVICE, 'm', 3, 'ip')
        S('STP', 'STP-CONGCHUNG', 'Cơ sở dữ liệu công chứng, chứng thực', cat.DATABASE, 's', 2, 'p')
        S('STP', 'STP-VBPL', 'Cơ sở dữ liệu văn bản quy phạm pháp luật tỉnh', cat.DATABASE, 's', 1, 'i')
        S('STP', 'STP-TGPL', 'Phần mềm quản lý trợ giúp pháp lý', cat.SECTOR_APP, 'xs', 1, 'p')
        # Home affairs, archives
        S('SNV', 'SNV-QLCB', 'Hệ thống quản lý cán bộ, công chức, viên chức', cat.SECTOR_APP, 'm', 3, 'p')
        S('SNV', 'SNV-THIDUA', 'Phần mềm quản lý thi đua, khen thưởng', cat.SECTOR_APP, 's', 1)
        S('SNV', 'SNV-CCHC', 'Hệ thống chấm điểm chỉ số cải cách hành chính', cat.SECTOR_APP, 's', 1)
        S('SNV', 'SNV-VIECLAM', 'Sàn giao dịch việc làm trực tuyến', cat.PUBLIC_SERVICE, 'm', 2, 'ip')
        S('SNV', 'SNV-BTXH', 'Cơ sở dữ liệu bảo trợ xã hội, người có công', cat.DATABASE, 'm', 3, 'p')
        S('TTLTLS', 'TTLTLS-LUUTRU', 'Hệ thống lưu trữ tài liệu điện tử tỉnh', cat.SECTOR_APP, 'l', 3, 'p')
        S('TTLTLS', 'TTLTLS-SOHOA', 'Phần mềm số hóa tài liệu lưu trữ', cat.SECTOR_APP, 's', 2)
        # Industry and trade, construction and transport, culture
        S('SCT', 'SCT-TMDT', 'Sàn thương mại điện tử tỉnh', cat.PUBLIC_SERVICE, 'm', 2, 'ip')
        S('SCT', 'SCT-XTTM', 'Cổng xúc tiến thương mại', cat.PORTAL, 's', 1, 'i')
        S('SCT', 'SCT-CCN', 'Cơ sở dữ liệu cụm công nghiệp', cat.DATABASE, 's', 1)
        S('SCT', 'SCT-ATTP', 'Phần mềm quản lý an toàn thực phẩm ngành công thương', cat.SECTOR_APP, 'xs', 1)
        S('SXD', 'SXD-CPXD', 'Hệ thống cấp phép xây dựng', cat.PUBLIC_SERVICE, 'm', 2, 'ip')
        S('SXD', 'SXD-QHXD', 'Hệ thống thông tin quy hoạch xây dựng (WebGIS)', cat.SECTOR_APP, 'm', 2, 'i')
        S('SXD', 'SXD-GPLX', 'Hệ thống quản lý sát hạch, cấp giấy phép lái xe', cat.SECTOR_APP, 'm', 3, 'p')
        S('SXD', 'SXD-HTGT', 'Cơ sở dữ liệu kết cấu hạ tầng giao thông', cat.DATABASE, 's', 2)
        S('SXD', 'SXD-NHAO', 'Cơ sở dữ liệu nhà ở và thị trường bất động sản', cat.DATABASE, 's', 2, 'i')
        S('SVHTTDL', 'SVHTTDL-DULICH', 'Cổng thông tin du lịch thông minh', cat.PORTAL, 'm', 2, 'i', sub='dulich')
        S('SVHTTDL', 'SVHTTDL-DISAN', 'Cơ sở dữ liệu di sản văn hóa', cat.DATABASE, 's', 1, 'i')
        S('SVHTTDL', 'SVHTTDL-THUVIEN', 'Thư viện điện tử tỉnh', cat.SECTOR_APP, 's', 1, 'ip')
        S('SVHTTDL', 'SVHTTDL-TDTT', 'Phần mềm quản lý thể dục, thể thao', cat.SECTOR_APP, 'xs', 1)
        S('SDTTG', 'SDTTG-CSDL', 'Cơ sở dữ liệu công tác dân tộc và tôn giáo', cat.DATABASE, 's', 2, 'p')
        S('TTRA', 'TTRA-KNTC', 'Hệ thống quản lý tiếp công dân, giải quyết khiếu nại, tố cáo', cat.SECTOR_APP, 'm', 3,
          'p')
        S('TTRA', 'TTRA-THANHTRA', 'Phần mềm quản lý hoạt động thanh tra', cat.SECTOR_APP, 's', 2)
        S('BQLKKT', 'BQLKKT-DAUTU', 'Hệ thống quản lý dự án đầu tư Khu kinh tế Nghi Sơn', cat.SECTOR_APP, 'm', 2)
        S('BQLKKT', 'BQLKKT-QTMT', 'Hệ thống quan trắc môi trường Khu kinh tế Nghi Sơn', cat.SECTOR_APP, 'm', 2, 'i')
        S('BQLKKT', 'BQLKKT-LAODONG', 'Cơ sở dữ liệu lao động trong các khu công nghiệp', cat.DATABASE, 's', 2, 'p')
        for code in ('BQLDA-DDCN', 'BQLDA-GT', 'BQLDA-NN'):
            S(code, f'{code}-QLDA', 'Phần mềm quản lý dự án đầu tư xây dựng', cat.SECTOR_APP, 's', 1)
        for code in ('BQL-LAMKINH', 'BQL-TNH'):
            S(code, f'{code}-VE', 'Hệ thống bán vé điện tử', cat.PUBLIC_SERVICE, 's', 2, 'ip')
            S(code, f'{code}-THUCTEAO', 'Hệ thống thuyết minh tự động và tham quan thực tế ảo', cat.PORTAL, 'xs', 1,
              'i')
        S('TCT', 'TCT-QLDT', 'Phần mềm quản lý đào tạo', cat.SECTOR_APP, 's', 2, 'p')
        S('TCT', 'TCT-LMS', 'Hệ thống học tập trực tuyến', cat.SECTOR_APP, 's', 1, 'i')
        S('TCT', 'TCT-THUVIEN', 'Thư viện số Trường Chính trị', cat.SECTOR_APP, 'xs', 1)
        S('DPTTH', 'DPTTH-PLAYOUT', 'Hệ thống phát sóng tự động (playout)', cat.SECTOR_APP, 'l', 3, '', None, 'net',
          c.Hosting.UNIT_ROOM)
        S('DPTTH', 'DPTTH-MAM', 'Hệ thống quản lý tư liệu số (MAM)', cat.SECTOR_APP, 'l', 2, '', None, 'net',
          c.Hosting.UNIT_ROOM)
        S('DPTTH', 'DPTTH-NEWSROOM', 'Hệ thống sản xuất tin tức (newsroom)', cat.SECTOR_APP, 'm', 2)
        S('DPTTH', 'DPTTH-OTT', 'Nền tảng truyền hình trực tuyến (OTT) và ứng dụng di động', cat.PORTAL, 'm', 2, 'i')
        S('DPTTH', 'DPTTH-BAODIENTU', 'Báo điện tử Đài Phát thanh và Truyền hình', cat.PORTAL, 'm', 2, 'i')
        S('DPTTH', 'DPTTH-PHATTHANHSO', 'Hệ thống phát thanh số và podcast', cat.SECTOR_APP, 's', 1, 'i')
        S('SKHCN', 'SKHCN-SHTT', 'Phần mềm quản lý sở hữu trí tuệ, chuyển giao công nghệ', cat.SECTOR_APP, 's', 1)
        S('SNNMT', 'SNNMT-THUYLOI', 'Hệ thống giám sát công trình thủy lợi, mực nước hồ đập', cat.SECTOR_APP, 'm', 2,
          'i')
        S('SNNMT', 'SNNMT-TAUCA', 'Cơ sở dữ liệu tàu cá và giám sát hành trình tàu cá', cat.DATABASE, 'm', 2, 'p')
        S('SXD', 'SXD-CAMERAGT', 'Hệ thống camera giám sát giao thông', cat.SECTOR_APP, 'm', 2)
        S('SCT', 'SCT-ATDIEN', 'Phần mềm quản lý an toàn điện, vật liệu nổ công nghiệp', cat.SECTOR_APP, 'xs', 1)
        S('SGDDT', 'SGDDT-PHOCAP', 'Phần mềm quản lý phổ cập giáo dục, xóa mù chữ', cat.SECTOR_APP, 's', 2, 'p')
        S('SYT', 'SYT-CAPCUU115', 'Hệ thống điều phối cấp cứu 115', cat.SECTOR_APP, 'm', 3, 'p')
        S('STC', 'STC-BIENLAI', 'Phần mềm quản lý biên lai, hóa đơn điện tử', cat.SECTOR_APP, 's', 2)
        S('TTPVHCC', 'TTPVHCC-KIOSK', 'Hệ thống kiosk tra cứu thủ tục hành chính', cat.PUBLIC_SERVICE, 'xs', 1)
        S('SNV', 'SNV-HOSOCB', 'Hệ thống hồ sơ điện tử cán bộ, công chức', cat.SECTOR_APP, 's', 3, 'p')
        S('SVHTTDL', 'SVHTTDL-LEHOI', 'Hệ thống quản lý lễ hội, sự kiện văn hóa', cat.SECTOR_APP, 'xs', 1, 'i')
        S('BQLKKT', 'BQLKKT-CONG', 'Cổng thông tin xúc tiến đầu tư Khu kinh tế Nghi Sơn', cat.PORTAL, 's', 1, 'i',
          sub='nghison')
        S('CDC', 'CDC-DINHDUONG', 'Phần mềm quản lý dinh dưỡng, sức khỏe sinh sản', cat.SECTOR_APP, 's', 2, 'p')
        S('VPDKDD', 'VPDKDD-BIENDONG', 'Phần mềm cập nhật biến động đất đai', cat.SECTOR_APP, 'm', 3, 'p', None,
          'net_legacy')

        # What every provincial unit runs
        for code, *_rest in demo_data.UNITS:
            unit = self.units[code]
            if code != 'TTCNTT':
                S(code, f'{code}-TTDT', f'Trang thông tin điện tử {unit.name_vi}', cat.PORTAL, 'xs', 1, 'i', 'TTCNTT',
                  'liferay', dc)
            S(code, f'{code}-KETOAN', 'Phần mềm kế toán hành chính sự nghiệp', cat.SECTOR_APP, 'xs', 1, '', None,
              'net', leased if self.chance(0.4) else None, vendor='MISA')
            if self.chance(0.7):
                S(code, f'{code}-QLTAISAN', 'Phần mềm quản lý tài sản, thiết bị', cat.SECTOR_APP, 'xs', 1)
            if code in self.rooms:
                S(code, f'{code}-HATANG', f'Hạ tầng máy chủ, mạng nội bộ {unit.name_vi}'[:300], cat.INFRASTRUCTURE,
                  's', 2, '', None, 'infra_win', c.Hosting.UNIT_ROOM)
            if self.chance(0.3):
                S(code, f'{code}-CAMERA', 'Hệ thống camera giám sát trụ sở', cat.OTHER, 'xs', 1, '', None,
                  'infra_win', c.Hosting.UNIT_ROOM if code in self.rooms else dc)
        # Communes and wards
        extras = [('TRUYENTHANH', 'Hệ thống truyền thanh thông minh', cat.OTHER, 'leased'),
                  ('CAMERA', 'Hệ thống camera an ninh, trật tự', cat.OTHER, None),
                  ('KETOAN', 'Phần mềm kế toán ngân sách xã', cat.SECTOR_APP, None),
                  ('HOPTRUCTUYEN', 'Điểm cầu họp trực tuyến', cat.INFRASTRUCTURE, None),
                  ('DATDAI', 'Phần mềm quản lý đất đai cấp xã (cũ)', cat.SECTOR_APP, None)]
        for code, name_vi, *_rest in demo_data.all_units():
            if not code.startswith(('X-', 'P-')):
                continue
            place = code.lower()
            S(code, f'{code}-MOTCUA', f'Bộ phận một cửa {name_vi[0].lower()}{name_vi[1:]} (phân hệ một cửa điện tử)',
              cat.PUBLIC_SERVICE,
              'xs', 2, 'p', 'TTPVHCC', 'micro', dc, vendor='VNPT-IT')
            S(code, f'{code}-TTDT', f'Trang thông tin điện tử {name_vi}', cat.PORTAL, 'xs', 1, 'i', 'TTCNTT',
              'liferay', dc, sub=place)
            for suffix, name, category, hosting in extras:
                planted = f'{code}-{suffix}' in PLANTED['systems_without_security_level']
                if planted or self.chance(0.45):
                    if hosting == 'leased':
                        hosting = leased
                    elif code in self.rooms:
                        hosting = c.Hosting.UNIT_ROOM
                    else:
                        hosting = dc
                    stack = 'php_old' if suffix == 'DATDAI' else 'infra_win'
                    S(code, f'{code}-{suffix}', name, category, 'xs', 1, '', None, stack, hosting)
            if code in self.rooms:
                S(code, f'{code}-HATANG', f'Hạ tầng máy chủ, mạng nội bộ {name_vi[0].lower()}{name_vi[1:]}',
              cat.INFRASTRUCTURE, 'xs', 1, '',
                  None, 'infra_win', c.Hosting.UNIT_ROOM)
