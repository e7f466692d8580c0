from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.inventory.services.generate import generate_workbook
from cloudmove.inventory.services.rvtools_generate import generate_rvtools


class Command(BaseCommand):
    help = ('Synthetic inputs for tests and benchmarks: `generate workbook --vms N --seed S -o FILE`, '
            '`generate rvtools --vms N --seed S -o PATH [--csv] [--old-headers] [--change-vms N]`.')

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='what', required=True)
        wb = sub.add_parser('workbook', help='A valid unit workbook of that size.')
        wb.add_argument('--vms', type=int, required=True)
        wb.add_argument('--seed', type=int, default=1)
        wb.add_argument('--unit', default='BENCH', help='Unit code written into the workbook.')
        wb.add_argument('-o', '--output', required=True)
        rv = sub.add_parser('rvtools', help='A realistic RVTools export (.xlsx, or a folder of CSV files).')
        rv.add_argument('--vms', type=int, required=True)
        rv.add_argument('--seed', type=int, default=1)
        rv.add_argument('-o', '--output', required=True)
        rv.add_argument('--csv', action='store_true', help='Write a folder of RVTools_tab<sheet>.csv files.')
        rv.add_argument('--old-headers', action='store_true', help='Use the older MB headers instead of MiB.')
        rv.add_argument('--change-vms', type=int, default=0,
                        help='The same export after N VMs got two more vCPUs (to check that exactly N update).')

    def handle(self, *args, **options):
        parent = Path(options['output']).resolve().parent
        if not parent.is_dir():
            raise CommandError(_('The folder %(path)s does not exist.') % {'path': parent})
        if options['what'] == 'rvtools':
            totals = generate_rvtools(options['output'], options['vms'], options['seed'], as_csv=options['csv'],
                                      old_headers=options['old_headers'], changed_vms=options['change_vms'])
        else:
            totals = generate_workbook(options['output'], options['vms'], options['seed'], options['unit'])
        if options['what'] == 'rvtools':
            self.stdout.write(_('The totals below count the VMs that are not templates, as the import does.'))
        self.stdout.write(self.style.SUCCESS(f'Wrote {options["output"]}: ' + ', '.join(
            f'{k} {v}' for k, v in totals.items())))
