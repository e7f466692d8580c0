"""`cloudmove import SOURCE PATH --unit CODE [--dry-run] [--json]`: imports of discovery exports.

One subcommand per source format (rvtools, azure-csv, aws-csv, google-csv, perf), registered in IMPORTERS.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cloudmove.core.models import Unit, User
from cloudmove.core.progress import ProgressBar
from cloudmove.inventory.aws import import_aws_csv
from cloudmove.inventory.azure import import_azure_csv
from cloudmove.inventory.google import import_google_csv
from cloudmove.inventory.perf import import_perf
from cloudmove.inventory.rvtools import import_rvtools

IMPORTERS = {'rvtools': import_rvtools, 'azure-csv': import_azure_csv, 'aws-csv': import_aws_csv,
             'google-csv': import_google_csv, 'perf': import_perf}
HELP = {
    'rvtools': 'An RVTools export: an .xlsx file or a folder of RVTools_tab*.csv files.',
    'azure-csv': 'An Azure Migrate CSV import template (Server name, Cores, Memory (In MB), OS name, ...).',
    'aws-csv': 'An AWS Application Discovery Service import template (ExternalId, HostName, RAM.TotalSizeInMB, ...).',
    'google-csv': 'A folder of Google Migration Center tables: vmInfo.csv and optional diskInfo, perfInfo, tagInfo.',
    'perf': 'Performance samples: CSV rows of timestamp, machine, metric, value.',
}


class Command(BaseCommand):
    help = ('Import a discovery export into a unit: '
            '`import rvtools|azure-csv|aws-csv|google-csv|perf PATH --unit CODE [--dry-run]`.')

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='source', required=True)
        for source in IMPORTERS:
            rv = sub.add_parser(source, help=HELP[source])
            rv.add_argument('path')
            rv.add_argument('--unit', required=True)
            rv.add_argument('--dry-run', action='store_true', help='Validate and count the changes; write nothing.')
            rv.add_argument('--json', action='store_true', help='Print one JSON object with the result.')
            rv.add_argument('--user', default=None, help='Act as this user.')
            rv.add_argument('--lang', default=None, help='Language of the messages (vi or en).')

    def handle(self, *args, **options):
        with translation.override(options['lang'] or translation.get_language()):
            unit = Unit.objects.filter(code=options['unit']).first()
            if unit is None:
                raise CommandError(_('Unknown unit: %(code)s') % {'code': options['unit']})
            user = None
            if options['user']:
                user = User.objects.filter(username=options['user']).first()
                if user is None:
                    raise CommandError(_('Unknown user: %(username)s') % {'username': options['user']})
            with ProgressBar(options['source']) as bar:
                result = IMPORTERS[options['source']](options['path'], unit, user, dry_run=options['dry_run'],
                                                      progress=bar)
            if options['json']:
                self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            else:
                self._print(result, options['dry_run'])
        if result['errors']:
            sys.exit(1)

    def _print(self, result, dry_run):
        for problem in result['warnings']:
            self.stdout.write(self.style.WARNING(_('Warning: %(where)s: %(message)s') % {
                'where': _where(problem), 'message': problem['message']}))
        if result['errors']:
            self.stdout.write(self.style.ERROR(_('Refused: %(count)s problems; nothing was written.') % {
                'count': len(result['errors'])}))
            for problem in result['errors']:
                self.stdout.write(f'  {_where(problem)}: {problem["message"]}')
            return
        for kind in result['created']:
            self.stdout.write(_('  %(kind)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, '
                                '%(removed)s removed') % {
                'kind': kind, 'created': result['created'][kind], 'updated': result['updated'][kind],
                'unchanged': result['unchanged'][kind], 'removed': result.get('removed', {}).get(kind, 0)})
        for sheet, mapping in (result.get('columns') or {}).items():
            read = [f'{header} → {target}' for header, target in mapping.items() if target]
            ignored = [header for header, target in mapping.items() if not target]
            self.stdout.write(_('Columns of %(sheet)s: %(read)s') % {'sheet': sheet or _('file'),
                                                                     'read': '; '.join(read)})
            if ignored:
                self.stdout.write(_('  ignored: %(ignored)s') % {'ignored': '; '.join(ignored)})
        totals = result['totals']
        self.stdout.write(_('Totals (VMs that are not templates): %(vms)s VMs, %(vcpus)s vCPUs, %(memory_mib)s MiB '
                            'memory, %(disk_capacity_mib)s MiB disk capacity') % totals)
        unknown = result.get('unknown') or {}
        if any(unknown.values()):
            self.stdout.write(_('Unknown (not in the totals): vCPUs of %(vcpus)s VMs, memory of %(memory_mib)s VMs, '
                                'storage of %(disk_capacity_mib)s VMs') % unknown)
        if dry_run:
            message = _('Dry run: nothing written.')
        else:
            message = _('Applied.') if result['applied'] else _('No change.')
        self.stdout.write(self.style.SUCCESS(message))


def _where(problem):
    parts = [problem['sheet'], _('row %(row)s') % {'row': problem['row']} if problem['row'] else '',
             problem['column']]
    where = ' '.join(str(p) for p in parts if p) or _('file')
    if problem['value'] not in (None, ''):
        where += f' [{problem["value"]}]'
    return where
