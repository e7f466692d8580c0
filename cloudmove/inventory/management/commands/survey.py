from django.core.management.base import BaseCommand, CommandError

from cloudmove.core.imports import command, formats
from cloudmove.core.models import Unit
from cloudmove.inventory.importers.azure import export_azure_csv
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
        command.add_options(imp)

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
        command.run(self, formats.get('workbook'), options['path'], unit, options)
