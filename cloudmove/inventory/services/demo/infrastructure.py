"""The demo's physical infrastructure: sites, racks, virtualisation clusters, physical servers and
devices (network, security, storage, backup and facility equipment)."""

from datetime import date
from decimal import Decimal

from cloudmove.core import demo_data
from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.catalogue import (
    COMMUNE_ROOMS,
    DOMAIN,
    OSES,
    PLATFORM,
    ROOMS,
    SERVER_MODELS,
    SMALL_SERVER_MODELS,
)


class InfrastructureMixin:
    """Sites, racks, clusters, physical servers and devices of the demo `_Builder`."""

    # sites, racks ---------------------------------------------------------------------------------

    def build_sites(self):
        rng = self.rng
        ttcntt = self.units['TTCNTT']
        self.dc_site = self.add('sites', m.Site(
            uid=self.uid(), unit=ttcntt, code='TTDL-TINH', name='Trung tâm dữ liệu tỉnh', kind=c.SiteKind.DATA_CENTRE,
            address='Số 28 Đại lộ Lê Lợi, phường Hạc Thành (minh họa)', floor_area_m2=Decimal('420.0'),
            power_capacity_kw=Decimal('600.0'), tier='TCVN 9250:2021 mức 3'))
        self.dr_site = self.add('sites', m.Site(
            uid=self.uid(), unit=ttcntt, code='TTDL-DR', name='Trung tâm dữ liệu dự phòng (thuê chỗ đặt)',
            kind=c.SiteKind.COLOCATION, address='Khu công nghệ cao Hòa Lạc, Hà Nội (minh họa)',
            floor_area_m2=Decimal('60.0'), power_capacity_kw=Decimal('80.0'), tier='Uptime Tier III'))
        self.racks = {'TTDL-TINH': [], 'TTDL-DR': []}
        for row in 'ABC':
            for n in range(1, 11):
                self.racks['TTDL-TINH'].append(self.rack(self.dc_site, f'{row}{n:02d}', 42, rng.choice((8, 10, 12))))
        for n in range(1, 5):
            self.racks['TTDL-DR'].append(self.rack(self.dr_site, f'DR{n:02d}', 42, 8))
        self.room_sites = {}
        self.room_racks = {}
        communes = [code for code, *_rest in demo_data.all_units() if code.startswith(('X-', 'P-'))]
        drawn = [code for code in communes if code not in COMMUNE_ROOMS and rng.random() < 0.6]
        self.rooms = dict(ROOMS)
        self.dual_stack = {code for code in ROOMS if rng.random() < 0.4}
        for code in [*COMMUNE_ROOMS, *drawn]:
            hosts = rng.choice((0, 0, 0, 1, 2))
            platform = rng.choice(('vmware', 'hyperv')) if hosts else None
            bare = rng.randint(2, 5)
            if code in ('X-THOXUAN', 'X-TRIEUSON', 'P-SAMSON', 'P-BIMSON'):
                platform, hosts, bare = 'vmware', 2, max(bare, 3)
            self.rooms[code] = (platform, hosts, bare, 1)
        for code, (_platform, _hosts, _bare, racks) in self.rooms.items():
            unit = self.units[code]
            commune = code.startswith(('X-', 'P-'))
            site = self.add('sites', m.Site(
                uid=self.uid(), unit=unit, code='PHONG-MAY-CHU', name=f'Phòng máy chủ {unit.name_vi}'[:200],
                kind=c.SiteKind.SERVER_ROOM, address=f'Trụ sở {unit.name_vi} (minh họa)'[:300],
                floor_area_m2=Decimal(rng.choice((6, 8, 10)) if commune else rng.choice((15, 20, 25, 30, 40, 60))),
                power_capacity_kw=Decimal(rng.choice((3, 5)) if commune else rng.choice((10, 15, 20, 30, 40))),
                tier='' if commune else rng.choice(('', 'TCVN 9250:2021 mức 1', 'TCVN 9250:2021 mức 2'))))
            self.room_sites[code] = site
            self.room_racks[code] = [self.rack(site, f'R{n:02d}', 20 if commune else 42, 3 if commune else 5)
                                     for n in range(1, racks + 1)]

    def rack(self, site, name, height, power):
        return self.add('racks', m.Rack(uid=self.uid(), site=site, name=name, u_height=height,
                                        power_kw=Decimal(power)))

    # physical servers, clusters -------------------------------------------------------------------------

    def server(self, unit, hostname, site, rack, role, cluster=None, small=False, year_range=None, status=None,
               os_=None, os_version=''):
        rng = self.rng
        models = SMALL_SERVER_MODELS if small else SERVER_MODELS
        if year_range:
            models = [x for x in models if x[2] <= year_range[1] and x[3] >= year_range[0]] or models
        manufacturer, model, first, last, cpu, sockets, cores, watts = self.pick(models)
        year = rng.randint(first, last)
        memory = rng.choice((16, 32, 64)) if small else rng.choice((128, 256, 384, 512, 768)) if role == \
            c.ServerRole.HYPERVISOR else rng.choice((64, 128, 256))
        if year < 2016:
            memory = min(memory, 256)
        warranty = date(year + rng.choice((3, 3, 5, 5, 5)), rng.randint(1, 12), rng.randint(1, 28))
        if status is None:
            status = c.EquipmentStatus.ACTIVE
        server = self.add('servers', m.PhysicalServer(
            uid=self.uid(), unit=unit, hostname=hostname, site=site, rack=rack, cluster=cluster, role=role,
            status=status, manufacturer=manufacturer, model=model, serial=self.serial(manufacturer),
            firmware={'Dell': 'BIOS 2.19.1', 'HPE': 'U30 v2.90', 'Lenovo': 'UEFI 3.30', 'Huawei': 'BIOS 6.57',
                      'Fujitsu': 'R1.38.0', 'IBM': 'IMM2 5.90'}[manufacturer],
            purchase_year=year, warranty_end=warranty, cpu_model=cpu, cpu_sockets=sockets,
            cpu_cores=sockets * cores, memory_gib=memory,
            storage_gib=rng.choice((480, 960, 1200, 2400, 4800, 9600)) if role != c.ServerRole.HYPERVISOR
            else rng.choice((240, 480, 960)), os=os_ or '', os_version=os_version,
            power_watts=int(watts * rng.uniform(0.45, 0.8))))
        server._systems = []
        return server

    def cluster(self, unit, name, platform, site, manager, version, shared=False):
        cluster = self.add('clusters', m.Cluster(uid=self.uid(), unit=unit, name=name, platform=platform,
                                                 manager=manager, version=version, site=site, is_shared=shared))
        cluster._hosts = []
        return cluster

    def build_equipment(self):
        rng = self.rng
        ttcntt = self.units['TTCNTT']
        dc, dr = self.dc_site, self.dr_site
        racks = self.racks['TTDL-TINH']
        self.dc_clusters = {}
        layout = [  # name, platform, hosts, version, year range, kind
            ('DC-PROD-01', 'vmware', 16, '8.0 U2', (2021, 2025), 'prod'),
            ('DC-PROD-02', 'vmware', 16, '8.0 U2', (2021, 2025), 'prod'),
            ('DC-PROD-03', 'vmware', 16, '7.0 U3', (2018, 2022), 'prod'),
            ('DC-PROD-04', 'vmware', 16, '7.0 U3', (2018, 2022), 'prod'),
            ('DC-PROD-05', 'vmware', 14, '7.0 U3', (2019, 2022), 'prod'),
            ('DC-PROD-06', 'vmware', 14, '8.0 U2', (2023, 2025), 'prod'),
            ('DC-PROD-07', 'vmware', 14, '8.0 U2', (2024, 2025), 'prod'),
            ('DC-VDI-01', 'vmware', 12, '7.0 U3', (2020, 2022), 'prod'),
            ('DC-DMZ-01', 'vmware', 8, '7.0 U3', (2019, 2022), 'dmz'),
            ('DC-DMZ-02', 'vmware', 8, '8.0 U2', (2022, 2025), 'dmz'),
            ('DC-DB-01', 'vmware', 10, '7.0 U3', (2020, 2023), 'db'),
            ('DC-MGMT-01', 'vmware', 4, '7.0 U3', (2019, 2021), 'mgmt'),
            ('DC-LEGACY-01', 'vmware', 12, '6.5 U3', (2012, 2017), 'legacy'),
            ('DC-HV-01', 'hyperv', 10, '2019', (2018, 2021), 'hyperv'),
            ('DC-PVE-01', 'proxmox', 8, '8.1', (2021, 2024), 'proxmox'),
            ('DR-PROD-01', 'vmware', 14, '8.0 U2', (2022, 2025), 'dr'),
        ]
        rack_i = 0
        for name, platform, hosts, version, years, kind in layout:
            product, _versions, manager, _short = PLATFORM[platform]
            site = dr if kind == 'dr' else dc
            manager_host = f'{manager}{"-dr" if kind == "dr" else "01"}.dc.{DOMAIN}'
            cluster = self.cluster(ttcntt, name, platform, site, manager_host, version, shared=True)
            cluster._kind = kind
            self.dc_clusters[name] = cluster
            short = name.lower().replace('dc-', '').replace('-', '')
            for n in range(1, hosts + 1):
                if kind == 'dr':
                    rack = self.racks['TTDL-DR'][(n - 1) % 4]
                else:
                    rack = racks[rack_i % len(racks)]
                    rack_i += 1 if n % 3 == 0 else 0
                host = self.server(ttcntt, f'dc-{short}-{PLATFORM[platform][3]}{n:02d}', site, rack,
                                   c.ServerRole.HYPERVISOR, cluster, year_range=years, os_=product,
                                   os_version=version)
                cluster._hosts.append(host)
        # Bare metal at the data centre, linked to systems later
        self.dc_bare = []
        bare = [('dc-ora-dd', 4, c.ServerRole.DATABASE, 'VPDKDD-CSDL-DATDAI', 'Oracle Linux 8', '8.9'),
                ('dc-ora-ns', 2, c.ServerRole.DATABASE, 'STC-QLNS', 'Oracle Linux 7', '7.9'),
                ('dc-ora-qlvb', 2, c.ServerRole.DATABASE, 'VP-UBND-QLVB', 'Oracle Linux 8', '8.9'),
                ('dc-hdp', 10, c.ServerRole.APPLICATION, 'SKHCN-KHO-DLDC', 'Red Hat Enterprise Linux 8', '8.8'),
                ('dc-veeam-rep', 6, c.ServerRole.BACKUP, 'TTCNTT-SAOLUU', 'Windows Server 2019', '1809'),
                ('dc-nas', 3, c.ServerRole.STORAGE, 'TTCNTT-HATANG-TTDL', 'TrueNAS SCALE', '23.10'),
                ('dc-soc-col', 4, c.ServerRole.APPLICATION, 'TTCNTT-SOC', 'Ubuntu 22.04 LTS', '22.04'),
                ('dc-mail-store', 2, c.ServerRole.STORAGE, 'TTCNTT-EMAIL', 'CentOS 7', '7.9'),
                ('dc-k8s-gpu', 2, c.ServerRole.APPLICATION, 'TTCNTT-IOC', 'Ubuntu 22.04 LTS', '22.04'),
                ('dc-old', 12, c.ServerRole.APPLICATION, None, 'Windows Server 2008 R2', '6.1'),
                ('dc-spare', 16, c.ServerRole.OTHER, None, '', ''),
                ('dc-dr-bk', 2, c.ServerRole.BACKUP, 'TTCNTT-SAOLUU', 'Windows Server 2019', '1809')]
        for prefix, count, role, system, os_, version in bare:
            for n in range(1, count + 1):
                status = c.EquipmentStatus.ACTIVE
                years = None
                if prefix == 'dc-spare':
                    status = (c.EquipmentStatus.INVENTORY, c.EquipmentStatus.INVENTORY, c.EquipmentStatus.STANDBY,
                              c.EquipmentStatus.FAULTY, c.EquipmentStatus.DECOMMISSIONED)[n % 5]
                elif prefix == 'dc-old':
                    years = (2012, 2015)
                    status = c.EquipmentStatus.DECOMMISSIONED if n > 8 else c.EquipmentStatus.ACTIVE
                site = dr if prefix == 'dc-dr-bk' else dc
                rack = self.racks['TTDL-DR'][n % 4] if site is dr else racks[rack_i % len(racks)]
                rack_i += 1 if n % 2 == 0 else 0
                server = self.server(ttcntt, f'{prefix}{n:02d}', site, rack, role, year_range=years, status=status,
                                     os_=os_, os_version=version)
                if status == c.EquipmentStatus.INVENTORY:
                    server.rack = None
                if system and system in self.systems:
                    server._systems.append(self.systems[system])
                    self.machines_of.setdefault(system, []).append(server)
                self.dc_bare.append(server)
        # Unit rooms
        self.room_clusters = {}
        self.room_bare = {}
        for code, (platform, hosts, bare_count, _racks) in self.rooms.items():
            unit = self.units[code]
            site = self.room_sites[code]
            unit_racks = self.room_racks[code]
            lower = code.lower()
            commune = code.startswith(('X-', 'P-'))
            clusters = []
            if platform:
                product, versions, manager, short = PLATFORM[platform]
                groups = [hosts] if hosts <= 10 else [hosts // 2, hosts - hosts // 2]
                number = 0
                for g, count in enumerate(groups, 1):
                    version = self.pick(versions)
                    name = f'{code}-CLUSTER-{g:02d}' if not commune else f'{code}-HOST'
                    cluster = self.cluster(unit, name, platform, site, f'{manager}.{lower}.{DOMAIN}', version)
                    cluster._kind = 'room'
                    for _n in range(count):
                        number += 1
                        hostname = f'{lower}-{short}{number:02d}'
                        host = self.server(unit, hostname, site, unit_racks[number % len(unit_racks)],
                                           c.ServerRole.HYPERVISOR, cluster, small=commune, os_=product,
                                           os_version=version)
                        cluster._hosts.append(host)
                    clusters.append(cluster)
            self.room_clusters[code] = clusters
            servers = []
            for n in range(1, bare_count + 1):
                role = self.pick((c.ServerRole.APPLICATION, c.ServerRole.APPLICATION, c.ServerRole.DATABASE,
                                  c.ServerRole.BACKUP, c.ServerRole.OTHER))
                os_label = self.pick(('Windows Server 2012 R2', 'Windows Server 2016', 'Windows Server 2019',
                                      'CentOS 7', 'Windows Server 2008 R2', 'Ubuntu 20.04 LTS'))
                status = c.EquipmentStatus.ACTIVE if rng.random() < 0.9 else self.pick(
                    (c.EquipmentStatus.STANDBY, c.EquipmentStatus.FAULTY, c.EquipmentStatus.DECOMMISSIONED))
                server = self.server(unit, f'{lower}-srv{n:02d}', site, unit_racks[n % len(unit_racks)], role,
                                     small=commune or rng.random() < 0.3, status=status, os_=os_label,
                                     os_version=OSES[os_label][2])
                servers.append(server)
            self.room_bare[code] = servers

    # devices --------------------------------------------------------------------------------------

    def device(self, proxy, unit, name, kind, manufacturer, model, site, rack=None, function='', systems=(), **extra):
        rng = self.rng
        year = extra.pop('year', None) or rng.randint(2015, 2025)
        device = self.add('devices', proxy(
            uid=self.uid(), unit=unit, category=proxy.category_code, name=name, kind=kind, function=function,
            status=extra.pop('status', c.EquipmentStatus.ACTIVE), site=site, rack=rack, manufacturer=manufacturer,
            model=model, serial=self.serial(manufacturer), firmware=extra.pop('firmware', ''), purchase_year=year,
            warranty_end=date(year + rng.choice((3, 5)), rng.randint(1, 12), rng.randint(1, 28)),
            power_watts=extra.pop('power_watts', rng.choice((150, 250, 400, 650))), **extra))
        device._systems = [self.systems[code] for code in systems if code in self.systems]
        return device

    def build_devices(self):
        rng = self.rng
        N, S, ST, B, OT = m.NetworkDevice, m.SecurityDevice, m.StorageSystem, m.BackupSystem, m.OtherDevice
        ttcntt, dc, dr = self.units['TTCNTT'], self.dc_site, self.dr_site
        racks = self.racks['TTDL-TINH']
        D = self.device
        infra = ('TTCNTT-HATANG-TTDL',)
        web = ('SKHCN-CONG-TTDT', 'VP-UBND-CONG-DVC', 'TTCNTT-EMAIL', 'TTCNTT-SSO', 'SGDDT-QLTH')
        for i in (1, 2):
            D(N, ttcntt, f'DC-CORE-SW0{i}', 'core_switch', 'Cisco', 'Nexus 93180YC-FX3', dc, racks[i - 1],
              'Chuyển mạch lõi Trung tâm dữ liệu', infra, throughput_mbps=3_600_000, ports=54,
              firmware='NX-OS 10.3(4a)')
            D(N, ttcntt, f'DC-EDGE-RT0{i}', 'router', 'Juniper', 'MX204', dc, racks[i - 1],
              'Định tuyến biên, kết nối Internet và mạng TSLCD', infra, throughput_mbps=400_000, ports=8)
            D(N, ttcntt, f'DC-SAN-SW0{i}', 'san_switch', 'Brocade', 'G620', dc, racks[i + 1],
              'Chuyển mạch SAN Fibre Channel', infra, throughput_mbps=1_536_000, ports=64)
            D(N, ttcntt, f'DC-LB0{i}', 'load_balancer', 'F5', 'BIG-IP i5800', dc, racks[i + 2],
              'Cân bằng tải ứng dụng', web, throughput_mbps=35_000, ports=16)
            D(S, ttcntt, f'DC-FW-EDGE0{i}', 'firewall', 'Palo Alto Networks', 'PA-5430', dc, racks[i - 1],
              'Tường lửa vùng biên', infra, throughput_mbps=60_000, firmware='PAN-OS 11.1')
            D(S, ttcntt, f'DC-FW-CORE0{i}', 'firewall', 'Fortinet', 'FortiGate 1800F', dc, racks[i - 1],
              'Tường lửa phân vùng nội bộ', infra, throughput_mbps=198_000, firmware='FortiOS 7.2.8')
            D(S, ttcntt, f'DC-WAF0{i}', 'waf', 'Fortinet', 'FortiWeb 3000F', dc, racks[i + 3],
              'Tường lửa ứng dụng web cho các cổng thông tin', web, throughput_mbps=20_000)
            D(S, ttcntt, f'DC-IPS0{i}', 'ips', 'Cisco', 'Firepower 4125', dc, racks[i + 3],
              'Phát hiện và ngăn chặn xâm nhập', infra, throughput_mbps=45_000)
        D(S, ttcntt, 'DC-VPN01', 'vpn', 'Fortinet', 'FortiGate 600F', dc, racks[5], 'Truy cập từ xa (VPN SSL)',
          infra, throughput_mbps=10_000)
        D(S, ttcntt, 'DC-SIEM01', 'siem', 'IBM', 'QRadar 3129', dc, racks[6], 'Thu thập và phân tích nhật ký',
          ('TTCNTT-SOC',))
        D(S, ttcntt, 'DC-ANTIAPT01', 'antimalware', 'Trend Micro', 'Deep Discovery Inspector 9200', dc, racks[6],
          'Phát hiện mã độc nâng cao', ('TTCNTT-SOC',))
        D(S, ttcntt, 'DC-ANTIDDOS01', 'other', 'Radware', 'DefensePro 60', dc, racks[0], 'Chống tấn công DDoS', web)
        for n in range(1, 21):
            D(N, ttcntt, f'DC-TOR-SW{n:02d}', 'access_switch', 'Cisco', 'Nexus 93108TC-FX3P', dc,
              racks[n % len(racks)], 'Chuyển mạch đầu tủ (ToR)', infra, throughput_mbps=2_160_000, ports=54)
        for n in range(1, 5):
            D(N, ttcntt, f'DC-OOB-SW{n:02d}', 'access_switch', 'Cisco', 'Catalyst 9200L-48T', dc, racks[n],
              'Mạng quản trị ngoài băng', infra, throughput_mbps=176_000, ports=52)
        storages = [('DC-PSTORE01', 'san', 'Dell', 'PowerStore 3200T', 'fc', 368, 250, 'DC-PROD-03'),
                    ('DC-PSTORE02', 'san', 'Dell', 'PowerStore 3200T', 'fc', 368, 250, 'DC-PROD-04'),
                    ('DC-UNITY01', 'unified', 'Dell', 'Unity XT 480', 'mixed', 240, 168, 'DC-LEGACY-01'),
                    ('DC-NETAPP01', 'nas', 'NetApp', 'AFF A400', 'nfs', 184, 130, 'DC-PVE-01'),
                    ('DC-OCEANSTOR01', 'san', 'Huawei', 'OceanStor Dorado 5000 V6', 'fc', 307, 215, 'DC-DB-01'),
                    ('DC-3PAR01', 'san', 'HPE', '3PAR StoreServ 8200', 'iscsi', 96, 62, 'DC-HV-01'),
                    ('DC-MSA01', 'san', 'HPE', 'MSA 2060', 'iscsi', 57, 38, 'DC-MGMT-01'),
                    ('DC-OBJ01', 'object', 'Cloudian', 'HyperStore 4000', 's3', 480, 320, None),
                    ('DR-PSTORE01', 'san', 'Dell', 'PowerStore 1200T', 'fc', 184, 126, None)]
        for name, kind, vendor, model, proto, raw, usable, _cluster in storages:
            site = dr if name.startswith('DR') else dc
            rack = self.racks['TTDL-DR'][0] if site is dr else self.pick(racks)
            used = Decimal(usable) * Decimal(rng.randint(40, 92)) / 100
            D(ST, ttcntt, name, kind, vendor, model, site, rack, 'Lưu trữ dùng chung Trung tâm dữ liệu', infra,
              protocol=proto, raw_tib=Decimal(raw), usable_tib=Decimal(usable), used_tib=used.quantize(Decimal('0.01')),
              power_watts=rng.choice((1200, 1800, 2400)))
        backups = [('DC-VEEAM', 'software', 'Veeam', 'Backup & Replication 12', 'Veeam Backup & Replication 12.1',
                    'daily', 30, True), ('DC-DATADOMAIN01', 'appliance', 'Dell', 'PowerProtect DD6900',
                                         'Dell PowerProtect DD Boost', 'daily', 90, True),
                   ('DC-TAPE01', 'tape', 'HPE', 'StoreEver MSL3040 LTO-8', 'Veeam tape jobs', 'weekly', 365, True),
                   ('DC-COMMVAULT', 'software', 'Commvault', 'Complete Backup & Recovery', 'Commvault 11.32',
                    'daily', 60, False)]
        for name, kind, vendor, model, software, freq, retention, offsite in backups:
            D(B, ttcntt, name, kind, vendor, model, dc, self.pick(racks), 'Sao lưu tập trung',
              ('TTCNTT-SAOLUU', 'VPDKDD-CSDL-DATDAI', 'VP-UBND-QLVB', 'VP-UBND-CONG-DVC'), software=software,
              frequency=freq, retention_days=retention, offsite_copy=offsite,
              last_restore_test=self.day(-300, -10))
        for n in range(1, 5):
            D(OT, ttcntt, f'DC-UPS{n:02d}', 'UPS', 'Schneider Electric', 'Galaxy VS 100 kVA', dc, None,
              'Nguồn điện liên tục', infra, power_watts=None)
            D(OT, ttcntt, f'DC-PAC{n:02d}', 'Điều hòa chính xác', 'Vertiv', 'Liebert PDX 45 kW', dc, None,
              'Làm mát phòng máy', infra, power_watts=15000)
        D(OT, ttcntt, 'DC-GEN01', 'Máy phát điện', 'Cummins', 'C700 D5', dc, None, 'Nguồn dự phòng', infra,
          power_watts=None)
        D(OT, ttcntt, 'DC-FIRE01', 'Chữa cháy khí', 'Siemens', 'Sinorix 1230', dc, None, 'Chữa cháy tự động',
          infra, power_watts=200)
        D(OT, ttcntt, 'DC-EMS01', 'Giám sát môi trường', 'Netbotz', 'NetBotz 755', dc, None,
          'Giám sát nhiệt độ, độ ẩm, rò rỉ nước', ('TTCNTT-GIAMSAT-TTDL',), power_watts=60)
        # Unit rooms
        for code in self.rooms:
            unit = self.units[code]
            site = self.room_sites[code]
            unit_racks = self.room_racks[code]
            commune = code.startswith(('X-', 'P-'))
            systems = (f'{code}-HATANG',)
            rack = unit_racks[0]
            if commune:
                D(N, unit, f'{code}-RT01', 'router', *self.pair(('DrayTek', 'Cisco', 'MikroTik'),
                  ('Vigor 2927', 'ISR 1111', 'RB4011')), site, rack, 'Kết nối Internet, mạng TSLCD',
                  systems, throughput_mbps=1000, ports=8)
                D(N, unit, f'{code}-SW01', 'access_switch', *self.pair(('Cisco', 'HPE Aruba', 'TP-Link'),
                  ('CBS350-24T', '2530-24G', 'TL-SG3428')), site, rack, 'Chuyển mạch truy cập', systems,
                  throughput_mbps=56_000, ports=28)
                if rng.random() < 0.6:
                    D(S, unit, f'{code}-FW01', 'firewall', 'Fortinet', self.pick(('FortiGate 40F', 'FortiGate 60F')),
                      site, rack, 'Tường lửa trụ sở', systems, throughput_mbps=5_000)
                D(OT, unit, f'{code}-UPS01', 'UPS', 'APC', self.pick(('Smart-UPS 3000', 'Easy UPS 3 kVA')), site,
                  None, 'Nguồn điện liên tục', systems, power_watts=None)
                if rng.random() < 0.3:
                    D(ST, unit, f'{code}-NAS01', 'nas', 'Synology', self.pick(('DS1621+', 'RS1221+')), site, rack,
                      'Lưu trữ tệp dùng chung', systems, protocol='smb', raw_tib=Decimal(24), usable_tib=Decimal(16),
                      used_tib=Decimal(rng.randint(300, 1500)) / 100)
                continue
            D(N, unit, f'{code}-CORE-SW01', 'core_switch', *self.pair(('Cisco', 'HPE Aruba', 'Juniper', 'Huawei'),
              ('Catalyst 9500-24Y4C', 'Aruba 6400', 'EX4650', 'CloudEngine S6730')), site, rack,
              'Chuyển mạch lõi', systems, throughput_mbps=2_000_000, ports=28)
            for n in range(1, rng.randint(2, 5)):
                D(N, unit, f'{code}-ACC-SW{n:02d}', 'access_switch', *self.pair(('Cisco', 'HPE Aruba'),
                  ('Catalyst 9200-48T', 'Aruba 2930F-48G')), site, unit_racks[n % len(unit_racks)],
                  'Chuyển mạch truy cập', systems, throughput_mbps=176_000, ports=52)
            D(N, unit, f'{code}-RT01', 'router', 'Cisco', self.pick(('ISR 4331', 'ISR 4451', 'C8300-1N1S')), site,
              rack, 'Định tuyến, kết nối mạng TSLCD', systems, throughput_mbps=2000, ports=6)
            if rng.random() < 0.3:
                D(N, unit, f'{code}-WLC01', 'wireless', *self.pair(('Cisco', 'HPE Aruba', 'Ruckus'),
                  ('Catalyst 9800-L', 'Aruba 7205', 'SmartZone 144')), site, rack, 'Điều khiển Wi-Fi',
                  systems, throughput_mbps=20_000)
            D(S, unit, f'{code}-FW01', 'firewall',
              *self.pair(('Fortinet', 'Palo Alto Networks', 'Sophos', 'Check Point'),
              ('FortiGate 200F', 'PA-850', 'XGS 4300', 'Quantum 3600')), site, rack, 'Tường lửa trụ sở',
              systems, throughput_mbps=self.pick((10_000, 20_000, 27_000)))
            if code in ('BVDK', 'SGDDT', 'VPDKDD', 'STC', 'DPTTH'):
                D(S, unit, f'{code}-WAF01', 'waf', *self.pair(('Imperva', 'F5', 'Fortinet'),
                  ('X2520', 'BIG-IP ASM i2800', 'FortiWeb 1000F')), site, rack, 'Bảo vệ ứng dụng web',
                  systems, throughput_mbps=5_000)
            if rng.random() < 0.2:
                D(S, unit, f'{code}-IPS01', 'ips', 'Cisco', 'Firepower 1150', site, rack, 'Phát hiện xâm nhập',
                  systems, throughput_mbps=3_000)
            if self.room_clusters.get(code):
                raw = Decimal(self.pick((24, 48, 96, 192)))
                D(ST, unit, f'{code}-SAN01', self.pick(('san', 'unified')),
                  *self.pair(('Dell', 'HPE', 'Huawei'), ('PowerVault ME5024', 'MSA 2060', 'OceanStor 5310')), site,
                  rack,
                  'Lưu trữ cho cụm ảo hóa', systems, protocol=self.pick(('iscsi', 'fc')), raw_tib=raw,
                  usable_tib=(raw * Decimal('0.68')).quantize(Decimal('0.01')),
                  used_tib=(raw * Decimal(rng.randint(30, 62)) / 100).quantize(Decimal('0.01')))
                D(B, unit, f'{code}-BACKUP01', 'software', 'Veeam', 'Backup & Replication', site, rack,
                  'Sao lưu máy ảo', systems,
                  software=self.pick(('Veeam Backup & Replication 11', 'Veeam Backup & Replication 12')),
                  frequency=self.pick(('daily', 'daily', 'weekly')),
                  retention_days=self.pick((14, 30, 30, 60)), offsite_copy=rng.random() < 0.3,
                  last_restore_test=self.day(-900, -20) if rng.random() < 0.6 else None)
            elif rng.random() < 0.4:
                D(ST, unit, f'{code}-NAS01', 'nas', 'Synology', 'RS3621xs+', site, rack, 'Lưu trữ tệp', systems,
                  protocol='smb', raw_tib=Decimal(48), usable_tib=Decimal(32),
                  used_tib=Decimal(rng.randint(500, 2800)) / 100)
            if code == 'BVDK':
                D(ST, unit, 'BVDK-PACS-STORE01', 'nas', 'Dell', 'PowerScale F600', site, rack,
                  'Lưu trữ ảnh DICOM', ('BVDK-PACS',), protocol='nfs', raw_tib=Decimal(480),
                  usable_tib=Decimal(360), used_tib=Decimal('301.50'))
                D(B, unit, 'BVDK-TAPE01', 'tape', 'Quantum', 'Scalar i3 LTO-8', site, rack, 'Sao lưu băng từ',
                  ('BVDK-HIS', 'BVDK-PACS'), software='Veeam tape jobs', frequency='weekly', retention_days=365,
                  offsite_copy=True, last_restore_test=self.day(-200, -30))
            D(OT, unit, f'{code}-UPS01', 'UPS', *self.pair(('APC', 'Eaton', 'Vertiv'),
              ('Smart-UPS SRT 10kVA', '9PX 11kVA', 'Liebert GXT5 10kVA')), site, None,
              'Nguồn điện liên tục', systems, power_watts=None)
            if rng.random() < 0.5:
                D(OT, unit, f'{code}-AC01', 'Điều hòa', 'Daikin', 'FTKC50UVMV', site, None, 'Làm mát phòng máy',
                  systems, power_watts=1500)

        for device in self.out['devices']:
            if device.name.endswith(('-CORE-SW01', '-CORE-SW02')) or (
                    device.name.endswith('-RT01') and device.unit.code.startswith(('X-', 'P-'))):
                self.gateways.setdefault((device.unit.code, device.site.code), []).append(device)
