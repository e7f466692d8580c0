"""Optimisation after go-live: the assessment's sizing re-run on the performance data measured since the
system went live, and a down-size suggestion per machine whose measured need is below what the design
gave it, with the monthly saving at the design's provider."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.execution.models import Migration, OptimisationFinding


def _measured_since(vm_ids, since):
    """Machines whose performance data all lies after `since` (what was measured on the new platform)."""
    from cloudmove.inventory.models import PerformanceSummary

    rows = PerformanceSummary.objects.filter(vm_id__in=vm_ids).values_list('vm_id', 'window_start')
    before = {vm for vm, start in rows if start is None or start.date() < since}
    return {vm for vm, _start in rows} - before


@transaction.atomic
def optimise(user, system):
    """Re-run the sizing for the system's unit on performance data and record a suggestion for each of
    the system's machines measured since go-live that needs less than the design gave it. Returns
    (the assessment run, the findings written, the machines left out for lack of data since go-live)."""
    from cloudmove.assessment.services import results, runs
    from cloudmove.execution.services.lifecycle import may_change
    from cloudmove.planning.services import designs

    may_change(user, OptimisationFinding(system=system))
    migration = Migration.objects.filter(system=system).first()
    if migration is None or not migration.live_since:
        raise ValidationError(_('The system has not been live yet: there is nothing measured to optimise.'))
    design = designs.approved(system)
    if design is None or design.provider_id is None:
        raise ValidationError(_('The system has no approved design with a provider to compare with.'))
    machines = list(design.machines.select_related('vm'))
    measured = _measured_since([m.vm_id for m in machines], migration.live_since)
    days = max(1, min(365, (timezone.localdate() - migration.live_since).days))
    run = runs.execute(runs.create(None, system.unit, {'sizing': 'performance', 'window_days': days},
                                   title=_('Sizing after go-live: %(system)s') % {'system': system.code}))
    found = results.for_design(system, run_id=run.pk) or {'machines': {}}
    provider = design.provider.code
    written = []
    for m in machines:
        sized = found['machines'].get(m.vm_id)
        if m.vm_id not in measured or sized is None:
            continue
        vcpus = m.vcpus or m.assessed_vcpus
        memory = m.memory_mib or m.assessed_memory_mib
        new_vcpus, new_memory = sized['vcpus'], sized['memory_mib']
        if vcpus is None or memory is None or new_vcpus is None or new_memory is None:
            continue
        if new_vcpus >= vcpus and new_memory >= memory:
            continue
        new_cost = (sized['sizing'].get(provider) or {}).get('monthly_vnd')
        saving = m.assessed_monthly_vnd - new_cost if m.assessed_monthly_vnd and new_cost else None
        values = {'current_vcpus': vcpus, 'current_memory_mib': memory, 'suggested_vcpus': new_vcpus,
                  'suggested_memory_mib': new_memory, 'monthly_saving_vnd': saving,
                  'basis': _('Assessment run %(run)s: performance data of the %(days)s days since go-live '
                             '(%(flavour)s at %(provider)s).') % {
                      'run': run.pk, 'days': days, 'provider': provider,
                      'flavour': (sized['sizing'].get(provider) or {}).get('flavour') or '—'}}
        finding, _created = OptimisationFinding.objects.update_or_create(
            system=system, vm=m.vm, status='proposed', defaults=values)
        written.append(finding)
    left_out = [m.vm.name for m in machines if m.vm_id not in measured]
    return run, written, left_out
