"""One measured assessment, in its own process on a fresh database: builds a province of --vms machines (2–3
disks each, five performance metrics with raw samples) in --vms/10 systems and 4 price books of 200
flavours and 10 tiers, then times: reading the same rows (the floor), the whole run (read, engine, write),
the engine alone, and re-assessing after one VM changed. Prints JSON."""

import argparse
import json
import resource
import time
import zlib
from datetime import date, timedelta

import _django
import numpy as np

METRICS = ('cpu_pct', 'memory_pct', 'disk_read_iops', 'disk_write_iops', 'net_in_mbitps')
OS = (('Microsoft Windows Server 2019 (64-bit)', 'windows'), ('Ubuntu Linux (64-bit) 22.04', 'linux'),
      ('Red Hat Enterprise Linux 8 (64-bit)', 'linux'), ('CentOS 7 (64-bit)', 'linux'),
      ('Microsoft Windows Server 2012 R2 (64-bit)', 'windows'))


def build(vms, seed):
    from django.utils import timezone

    from cloudmove.catalog import models as cm
    from cloudmove.core.models import Unit, UnitKind
    from cloudmove.inventory import models as im

    rng = np.random.default_rng(seed)
    kind, _ = UnitKind.objects.get_or_create(code='bench', defaults={'name_vi': 'Đo hiệu năng'})
    units = [Unit.objects.create(code=f'B{k:02d}', name_vi=f'Đơn vị {k}', kind=kind) for k in range(20)]
    for p in range(4):
        provider = cm.Provider.objects.create(code=f'P{p}', name=f'Provider {p}', kind='domestic',
                                              max_security_level=4, mic_certified=True)
        book = cm.PriceBook.objects.create(provider=provider, version='1', valid_from=date(2026, 1, 1))
        flavours = []
        for f in range(200):
            vcpus = int(2 ** (f % 8))
            memory = vcpus * 1024 * int(2 ** (f // 8 % 4))
            flavours.append(cm.Flavour(price_book=book, code=f'f{f}', vcpus=vcpus, memory_mib=memory,
                                       monthly_vnd=int(vcpus * (150_000 + 1000 * p) + memory / 1024 * 60_000
                                                       + f * 10)))
        cm.Flavour.objects.bulk_create(flavours)
        cm.StorageTier.objects.bulk_create([
            cm.StorageTier(price_book=book, code=f't{t}', kind='block_ssd' if t % 2 else 'block_hdd',
                           gib_month_vnd=800 + 300 * t + 10 * p, max_iops=500 * (t + 1) * (4 if t % 2 else 1),
                           max_throughput_mbps=60 * (t + 1), max_disk_gib=4096 * (1 + t // 3)) for t in range(10)])
        cm.ServicePrice.objects.bulk_create([
            cm.ServicePrice(price_book=book, code='win', category='licence', kind='windows_server',
                            unit='core_month', price_vnd=95_000),
            cm.ServicePrice(price_book=book, code='sql', category='licence', kind='sql_server', unit='core_month',
                            price_vnd=900_000)])
    nsys = max(1, vms // 10)
    systems = [im.InformationSystem(unit=units[k % len(units)], code=f'SYS{k:05d}', name=f'System {k}',
                                    security_level=int(1 + k % 3), criticality=('low', 'medium', 'high')[k % 3],
                                    users_count=int(rng.integers(10, 50_000)), rto_hours=8,
                                    database='SQL Server 2019' if k % 7 == 0 else 'PostgreSQL')
               for k in range(nsys)]
    im.InformationSystem.objects.bulk_create(systems, batch_size=2000)
    systems = list(im.InformationSystem.objects.order_by('pk'))
    vcpus = rng.choice([1, 2, 4, 8, 16], size=vms)
    machines = []
    for k in range(vms):
        name, family = OS[k % len(OS)]
        machines.append(im.VirtualMachine(
            unit=systems[k % nsys].unit, name=f'vm{k:06d}', vcpus=int(vcpus[k]), memory_mib=int(vcpus[k]) * 4096,
            power_state='on', os_name=name, os_family=family, firmware='bios', tools_state='ok',
            snapshot_count=int(k % 13 == 0)))
    im.VirtualMachine.objects.bulk_create(machines, batch_size=5000)
    vm_ids = list(im.VirtualMachine.objects.order_by('pk').values_list('pk', flat=True))
    through = im.VirtualMachine.systems.through
    through.objects.bulk_create([through(virtualmachine_id=v, informationsystem_id=systems[k % nsys].pk)
                                 for k, v in enumerate(vm_ids)], batch_size=10000)
    disks = []
    for k, v in enumerate(vm_ids):
        for d in range(2 + k % 2):
            cap = int(rng.integers(20, 2000)) * 1024
            disks.append(im.VirtualDisk(vm_id=v, label=f'Hard disk {d + 1}', capacity_mib=cap, used_mib=cap // 2))
    im.VirtualDisk.objects.bulk_create(disks, batch_size=10000)
    end = timezone.now()
    start = end - timedelta(days=30)
    summaries = []
    for v in vm_ids:
        for metric in METRICS:
            values = rng.gamma(2.0, 10.0, size=96).astype(np.float32)
            summaries.append(im.PerformanceSummary(
                unit_id=None, vm_id=v, metric=metric, avg=float(values.mean()), p50=float(np.percentile(values, 50)),
                p95=float(np.percentile(values, 95)), p99=float(np.percentile(values, 99)), max=float(values.max()),
                window_start=start, window_end=end, sample_count=len(values),
                samples=zlib.compress(values.tobytes())))
    unit_of = dict(im.VirtualMachine.objects.values_list('pk', 'unit_id'))
    for s in summaries:
        s.unit_id = unit_of[s.vm_id]
    im.PerformanceSummary.objects.bulk_create(summaries, batch_size=5000)
    return vm_ids


def floor():
    """Reading the rows the assessment reads, with nothing done to them."""
    from cloudmove.assessment.services.inputs import SYSTEM_FIELDS, VM_FIELDS
    from cloudmove.inventory import models as im

    started = time.perf_counter()
    list(im.InformationSystem.objects.values_list(*SYSTEM_FIELDS))
    list(im.VirtualMachine.objects.values_list(*VM_FIELDS))
    list(im.VirtualMachine.systems.through.objects.values_list('virtualmachine_id', 'informationsystem_id'))
    list(im.VirtualDisk.objects.values_list('vm_id', 'id', 'label', 'capacity_mib', 'used_mib', 'is_rdm',
                                            'is_independent', 'is_shared'))
    list(im.PerformanceSummary.objects.values_list('id', 'vm_id', 'metric', 'p95', 'avg', 'window_start',
                                                   'window_end', 'sample_count'))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--vms', type=int, default=50_000)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--build', action='store_true',
                        help='Only build the province (a second process then measures, so that the peak '
                             'memory is the assessment\'s own).')
    args = parser.parse_args()
    _django.setup()
    from cloudmove.assessment.services import runs
    from cloudmove.inventory.models import VirtualMachine

    if args.build:
        build(args.vms, args.seed)
        print(json.dumps({'built': args.vms}))
        return
    vm_ids = list(VirtualMachine.objects.order_by('pk').values_list('pk', flat=True))
    out = {'vms': len(vm_ids), 'floor_s': round(floor(), 2)}
    run = runs.execute(runs.create(None, None, {}))
    out.update(run_s=run.total_s, engine_s=run.engine_s, systems=run.summary['systems'],
               machines=run.summary['machines_total'])
    vm = VirtualMachine.objects.get(pk=vm_ids[len(vm_ids) // 2])
    vm.os_name = 'Microsoft Windows Server 2008 R2 (64-bit)'
    vm.save()
    started = time.perf_counter()
    again = runs.rerun(run)
    out['rerun_s'] = round(time.perf_counter() - started, 2)
    out['rerun_systems'] = again.reassessed
    out['rerun_changes'] = len(runs.compare(run, again)['machines'])
    out['peak_mib'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
