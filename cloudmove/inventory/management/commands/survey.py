import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cloudmove.core.import_output import write_report
from cloudmove.core.models import Unit, User
from cloudmove.core.progress import ProgressBar
from cloudmove.inventory.azure import export_azure_csv
from cloudmove.inventory.services import workbooks


class Command(BaseCommand):
    help = ('The unit workbook: `survey export --unit CODE -o FILE.xlsx`, `survey import FILE --unit CODE`, '
            '`survey export-azure --unit CODE -o FILE.csv`.')

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        export = sub.add_parser('export', help="Write the unit's workbook.")
        export.add_argument('--unit', required=True)
        export.add_argument('-o', '--output', required=True)
        azure = sub.add_parser('export-azure', help="Write the unit's VMs as an Azure Migrate CSV import template.")
        azure.add_argument('--unit', required=True)
        azure.add_argument('-o', '--output', required=True)
        imp = sub.add_parser('import', help='Validate and import a filled workbook (all or nothing).')
        imp.add_argument('path')
        imp.add_argument('--unit', required=True)
        imp.add_argument('--dry-run', action='store_true', help='Validate and show the changes; write nothing.')
        imp.add_argument('--json', action='store_true', help='Print one JSON object with the result.')
        imp.add_argument('--user', default=None, help='Act as this user (their scope applies).')
        imp.add_argument('--lang', default=None, help='Language of the messages (vi or en).')

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options['unit']).first()
        if unit is None:
            raise CommandError(f'Unknown unit: {options["unit"]}')
        if options['action'] == 'export-azure':
            count = export_azure_csv(unit, options['output'])
            self.stdout.write(self.style.SUCCESS(f'Wrote {options["output"]}: {count} VMs'))
            return
        if options['action'] == 'export':
            counts = workbooks.export(unit, options['output'])
            self.stdout.write(self.style.SUCCESS(f'Wrote {options["output"]}: ' + ', '.join(
                f'{title} {n}' for title, n in counts.items() if n)))
            return
        user = None
        if options['user']:
            user = User.objects.filter(username=options['user']).first()
            if user is None:
                raise CommandError(f'Unknown user: {options["user"]}')
        with translation.override(options['lang'] or translation.get_language()):
            with ProgressBar('workbook') as bar:
                report = workbooks.import_file(options['path'], unit, user, dry_run=options['dry_run'],
                                               progress=bar)
            result = report.as_dict()
            if options['json']:
                result.pop('changes', None)
                self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            else:
                self._print(result, options['dry_run'])
        if not report.ok:
            sys.exit(1)

    def _print(self, result, dry_run):
        write_report(self, result, dry_run)
