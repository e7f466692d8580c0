"""How the import commands print a report without --json: every problem with its place, or the change
set per sheet and what happened. Shared by the unit workbook and the price-book imports."""

from django.utils.translation import gettext as _


def write_report(command, result, dry_run, heading=None):
    out, style = command.stdout, command.style
    if result['errors']:
        out.write(style.ERROR(_('Refused: %(count)s problems; nothing was written.') % {
            'count': len(result['errors'])}))
        for e in result['errors']:
            row = _('row %(row)s') % {'row': e['row']} if e['row'] else ''
            where = ' '.join(str(x) for x in (e['sheet'], row, e['column']) if x)
            value = f' [{e["value"]}]' if e['value'] not in (None, '') else ''
            out.write(f'  {where}{value}: {e["message"]}')
        return
    if heading:
        out.write(heading)
    for sheet in result['created']:
        counts = dict(zip(('created', 'updated', 'unchanged', 'removed'),
                          (result[k][sheet] for k in ('created', 'updated', 'unchanged', 'removed')), strict=True))
        if any(counts.values()):
            out.write(_('  %(kind)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, '
                        '%(removed)s removed') % {**counts, 'kind': sheet})
    out.write(style.SUCCESS(_('Dry run: nothing written.') if dry_run else (
        _('Applied.') if result['applied'] else _('No change.'))))
