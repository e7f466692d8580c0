"""Migration design use cases: open a design (or its next version), size and re-address its machines,
check what approval still lacks, approve; and what the rental plan and later steps read of a design.

A design is opened with the guide's deployment model, the assessment's strategy, cheapest provider and
sizing, and rental-plan texts drafted from the inventory; a new version copies the one before and takes
the latest assessment's figures, keeping the planners' overrides.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cloudmove.assessment.services import results as assessment
from cloudmove.catalog.models import Provider
from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction
from cloudmove.core.services import objects
from cloudmove.guidance.services import deployment as guide
from cloudmove.inventory.engine.invariants import ip_hex
from cloudmove.inventory.models import (
    Dependency,
    InformationSystem,
    IpAddress,
    IpPrefix,
    VirtualDisk,
    VirtualMachine,
)
from cloudmove.planning.choices import DesignState
from cloudmove.planning.engine import reip as reip_engine
from cloudmove.planning.models import DesignMachine, MigrationDesign

NOT_MOVED = ('retire', 'retain')
# Copied from one version to the next (what people wrote, not what the system derives or the approval).
COPIED = ('deployment_model', 'deployment_reason', 'provider', 'landing_zone', 'strategy', 'architecture',
          'target_subnet', 'network_notes', 'data_method', 'data_notes', 'fallback_trigger', 'fallback_steps',
          'fallback_decider', 'fallback_keep_days', 'current_state', 'scope_users', 'quality_requirements',
          'technical_requirements', 'connectivity_requirements', 'security_requirements', 'data_ownership',
          'term_years', 'notes')
MACHINE_COPIED = ('vcpus', 'memory_mib', 'disk_gib', 'flavour', 'sizing_reason', 'target_ip')


def _ensure(user, design):
    """The scoping check; `user` None is the command line, run by the programme's operator."""
    if user is not None:
        scoping.ensure(user, design, scoping.CHANGE)


def versions(system):
    return MigrationDesign.objects.filter(system=system).order_by('-version')


def current(system, user=None):
    """The design in force: the open draft if there is one, else the latest version."""
    qs = versions(system).select_related('provider', 'assessment')
    if user is not None:
        qs = scoping.scope(qs, user)
    return qs.filter(state=DesignState.DRAFT).first() or qs.first()


def approved(system):
    """The approved design of a system (what execution stands on), or None."""
    return versions(system).filter(state=DesignState.APPROVED).select_related('provider').first()


# ---------------------------------------------------------------- opening and versions

def counts(user, unit=None):
    """Designs by state in the user's scope (and under `unit`), one grouped query."""
    from django.db.models import Count

    qs = scoping.trusted_or_scoped(MigrationDesign.objects.order_by(), user)
    if unit is not None:
        qs = qs.filter(system__unit__path__startswith=unit.path)
    return dict(qs.values_list('state').annotate(n=Count('pk')))


def target_addresses(system):
    """The target addresses of the system's machines in its latest designs (what it answers on after the
    move), for the probes that may reach it."""
    return set(DesignMachine.objects.filter(design__system=system).exclude(target_ip='')
               .values_list('target_ip', flat=True))


def target_resources(design):
    """What the design's machines take in the target: compute (machines, vCPU, memory), storage (GiB) and
    network (subnet, addresses), each machine at its override, else the assessment's size, else as it is."""
    machines = list(DesignMachine.objects.filter(design=design).select_related('vm').order_by('vm__name'))
    vcpus = sum(m.vcpus or round(m.assessed_vcpus or 0) or (m.vm.vcpus or 0) for m in machines)
    memory = sum(m.memory_mib or round(m.assessed_memory_mib or 0) or (m.vm.memory_mib or 0) for m in machines)
    from cloudmove.inventory.services import totals

    known = totals.vm_disk_mib([m.vm_id for m in machines])
    disk = sum(m.disk_gib or round(known.get(m.vm_id, 0) / 1024) for m in machines)
    addresses = sorted({m.target_ip or m.current_ip for m in machines if m.target_ip or m.current_ip})
    return {'compute': {'machines': len(machines), 'vcpus': vcpus, 'memory_mib': memory},
            'storage': {'disk_gib': disk}, 'network': {'subnet': design.target_subnet, 'addresses': addresses}}


def fallback_plan(design):
    """The design's fallback plan as a dict (trigger, steps, decider, keep_days), None when incomplete."""
    if design is None:
        return None
    plan = {'trigger': design.fallback_trigger.strip(), 'steps': design.fallback_steps.strip(),
            'decider': design.fallback_decider.strip(), 'keep_days': design.fallback_keep_days}
    return plan if all(plan.values()) else None


def create(user, data):
    """The generic create on the pages and API: open the system's design, then apply any other values."""
    data = dict(data)
    design = open_design(user, data.pop('system'))
    if data:
        design = objects.update_object(user, design, data)
    return design


@transaction.atomic
def open_design(user, system):
    """The system's open draft, or a new version: copied from the latest one, or (the first) drafted from
    the guide, the assessment and the inventory. Audited."""
    pk = getattr(system, 'pk', system)
    if user is not None:  # another unit's system is not found at all
        scoping.get_or_404(InformationSystem.objects.all(), user, pk=pk)
    system = InformationSystem.objects.select_for_update().get(pk=pk)
    _ensure(user, MigrationDesign(system=system))
    draft = versions(system).filter(state=DesignState.DRAFT).first()
    if draft is not None:
        return draft
    previous = versions(system).first()
    found = assessment.for_design(system)
    advice = guide.recommend(system)
    design = MigrationDesign(system=system, version=previous.version + 1 if previous else 1, based_on=previous,
                             assessment=found['run'] if found else None, advised_model=advice.model or '',
                             assessed_strategy=found['strategy'] if found else '')
    if previous is not None:
        for name in COPIED:
            setattr(design, name, getattr(previous, name))
    else:
        _draft(design, system, found, advice)
    design.full_clean()
    design.save()  # audited by the central receivers
    _machines(design, found, previous)
    plan_reip(design)
    return design


def _provider_for(found):
    code = (found or {}).get('best_provider')
    return Provider.objects.filter(code=code).first() if code else None


def _draft(design, system, found, advice):
    design.deployment_model = advice.model or ''
    design.strategy = (found or {}).get('strategy', '')
    if design.strategy not in NOT_MOVED:
        design.provider = _provider_for(found)
    texts = draft_texts(system, found)
    for name, value in texts.items():
        setattr(design, name, value)


def _machines(design, found, previous):
    """One row per machine of the system with the assessment's size; overrides carried from `previous`."""
    vms = list(VirtualMachine.objects.filter(systems=design.system, is_template=False).order_by('name', 'pk')
               .values_list('pk', flat=True))
    carried = {}
    if previous is not None:
        carried = {m.vm_id: m for m in previous.machines.all()}
    code = design.provider.code if design.provider_id else (found or {}).get('best_provider')
    rows = []
    for vm_id in vms:
        m = DesignMachine(design=design, vm_id=vm_id)
        _assessed(m, (found or {}).get('machines', {}).get(vm_id), code)
        old = carried.get(vm_id)
        if old is not None:
            for name in MACHINE_COPIED:
                setattr(m, name, getattr(old, name))
        rows.append(m)
    with audit.suspended():
        DesignMachine.objects.bulk_create(rows)
    audit.record_many([audit.entry_for(AuditAction.CREATE, m, None, audit.snapshot(m)) for m in rows])


def _assessed(machine, row, provider_code):
    if row is None:
        return
    sizing = (row['sizing'].get(provider_code) if provider_code else None) or {}
    machine.assessed_vcpus = row['vcpus']
    machine.assessed_memory_mib = row['memory_mib']
    machine.assessed_flavour = sizing.get('flavour') or ''
    machine.assessed_monthly_vnd = sizing.get('monthly_vnd')


def _number(value):
    """99.500 -> '99,5' and 8.00 -> '8' in Vietnamese: stored decimals without their trailing zeros."""
    value = float(value)
    return number_format(int(value) if value.is_integer() else value)


def _gib(mib):
    return number_format(round((mib or 0) / 1024), force_grouping=True)


def draft_texts(system, found):
    """First drafts of the rental plan's sections, from the inventory and the assessment (to be edited)."""
    vms = VirtualMachine.objects.filter(systems=system, is_template=False)
    # Storage: the VM's disks where the inventory has them, else the total from the VM summary.
    disks = dict(VirtualDisk.objects.filter(vm__in=vms).order_by().values('vm_id').annotate(
        total=Sum('capacity_mib')).values_list('vm_id', 'total'))
    totals = {'n': 0, 'vcpus': 0, 'memory': 0, 'disk': 0}
    for pk, vcpus, memory, disk in vms.values_list('pk', 'vcpus', 'memory_mib', 'disk_total_mib'):
        totals['n'] += 1
        totals['vcpus'] += vcpus or 0
        totals['memory'] += memory or 0
        totals['disk'] += disks.get(pk) or disk or 0
    unit = system.unit.name
    hosting = system.get_hosting_display() if system.hosting else _('the unit\'s own premises')
    current = _('%(name)s (%(code)s) is owned by %(unit)s and runs at %(hosting)s on %(n)s machines '
                '(%(vcpus)s vCPU, %(memory)s GiB memory, %(disk)s GiB storage).') % {
        'name': system.name, 'code': system.code, 'unit': unit, 'hosting': hosting, 'n': totals['n'],
        'vcpus': totals['vcpus'], 'memory': _gib(totals['memory']), 'disk': _gib(totals['disk'])}
    stack = ', '.join(v for v in (system.os, system.database, system.middleware, system.framework) if v)
    if stack:
        current += ' ' + _('Software: %(stack)s.') % {'stack': stack}
    if found:
        current += ' ' + _('The assessment rates it “%(readiness)s” for the cloud.') % {
            'readiness': found['readiness_label']}
        if found.get('onprem_monthly_vnd'):
            current += ' ' + _('Running it on premises costs about %(vnd)s VND a month.') % {
                'vnd': number_format(found['onprem_monthly_vnd'], force_grouping=True)}
    current += ' ' + _('Need: move it to a cloud platform under the provincial plan, so that it runs on '
                       'shared, secure and scalable infrastructure and the unit\'s ageing equipment can be '
                       'retired.')
    users = system.users_count
    scope = _('Using unit: %(unit)s.') % {'unit': (system.operating_unit or system.unit).name}
    if users:
        scope += ' ' + _('Users: about %(users)s.') % {'users': number_format(users, force_grouping=True)}
    if system.internet_facing:
        scope += ' ' + _('It serves citizens and businesses over the Internet.')
    quality = []
    if system.availability_pct is not None:
        quality.append(_('availability of at least %(pct)s %%') % {'pct': _number(system.availability_pct)})
    if system.rto_hours is not None:
        quality.append(_('recovery within %(h)s hours (RTO)') % {'h': _number(system.rto_hours)})
    if system.rpo_hours is not None:
        quality.append(_('at most %(h)s hours of data lost (RPO)') % {'h': _number(system.rpo_hours)})
    quality_text = _('Service levels: %(levels)s; technical support around the clock; monthly reports on the '
                     'service levels met.') % {'levels': '; '.join(quality) or _('to be agreed')}
    technical = _('Resources: %(n)s machines, %(vcpus)s vCPU, %(memory)s GiB memory and %(disk)s GiB storage '
                  'in all, sized from the assessment; backup of every machine; resources added on request '
                  'within the term.') % {'n': totals['n'], 'vcpus': totals['vcpus'],
                                         'memory': _gib(totals['memory']), 'disk': _gib(totals['disk'])}
    if found and found.get('findings'):
        technical += ' ' + _('Conditions found by the assessment: %(list)s') % {
            'list': '; '.join(h['message'] for h in found['findings'][:8])}
    links = Dependency.objects.filter(source_system=system).select_related('target_system').order_by('pk')[:20]
    names = []
    for link in links:
        if link.target_system_id:
            names.append(link.target_system.name)
        elif link.target_external:
            names.append(link.get_target_external_display())
        elif link.target_name:
            names.append(link.target_name)
    connectivity = _('Connection to the provincial data-integration platform (LGSP) and through it to the '
                     'national platforms; a dedicated data network or VPN between the cloud and the unit.')
    if names:
        connectivity += ' ' + _('Connections it needs: %(names)s.') % {'names': ', '.join(dict.fromkeys(names))}
    level = system.security_level
    security = (_('Security level %(level)s under Decree 85/2016/ND-CP; the security-level proposal is part of '
                  'this plan.') % {'level': level} if level else
                _('The security level under Decree 85/2016/ND-CP is to be determined and proposed with this '
                  'plan.'))
    security += ' ' + _('The cloud platform meets the criteria set of the Ministry of Information and '
                        'Communications and is located in Vietnam.')
    if system.personal_data:
        security += ' ' + _('It processes personal data: protection under Decree 13/2023/ND-CP.')
    ownership = _('The data that %(unit)s puts on the service and the data created while using it belong to '
                  '%(unit)s (Decree 73/2019/ND-CP, Art. 48). At the end of the term the provider hands all of it '
                  'over in an open format, helps move it to the next platform and then erases its copies, with '
                  'a record of each step.') % {'unit': system.unit.name}
    return {'current_state': current, 'scope_users': scope, 'quality_requirements': quality_text,
            'technical_requirements': technical, 'connectivity_requirements': connectivity,
            'security_requirements': security, 'data_ownership': ownership}


# ---------------------------------------------------------------- re-addressing

def _primary_addresses(vm_ids):
    """{vm id: its first address} and every address of those machines (for collisions)."""
    rows = IpAddress.objects.filter(vm_nic__vm_id__in=vm_ids).order_by(
        'vm_nic__vm_id', 'vm_nic__label', 'address_hex').values_list('vm_nic__vm_id', 'address', 'address_hex')
    primary, hexes = {}, {}
    for vm_id, address, hx in rows:
        primary.setdefault(vm_id, address)
        hexes[hx] = address
    return primary, hexes


def colliding(system, hexes):
    """The addresses (of `hexes`: hex -> text) that another unit also uses, or that lie in another unit's
    prefix: in one shared target both cannot keep them."""
    if not hexes:
        return set()
    unit_id = system.unit_id
    same = set(IpAddress.objects.filter(address_hex__in=list(hexes)).exclude(unit_id=unit_id)
               .values_list('address_hex', flat=True))
    inside = Q(pk__in=[])
    for hx in hexes:
        inside |= Q(first_hex__lte=hx, last_hex__gte=hx)
    ranges = list(IpPrefix.objects.filter(inside).exclude(unit_id=unit_id).values_list('first_hex', 'last_hex'))
    for hx in hexes:
        if any(first <= hx <= last for first, last in ranges):
            same.add(hx)
    return {hexes[hx] for hx in same}


def _taken(design, subnet):
    """Addresses already used in the target subnet: in the inventory (any unit) and by other designs."""
    if not subnet:
        return set()
    net = reip_engine.parse_subnet(subnet)
    first, last = ip_hex(str(net.network_address)), ip_hex(str(net.broadcast_address))
    used = set(IpAddress.objects.filter(address_hex__gte=first, address_hex__lte=last)
               .values_list('address', flat=True))
    used |= set(DesignMachine.objects.filter(design__target_subnet=design.target_subnet, target_ip__isnull=False)
                .exclude(design__system_id=design.system_id).exclude(design__state=DesignState.SUPERSEDED)
                .values_list('target_ip', flat=True))
    return used


@transaction.atomic
def plan_reip(design, user=None, keep_chosen=True):
    """Write the re-IP plan into the design's machines: current address, target address and why.
    Addresses already chosen (by hand or an earlier plan) are kept while still valid."""
    _ensure(user, design)
    if design.frozen:
        raise ValidationError(_('The design is approved and can no longer be changed; open a new version.'))
    machines = list(design.machines.order_by('vm__name', 'pk'))
    primary, hexes = _primary_addresses([m.vm_id for m in machines])
    clash = colliding(design.system, hexes)
    fixed = {m.pk: m.target_ip for m in machines if keep_chosen and m.target_ip}
    plan = reip_engine.plan([(m.pk, primary.get(m.vm_id)) for m in machines], clash, design.target_subnet or None,
                            _taken(design, design.target_subnet), fixed)
    entries = []
    for m, row in zip(machines, plan.rows, strict=True):
        before = audit.snapshot(m)
        m.current_ip, m.target_ip, m.reip = row.current, row.target, row.reason
        old, new = audit.diff(before, audit.snapshot(m))
        if new:
            entries.append(audit.entry_for(AuditAction.UPDATE, m, old, new))
    with audit.suspended():
        DesignMachine.objects.bulk_update(machines, ['current_ip', 'target_ip', 'reip'])
    audit.record_many(entries)
    return plan


# ---------------------------------------------------------------- approval

class Incomplete(ValidationError):
    """Approval refused: `missing` lists everything still lacking ({'code', 'message'})."""

    def __init__(self, missing):
        super().__init__([m['message'] for m in missing], code='missing')
        self.missing = missing


def missing(design):
    """Everything approval still lacks, as [{'code', 'message'}], in the user's language."""
    out = []

    def need(code, message):
        out.append({'code': code, 'message': message})

    moved = design.strategy not in NOT_MOVED
    if not design.assessment_id:
        need('assessment', _('No assessment of the system: run one, then open a new version.'))
    if not design.deployment_model:
        need('deployment_model', _('Choose the deployment model.'))
    elif design.departs_from_guide and not design.deployment_reason.strip():
        need('deployment_reason', _('Say why the deployment model departs from the guide.'))
    if not design.strategy:
        need('strategy', _('Choose the migration strategy.'))
    if moved and not design.provider_id:
        need('provider', _('Choose the cloud provider.'))
    if moved and not design.data_method:
        need('data_method', _('Choose how the data is migrated.'))
    fallback = (('fallback_trigger', _('Fallback plan: say when it is triggered.')),
                ('fallback_steps', _('Fallback plan: list its steps.')),
                ('fallback_decider', _('Fallback plan: say who decides.')))
    for name, message in fallback:
        if moved and not getattr(design, name).strip():
            need(name, message)
    if moved and not design.fallback_keep_days:
        need('fallback_keep_days', _('Fallback plan: say how many days the old system is kept.'))
    sections = (('current_state', _('Rental plan: describe the current state and need.')),
                ('scope_users', _('Rental plan: describe the scope and users.')),
                ('quality_requirements', _('Rental plan: state the quality requirements.')),
                ('technical_requirements', _('Rental plan: state the technical requirements.')),
                ('connectivity_requirements', _('Rental plan: state the connectivity requirements.')),
                ('security_requirements', _('Rental plan: state the security requirements.')),
                ('data_ownership', _('Rental plan: state data ownership and hand-over.')))
    for name, message in sections:
        if moved and not getattr(design, name).strip():
            need(name, message)
    rows = list(design.machines.values_list('reip', 'target_ip', 'vm__name'))
    unplanned = [name for reason, target, name in rows if reason in ('collision', 'outside') and not target]
    if unplanned:
        need('reip', _('Re-addressing: no target address for %(machines)s (choose a target subnet and plan '
                       'the re-addressing).') % {'machines': ', '.join(unplanned[:10])})
    targets = [t for _r, t, _n in rows if t]
    if len(targets) != len(set(targets)):
        need('reip_duplicate', _('Re-addressing: two machines have the same target address.'))
    return out


@transaction.atomic
def approve(user, design, approver, approved_on=None, reference=''):
    """Approve a draft: refused with everything missing; the previously approved version is superseded."""
    design = MigrationDesign.objects.select_for_update().get(pk=design.pk)
    _ensure(user, design)
    if design.state != DesignState.DRAFT:
        raise Incomplete([{'code': 'state', 'message': _('Only a draft design can be approved.')}])
    gaps = missing(design)
    if not str(approver or '').strip():
        gaps.append({'code': 'approver', 'message': _('Say who approved the design (name and position).')})
    if not str(reference or '').strip():
        gaps.append({'code': 'approval_reference', 'message': _('Give the reference of the approval decision.')})
    if gaps:
        raise Incomplete(gaps)
    for older in versions(design.system).filter(state=DesignState.APPROVED):
        older.state = DesignState.SUPERSEDED
        older.save()
    design.state = DesignState.APPROVED
    design.approver, design.approval_reference = str(approver).strip(), str(reference).strip()
    design.approved_on = approved_on or timezone.localdate()
    design.approved_by = user if getattr(user, 'pk', None) else None
    design.save()
    return design
