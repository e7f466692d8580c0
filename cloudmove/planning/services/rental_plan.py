"""The rental plan of a designed system as a .docx: the contents Decree 73/2019/ND-CP Art. 54 asks for
(current state and need; scope and users; quality, technical, connectivity and security requirements; data
ownership and hand-over at the end; term; cost estimate from the assessment), plus how the move is done
and its fallback plan. A4, Times New Roman, in the active language.
"""

import io

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cloudmove.assessment.services import results as assessment
from cloudmove.planning.choices import DesignState

FONT = 'Times New Roman'


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


def _style(document):
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles['Normal']
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.rPr.rFonts.set(qn('w:eastAsia'), FONT)
    normal.paragraph_format.space_after = Pt(6)


def _para(document, text='', bold=False, italic=False, size=None, align=None, cell=None):
    p = cell.add_paragraph() if cell is not None else document.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def _heading(document, number, text):
    return _para(document, f'{number}. {text}', bold=True)


def _body(document, text):
    for line in (text or '—').splitlines() or ['—']:
        if line.strip():
            _para(document, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = 'Table Grid'
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ''
        _para(document, str(text), bold=True, size=11, cell=cell)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ''
            _para(document, str(text), size=11, cell=cell)
    return table


def _header(document, design):
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = right.text = ''
    unit = design.system.unit
    if unit.parent_id:
        _para(document, unit.parent.name.upper(), size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=left)
    _para(document, unit.name.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=left)
    _para(document, _('SOCIALIST REPUBLIC OF VIETNAM'), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER,
          cell=right)
    motto = _para(document, _('Independence - Freedom - Happiness'), bold=True, size=13,
                  align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
    motto.runs[0].underline = True
    day = design.approved_on or timezone.localdate()
    # The place is left for the signer to write, as on a printed form.
    _para(document, _('..........., day %(day)s month %(month)s year %(year)s') % {
        'day': day.day, 'month': day.month, 'year': day.year}, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def build(design):
    """The rental plan of `design` as .docx bytes."""
    document = Document()
    _style(document)
    _header(document, design)
    system = design.system
    _para(document, _('RENTAL PLAN FOR INFORMATION TECHNOLOGY SERVICES'), bold=True, size=14,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, _('Information system: %(name)s (%(code)s)') % {'name': system.name, 'code': system.code},
          bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, _('(Contents under Article 54 of Decree 73/2019/ND-CP; design version %(version)s, %(state)s)')
          % {'version': design.version, 'state': design.get_state_display().lower()}, italic=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    if design.state == DesignState.DRAFT:
        _para(document, _('DRAFT: this design is not approved yet.'), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _heading(document, 1, _('Current state and need'))
    _body(document, design.current_state)
    _heading(document, 2, _('Scope and users'))
    _body(document, design.scope_users)
    _heading(document, 3, _('Quality, technical, connectivity and security requirements'))
    for label, text in ((_('Quality'), design.quality_requirements),
                        (_('Technical'), design.technical_requirements),
                        (_('Connectivity'), design.connectivity_requirements),
                        (_('Information security'), design.security_requirements)):
        _para(document, f'{label}:', bold=True, italic=True)
        _body(document, text)
    _machines_table(document, design)
    _heading(document, 4, _('Data ownership and hand-over at the end of the term'))
    _body(document, design.data_ownership)
    _heading(document, 5, _('Term'))
    _body(document, _('%(years)s years from the start of official use (within the 1 to 5 years the decree '
                      'allows).') % {'years': design.term_years})
    _heading(document, 6, _('Cost estimate'))
    _costs(document, design)
    _heading(document, 7, _('How the move is done and the fallback plan'))
    _how(document, design)
    _signature(document, design)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _machines_table(document, design):
    rows = []
    for m in design.machines.select_related('vm').order_by('vm__name'):
        vcpus = m.vcpus or (round(m.assessed_vcpus) if m.assessed_vcpus else None)
        memory = m.memory_mib or m.assessed_memory_mib
        rows.append([m.vm.name, vcpus or '—', number_format(round(memory / 1024, 1)) if memory else '—',
                     m.flavour or m.assessed_flavour or '—', m.target_ip or '—'])
    if rows:
        _para(document, _('Target machines:'), bold=True, italic=True)
        _table(document, [_('Machine'), _('vCPU'), _('Memory (GiB)'), _('Flavour'), _('Target address')], rows)


def _costs(document, design):
    estimate = cost_estimate(design)
    if estimate is None:
        _body(document, _('No assessment of this system yet: the estimate is made once it is assessed.'))
        return
    _body(document, _('From assessment “%(run)s” (monthly prices of the providers\' price books, VND; the chosen '
                      'provider first).') % {'run': estimate['run']})
    rows = [[f"{r['provider']}{' ✓' if r['chosen'] else ''}", _vnd(r['monthly_vnd']), _vnd(r['yearly_vnd']),
             _vnd(r['term_vnd'])] for r in estimate['rows']]
    rows.append([_('On premises (today)'), _vnd(estimate['onprem_monthly_vnd']),
                 _vnd(estimate['onprem_monthly_vnd'] * 12 if estimate['onprem_monthly_vnd'] is not None else None),
                 _vnd(estimate['onprem_term_vnd'])])
    _table(document, [_('Provider'), _('Monthly'), _('Yearly'),
                      _('Whole term (%(years)s years)') % {'years': estimate['years']}], rows)
    chosen = next((r for r in estimate['rows'] if r['chosen']), None)
    if chosen and chosen['term_vnd'] is not None:
        _body(document, _('Estimated cost of the rental over the term: %(vnd)s VND.') % {
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
    _table(document, [_('Item'), _('Choice')], pairs)
    if design.architecture:
        _para(document, _('Target architecture:'), bold=True, italic=True)
        _body(document, design.architecture)
    _body(document, _('The system is tested and run on trial before official use (Decree 73/2019/ND-CP, '
                      'Art. 58).'))
    _para(document, _('Fallback plan:'), bold=True, italic=True)
    _body(document, _('Triggered when: %(trigger)s') % {'trigger': design.fallback_trigger or '—'})
    _body(document, _('Steps: %(steps)s') % {'steps': design.fallback_steps or '—'})
    _body(document, _('Decided by: %(who)s. The old system is kept for %(days)s days after the switch.') % {
        'who': design.fallback_decider or '—', 'days': design.fallback_keep_days or '—'})


def _signature(document, design):
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = right.text = ''
    _para(document, _('Recipients:'), bold=True, italic=True, size=12, cell=left)
    _para(document, _('- As above;'), size=11, cell=left)
    _para(document, _('- Filed.'), size=11, cell=left)
    _para(document, _('HEAD OF THE UNIT'), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
    if design.approver:
        _para(document, _('Approved under %(reference)s') % {'reference': design.approval_reference}, italic=True,
              size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        _para(document, design.approver, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)


def filename(design):
    return f'rental-plan-{design.system.code}-v{design.version}.docx'
