"""What the engine reads: columns of NumPy arrays (one row per machine, disk, system...) and the parameters.

The service fills these from the database; tests build them by hand. Unknown numbers are NaN, never 0.
"""

from dataclasses import dataclass, field, fields
from datetime import date

import numpy as np

METRICS = ('cpu', 'memory', 'iops', 'mbps', 'net')
SIZING_AS_IS, SIZING_PERFORMANCE = 'as-is', 'performance'


def _f(values):
    return np.asarray(values, dtype=np.float64)


@dataclass
class Machines:
    """One row per virtual machine. Text columns are lists; the rest NumPy arrays."""

    ids: np.ndarray
    unit: np.ndarray
    name: list
    vcpus: np.ndarray            # NaN: unknown
    memory_mib: np.ndarray       # NaN: unknown
    power: list                  # 'on' / 'off' / 'suspended' / ''
    os_name: list
    os_version: list
    os_family: list
    firmware: list               # 'bios' / 'efi' / ''
    tools: list                  # 'ok' / 'old' / 'not_running' / 'not_installed' / 'unknown' / ''
    template: np.ndarray
    snapshots: np.ndarray
    disks: np.ndarray            # number of disks
    nics: np.ndarray
    rdm: np.ndarray
    shared_disk: np.ndarray
    independent_disk: np.ndarray
    passthrough: list            # '' or the device text that says passthrough / USB / SR-IOV
    storage_mib: np.ndarray      # NaN: unknown
    used_mib: np.ndarray         # NaN: unknown
    storage_unknown: np.ndarray  # some disk's size is unknown
    host: np.ndarray             # index into Hosts, -1 when not known
    sql: np.ndarray              # runs SQL Server (from its systems' database)
    # Per metric: the sizing statistic (percentile over the window), the mean, and the share of the window
    # the samples cover (0 when there are none). cpu and memory in %, iops, mbps (MB/s), net (Mbit/s).
    util: dict = field(default_factory=dict)
    mean: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.ids)

    def __post_init__(self):
        n = len(self.ids)
        for metric in METRICS:
            self.util.setdefault(metric, np.full(n, np.nan))
            self.mean.setdefault(metric, np.full(n, np.nan))
            self.coverage.setdefault(metric, np.zeros(n))


@dataclass
class Disks:
    """One row per disk; a machine known only by its storage total gets one disk of that size."""

    vm: np.ndarray               # index into Machines
    label: list
    capacity_gib: np.ndarray     # NaN: unknown
    used_gib: np.ndarray

    def __len__(self):
        return len(self.vm)


@dataclass
class Hosts:
    """Physical hosts under the machines, for the on-premises cost."""

    ids: np.ndarray
    cores: np.ndarray            # NaN: unknown
    watts: np.ndarray            # NaN: unknown
    purchase_year: np.ndarray    # NaN: unknown

    def __len__(self):
        return len(self.ids)


@dataclass
class Systems:
    ids: np.ndarray
    code: list
    name: list
    unit: np.ndarray
    security_level: np.ndarray   # NaN: not determined
    personal_data: np.ndarray
    state_secret: np.ndarray
    criticality: list            # low / medium / high / critical / ''
    users: np.ndarray            # NaN: unknown
    rto_hours: np.ndarray        # NaN: unknown
    lifecycle: list
    category: list
    database: list
    framework: list
    contract_end: list           # date or None
    annual_cost_vnd: np.ndarray  # NaN: unknown
    # Which providers may host it (criteria exclusions, level, data), as a [system, provider] matrix with
    # the reasons of each refusal; and the deployment-model guide's answer.
    allowed: np.ndarray = None
    refusals: dict = field(default_factory=dict)     # (system index, provider index) -> [reason]
    guide_models: list = None                        # allowed deployment models per system, or None
    guide_conflict: np.ndarray = None
    mandate: np.ndarray = None                       # a legal mandate to move (public services, national links)
    shared: np.ndarray = None                        # a province-wide shared platform
    hosting: list = None
    servers: np.ndarray = None                       # physical servers it runs on (not sized here)
    reviews: dict = field(default_factory=dict)      # system index -> reviewer's override (strategy, effort...)
    # Names of the province's shared platforms, also those not loaded (a partial run still finds the
    # local copies of a platform it did not read).
    shared_names: list = None
    # The national shared services [(keywords, code)] from the catalogue; None: the engine's built-in list.
    national_platforms: list = None

    def __len__(self):
        return len(self.ids)


@dataclass
class Offer:
    """One provider's price book, as arrays."""

    code: str
    name: str
    kind: str                    # domestic / government / international
    book: str                    # the price-book version
    flavour_code: list
    flavour_vcpus: np.ndarray
    flavour_memory_mib: np.ndarray
    flavour_price: np.ndarray    # VND per month
    tier_code: list
    tier_kind: list
    tier_price: np.ndarray       # VND per GiB-month
    tier_max_iops: np.ndarray    # inf when unlimited / not stated
    tier_max_mbps: np.ndarray
    tier_max_gib: np.ndarray
    licence: dict = field(default_factory=dict)      # 'windows_server' / 'sql_server' -> VND per core-month
    excluded: list = field(default_factory=list)     # reasons the criteria evaluation leaves it out


@dataclass
class Members:
    """Which machines belong to which systems (a machine may serve several)."""

    vm: np.ndarray
    system: np.ndarray

    def __len__(self):
        return len(self.vm)


@dataclass
class Network:
    """Addresses and prefixes, for duplicate addresses and overlapping prefixes."""

    ip_vm: np.ndarray            # machine index, -1 for an address not on an assessed machine
    ip_text: list
    ip_unit: np.ndarray
    ip_prefix: np.ndarray        # index into the prefixes, -1 when none
    prefix_unit: np.ndarray
    prefix_first: list           # fixed-width hex, so text order is address order
    prefix_last: list
    prefix_cidr: list

    @classmethod
    def empty(cls):
        e = np.zeros(0, dtype=np.int64)
        return cls(e, [], e, e, e, [], [], [])


@dataclass
class Links:
    """Dependencies between systems (indices into Systems); hard = critical, high or latency-sensitive.
    An end at -1 is a system outside this run (a partial run reads only some systems): a link from outside
    counts as a dependant of its target; a link to outside takes the target's code and whether it stays
    behind from `target_code` / `target_stays`, read from the run that last assessed it."""

    source: np.ndarray
    target: np.ndarray
    hard: np.ndarray
    target_code: list = None
    target_stays: np.ndarray = None

    def __len__(self):
        return len(self.source)

    @classmethod
    def empty(cls):
        e = np.zeros(0, dtype=np.int64)
        return cls(e, e, np.zeros(0, dtype=bool))


@dataclass
class Params:
    """Every parameter of a run, with its documented default (see docs/assessment.md)."""

    on: date = field(default_factory=date.today)
    sizing: str = SIZING_PERFORMANCE
    percentile: float = 95.0
    window_days: int = 30
    comfort: float = 1.3
    horizon_years: int = 5
    # On premises
    amortisation_years: int = 5
    vcpu_per_core: float = 4.0              # consolidation: vCPUs per physical core of a host
    core_price_vnd: float = 15_000_000      # server purchase price per physical core (CPU, memory, chassis)
    storage_gib_price_vnd: float = 30_000   # SAN purchase price per usable GiB, with its share of the fabric
    support_rate: float = 0.10              # yearly hardware support contract, share of the price
    watts_per_core: float = 12.0            # when the host's draw is not recorded
    pue: float = 1.8                        # power usage effectiveness of a unit's server room
    tariff_vnd_kwh: float = 2_900           # business electricity tariff
    co2_kg_kwh: float = 0.6592              # Vietnam grid emission factor
    cores_per_server: float = 32.0          # to count servers and rack units freed
    rack_u_per_server: float = 2.0
    rack_u_month_vnd: float = 400_000       # space, cooling share, cabling per U per month
    onprem_windows_core_vnd: float = 95_000   # licence cost per core-month kept on premises
    onprem_sql_core_vnd: float = 900_000
    staff_vm_month_vnd: float = 350_000     # staff time per VM per month on premises
    cloud_staff_share: float = 0.5          # share of that staff time still needed in the cloud
    licence_min_cores: int = 4              # per-core licences come in at least this many cores per VM
    # Idle machines: powered on, and each of these stays below its threshold at the chosen percentile.
    idle_cpu_pct: float = 3.0
    idle_memory_pct: float = 15.0
    idle_net_mbitps: float = 0.1
    # Limits of a target VM, when the offer does not say.
    max_disks: int = 16
    max_nics: int = 8
    # Impact
    bandwidth_mbps: float = 100.0
    link_efficiency: float = 0.7
    delta_share: float = 0.05               # data changed between replication and cut-over
    cutover_hours: float = 2.0
    saving_scale_vnd: float = 20_000_000    # a monthly saving this large counts as the full "cost saved" value
    # Priority weights (value, then complexity)
    w_users: float = 2.0
    w_criticality: float = 2.0
    w_saving: float = 1.0
    w_mandate: float = 1.0
    w_urgency: float = 2.0
    w_readiness: float = 2.0
    w_dependencies: float = 1.0
    w_effort: float = 1.0
    w_security: float = 1.0

    def as_dict(self):
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out['on'] = self.on.isoformat()
        return out

    @classmethod
    def from_dict(cls, values):
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, value in (values or {}).items():
            if key not in known or value is None:
                continue
            if key == 'on':
                kwargs[key] = date.fromisoformat(value) if isinstance(value, str) else value
            else:
                default = known[key].default
                kwargs[key] = type(default)(value) if isinstance(default, (int, float, str)) else value
        return cls(**kwargs)
