"""The demo virtual machines with their disks and NICs: the workloads of the systems, templates, VMs that
no system claims, and the planted duplicate machine names."""

import uuid

from cloudmove.inventory import choices as c
from cloudmove.inventory import models as m
from cloudmove.inventory.services.demo.catalogue import DB_OS, DOMAIN, OSES, PLANTED, STACKS


class VirtualMachinesMixin:
    """Virtual machines, virtual disks and NICs of the demo `_Builder`."""

    # virtual machines ------------------------------------------------------------------------------

    ROLE_SPECS = {
        # role: vcpus, memory GiB, data disks (min, max) with GiB range
        'web': ((2, 4), (4, 8), (0, 1), (50, 200)),
        'app': ((4, 8), (8, 16), (1, 1), (100, 300)),
        'api': ((4, 8), (8, 16), (0, 1), (50, 100)),
        'db': ((8, 16), (32, 64), (2, 3), (300, 2000)),
        'cache': ((2, 4), (8, 16), (0, 0), (0, 0)),
        'mq': ((4, 4), (8, 16), (1, 1), (100, 200)),
        'es': ((8, 8), (32, 64), (1, 1), (500, 1500)),
        'file': ((2, 4), (8, 8), (1, 2), (1000, 4000)),
        'rpt': ((4, 8), (16, 32), (1, 1), (100, 500)),
        'gis': ((8, 8), (16, 32), (1, 1), (200, 800)),
        'k8s': ((8, 16), (32, 64), (1, 1), (200, 400)),
        'ad': ((2, 4), (4, 8), (0, 1), (50, 100)),
        'mon': ((4, 8), (8, 16), (1, 1), (200, 500)),
        'bk': ((4, 8), (16, 32), (1, 2), (1000, 8000)),
        'lb': ((2, 4), (4, 8), (0, 0), (0, 0)),
    }
    SIZE_ROLES = {
        'xs': [('app', (1, 3)), ('db', (0, 1))],
        's': [('web', (1, 4)), ('app', (2, 5)), ('db', (1, 2)), ('file', (0, 1)), ('rpt', (0, 1))],
        'm': [('lb', (0, 2)), ('web', (4, 10)), ('app', (5, 12)), ('api', (0, 4)), ('db', (2, 3)), ('file', (0, 2)),
              ('rpt', (0, 2)), ('cache', (0, 2)), ('mq', (0, 1))],
        'l': [('lb', (2, 2)), ('web', (6, 12)), ('app', (10, 20)), ('api', (3, 8)), ('db', (2, 4)),
              ('cache', (2, 3)), ('mq', (0, 3)), ('es', (0, 3)), ('file', (1, 3)), ('rpt', (1, 3)), ('gis', (0, 2))],
        'xl': [('lb', (2, 4)), ('web', (10, 24)), ('app', (16, 36)), ('api', (6, 14)), ('db', (3, 8)),
               ('cache', (3, 6)), ('mq', (3, 3)), ('es', (3, 6)), ('file', (2, 4)), ('rpt', (2, 4)),
               ('k8s', (0, 12))],
    }
    INFRA_ROLES = {
        'TTCNTT-HATANG-TTDL': [('vcenter', 3), ('nsx', 3), ('ad', 4), ('pki', 2), ('jump', 4), ('log', 3),
                               ('ntp', 2), ('patch', 2), ('ipam', 1), ('vrops', 2), ('bastion', 2), ('sftp', 2)],
        'TTCNTT-GIAMSAT-TTDL': [('zabbix', 4), ('grafana', 2), ('prtg', 2), ('elk', 6)],
        'TTCNTT-SOC': [('siem', 6), ('edr', 4), ('soar', 2), ('sandbox', 2), ('vuln', 2)],
        'TTCNTT-SAOLUU': [('veeam', 2), ('proxy', 10), ('catalog', 2)],
        'TTCNTT-EMAIL': [('mx', 4), ('mbx', 12), ('webmail', 4), ('antispam', 4), ('db', 2), ('ldap', 2)],
        'TTCNTT-DNS': [('ns', 4), ('ntp', 2)],
        'TTCNTT-AV': [('av', 3), ('wsus', 2)],
    }

    def build_vms(self):
        rng = self.rng
        self.vms_by_unit = {}
        self.tenant_counter = {}
        for code, system in list(self.systems.items()):
            if system.hosting == c.Hosting.LEASED or system.lifecycle == c.Lifecycle.PLANNED:
                continue
            if code in PLANTED['systems_without_machines']:
                continue
            unit_code = system.unit.code
            if system.hosting == c.Hosting.UNIT_ROOM and not self.room_clusters.get(unit_code):
                # A bare-metal room: the system runs on one or two of the room's physical servers.
                servers = [s for s in self.room_bare.get(unit_code, []) if s.status == c.EquipmentStatus.ACTIVE]
                if servers:
                    for server in rng.sample(servers, min(len(servers), rng.choice((1, 1, 2)))):
                        server._systems.append(system)
                        self.machines_of.setdefault(code, []).append(server)
                    continue
                system.hosting = c.Hosting.PROVINCIAL_DC
            roles = self.roles_of(system)
            stage = ''
            for role, count in roles:
                for n in range(1, count + 1):
                    self.make_vm(system, role, n, stage)
            if system._size in ('s', 'm', 'l', 'xl') and rng.random() < 0.85:
                for role in ('web', 'app', 'db'):
                    self.make_vm(system, role, 1, 'tst')
                if system._size in ('m', 'l', 'xl'):
                    for role, n in (('web', 1), ('app', 1), ('app', 2), ('db', 1))[system._size == 'm':]:
                        self.make_vm(system, role, n, 'uat')
            if system.internet_facing and system.security_level and system.security_level >= 3:
                for role, count in roles:
                    if role in ('web', 'app', 'db'):
                        for n in range(1, min(count, 2) + 1):
                            self.make_vm(system, role, n, 'dr')
        # Bare-metal database servers of rooms serve the room's biggest systems.
        for code, servers in self.room_bare.items():
            in_room = [s for s in self.systems.values() if s.unit.code == code and s.hosting == c.Hosting.UNIT_ROOM
                       and s._size in ('m', 'l', 'xl')]
            for server in servers:
                if in_room and server.role == c.ServerRole.DATABASE and server.status == c.EquipmentStatus.ACTIVE:
                    system = self.pick(in_room)
                    server._systems.append(system)
                    self.machines_of.setdefault(system.code, []).append(server)
        # A few VMs serve two systems (a shared database server).
        vms = self.out['vms']
        for vm in vms:
            if vm._role == 'db' and vm._systems and rng.random() < 0.05:
                others = [s for s in self.systems.values() if s.unit_id == vm.unit_id and s not in vm._systems
                          and s.code in self.machines_of]
                if others:
                    vm._systems.append(self.pick(others))
        self.build_unlinked_vms()

    def roles_of(self, system):
        code = system.code
        if code in self.INFRA_ROLES:
            return self.INFRA_ROLES[code]
        if code.endswith('-HATANG'):
            commune = code.startswith(('X-', 'P-'))
            roles = [('ad', 2), ('file', 1), ('av', 1)] if not commune else [('ad', 1), ('file', 1)]
            if not commune:
                roles += [('wsus', 1), ('mon', 1), ('print', 1)]
            return roles
        if code.endswith(('-TTDT', '-MOTCUA')):
            return [('web', 1)] if code.endswith('-TTDT') else [('app', 1)]
        counts = [(role, self.rng.randint(lo, hi)) for role, (lo, hi) in self.SIZE_ROLES[system._size]]
        return [(role, n) for role, n in counts if n > 0]

    def placement(self, system, role, stage):
        """(cluster, pool purpose, unit-room?) of a new VM."""
        rng = self.rng
        unit_code = system.unit.code
        if stage == 'dr':
            return self.dc_clusters['DR-PROD-01'], 'dr', False
        if system.hosting == c.Hosting.UNIT_ROOM and self.room_clusters.get(unit_code):
            cluster = self.pick(self.room_clusters[unit_code])
            purpose = 'sdmz' if system.internet_facing and role in ('web', 'lb') else 'server'
            return cluster, purpose, True
        if system.code in ('TTCNTT-HATANG-TTDL',) or system.code in self.INFRA_ROLES:
            name = 'DC-MGMT-01' if rng.random() < 0.5 else self.pick(('DC-PROD-01', 'DC-PROD-03'))
        elif system.internet_facing and role in ('web', 'lb'):
            name = self.pick(('DC-DMZ-01', 'DC-DMZ-02'))
        elif role == 'db' and system._stack in ('java_oracle', 'net', 'net8', 'java_pg'):
            name = 'DC-DB-01'
        elif system._stack in ('net_old', 'php_old', 'java_legacy', 'net_legacy') and rng.random() < 0.7:
            name = 'DC-LEGACY-01'
        elif system._stack in ('net', 'net8', 'infra_win') and rng.random() < 0.25:
            name = 'DC-HV-01'
        elif system._stack in ('python', 'node', 'php') and rng.random() < 0.3:
            name = 'DC-PVE-01'
        else:
            name = self.pick(('DC-PROD-01', 'DC-PROD-02', 'DC-PROD-03', 'DC-PROD-04', 'DC-PROD-05', 'DC-PROD-06'))
        purpose = 'dmz' if system.internet_facing and role in ('web', 'lb') else 'app'
        return self.dc_clusters[name], purpose, False

    def vm_os(self, system, role):
        os_label, database, _mw, _fw = STACKS[system._stack]
        if role == 'db':
            os_label = DB_OS.get(database, os_label)
        if role in ('ad', 'av', 'wsus', 'print', 'veeam', 'proxy', 'catalog', 'vcenter', 'pki', 'jump', 'patch'):
            if role == 'vcenter':
                return 'linux', 'VMware Photon OS (64-bit)', '4.0', 'efi'
            os_label = self.pick(('Windows Server 2016', 'Windows Server 2019', 'Windows Server 2012 R2',
                                  'Windows Server 2022'))
        elif system._stack.startswith('infra') and role not in ('db', 'file', 'mbx'):
            os_label = self.pick(('Ubuntu 20.04 LTS', 'Ubuntu 22.04 LTS', 'CentOS 7', 'Rocky Linux 9', 'Debian 12'))
        family, name, version, firmware = OSES[os_label]
        return family, name, version, firmware

    def make_vm(self, system, role, n, stage='', name=None):
        unit = system.unit if system is not None else None
        cluster, purpose, room = self.placement(system, role, stage)
        spec = self.ROLE_SPECS.get(role, self.ROLE_SPECS['app'])
        short = system.code[len(unit.code) + 1:].lower() if system.code.startswith(unit.code + '-') else \
            system.code.lower()
        suffix = f'-{stage}' if stage else ''
        name = name or f'{unit.code.lower()}-{short}-{role}{n:02d}{suffix}'
        family, os_name, os_version, firmware = self.vm_os(system, role)
        vm = self.new_vm(unit, name, cluster, spec, family, os_name, os_version, firmware, purpose, role,
                         annotation=f'{system.name} - {role}{" (" + stage + ")" if stage else ""}'[:500])
        if stage == 'dr':
            vm.power_state = c.PowerState.OFF
            vm.tools_state = c.ToolsState.NOT_RUNNING
        if system.lifecycle == c.Lifecycle.RETIRED:
            vm.power_state = c.PowerState.OFF
        vm._systems.append(system)
        self.machines_of.setdefault(system.code, []).append(vm)
        return vm

    def new_vm(self, unit, name, cluster, spec, family, os_name, os_version, firmware, purpose, role, annotation='',
               template=False):
        rng = self.rng
        (c_lo, c_hi), (m_lo, m_hi), (d_lo, d_hi), (g_lo, g_hi) = spec
        vcpus = rng.choice(sorted({c_lo, c_hi, (c_lo + c_hi) // 2}))
        memory = rng.choice(sorted({m_lo, m_hi, (m_lo + m_hi) // 2})) * 1024
        old = 'Windows Server 2008' in os_name or 'Windows Server 2012' in os_name or 'CentOS 6' in os_name
        power = c.PowerState.ON
        roll = rng.random()
        if template or roll < 0.06:
            power = c.PowerState.OFF
        elif roll < 0.065:
            power = c.PowerState.SUSPENDED
        if cluster.platform == 'vmware':
            tools = (c.ToolsState.OLD if old and rng.random() < 0.6 else
                     self.pick((c.ToolsState.OK, c.ToolsState.OK, c.ToolsState.OK, c.ToolsState.OLD)))
            if power != c.PowerState.ON:
                tools = c.ToolsState.NOT_RUNNING
            elif rng.random() < 0.02:
                tools = c.ToolsState.NOT_INSTALLED
        else:
            tools = c.ToolsState.UNKNOWN if cluster.platform == 'proxmox' else c.ToolsState.OK
        self.vm_names.add((unit.code, name))
        vm_uuid = str(uuid.UUID(int=self.uid_rng.getrandbits(128), version=4))
        host = self.pick(cluster._hosts) if cluster._hosts else None
        dns_zone = 'dc' if cluster.site.kind != c.SiteKind.SERVER_ROOM else unit.code.lower()
        vm = self.add('vms', m.VirtualMachine(
            uid=self.uid(), unit=unit, name=name, vm_uuid=vm_uuid, vcenter=cluster.manager, cluster=cluster,
            host=host, vcpus=vcpus, memory_mib=memory, power_state=power, os_family=family, os_name=os_name,
            os_version=os_version, firmware=firmware, tools_state=tools, is_template=template,
            dns_name='' if template else f'{name.lower()}.{dns_zone}.{DOMAIN}',
            snapshot_count=0 if rng.random() < 0.85 else rng.randint(1, 14), annotation=annotation))
        vm._systems = []
        vm._purpose = purpose
        vm._role = role
        self.vms_by_unit.setdefault(unit.code, []).append(vm)
        # Disks
        datastores = self.datastores(cluster)
        os_gib = 40 if family == 'linux' else self.pick((60, 80, 100))
        disks = [(os_gib, c.Provisioning.THIN)]
        for _i in range(rng.randint(d_lo, d_hi)):
            size = rng.randint(g_lo // 10, g_hi // 10) * 10
            prov = c.Provisioning.EAGER if role == 'db' and rng.random() < 0.4 else \
                c.Provisioning.THICK if rng.random() < 0.15 else c.Provisioning.THIN
            disks.append((size, prov))
        for i, (size, prov) in enumerate(disks[:4], 1):
            rdm = role == 'db' and i > 1 and cluster._kind in ('db', 'room') and rng.random() < 0.08
            self.add('disks', m.VirtualDisk(
                uid=self.uid(), vm=vm, label=f'Hard disk {i}', capacity_mib=size * 1024,
                used_mib=int(size * 1024 * rng.uniform(0.15, 0.92)) if not rdm else size * 1024,
                provisioning=c.Provisioning.THICK if rdm else prov, is_rdm=rdm,
                is_independent=rdm or (i > 1 and rng.random() < 0.02), is_shared=rdm and rng.random() < 0.6,
                datastore='' if rdm else self.pick(datastores)))
        # NICs: the first in the VM's segment, a second one on the backup or storage network for some
        oui, adapter = {'vmware': ('00:50:56', 'vmxnet3'), 'hyperv': ('00:15:5d', 'Synthetic'),
                        'proxmox': ('bc:24:11', 'virtio')}.get(cluster.platform, ('52:54:00', 'virtio'))
        if cluster.platform == 'vmware' and old and rng.random() < 0.5:
            adapter = 'e1000e' if 'Windows' in os_name else 'e1000'
        nics = 2 if role in ('db', 'file', 'bk', 'mbx') or rng.random() < 0.45 else 1
        vm._nics = []
        for i in range(1, nics + 1):
            nic = self.add('nics', m.VirtualNic(uid=self.uid(), vm=vm, label=f'Network adapter {i}',
                                                mac=self.mac(oui), adapter=adapter,
                                                connected=not (i == 2 and rng.random() < 0.05)))
            vm._nics.append(nic)
        return vm

    def datastores(self, cluster):
        cached = getattr(cluster, '_datastores', None)
        if cached:
            return cached
        short = cluster.name.replace('DC-', '').replace('-CLUSTER', '')
        if cluster.platform == 'hyperv':
            names = [f'C:\\ClusterStorage\\Volume{i}' for i in range(1, 5)]
        elif cluster.platform == 'proxmox':
            names = ['local-lvm', 'ceph-vm', 'nfs-backup']
        elif cluster.name.startswith('DC-PROD-0') and cluster.name[-1] in '126':
            names = [f'vsanDatastore-{short}']
        else:
            names = [f'{short}-LUN{i:02d}' for i in range(1, self.rng.randint(4, 12))]
        cluster._datastores = names
        return names

    def build_unlinked_vms(self):
        rng = self.rng
        # Templates
        templates = [('tpl-win2019', 'Windows Server 2019'), ('tpl-win2022', 'Windows Server 2022'),
                     ('tpl-win2012r2', 'Windows Server 2012 R2'), ('tpl-ubuntu2204', 'Ubuntu 22.04 LTS'),
                     ('tpl-rhel8', 'Red Hat Enterprise Linux 8'), ('tpl-centos7', 'CentOS 7'),
                     ('tpl-rocky9', 'Rocky Linux 9'), ('tpl-oel8', 'Oracle Linux 8')]
        ttcntt = self.units['TTCNTT']
        for cluster in self.dc_clusters.values():
            if cluster.platform != 'vmware' or cluster._kind == 'dr':
                continue
            for name, os_label in templates[:rng.randint(3, 8)]:
                family, os_name, version, firmware = OSES[os_label]
                self.new_vm(ttcntt, f'{name}-{cluster.name.lower()}', cluster, self.ROLE_SPECS['web'], family,
                            os_name, version, firmware, 'app', 'tpl', 'Mẫu máy ảo chuẩn', template=True)
        for code, clusters in self.room_clusters.items():
            if not clusters or code.startswith(('X-', 'P-')) or rng.random() < 0.4:
                continue
            for name, os_label in templates[:rng.randint(1, 3)]:
                family, os_name, version, firmware = OSES[os_label]
                self.new_vm(self.units[code], f'{code.lower()}-{name}', clusters[0], self.ROLE_SPECS['web'],
                            family, os_name, version, firmware, 'server', 'tpl', 'Mẫu máy ảo', template=True)
        # VMs nobody claims: tests, clones, leftovers
        candidates = [vm for vm in self.out['vms'] if vm._systems and not vm.name.endswith('-dr')]
        patterns = [('{u}-test{n:02d}', None), ('{u}-vm-tam{n:02d}', None), ('{u}-old-web{n:02d}', 'CentOS 6'),
                    ('{u}-win2012-cu{n:02d}', 'Windows Server 2012 R2'), ('{u}-ubuntu-thu{n:02d}', 'Ubuntu 16.04 LTS'),
                    ('Clone of {vm}', 'same'), ('{vm}-bak', 'same'), ('{u}-demo{n:02d}', None)]
        for n in range(1, PLANTED['vms_without_system'] + 1):
            source = self.pick(candidates)
            unit = source.unit
            pattern, os_label = self.pick(patterns)
            name = pattern.format(u=unit.code.lower(), n=n, vm=source.name)
            if (unit.code, name) in self.vm_names:
                name = f'{unit.code.lower()}-vm{n:03d}'
            if os_label == 'same':
                family, os_name, version, firmware = source.os_family, source.os_name, source.os_version, \
                    source.firmware
            else:
                os_label = os_label or self.pick(('Windows Server 2012 R2', 'Windows Server 2008 R2', 'CentOS 7',
                                                  'Windows Server 2016', 'Ubuntu 22.04 LTS'))
                family, os_name, version, firmware = OSES[os_label]
            vm = self.new_vm(unit, name, source.cluster, self.ROLE_SPECS['app'], family, os_name, version, firmware,
                             source._purpose, 'orphan', '')
            if rng.random() < 0.5:
                vm.power_state = c.PowerState.OFF
                vm.tools_state = c.ToolsState.NOT_RUNNING if vm.cluster.platform == 'vmware' else vm.tools_state

    def plant_names(self):
        """Rename a few machines so that the planted duplicate names exist."""
        for name, units in PLANTED['duplicate_vm_names']:
            for code in units:
                role = 'ad' if name == 'DC01' else 'web'
                system_code = f'{code}-HATANG' if role == 'ad' else f'{code}-TTDT'
                vm = next(v for v in self.machines_of[system_code] if isinstance(v, m.VirtualMachine))
                vm.name = name
                vm.dns_name = f'{name.lower()}.{vm.dns_name.split(".", 1)[1]}'
        for name, units in PLANTED['duplicate_server_hostnames']:
            for code in units:
                servers = self.room_clusters[code][0]._hosts if name == 'esxi01' else self.room_bare[code]
                servers[0].hostname = name
