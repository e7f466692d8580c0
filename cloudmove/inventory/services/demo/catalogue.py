"""Static tables of the demo inventory: its constants, the data-quality problems planted on purpose
(`PLANTED`), the unit rooms and their address-plan overrides, vendors, software stacks, operating systems,
server models and virtualisation platforms."""

from datetime import date, timedelta, timezone

VERSION = 1
SETTING_KEY = 'demo_inventory'
SEED = 2025
MARKER_SYSTEM = 'SKHCN-CONG-TTDT'
REFERENCE_DATE = date(2026, 11, 1)  # "today" of the demo data: warranties, contracts, windows
ICT = timezone(timedelta(hours=7))
DOMAIN = 'demo.thanhhoa.gov.vn'
BATCH = 1000

SUMMARY_KEYS = ('systems', 'sites', 'racks', 'clusters', 'servers', 'vms', 'disks', 'nics', 'devices', 'vlans',
                'prefixes', 'ip_addresses', 'dependencies', 'performance')

# The data-quality problems planted on purpose. Everything else is clean: prefixes of different units do
# not overlap, addresses and host/VM names are unique across units, except for exactly these.
PLANTED = {
    # (unit, prefix, other unit, other prefix, relation)
    'prefix_overlaps': [
        ('X-THOXUAN', '192.168.1.0/24', 'X-TRIEUSON', '192.168.1.0/24', 'same'),
        ('CDC', '192.168.100.0/24', 'VPDKDD', '192.168.100.0/24', 'same'),
        ('STC', '10.10.0.0/16', 'STP', '10.10.5.0/24', 'contains'),
        ('SYT', '172.16.0.0/22', 'BVDK', '172.16.2.0/24', 'contains'),
        ('SXD', '10.200.12.0/24', 'SCT', '10.200.12.0/25', 'contains'),
        ('P-SAMSON', '192.168.10.0/23', 'P-BIMSON', '192.168.11.0/24', 'contains'),
    ],
    # (address, units that both use it)
    'duplicate_ips_across_units': [
        ('192.168.1.7', ('X-THOXUAN', 'X-TRIEUSON')),
        ('192.168.100.7', ('CDC', 'VPDKDD')),
        ('10.10.5.7', ('STC', 'STP')),
        ('10.200.12.7', ('SCT', 'SXD')),
        ('192.168.11.7', ('P-BIMSON', 'P-SAMSON')),
    ],
    # (unit, address given to two of its machines)
    'duplicate_ips_within_unit': [
        ('STC', '10.10.1.8'),
        ('BVDK', '172.16.2.8'),
        ('X-THOXUAN', '192.168.1.8'),
    ],
    'duplicate_server_hostnames': [
        ('esxi01', ('SCT', 'STP')),
        ('maychu-motcua', ('X-THOXUAN', 'X-TRIEUSON')),
    ],
    'duplicate_vm_names': [
        ('web01', ('SCT', 'SNV')),
        ('DC01', ('CDC', 'VPDKDD')),
    ],
    'systems_without_security_level': [
        'SCT-CCN', 'SVHTTDL-TDTT', 'BQLKKT-LAODONG', 'TCT-THUVIEN', 'X-NGASON-TRUYENTHANH', 'P-HAMRONG-CAMERA',
    ],
    # In-house systems whose machines were never surveyed (leased and planned systems have none either).
    'systems_without_machines': [
        'SDTTG-CSDL', 'STP-TGPL', 'SNV-THIDUA', 'BQLDA-NN-QLDA', 'X-MUONGLAT-MOTCUA',
    ],
    'vms_without_system': 120,  # powered-on or off VMs that no system claims (templates not counted)
}

# Room ("phòng máy chủ") of each unit that has equipment of its own: virtualisation platform or None for
# bare metal only, hypervisor hosts, bare-metal servers, racks.
ROOMS = {
    'VP-UBND': ('vmware', 4, 5, 3), 'SKHCN': ('vmware', 2, 3, 1), 'SNV': ('hyperv', 3, 4, 2),
    'STC': ('vmware', 8, 6, 3), 'STP': ('vmware', 2, 4, 2), 'SCT': ('vmware', 2, 4, 1),
    'SNNMT': ('vmware', 5, 6, 2), 'SXD': ('vmware', 4, 5, 2), 'SGDDT': ('vmware', 10, 7, 3),
    'SYT': ('hyperv', 4, 4, 2), 'SVHTTDL': ('proxmox', 3, 3, 1), 'TTRA': (None, 0, 3, 1),
    'BQLKKT': ('vmware', 3, 4, 2), 'BQLDA-DDCN': (None, 0, 2, 1), 'BQLDA-GT': (None, 0, 3, 1),
    'BQLDA-NN': (None, 0, 2, 1), 'BQL-LAMKINH': (None, 0, 3, 1), 'BQL-TNH': (None, 0, 3, 1),
    'TCT': ('proxmox', 3, 3, 1), 'DPTTH': ('vmware', 8, 24, 4), 'TTPVHCC': ('vmware', 4, 4, 2),
    'BVDK': ('vmware', 18, 30, 6), 'CDC': ('hyperv', 4, 4, 2), 'VPDKDD': ('vmware', 8, 10, 3),
    'TTLTLS': ('hyperv', 2, 3, 1),
}
# Communes and wards that must have a room (the planted problems live there); others are drawn.
COMMUNE_ROOMS = ('X-THOXUAN', 'X-TRIEUSON', 'P-SAMSON', 'P-BIMSON', 'P-HACTHANH', 'X-NGOCLAC')

# Unit-room address plan overrides: (unit, purpose) -> (cidr, first host offset, last host offset).
ROOM_PREFIXES = {
    ('X-THOXUAN', 'server'): ('192.168.1.0/24', 10, 127),
    ('X-TRIEUSON', 'server'): ('192.168.1.0/24', 130, 253),
    ('CDC', 'server'): ('192.168.100.0/24', 10, 127),
    ('VPDKDD', 'server'): ('192.168.100.0/24', 130, 253),
    ('STC', 'server'): ('10.10.0.0/16', 266, 1270),  # legacy flat network; 10.10.5.0/24 left to STP
    ('STP', 'server'): ('10.10.5.0/24', 10, 253),
    ('SYT', 'server'): ('172.16.0.0/22', 10, 500),
    ('BVDK', 'mgmt'): ('172.16.2.0/24', 10, 253),
    ('SCT', 'server'): ('10.200.12.0/25', 10, 126),  # a range the data centre also gave to SXD
    ('P-SAMSON', 'server'): ('192.168.10.0/23', 10, 253),
    ('P-BIMSON', 'server'): ('192.168.11.0/24', 10, 253),
}
DC_RESERVED = {'10.200.12.0/24': ('SXD', 130, 253)}  # SXD's first data-centre segment

VENDORS = [
    'VNPT-IT', 'Viettel Solutions', 'FPT IS', 'CMC TS', 'MISA', 'Công ty CP Giải pháp số Lam Sơn (minh họa)',
    'Công ty TNHH Phần mềm Hàm Rồng (minh họa)', 'Công ty CP Công nghệ Sông Mã (minh họa)', 'Vietinfo',
    'Hanel CSF', 'Tự phát triển (đơn vị vận hành)',
]

# os, database, middleware, framework
STACKS = {
    'net': ('Windows Server 2019', 'Microsoft SQL Server 2019', 'IIS 10', '.NET Framework 4.8 / ASP.NET MVC'),
    'net8': ('Windows Server 2022', 'Microsoft SQL Server 2022', 'IIS 10', '.NET 8 / ASP.NET Core'),
    'net_legacy': ('Windows Server 2012 R2', 'Microsoft SQL Server 2012', 'IIS 8.5', '.NET Framework 4.5'),
    'net_old': ('Windows Server 2008 R2', 'Microsoft SQL Server 2008 R2', 'IIS 7.5', 'ASP.NET WebForms'),
    'java_oracle': ('Red Hat Enterprise Linux 8', 'Oracle Database 19c', 'Oracle WebLogic 12c',
                    'Java 8 / Spring'),
    'java_pg': ('Ubuntu 22.04 LTS', 'PostgreSQL 15', 'Nginx / Apache Tomcat 9', 'Java 17 / Spring Boot'),
    'java_legacy': ('CentOS 7', 'Oracle Database 11g', 'JBoss EAP 6', 'Java 7 / Struts 2'),
    'micro': ('Ubuntu 22.04 LTS', 'PostgreSQL 15', 'Kubernetes 1.28 / Nginx Ingress', 'Java 17 / Spring Cloud'),
    'liferay': ('Red Hat Enterprise Linux 8', 'PostgreSQL 13', 'Liferay DXP 7.4 / Tomcat', 'Java 11 / Liferay'),
    'php': ('CentOS 7', 'MySQL 5.7', 'Apache 2.4', 'PHP 7.4 / Laravel'),
    'php_old': ('CentOS 6', 'MySQL 5.5', 'Apache 2.2', 'PHP 5.6'),
    'node': ('Ubuntu 20.04 LTS', 'MongoDB 6.0', 'Nginx', 'Node.js 18 / NestJS'),
    'python': ('Rocky Linux 9', 'PostgreSQL 16', 'Nginx / Gunicorn', 'Python 3.11 / Django'),
    'infra_win': ('Windows Server 2016', 'Microsoft SQL Server 2016', '', ''),
    'infra_linux': ('Ubuntu 20.04 LTS', 'PostgreSQL 12', '', ''),
}
MODERN_STACKS = ['net', 'net8', 'java_oracle', 'java_pg', 'micro', 'php', 'node', 'python', 'java_pg', 'net']
LEGACY_STACKS = ['net_legacy', 'net_old', 'java_legacy', 'php_old', 'php']

# OS label -> family, guest OS name (as vCenter reports it), version, firmware, end of life
OSES = {
    'Windows Server 2008 R2': ('windows', 'Microsoft Windows Server 2008 R2 (64-bit)', '6.1', 'bios'),
    'Windows Server 2012 R2': ('windows', 'Microsoft Windows Server 2012 R2 (64-bit)', '6.3', 'bios'),
    'Windows Server 2016': ('windows', 'Microsoft Windows Server 2016 (64-bit)', '10.0.14393', 'efi'),
    'Windows Server 2019': ('windows', 'Microsoft Windows Server 2019 (64-bit)', '10.0.17763', 'efi'),
    'Windows Server 2022': ('windows', 'Microsoft Windows Server 2022 (64-bit)', '10.0.20348', 'efi'),
    'CentOS 6': ('linux', 'CentOS 6 (64-bit)', '6.10', 'bios'),
    'CentOS 7': ('linux', 'CentOS 7 (64-bit)', '7.9', 'bios'),
    'Red Hat Enterprise Linux 8': ('linux', 'Red Hat Enterprise Linux 8 (64-bit)', '8.8', 'efi'),
    'Oracle Linux 7': ('linux', 'Oracle Linux 7 (64-bit)', '7.9', 'bios'),
    'Oracle Linux 8': ('linux', 'Oracle Linux 8 (64-bit)', '8.9', 'efi'),
    'Ubuntu 16.04 LTS': ('linux', 'Ubuntu Linux (64-bit)', '16.04', 'bios'),
    'Ubuntu 20.04 LTS': ('linux', 'Ubuntu Linux (64-bit)', '20.04', 'efi'),
    'Ubuntu 22.04 LTS': ('linux', 'Ubuntu Linux (64-bit)', '22.04', 'efi'),
    'Rocky Linux 9': ('linux', 'Rocky Linux (64-bit)', '9.3', 'efi'),
    'Debian 12': ('linux', 'Debian GNU/Linux 12 (64-bit)', '12', 'efi'),
}
DB_OS = {'Oracle Database 19c': 'Oracle Linux 8', 'Oracle Database 11g': 'Oracle Linux 7'}

SERVER_MODELS = [
    # manufacturer, model, first year, last year, cpu model, sockets, cores per socket, watts
    ('Dell', 'PowerEdge R720', 2012, 2015, 'Intel Xeon E5-2650 v2', 2, 8, 495),
    ('HPE', 'ProLiant DL380 Gen9', 2015, 2018, 'Intel Xeon E5-2680 v4', 2, 14, 500),
    ('Dell', 'PowerEdge R730', 2015, 2018, 'Intel Xeon E5-2690 v4', 2, 14, 550),
    ('IBM', 'System x3650 M5', 2015, 2017, 'Intel Xeon E5-2640 v3', 2, 8, 550),
    ('Dell', 'PowerEdge R740', 2018, 2021, 'Intel Xeon Gold 6248R', 2, 24, 750),
    ('HPE', 'ProLiant DL380 Gen10', 2018, 2022, 'Intel Xeon Gold 6230', 2, 20, 800),
    ('Lenovo', 'ThinkSystem SR650', 2018, 2021, 'Intel Xeon Gold 5218', 2, 16, 750),
    ('Huawei', 'FusionServer 2288H V5', 2019, 2022, 'Intel Xeon Gold 6242', 2, 16, 900),
    ('Fujitsu', 'PRIMERGY RX2540 M5', 2019, 2021, 'Intel Xeon Silver 4216', 2, 16, 800),
    ('Dell', 'PowerEdge R750', 2021, 2024, 'Intel Xeon Gold 6338', 2, 32, 1100),
    ('HPE', 'ProLiant DL380 Gen10 Plus', 2021, 2024, 'Intel Xeon Gold 6330', 2, 28, 1000),
    ('Lenovo', 'ThinkSystem SR650 V2', 2021, 2024, 'Intel Xeon Gold 5318Y', 2, 24, 1100),
    ('Dell', 'PowerEdge R760', 2023, 2025, 'Intel Xeon Gold 6430', 2, 32, 1400),
    ('HPE', 'ProLiant DL360 Gen11', 2023, 2025, 'Intel Xeon Gold 5420+', 2, 28, 1000),
]
SMALL_SERVER_MODELS = [
    ('Dell', 'PowerEdge T330', 2016, 2019, 'Intel Xeon E3-1240 v6', 1, 4, 350),
    ('HPE', 'ProLiant ML350 Gen9', 2015, 2018, 'Intel Xeon E5-2620 v4', 1, 8, 500),
    ('Dell', 'PowerEdge R340', 2019, 2022, 'Intel Xeon E-2234', 1, 4, 350),
    ('HPE', 'ProLiant DL20 Gen10', 2019, 2023, 'Intel Xeon E-2224', 1, 4, 290),
    ('Lenovo', 'ThinkSystem ST250', 2019, 2023, 'Intel Xeon E-2236', 1, 6, 450),
    ('Dell', 'PowerEdge R250', 2022, 2025, 'Intel Xeon E-2314', 1, 4, 450),
]
PLATFORM = {
    'vmware': ('VMware ESXi', ['6.7 U3', '7.0 U3', '7.0 U3', '8.0 U2', '8.0 U2'], 'vcenter', 'esx'),
    'hyperv': ('Microsoft Hyper-V Server', ['2016', '2019', '2019', '2022'], 'scvmm', 'hv'),
    'proxmox': ('Proxmox VE', ['7.4', '8.1', '8.2'], 'pve', 'pve'),
}
