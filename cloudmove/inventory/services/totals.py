"""Sizes summed for other apps: a machine's storage (its disks, else the total its summary reports) and a
system's machines as they are (what it takes when no design says otherwise)."""

from django.db.models import Count, Sum

from cloudmove.inventory.models import VirtualDisk, VirtualMachine


def vm_disk_mib(vm_ids):
    """{vm id: storage in MiB} from the known disks, else the VM summary's total; unknown ones left out."""
    out = dict(VirtualDisk.objects.filter(vm_id__in=vm_ids, capacity_mib__isnull=False).order_by()
               .values('vm_id').annotate(t=Sum('capacity_mib')).values_list('vm_id', 't'))
    for pk, total in VirtualMachine.objects.filter(pk__in=vm_ids, disk_total_mib__isnull=False).exclude(
            pk__in=list(out)).values_list('pk', 'disk_total_mib'):
        out[pk] = total
    return out


def system_resources(system):
    """Compute (machines, vCPU, memory MiB) and storage (GiB) of a system's virtual machines."""
    vms = VirtualMachine.objects.filter(systems=system)
    totals = vms.aggregate(n=Count('pk'), vcpus=Sum('vcpus'), memory=Sum('memory_mib'))
    disk = sum(vm_disk_mib(list(vms.values_list('pk', flat=True))).values())
    return {'compute': {'machines': totals['n'], 'vcpus': totals['vcpus'] or 0, 'memory_mib': totals['memory'] or 0},
            'storage': {'disk_gib': round(disk / 1024)}}


