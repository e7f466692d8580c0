"""Right-sizing: what each machine needs, and the cheapest flavour and storage tiers of each offer that fit.

Performance-based sizing takes the chosen percentile of the samples × the comfort factor of the allocated
vCPU and memory (Azure Migrate's method); a machine without samples for a resource keeps its allocation
for that resource and says so. Matching is one vectorised pass per offer: a machines × flavours "fits"
matrix, the price where it fits and +inf elsewhere, and argmin per row.
"""

from dataclasses import dataclass

import numpy as np

from cloudmove.assessment.engine.inputs import SIZING_PERFORMANCE

CHUNK = 8192           # rows of the fit matrix at once: bounds memory at 8,192 × flavours
BLOCK_KINDS = ('block_ssd', 'block_hdd')


@dataclass
class Need:
    vcpus: np.ndarray        # target vCPU (NaN when unknown)
    memory_mib: np.ndarray   # target memory (NaN when unknown)
    cpu_basis: np.ndarray    # True: from samples; False: as allocated
    memory_basis: np.ndarray
    iops: np.ndarray         # per machine, NaN when no samples
    mbps: np.ndarray


def need(machines, params):
    """Target vCPU and memory of every machine."""
    cpu_pct, mem_pct = machines.util['cpu'], machines.util['memory']
    perf = params.sizing == SIZING_PERFORMANCE
    cpu_basis = perf & ~np.isnan(cpu_pct) & ~np.isnan(machines.vcpus)
    mem_basis = perf & ~np.isnan(mem_pct) & ~np.isnan(machines.memory_mib)
    with np.errstate(invalid='ignore'):
        sized_cpu = np.maximum(1.0, np.ceil(machines.vcpus * np.clip(cpu_pct, 0, 100) / 100 * params.comfort))
        sized_mem = np.maximum(512.0, np.ceil(machines.memory_mib * np.clip(mem_pct, 0, 100) / 100 * params.comfort))
    vcpus = np.where(cpu_basis, sized_cpu, machines.vcpus)
    memory = np.where(mem_basis, sized_mem, machines.memory_mib)
    comfort = params.comfort if perf else 1.0
    return Need(vcpus, memory, cpu_basis, mem_basis, machines.util['iops'] * comfort, machines.util['mbps'] * comfort)


def cheapest_flavours(vcpus, memory_mib, offer):
    """Index of the cheapest flavour that fits each row (-1: none fits or the need is unknown)."""
    n = len(vcpus)
    out = np.full(n, -1, dtype=np.int64)
    if not len(offer.flavour_price):
        return out
    fv, fm, fp = offer.flavour_vcpus[None, :], offer.flavour_memory_mib[None, :], offer.flavour_price[None, :]
    # Ties on price: the smaller flavour (the offer's order is by size), so argmin's first index is right.
    for start in range(0, n, CHUNK):
        v = vcpus[start:start + CHUNK, None]
        m = memory_mib[start:start + CHUNK, None]
        with np.errstate(invalid='ignore'):
            fits = (fv >= v) & (fm >= m)
        price = np.where(fits, fp, np.inf)
        best = price.argmin(axis=1)
        ok = np.isfinite(price[np.arange(len(best)), best])
        out[start:start + CHUNK] = np.where(ok, best, -1)
    return out


def cheapest_tiers(size_gib, iops, mbps, offer):
    """Index of the cheapest block tier that fits each disk's size, IOPS and throughput (-1: none does).
    An unknown IOPS or throughput asks nothing of the tier; an unknown size fits nothing."""
    n = len(size_gib)
    block = np.array([k in BLOCK_KINDS for k in offer.tier_kind], dtype=bool)
    if not block.any() or not n:
        return np.full(n, -1, dtype=np.int64)
    cols = np.flatnonzero(block)
    price = offer.tier_price[cols][None, :]
    with np.errstate(invalid='ignore'):
        fits = ((offer.tier_max_gib[cols][None, :] >= size_gib[:, None])
                & ~(offer.tier_max_iops[cols][None, :] < iops[:, None])
                & ~(offer.tier_max_mbps[cols][None, :] < mbps[:, None]))
    cost = np.where(fits, price * np.nan_to_num(size_gib, nan=0.0)[:, None] + price * 1e-9, np.inf)
    best = cost.argmin(axis=1)
    ok = np.isfinite(cost[np.arange(n), best])
    return np.where(ok, cols[best], -1)


def largest_disk(offer):
    block = [i for i, k in enumerate(offer.tier_kind) if k in BLOCK_KINDS]
    return float(np.max(offer.tier_max_gib[block])) if block else 0.0


def disk_demand(disks, machines, need_):
    """Each disk's share of its machine's IOPS and throughput, in proportion to its size."""
    cap = np.nan_to_num(disks.capacity_gib, nan=0.0)
    total = np.bincount(disks.vm, weights=cap, minlength=len(machines))
    count = np.bincount(disks.vm, minlength=len(machines)).astype(float)
    with np.errstate(invalid='ignore', divide='ignore'):
        share = np.where(total[disks.vm] > 0, cap / total[disks.vm], 1.0 / np.maximum(count[disks.vm], 1))
    return need_.iops[disks.vm] * share, need_.mbps[disks.vm] * share


@dataclass
class Fit:
    """One offer's answer for every machine and disk."""

    flavour: np.ndarray        # per machine, -1 when none fits
    compute_vnd: np.ndarray    # per machine, NaN when none fits
    tier: np.ndarray           # per disk, -1 when none fits
    disk_vnd: np.ndarray       # per disk, NaN when none fits
    storage_vnd: np.ndarray    # per machine (sum of its disks), NaN when a disk fits no tier
    licence_vnd: np.ndarray    # per machine
    monthly_vnd: np.ndarray    # per machine total, NaN when something does not fit
    compute_fits: np.ndarray   # per machine
    storage_fits: np.ndarray   # per machine


def fit(offer, machines, disks, need_, params, windows):
    n = len(machines)
    flavour = cheapest_flavours(need_.vcpus, need_.memory_mib, offer)
    has = flavour >= 0
    compute = np.where(has, offer.flavour_price[np.maximum(flavour, 0)] if len(offer.flavour_price) else 0, np.nan)
    iops, mbps = disk_demand(disks, machines, need_)
    tier = cheapest_tiers(disks.capacity_gib, iops, mbps, offer)
    disk_vnd = np.where(tier >= 0, offer.tier_price[np.maximum(tier, 0)] * np.nan_to_num(disks.capacity_gib)
                        if len(offer.tier_price) else 0, np.nan)
    storage = np.bincount(disks.vm, weights=np.nan_to_num(disk_vnd, nan=0.0), minlength=n)
    bad_disk = np.bincount(disks.vm, weights=(tier < 0).astype(float), minlength=n) > 0
    storage = np.where(bad_disk, np.nan, storage)
    cores = np.where(has, offer.flavour_vcpus[np.maximum(flavour, 0)] if len(offer.flavour_price) else 0, 0)
    cores = np.maximum(cores, params.licence_min_cores)
    lic = (windows * cores * offer.licence.get('windows_server', 0.0)
           + machines.sql * cores * offer.licence.get('sql_server', 0.0)).astype(float)
    return Fit(flavour, compute, tier, disk_vnd, storage, lic, compute + storage + lic, has, ~bad_disk)
