"""The periodic programme report: its figures for a period (per work item of the provincial plan, from
each app's services), the texts drafted from them, the .docx in the Decree 30/2020 layout and the .xlsx
data annex."""

import calendar
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.documents import OfficialDocument
from cloudmove.core.exports import write_xlsx
from cloudmove.core.models import Unit
from cloudmove.core.services import objects
from cloudmove.reporting.models import PERIOD, ProgressReport
from cloudmove.reporting.services import requests

LIVE_OR_LATER = ('live', 'decommissioning', 'closed')


def bounds(period):
    """(first day, last day) of 'YYYY-Qn' or 'YYYY-MM'; ValidationError otherwise."""
    match = PERIOD.match(str(period or ''))
    if not match:
        raise ValidationError(_('Write the period as YYYY-Qn (such as 2026-Q3) or YYYY-MM.'))
    year, part = int(match.group(1)), match.group(2)
    if part.startswith('Q'):
        first = 3 * (int(part[1]) - 1) + 1
        return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    month = int(part)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _n(value):
    return number_format(value or 0, force_grouping=True)


def reader(user, issuer):
    """Whose scope a report's figures are counted in: a unit's own report states its own subtree,
    whoever drafts, reads or exports it; the programme office's (or the province's) what the user sees."""
    if isinstance(issuer, int | str):
        issuer = Unit.objects.filter(pk=issuer).first()
    if issuer is None or issuer.is_programme_office or issuer.parent_id is None:
        return user
    return scoping.reader_of(issuer)


def report_figures(report, user=None):
    return figures(reader(user, report.issuer), report.period)


def figures(user, period):
    """Everything the report states for `period`, in the user's scope."""
    from cloudmove.assessment.services import results
    from cloudmove.execution.services import lifecycle, records
    from cloudmove.planning.services import designs, programme
    from cloudmove.surveys.services import campaigns

    start, end = bounds(period)
    progress = lifecycle.progress(user)
    return {
        'period': period, 'start': start, 'end': end,
        'phases': programme.phase_summary(user, today=end),
        'campaigns': campaigns.progress(user)[:3],
        'assessment': results.dashboard(user),
        'designs': designs.counts(user),
        'states': progress['states'], 'total': progress['total'], 'by_unit': progress['by_unit'],
        'moves': lifecycle.moves_between(user, start, end),
        'decommissioned': records.decommissioned_between(user, start, end),
        'benefits': records.benefits(user),
        'blocked': lifecycle.blocked(user, limit=30),
        'inspections': list(records.open_inspections(user)[:30]),
        'reported': requests.reported(user, start=start, end=end, limit=50),
    }


def drafted_texts(f):
    """The results, difficulties and proposals as first drafted from the figures (edited before export)."""
    states = {s['state']: s['n'] for s in f['states']}
    lines = []
    for c in f['campaigns']:
        lines.append(_('Survey “%(name)s”: %(approved)s of %(total)s units approved, %(pct)s %% complete on '
                       'average.') % {'name': c['name'], 'approved': c['states']['approved'], 'total': c['total'],
                                      'pct': c['completeness']})
    a = f['assessment']
    if a:
        lines.append(_('Assessment: %(n)s information systems assessed; monthly cost on premises %(onprem)s VND, '
                       'in the cloud %(cloud)s VND.') % {'n': a['systems'], 'onprem': _n(a['onprem_monthly_vnd']),
                                                        'cloud': _n(a['cloud_monthly_vnd'])})
    lines.append(_('Designs: %(approved)s migration designs approved, %(draft)s in draft.') % {
        'approved': f['designs'].get('approved', 0), 'draft': f['designs'].get('draft', 0)})
    lines.append(_('Migration: %(total)s systems in waves; %(live)s live or later, %(closed)s closed; in the '
                   'period %(golive)s went live and %(rolled)s were rolled back.') % {
        'total': f['total'], 'live': sum(states.get(s, 0) for s in LIVE_OR_LATER), 'closed': states.get('closed', 0),
        'golive': f['moves'].get('live', 0), 'rolled': f['moves'].get('rolled_back', 0)})
    d = f['decommissioned']
    lines.append(_('Completion: %(items)s old servers and devices decommissioned in the period, freeing %(w)s W.')
                 % {'items': d['items'], 'w': _n(d['power_w'])})
    difficulties = [_('%(system)s (%(unit)s): %(reason)s') % {'system': m.system.code, 'unit': m.system.unit.code,
                                                              'reason': m.reason or '—'} for m in f['blocked']]
    difficulties += [_('%(system)s: %(follow_up)s (due %(due)s)') % {
        'system': i.system.code, 'follow_up': i.follow_up or i.findings, 'due': i.due_on or '—'}
        for i in f['inspections']]
    difficulties += [f'{a.unit.code}: {a.difficulties}' for a in f['reported'] if a.difficulties]
    proposals = [_('Units with blocked migrations resolve the causes listed above; the programme office '
                   'follows up at its next review.')] if f['blocked'] else []
    proposals += [f'{a.unit.code}: {a.proposals}' for a in f['reported'] if a.proposals]
    return '\n'.join(lines), '\n'.join(difficulties), '\n'.join(proposals)


def office(user=None):
    """The issuing body by default: the programme office, else the user's own unit."""
    return Unit.objects.filter(is_programme_office=True, is_active=True).first() or getattr(user, 'unit', None)


def draft(user, data):
    """A new report for a period with its texts drafted from the figures (`data`: period, and optionally
    issuer, number, place, date, subject, signer, recipients)."""
    data = dict(data)
    period = data.get('period', '')
    start, end = bounds(period)
    f = figures(reader(user, data.get('issuer') or office(user)), period)
    results_text, difficulties, proposals = drafted_texts(f)
    values = {
        'issuer': data.get('issuer') or office(user), 'period': period, 'number': data.get('number', ''),
        'place': data.get('place', ''), 'report_date': data.get('report_date') or timezone.localdate(),
        'subject': data.get('subject') or _('Results of moving information systems to the cloud platform, '
                                            '%(start)s to %(end)s') % {'start': start.strftime('%d/%m/%Y'),
                                                                       'end': end.strftime('%d/%m/%Y')},
        'results': data.get('results') or results_text, 'difficulties': data.get('difficulties') or difficulties,
        'proposals': data.get('proposals') or proposals,
        'signer_position': data.get('signer_position') or _('Director'),
        'signer_name': data.get('signer_name', ''),
        'recipients': data.get('recipients') or '\n'.join(
            [_('- Ministry of Science and Technology (to report);'), _('- Provincial People\'s Committee (to report);'),
             _('- Filed.')]),
    }
    if user is None:
        report = ProgressReport(**values)
        report.full_clean()
        report.save()
        return report
    return objects.create_object(user, ProgressReport, values)


def build(report, user=None):
    """The report as .docx bytes, in the Decree 30/2020 layout."""
    f = report_figures(report, user)
    doc = OfficialDocument()
    issuer = report.issuer
    doc.header(issuer.name, parent=issuer.parent.name if issuer.parent_id else '', number=report.number,
               place=report.place, day=report.report_date)
    doc.title(_('Report'), report.subject)
    doc.heading(_('Results by work item of the plan'), 'I')
    doc.body(report.results)
    doc.table([_('No.'), _('Work item'), _('Tasks'), _('Done'), _('Late')],
              [[p['number'], p['name'], p['tasks'], p['done'], p['late']] for p in f['phases']])
    doc.para(_('Migrations by state'), bold=True, italic=True)
    doc.table([_('State'), _('Systems')], [[s['label'], s['n']] for s in f['states'] if s['n']] or [['—', 0]])
    doc.para(_('Migrations by unit'), bold=True, italic=True)
    doc.table([_('Unit'), _('In waves'), _('Live or later'), _('Closed')],
              [[r['label'], r['total'], r['live'], r['closed']] for r in f['by_unit']] or [['—', 0, 0, 0]])
    doc.heading(_('Difficulties and obstacles'), 'II')
    doc.body(report.difficulties or _('None reported.'))
    doc.heading(_('Proposals'), 'III')
    doc.body(report.proposals or _('None.'))
    doc.end()
    doc.signature(report.signer_position, report.signer_name,
                  recipients=[line for line in report.recipients.splitlines() if line.strip()])
    return doc.save()


def annex(report, user=None):
    """The data annex (.xlsx): work items, migrations by state and by unit, blocked migrations, the
    decommissioning of the period."""
    f = report_figures(report, user)
    out = io.BytesIO()
    write_xlsx(out, [
        (_('Work items'), [_('No.'), _('Work item'), _('Start'), _('End'), _('Tasks'), _('Done'), _('Late')],
         [[p['number'], p['name'], p['start'], p['end'], p['tasks'], p['done'], p['late']] for p in f['phases']]),
        (_('By state'), [_('State'), _('Systems')], [[s['label'], s['n']] for s in f['states']]),
        (_('By unit'), [_('Unit'), _('In waves'), _('Live or later'), _('Closed')],
         [[r['label'], r['total'], r['live'], r['closed']] for r in f['by_unit']]),
        (_('Blocked'), [_('System'), _('Unit'), _('Reason'), _('Since')],
         [[m.system.code, m.system.unit.code, m.reason or '', m.since.date() if m.since else None]
          for m in f['blocked']]),
        (_('In the period'), [_('Item'), _('Value')],
         [[_('Went live'), f['moves'].get('live', 0)], [_('Rolled back'), f['moves'].get('rolled_back', 0)],
          [_('Closed'), f['moves'].get('closed', 0)], [_('Decommissioned'), f['decommissioned']['items'] or 0],
          [_('Power freed (W)'), f['decommissioned']['power_w'] or 0]]),
    ])
    return out.getvalue()


# What a ministry asks for beside the report: the lists of systems, their migrations and designs, what was
# decommissioned and what the province uses of the national shared services (file name, model label).
ANNEX_LISTS = (
    ('danh-muc-he-thong-thong-tin.xlsx', 'inventory.InformationSystem'),
    ('ho-so-chuyen-doi.xlsx', 'execution.Migration'),
    ('thiet-ke-chuyen-doi.xlsx', 'planning.MigrationDesign'),
    ('thanh-ly-thiet-bi.xlsx', 'execution.DecommissionRecord'),
    ('nghiem-thu.xlsx', 'execution.AcceptanceTest'),
)


def annex_pack(report, user=None):
    """One zip: the data annex and each list of ANNEX_LISTS as the user may see it (written to a temporary
    file, as the lists may be long)."""
    import tempfile
    import zipfile

    from django.apps import apps

    from cloudmove.core import registry
    from cloudmove.core.exports import list_sheet

    with tempfile.TemporaryFile() as out:
        with zipfile.ZipFile(out, 'w', compression=zipfile.ZIP_DEFLATED) as pack:
            pack.writestr(filename(report, 'xlsx'), annex(report, user))
            for name, label in ANNEX_LISTS:
                config = registry.get(apps.get_model(label))
                with tempfile.TemporaryFile() as sheet:
                    write_xlsx(sheet, [list_sheet(config, user)])
                    sheet.seek(0)
                    pack.writestr(name, sheet.read())
        out.seek(0)
        return out.read()


def filename(report, ext):
    return f'bao-cao-{report.period}.{ext}'


def scoped(user):
    return scoping.trusted_or_scoped(ProgressReport.objects.select_related('issuer__parent'), user)
