"""The rental plan of a designed system as a .docx: the contents Decree 73/2019/ND-CP Art. 54 asks for
(current state and need; scope and users; quality, technical, connectivity and security requirements; data
ownership and hand-over at the end; term; cost estimate from the assessment), plus how the move is done
and its fallback plan. A4, Times New Roman, in the active language.
"""

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cloudmove.assessment.services import results as assessment
from cloudmove.core.documents import OfficialDocument
from cloudmove.planning.choices import DesignState


def _vnd(value):
    return number_format(int(round(value)), force_grouping=True) if value is not None else '—'


def cost_estimate(design):
    """Monthly, yearly and whole-term cost per provider from the assessment the design was made from,
    the chosen provider first; and the on-premises cost over the same term."""
    # The design's own run (a later run may exist: the design keeps the figures it was approved on).
    found = assessment.for_design(design.system, run_id=design.assessment_id, machines=False)
    if found is None:
        return None
    years = design.term_years
    chosen = design.provider.code if design.provider_id else found['best_provider']
    rows = []
    for code, monthly in sorted(found['costs'].items(), key=lambda kv: (kv[0] != chosen, kv[1] is None,
                                                                         kv[1] or 0)):
        rows.append({'provider': code, 'chosen': code == chosen, 'monthly_vnd': monthly,
                     'yearly_vnd': monthly * 12 if monthly is not None else None,
                     'term_vnd': monthly * 12 * years if monthly is not None else None})
    onprem = found.get('onprem_monthly_vnd')
    return {'run': found['run'], 'years': years, 'rows': rows, 'chosen': chosen,
            'onprem_monthly_vnd': onprem, 'onprem_term_vnd': onprem * 12 * years if onprem is not None else None}


def _header(doc, design):
    unit = design.system.unit
    # The place is left for the signer to write, as on a printed form.
    doc.header(unit.name, parent=unit.parent.name if unit.parent_id else '',
               day=design.approved_on or timezone.localdate())


def build(design):
    """The rental plan of `design` as .docx bytes."""
    document = OfficialDocument()
    _header(document, design)
    system = design.system
    document.title(_('RENTAL PLAN FOR INFORMATION TECHNOLOGY SERVICES'),
                   _('Information system: %(name)s (%(code)s)') % {'name': system.name, 'code': system.code},
                   _('(Contents under Article 54 of Decree 73/2019/ND-CP; design version %(version)s, %(state)s)')
                   % {'version': design.version, 'state': design.get_state_display().lower()})
    if design.state == DesignState.DRAFT:
        document.para(_('DRAFT: this design is not approved yet.'), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    document.heading(_('Current state and need'), 1)
    document.body(design.current_state)
    document.heading(_('Scope and users'), 2)
    document.body(design.scope_users)
    document.heading(_('Quality, technical, connectivity and security requirements'), 3)
    for label, text in ((_('Quality'), design.quality_requirements),
                        (_('Technical'), design.technical_requirements),
                        (_('Connectivity'), design.connectivity_requirements),
                        (_('Information security'), design.security_requirements)):
        document.para(f'{label}:', bold=True, italic=True)
        document.body(text)
    _machines_table(document, design)
    document.heading(_('Data ownership and hand-over at the end of the term'), 4)
    document.body(design.data_ownership)
    document.heading(_('Term'), 5)
    document.body(_('%(years)s years from the start of official use (within the 1 to 5 years the decree '
                      'allows).') % {'years': design.term_years})
    document.heading(_('Cost estimate'), 6)
    _costs(document, design)
    document.heading(_('How the move is done and the fallback plan'), 7)
    _how(document, design)
    document.end()
    _signature(document, design)
    return document.save()


def _machines_table(document, design):
    rows = []
    for m in design.machines.select_related('vm').order_by('vm__name'):
        vcpus = m.vcpus or (round(m.assessed_vcpus) if m.assessed_vcpus else None)
        memory = m.memory_mib or m.assessed_memory_mib
        rows.append([m.vm.name, vcpus or '—', number_format(round(memory / 1024, 1)) if memory else '—',
                     m.flavour or m.assessed_flavour or '—', m.target_ip or '—'])
    if rows:
        document.para(_('Target machines:'), bold=True, italic=True)
        document.table([_('Machine'), _('vCPU'), _('Memory (GiB)'), _('Flavour'), _('Target address')], rows)


def _costs(document, design):
    estimate = cost_estimate(design)
    if estimate is None:
        document.body(_('No assessment of this system yet: the estimate is made once it is assessed.'))
        return
    document.body(_('From assessment “%(run)s” (monthly prices of the providers\' price books, VND; the chosen '
                      'provider first).') % {'run': estimate['run']})
    rows = [[f"{r['provider']}{' ✓' if r['chosen'] else ''}", _vnd(r['monthly_vnd']), _vnd(r['yearly_vnd']),
             _vnd(r['term_vnd'])] for r in estimate['rows']]
    rows.append([_('On premises (today)'), _vnd(estimate['onprem_monthly_vnd']),
                 _vnd(estimate['onprem_monthly_vnd'] * 12 if estimate['onprem_monthly_vnd'] is not None else None),
                 _vnd(estimate['onprem_term_vnd'])])
    document.table([_('Provider'), _('Monthly'), _('Yearly'),
                      _('Whole term (%(years)s years)') % {'years': estimate['years']}], rows)
    chosen = next((r for r in estimate['rows'] if r['chosen']), None)
    if chosen and chosen['term_vnd'] is not None:
        document.body(_('Estimated cost of the rental over the term: %(vnd)s VND.') % {
            'vnd': _vnd(chosen['term_vnd'])})


def _how(document, design):
    pairs = [
        (_('Deployment model'), design.get_deployment_model_display() or '—'),
        (_('Cloud provider'), str(design.provider) if design.provider_id else '—'),
        (_('Landing zone'), design.landing_zone or '—'),
        (_('Strategy'), design.get_strategy_display() or '—'),
        (_('Data migration method'), design.get_data_method_display() or '—'),
        (_('Target subnet'), design.target_subnet or '—'),
    ]
    if design.departs_from_guide:
        pairs.append((_('Why not the guide\'s model'), design.deployment_reason))
    document.table([_('Item'), _('Choice')], pairs)
    if design.architecture:
        document.para(_('Target architecture:'), bold=True, italic=True)
        document.body(design.architecture)
    document.body(_('The system is tested and run on trial before official use (Decree 73/2019/ND-CP, '
                      'Art. 58).'))
    document.para(_('Fallback plan:'), bold=True, italic=True)
    document.body(_('Triggered when: %(trigger)s') % {'trigger': design.fallback_trigger or '—'})
    document.body(_('Steps: %(steps)s') % {'steps': design.fallback_steps or '—'})
    document.body(_('Decided by: %(who)s. The old system is kept for %(days)s days after the switch.') % {
        'who': design.fallback_decider or '—', 'days': design.fallback_keep_days or '—'})


def _signature(document, design):
    note = _('Approved under %(reference)s') % {'reference': design.approval_reference} if design.approver else ''
    document.signature(_('HEAD OF THE UNIT'), design.approver, note=note)


def filename(design):
    return f'rental-plan-{design.system.code}-v{design.version}.docx'
