"""The demo address plan: VLANs, IP prefixes and addresses, drawn from pools (`_Pool`) of one unit, one
purpose and one site, and the addresses of every server, device and VM NIC, planted duplicates included."""

import functools
import ipaddress

from cloudmove.core import demo_data
from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.models.network import ip_hex
from cloudmove.inventory.services.demo.catalogue import DC_RESERVED, DOMAIN, PLANTED, ROOM_PREFIXES


class _Pool:
    """The addresses one unit uses for one purpose at one site; a new prefix (and VLAN) opens when one fills."""

    def __init__(self, builder, unit, site, purpose, label, cidrs, v6=None, vids=None, reserved=1):
        self.b, self.unit, self.site, self.purpose, self.label = builder, unit, site, purpose, label
        self.cidrs, self.v6, self.vids, self.reserved = cidrs, v6, vids, reserved
        self.prefix = self.prefix6 = None
        self.hosts = iter(())
        self.hosts6 = iter(())
        self.vlan = None

    def open(self):
        cidr, first, last = next(self.cidrs)
        network = ipaddress.ip_network(cidr)
        vid = next(self.vids)
        name = f'{self.unit.code}-{self.label}' if vid >= 1000 else self.label
        self.vlan = self.b.vlan(self.unit, vid, name, self.site, self.purpose)
        self.prefix = self.b.prefix(self.unit, network, self.vlan, self.purpose, self.site, self.reserved)
        base = int(network.network_address)
        last = min(last, network.num_addresses - 2)
        self.hosts = (str(ipaddress.ip_address(base + off)) for off in range(first, last + 1))
        if self.v6 is not None:
            network6 = ipaddress.ip_network(self.v6(network))
            self.prefix6 = self.b.prefix(self.unit, network6, self.vlan, self.purpose, self.site, 1)
            base6 = int(network6.network_address)
            self.hosts6 = (str(ipaddress.ip_address(base6 + off)) for off in range(0x10, 0xffff))
        return self.prefix

    def take(self):
        """The next free IPv4 address and its prefix."""
        if self.prefix is None:
            self.open()
        while True:
            for address in self.hosts:
                if address not in self.b.planted_addresses and address not in self.b.seen:
                    return address, self.prefix
            self.open()

    def take6(self):
        return next(self.hosts6), self.prefix6

    @property
    def network_name(self):
        vid = self.vlan.vid
        if self.site is not None and self.site.kind != c.SiteKind.SERVER_ROOM:
            return f'DPG-{vid}-{self.unit.code}-{self.label}'
        return f'VLAN{vid}-{self.label}'


class NetworkMixin:
    """VLANs, prefixes and IP addresses of the demo `_Builder`."""

    # ------------------------------------------------------------ network

    def vlan(self, unit, vid, name, site, purpose):
        return self.add('vlans', m.Vlan(uid=self.uid(), unit=unit, vid=vid, name=name[:100], site=site,
                                        description=purpose[:300]))

    def prefix(self, unit, network, vlan, purpose, site, reserved):
        gateway = str(network.network_address + 1) if network.num_addresses > 4 else None
        prefix = self.add('prefixes', m.IpPrefix(
            uid=self.uid(), unit=unit, cidr=str(network), vlan=vlan, purpose=purpose, gateway=gateway, site=site,
            first_hex=ip_hex(network.network_address), last_hex=ip_hex(network.broadcast_address)))
        if gateway:
            # The unit's own core switch or router answers for the gateway; a tenant segment at the data
            # centre is routed by the centre's switches, so its gateway stays a bare reservation.
            routers = self.gateways.get((unit.code, site.code), []) if site is not None and site.unit is unit \
                else []
            for i in range(reserved):
                address = str(network.network_address + 1 + i)
                if self.seen.get(address, unit.code) != unit.code:
                    continue  # the gateway of an overlapping prefix is recorded by its first owner only
                device = routers[max(0, i - 1) % len(routers)] if routers else None
                self.address(unit, address, prefix, status=c.AddressStatus.ACTIVE if device else
                             c.AddressStatus.RESERVED, device=device,
                             description='Gateway' if i == 0 else f'VRRP/HSRP {i}')
        return prefix

    def address(self, unit, address, prefix, dns_name='', status=c.AddressStatus.ACTIVE, server=None, vm_nic=None,
                device=None, description=''):
        self.seen.setdefault(address, unit.code)
        return self.add('ip_addresses', m.IpAddress(
            uid=self.uid(), unit=unit, address=address, address_hex=ip_hex(address), prefix=prefix,
            dns_name=dns_name, status=status, server=server, vm_nic=vm_nic, device=device,
            description=description))

    def next_unit_vid(self, code, start):
        used = self.unit_vids.setdefault(code, set())
        vid = start
        while vid in used:
            vid += 1
        used.add(vid)
        return vid

    def pool(self, code, purpose):
        """purpose: app, dmz, backup, dr (data-centre tenant segments of the unit); oob, host, vmotion,
        storage, netmgmt, public (the data centre's own); mgmt, server, sdmz, san, users (unit room)."""
        key = (code, purpose)
        if key in self.pools:
            return self.pools[key]
        unit = self.units[code]
        dc = self.dc_site
        if purpose in ('app', 'dmz', 'backup', 'dr'):
            vids = self.dc_vids
            site = self.dr_site if purpose == 'dr' else dc
            label = {'app': 'APP', 'dmz': 'DMZ', 'backup': 'BACKUP', 'dr': 'DR'}[purpose]
            title = {'app': 'Phân vùng máy chủ ứng dụng tại TTDL', 'dmz': 'Phân vùng DMZ tại TTDL',
                     'backup': 'Mạng sao lưu tại TTDL', 'dr': 'Phân vùng dự phòng thảm họa (DR)'}[purpose]
            if purpose == 'app':
                own = [(cidr, lo, hi) for cidr, (owner, lo, hi) in DC_RESERVED.items() if owner == code]
                cidrs = _chain(own, ((n, 10, 253) for n in self.dc_app_nets))
                v6 = _app_v6
            elif purpose == 'dmz':
                cidrs, v6 = ((n, 10, 61) for n in self.dc_dmz_nets), _dmz_v6
            elif purpose == 'backup':
                cidrs, v6 = ((n, 10, 253) for n in self.dc_backup_nets), None
            else:
                cidrs, v6 = ((n, 10, 253) for n in self.dr_nets), None
            pool = _Pool(self, unit, site, title, label, cidrs, v6=v6, vids=vids, reserved=3)
        elif purpose in ('oob', 'host', 'vmotion', 'storage', 'overlay', 'netmgmt', 'public', 'drmgmt'):
            base, vid, label, title = {
                'oob': (0, 10, 'OOB', 'Quản trị ngoài băng (iDRAC/iLO/XCC)'),
                'host': (8, 11, 'HOST-MGMT', 'Quản trị máy chủ ảo hóa'),
                'vmotion': (16, 12, 'VMOTION', 'vMotion / Live Migration'),
                'storage': (24, 13, 'ISCSI', 'Mạng lưu trữ iSCSI/NFS'),
                'overlay': (48, 14, 'NSX-TEP', 'Mạng overlay NSX (TEP)'),
                'netmgmt': (32, 15, 'NET-MGMT', 'Quản trị thiết bị mạng, bảo mật'),
                'drmgmt': (40, 16, 'DR-MGMT', 'Quản trị tại trung tâm dự phòng'),
                'public': (None, 900, 'PUBLIC', 'Dải địa chỉ công cộng (NAT, công bố dịch vụ)'),
            }[purpose]
            site = self.dr_site if purpose == 'drmgmt' else dc
            if base is None:
                cidrs = iter([('203.0.113.0/24', 10, 253), ('198.51.100.0/24', 10, 253)])
            else:
                cidrs = ((f'10.199.{base + i}.0/24', 10, 253) for i in range(8))
            pool = _Pool(self, unit, site, title, label, cidrs, vids=_vid_counter(self, code, vid), reserved=1)
        else:
            octet = 30 + self.order[code]
            site = self.room_sites.get(code)
            third, vid, label, title = {
                'mgmt': (1, 10, 'MGMT', 'Quản trị thiết bị, máy chủ'),
                'server': (10, 20, 'SERVER', 'Vùng máy chủ'),
                'sdmz': (20, 30, 'DMZ', 'Vùng DMZ của đơn vị'),
                'san': (30, 40, 'STORAGE', 'Mạng lưu trữ, sao lưu'),
                'users': (100, 100, 'USERS', 'Mạng người dùng (DHCP)'),
            }[purpose]
            override = ROOM_PREFIXES.get((code, purpose))
            normal = ((f'10.{octet}.{third + i}.0/24', 10, 253) for i in range(9))
            cidrs = _chain(iter([override] if override else []), normal)
            v6 = None
            if code in self.dual_stack and purpose in ('server', 'sdmz'):
                v6 = functools.partial(_room_v6, octet)
            pool = _Pool(self, unit, site, title, label, cidrs, v6=v6, vids=_vid_counter(self, code, vid), reserved=1)
        self.pools[key] = pool
        return pool

    # addresses ------------------------------------------------------------------------------------

    def build_addresses(self):
        rng = self.rng
        # Planted prefixes exist even when nothing uses them.
        for (code, purpose) in ROOM_PREFIXES:
            self.pool(code, purpose).open()
        for code, _lo, _hi in DC_RESERVED.values():
            self.pool(code, 'app').open()
        # Every unit has a user network; the province's public range and the DC's management networks exist.
        for code, *_rest in demo_data.all_units():
            if code in self.units and code != 'UBND':
                self.pool(code, 'users').open()
        self.pool('TTCNTT', 'public').open()
        # Servers: out-of-band management, host management, vMotion and storage for hypervisors
        for server in self.out['servers']:
            code = server.unit.code
            at_dc = server.site is not None and server.site.kind != c.SiteKind.SERVER_ROOM
            dr = server.site is self.dr_site
            unit = server.unit
            name = server.hostname
            if server.status == c.EquipmentStatus.INVENTORY:
                continue
            oob = self.pool(code, 'drmgmt' if dr else 'oob' if at_dc else 'mgmt')
            address, prefix = oob.take()
            server.management_ip = address
            self.address(unit, address, prefix, f'{name}-oob.{self.zone(server)}', server=server,
                         description='iDRAC/iLO/XCC')
            host_pool = self.pool(code, 'drmgmt' if dr else 'host' if at_dc else 'server')
            address, prefix = host_pool.take()
            status = c.AddressStatus.DEPRECATED if server.status == c.EquipmentStatus.DECOMMISSIONED else \
                c.AddressStatus.ACTIVE
            self.address(unit, address, prefix, f'{name}.{self.zone(server)}', status=status, server=server)
            if server.role == c.ServerRole.HYPERVISOR:
                purposes = ('vmotion', 'storage', 'storage') if at_dc and not dr else ('san',) if not at_dc else ()
                if at_dc and not dr and server.cluster.platform == 'vmware' and server.cluster._kind != 'legacy':
                    purposes += ('overlay', 'overlay')
                for purpose in purposes:
                    address, prefix = self.pool(code, purpose).take()
                    self.address(unit, address, prefix, '', server=server, description={
                        'vmotion': 'vMotion', 'storage': 'iSCSI', 'san': 'iSCSI', 'overlay': 'NSX TEP'}[purpose])
            elif server.role in (c.ServerRole.DATABASE, c.ServerRole.BACKUP) and not at_dc:
                address, prefix = self.pool(code, 'san').take()
                self.address(unit, address, prefix, '', server=server, description='Mạng sao lưu')
        # Devices: management address
        for device in self.out['devices']:
            code = device.unit.code
            if device.category == c.DeviceCategory.OTHER and device.kind not in ('UPS', 'Giám sát môi trường'):
                continue
            at_dc = device.site is not None and device.site.kind != c.SiteKind.SERVER_ROOM
            pool = self.pool(code, ('drmgmt' if device.site is self.dr_site else 'netmgmt') if at_dc else 'mgmt')
            address, prefix = pool.take()
            device.management_ip = address
            self.address(device.unit, address, prefix, f'{device.name.lower()}.{self.zone(device)}', device=device,
                         description='Quản trị')
            if device.kind in ('firewall', 'waf', 'load_balancer', 'router') and at_dc:
                for _i in range(rng.randint(2, 8)):
                    address, prefix = self.pool('TTCNTT', 'public').take()
                    self.address(device.unit, address, prefix, '', device=device, description='Địa chỉ công bố (NAT)')
        # VM NICs
        for vm in self.out['vms']:
            code = vm.unit.code
            purpose = vm._purpose
            pool = self.pool(code, purpose)
            for i, nic in enumerate(vm._nics):
                if i == 0:
                    nic_pool = pool
                elif purpose in ('app', 'dmz'):
                    nic_pool = self.pool(code, 'backup')
                elif purpose == 'dr':
                    nic_pool = pool
                else:
                    nic_pool = self.pool(code, 'san')
                address, prefix = nic_pool.take()
                nic.network = nic_pool.network_name
                status = c.AddressStatus.ACTIVE if not vm.is_template else c.AddressStatus.RESERVED
                dns = vm.dns_name if i == 0 else ''
                self.address(vm.unit, address, prefix, dns, status=status, vm_nic=nic)
                if i == 0 and nic_pool.v6 is not None and not vm.is_template:
                    address6, prefix6 = nic_pool.take6()
                    self.address(vm.unit, address6, prefix6, dns, vm_nic=nic)
                if i == 0 and vm._role in ('web', 'lb', 'db') and rng.random() < 0.35:
                    address, prefix = nic_pool.take()
                    self.address(vm.unit, address, prefix, '', vm_nic=nic,
                                 description='Địa chỉ dịch vụ (VIP/cluster)')
        # Addresses of machines long gone, still recorded in the unit's plan
        for pool in list(self.pools.values()):
            if pool.purpose and pool.label in ('APP', 'SERVER') and rng.random() < 0.7:
                for n in range(rng.randint(20, 50)):
                    address, prefix = pool.take()
                    self.address(pool.unit, address, prefix, f'old-{n:02d}.{pool.unit.code.lower()}.{DOMAIN}',
                                 status=c.AddressStatus.DEPRECATED, description='Máy đã hủy, chưa thu hồi địa chỉ')
        # DHCP reservations in the users' networks: printers, cameras, access points, clocks
        kinds = [('printer', 'Máy in mạng'), ('cam', 'Camera IP'), ('ap', 'Điểm truy cập Wi-Fi'),
                 ('chamcong', 'Máy chấm công'), ('ipphone', 'Điện thoại IP'), ('tv', 'Màn hình phòng họp')]
        for code, *_rest in demo_data.all_units():
            pool = self.pools.get((code, 'users'))
            if pool is None:
                continue
            count = rng.randint(12, 40) if code.startswith(('X-', 'P-')) else rng.randint(50, 150)
            for n in range(1, count + 1):
                kind, label = self.pick(kinds)
                address, prefix = pool.take()
                self.address(pool.unit, address, prefix, f'{kind}-{n:03d}.{code.lower()}.{DOMAIN}',
                             status=c.AddressStatus.RESERVED, description=f'{label} (đặt trước DHCP)')
        self.plant_addresses()

    def zone(self, obj):
        site = obj.site
        if site is None or site.kind != c.SiteKind.SERVER_ROOM:
            return f'dc.{DOMAIN}'
        return f'{obj.unit.code.lower()}.{DOMAIN}'

    def containing(self, code, address):
        """The most specific prefix of unit `code` that contains `address`."""
        ip = ipaddress.ip_address(address)
        best = None
        for prefix in self.out['prefixes']:
            if prefix.unit.code != code:
                continue
            network = ipaddress.ip_network(prefix.cidr)
            if ip.version == network.version and ip in network and (
                    best is None or network.prefixlen > ipaddress.ip_network(best.cidr).prefixlen):
                best = prefix
        return best

    def first_machine(self, code, skip=0):
        """A machine of the unit to carry a planted address: a server of its room, else a VM."""
        servers = [s for s in self.out['servers'] if s.unit.code == code and s.status == c.EquipmentStatus.ACTIVE]
        if len(servers) > skip:
            return {'server': servers[skip]}
        vms = [vm for vm in self.vms_by_unit.get(code, []) if not vm.is_template]
        return {'vm_nic': vms[skip]._nics[0]}

    def plant_addresses(self):
        for address, units in PLANTED['duplicate_ips_across_units']:
            for code in units:
                self.address(self.units[code], address, self.containing(code, address), **self.first_machine(code))
        for code, address in PLANTED['duplicate_ips_within_unit']:
            for skip in (0, 1):
                self.address(self.units[code], address, self.containing(code, address),
                             **self.first_machine(code, skip + 1))


def _chain(*iterables):
    for it in iterables:
        yield from it


def _vid_counter(builder, code, start):
    while True:
        yield builder.next_unit_vid(code, start)


def _app_v6(network):
    """The IPv6 /64 paired with a data-centre application segment 10.200.X.0/24."""
    return f'2001:db8:200:{network.network_address.packed[2]:x}::/64'


def _room_v6(octet, network):
    """The IPv6 /64 paired with a unit-room segment 10.OCTET.X.0/24 of a dual-stack room."""
    return f'2001:db8:{octet}:{network.network_address.packed[2]:x}::/64'


def _dmz_v6(network):
    """The IPv6 /64 paired with a data-centre DMZ segment 10.250.X.Y/26."""
    packed = network.network_address.packed
    return f'2001:db8:250:{packed[2] * 4 + packed[3] // 64:x}::/64'
