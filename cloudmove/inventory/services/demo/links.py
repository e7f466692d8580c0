"""What links the demo's systems and machines: dependencies (national platforms, provincial flows, tiers
inside a system) and the performance summaries of the monitored machines."""

from datetime import datetime, timedelta

from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.catalogue import ICT, REFERENCE_DATE


class LinksMixin:
    """Dependencies and performance summaries of the demo `_Builder`."""

    # dependencies ---------------------------------------------------------------------------------

    def dependency(self, source, target=None, external='', name='', protocol=c.Protocol.HTTPS, port=443,
                   criticality=c.Criticality.MEDIUM, direction=c.Direction.OUTBOUND, description=''):
        fields = {}
        if isinstance(source, m.InformationSystem):
            fields['source_system'] = source
        else:
            fields['source_vm'] = source
        if isinstance(target, m.InformationSystem):
            fields['target_system'] = target
        elif isinstance(target, m.VirtualMachine):
            fields['target_vm'] = target
        return self.add('dependencies', m.Dependency(
            uid=self.uid(), unit=source.unit, target_external=external, target_name=name, direction=direction,
            protocol=protocol, port=port, criticality=criticality,
            latency_sensitive=protocol in (c.Protocol.SQL, c.Protocol.TCP) and self.rng.random() < 0.5,
            description=description[:300], **fields))

    def build_dependencies(self):
        rng = self.rng
        sy = self.systems
        D = self.dependency
        P, E, K = c.Protocol, c.ExternalPlatform, c.Criticality
        lgsp, mail, sso, qlvb = sy['SKHCN-LGSP'], sy['TTCNTT-EMAIL'], sy['TTCNTT-SSO'], sy['VP-UBND-QLVB']
        dvc, gq, portal, kho = sy['VP-UBND-CONG-DVC'], sy['VP-UBND-HTTT-GQTTHC'], sy['SKHCN-CONG-TTDT'], \
            sy['SKHCN-KHO-DLDC']
        ioc, report = sy['TTCNTT-IOC'], sy['VP-UBND-BAOCAO']
        shared = {x.code for x in (lgsp, mail, sso, qlvb, dvc, gq, portal, kho, ioc, report)}
        # National platforms
        for source, external, name, port in [
            (lgsp, E.NDXP, '', 443), (dvc, E.NATIONAL_PORTAL, '', 443), (dvc, E.VNEID, '', 443),
            (dvc, E.PAYMENT, '', 443), (dvc, E.POPULATION_DB, '', 443), (gq, E.NATIONAL_PORTAL, '', 443),
            (gq, E.POPULATION_DB, '', 443), (qlvb, E.EOFFICE, '', 443), (sso, E.VNEID, '', 443),
            (sy['STP-HOTICH'], E.POPULATION_DB, '', 443), (sy['STP-HOTICH'], E.OTHER,
                                                           'Cơ sở dữ liệu hộ tịch điện tử toàn quốc (Bộ Tư pháp)', 443),
            (sy['STP-LLTP'], E.VNEID, '', 443), (sy['STP-LLTP'], E.POPULATION_DB, '', 443),
            (sy['VPDKDD-CSDL-DATDAI'], E.LAND_DB, '', 443), (sy['VPDKDD-DKDD'], E.LAND_DB, '', 443),
            (sy['STC-DKKD'], E.BUSINESS_DB, '', 443), (sy['BVDK-BHYT'], E.INSURANCE_DB, '', 443),
            (sy['BVDK-HIS'], E.INSURANCE_DB, '', 443), (sy['SNV-BTXH'], E.INSURANCE_DB, '', 443),
            (sy['SYT-HSSK'], E.OTHER, 'Hệ thống hồ sơ sức khỏe quốc gia (Bộ Y tế)', 443),
            (sy['CDC-TIEMCHUNG'], E.OTHER, 'Hệ thống thông tin tiêm chủng quốc gia', 443),
            (sy['SGDDT-CSDL'], E.OTHER, 'Cơ sở dữ liệu ngành giáo dục quốc gia (Bộ GD&ĐT)', 443),
            (sy['SXD-GPLX'], E.OTHER, 'Hệ thống quản lý giấy phép lái xe (Cục Đường bộ Việt Nam)', 443),
            (sy['STC-QLNS'], E.OTHER, 'TABMIS (Kho bạc Nhà nước)', 443), (sy['STC-DKKD'], E.PAYMENT, '', 443),
            (sy['SNV-QLCB'], E.OTHER, 'Cơ sở dữ liệu cán bộ, công chức quốc gia (Bộ Nội vụ)', 443),
            (sy['TTRA-KNTC'], E.OTHER, 'Cơ sở dữ liệu quốc gia về khiếu nại, tố cáo', 443),
            (sy['SXD-CPXD'], E.NATIONAL_PORTAL, '', 443), (sy['STP-LLTP'], E.NATIONAL_PORTAL, '', 443),
            (kho, E.NDXP, '', 443), (kho, E.POPULATION_DB, '', 443),
            (ioc, E.OTHER, 'Hệ thống thông tin báo cáo Chính phủ', 443),
            (report, E.OTHER, 'Hệ thống thông tin báo cáo Chính phủ', 443), (mail, E.OTHER, 'Internet (SMTP)', 25),
        ]:
            D(source, external=external, name=name, port=port, criticality=K.HIGH,
              description='Kết nối nền tảng quốc gia qua trục NDXP' if external != E.OTHER else '')
        # Provincial flows
        for source in (dvc, gq, qlvb, kho, ioc, report, portal):
            if source is not lgsp:
                D(source, lgsp, port=443, criticality=K.CRITICAL, description='Trao đổi dữ liệu qua LGSP')
        for source, target in [(dvc, gq), (gq, dvc), (gq, qlvb), (dvc, sso), (gq, sso), (qlvb, sso),
                               (qlvb, mail), (portal, dvc), (gq, sy['TTCNTT-KYSO']), (qlvb, sy['TTCNTT-KYSO']),
                               (sy['BVDK-HIS'], sy['BVDK-PACS']), (sy['BVDK-HIS'], sy['BVDK-LIS']),
                               (sy['BVDK-HIS'], sy['BVDK-RIS']), (sy['BVDK-HIS'], sy['BVDK-EMR']),
                               (sy['BVDK-HIS'], sy['BVDK-BHYT']), (sy['BVDK-PACS'], sy['BVDK-RIS']),
                               (sy['BVDK-EMR'], sy['BVDK-PACS']), (sy['SYT-HSSK'], sy['BVDK-HIS']),
                               (sy['CDC-TIEMCHUNG'], sy['SYT-HSSK']), (sy['SYT-QLYT'], sy['BVDK-HIS']),
                               (sy['VPDKDD-DKDD'], sy['VPDKDD-CSDL-DATDAI']),
                               (sy['VPDKDD-TRACUU'], sy['VPDKDD-CSDL-DATDAI']),
                               (sy['SNNMT-QHSDD'], sy['VPDKDD-CSDL-DATDAI']), (sy['SGDDT-QLTH'], sy['SGDDT-CSDL']),
                               (sy['SGDDT-TUYENSINH'], sy['SGDDT-CSDL']), (sy['SGDDT-SLLDT'], sy['SGDDT-QLTH']),
                               (sy['SGDDT-THI'], sy['SGDDT-CSDL']), (sy['SGDDT-VANBANG'], sy['SGDDT-THI']),
                               (sy['STC-DTC'], sy['STC-QLNS']), (sy['STC-QLTS'], sy['STC-QLNS']),
                               (sy['DPTTH-PLAYOUT'], sy['DPTTH-MAM']), (sy['DPTTH-NEWSROOM'], sy['DPTTH-MAM']),
                               (sy['DPTTH-OTT'], sy['DPTTH-MAM']), (sy['TTLTLS-LUUTRU'], qlvb),
                               (sy['TTLTLS-SOHOA'], sy['TTLTLS-LUUTRU'])]:
            D(source, target, port=443, criticality=K.HIGH)
        sector = [s for s in sy.values() if s.code not in shared and s.category != c.SystemCategory.INFRASTRUCTURE
                  and s.lifecycle != c.Lifecycle.PLANNED]
        for system in sector:
            commune = system.unit.code.startswith(('X-', 'P-'))
            if system.code.endswith('-MOTCUA'):
                D(system, gq, port=443, criticality=K.CRITICAL, description='Phân hệ một cửa cấp xã')
                D(system, sso, protocol=P.HTTPS, port=443, criticality=K.HIGH)
                continue
            if system.code.endswith('-TTDT'):
                D(system, portal, port=443, criticality=K.MEDIUM, description='Trang thành phần của Cổng TTĐT')
                continue
            if commune:
                continue
            if system._size in ('m', 'l', 'xl') or rng.random() < 0.45:
                D(system, lgsp, port=443, criticality=K.HIGH, description='Trao đổi dữ liệu qua LGSP')
            if rng.random() < 0.5:
                D(system, mail, protocol=P.SMTP, port=587, criticality=K.LOW, description='Gửi thư thông báo')
            if rng.random() < 0.55:
                D(system, sso, protocol=self.pick((P.HTTPS, P.LDAP)), port=self.pick((443, 636)),
                  criticality=K.HIGH, description='Đăng nhập một lần')
            if system.category == c.SystemCategory.PUBLIC_SERVICE:
                D(system, dvc, port=443, criticality=K.HIGH, description='Đồng bộ hồ sơ dịch vụ công')
            if rng.random() < 0.25:
                D(system, kho, port=443, criticality=K.MEDIUM, description='Chia sẻ dữ liệu mở, dữ liệu dùng chung')
            if rng.random() < 0.2:
                D(report, system, direction=c.Direction.INBOUND, port=443, criticality=K.LOW,
                  description='Tổng hợp chỉ tiêu báo cáo')
            if rng.random() < 0.12:
                D(ioc, system, port=443, criticality=K.MEDIUM, description='Thu thập dữ liệu điều hành')
        # Inside a system: load balancer -> web -> app -> database, cache, queue
        ports = {'Microsoft SQL Server': 1433, 'Oracle': 1521, 'PostgreSQL': 5432, 'MySQL': 3306, 'MongoDB': 27017}
        for code, machines in self.machines_of.items():
            system = sy[code]
            vms = [v for v in machines
                   if isinstance(v, m.VirtualMachine) and not v.name.endswith(('-tst', '-uat', '-dr'))]
            by_role = {}
            for vm in vms:
                by_role.setdefault(vm._role, []).append(vm)
            db_port = next((p for k, p in ports.items() if system.database.startswith(k)), 5432)
            chain = [('lb', 'web', P.HTTPS, 443), ('web', 'app', P.HTTP, 8080), ('api', 'app', P.HTTP, 8080),
                     ('app', 'db', P.SQL, db_port), ('app', 'cache', P.TCP, 6379), ('app', 'mq', P.MQ, 5672),
                     ('app', 'es', P.HTTP, 9200), ('rpt', 'db', P.SQL, db_port), ('app', 'file', P.TCP, 445)]
            for src_role, dst_role, protocol, port in chain:
                if src_role in by_role and dst_role in by_role:
                    src = by_role[src_role][0]
                    dst = by_role[dst_role][0]
                    D(src, dst, protocol=protocol, port=port, criticality=K.HIGH if dst_role == 'db' else K.MEDIUM)
                    if len(by_role[src_role]) > 3 and len(by_role[dst_role]) > 1:
                        D(by_role[src_role][-1], by_role[dst_role][-1], protocol=protocol, port=port,
                          criticality=K.MEDIUM)

    # performance ----------------------------------------------------------------------------------

    METRICS = [
        (c.Metric.CPU_PCT, True), (c.Metric.MEMORY_PCT, True), (c.Metric.DISK_READ_IOPS, False),
        (c.Metric.DISK_WRITE_IOPS, False), (c.Metric.NET_IN_MBITPS, False), (c.Metric.NET_OUT_MBITPS, False),
    ]

    def build_performance(self):
        rng = self.rng
        end = datetime(REFERENCE_DATE.year, REFERENCE_DATE.month, REFERENCE_DATE.day, tzinfo=ICT)
        start = end - timedelta(days=30)
        machines = [('vm', vm) for vm in self.out['vms'] if vm.power_state == c.PowerState.ON and not vm.is_template]
        machines += [('server', s) for s in self.out['servers'] if s.status == c.EquipmentStatus.ACTIVE]
        for kind, machine in machines:
            if rng.random() < 0.08:  # no monitoring agent
                continue
            role = getattr(machine, '_role', None) or machine.role
            heavy = role in ('db', 'database', 'es', 'hypervisor')
            samples = 8640 if rng.random() < 0.9 else rng.randint(4000, 8600)
            for metric, percent in self.METRICS:
                if percent:
                    avg = rng.uniform(25, 70) if heavy else rng.uniform(2, 45)
                    if metric == c.Metric.MEMORY_PCT:
                        avg = min(95.0, avg + rng.uniform(15, 40))
                else:
                    scale = {c.Metric.DISK_READ_IOPS: 400, c.Metric.DISK_WRITE_IOPS: 250,
                             c.Metric.NET_IN_MBITPS: 40, c.Metric.NET_OUT_MBITPS: 60}[metric]
                    avg = rng.uniform(0.02, 1.0) * scale * (4 if heavy else 1)
                p50 = avg * rng.uniform(0.75, 0.98)
                p95 = avg * rng.uniform(1.4, 2.6)
                p99 = p95 * rng.uniform(1.05, 1.35)
                top = p99 * rng.uniform(1.0, 1.6)
                if percent:
                    p95, p99, top = min(p95, 100.0), min(p99, 100.0), min(top, 100.0)
                values = [round(v, 2) for v in (avg, p50, p95, p99, top)]
                values[2] = max(values[2], values[0], values[1])
                values[3] = max(values[3], values[2])
                values[4] = max(values[4], values[3])
                avg, p50, p95, p99, top = values
                self.add('performance', m.PerformanceSummary(
                    uid=self.uid(), unit=machine.unit, metric=metric, avg=avg, p50=p50, p95=p95, p99=p99, max=top,
                    window_start=start, window_end=end, sample_count=samples, source='zabbix',
                    **{kind: machine}))
