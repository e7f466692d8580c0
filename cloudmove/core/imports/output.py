"""How the import commands print a report without --json: the warnings, every problem with its place, or
the change set per kind, the columns read, the totals, and what happened. One printer for every format."""

from django.utils.translation import gettext as _

WARNINGS_PRINTED = 200


def where(problem):
    parts = [problem['sheet'], _('row %(row)s') % {'row': problem['row']} if problem['row'] else '',
             problem['column']]
    text = ' '.join(str(p) for p in parts if p) or _('file')
    if problem['value'] not in (None, ''):
        text += f' [{problem["value"]}]'
    return text


def write_report(command, result, dry_run, heading=None):
    out, style = command.stdout, command.style
    warnings = result.get('warnings') or []
    for problem in warnings[:WARNINGS_PRINTED]:
        out.write(style.WARNING(_('Warning: %(where)s: %(message)s') % {'where': where(problem),
                                                                        'message': problem['message']}))
    if len(warnings) > WARNINGS_PRINTED:
        out.write(style.WARNING(_('... and %(count)s more warnings (--json lists them all).') % {
            'count': len(warnings) - WARNINGS_PRINTED}))
    if result['errors']:
        out.write(style.ERROR(_('Refused: %(count)s problems; nothing was written.') % {
            'count': len(result['errors'])}))
        for problem in result['errors']:
            out.write(f'  {where(problem)}: {problem["message"]}')
        return
    if heading:
        out.write(heading)
    for kind in result['created']:
        counts = {k: (result.get(k) or {}).get(kind, 0) for k in ('created', 'updated', 'unchanged', 'removed')}
        if any(counts.values()):
            out.write(_('  %(kind)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, '
                        '%(removed)s removed') % {**counts, 'kind': kind})
    for sheet, mapping in (result.get('columns') or {}).items():
        read = [f'{header} → {target}' for header, target in mapping.items() if target]
        ignored = [header for header, target in mapping.items() if not target]
        out.write(_('Columns of %(sheet)s: %(read)s') % {'sheet': sheet or _('file'), 'read': '; '.join(read)})
        if ignored:
            out.write(_('  ignored: %(ignored)s') % {'ignored': '; '.join(ignored)})
    totals = result.get('totals')
    if totals and 'vms' in totals:
        out.write(_('Totals (VMs that are not templates): %(vms)s VMs, %(vcpus)s vCPUs, %(memory_mib)s MiB '
                    'memory, %(disk_capacity_mib)s MiB disk capacity') % totals)
    unknown = result.get('unknown') or {}
    if any(unknown.values()):
        out.write(_('Unknown (not in the totals): vCPUs of %(vcpus)s VMs, memory of %(memory_mib)s VMs, '
                    'storage of %(disk_capacity_mib)s VMs') % unknown)
    out.write(style.SUCCESS(_('Dry run: nothing written.') if dry_run else (
        _('Applied.') if result['applied'] else _('No change.'))))
