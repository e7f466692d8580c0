from django.core.management.base import BaseCommand

from cloudmove.inventory.services.generate import generate_workbook


class Command(BaseCommand):
    help = 'Synthetic inputs for tests and benchmarks: `generate workbook --vms N --seed S -o FILE`.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='what', required=True)
        wb = sub.add_parser('workbook', help='A valid unit workbook of that size.')
        wb.add_argument('--vms', type=int, required=True)
        wb.add_argument('--seed', type=int, default=1)
        wb.add_argument('--unit', default='BENCH', help='Unit code written into the workbook.')
        wb.add_argument('-o', '--output', required=True)

    def handle(self, *args, **options):
        totals = generate_workbook(options['output'], options['vms'], options['seed'], options['unit'])
        self.stdout.write(self.style.SUCCESS(f'Wrote {options["output"]}: ' + ', '.join(
            f'{k} {v}' for k, v in totals.items())))
