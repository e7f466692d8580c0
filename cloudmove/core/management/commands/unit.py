from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cloudmove.core.models import Unit
from cloudmove.core.services.units import add_unit


class Command(BaseCommand):
    help = 'Manage units: `unit add CODE --name-vi "..."`, `unit list`.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='action', required=True)
        add = sub.add_parser('add', help='Add a unit.')
        add.add_argument('code')
        add.add_argument('--name-vi', required=True)
        add.add_argument('--name-en', default='')
        add.add_argument('--kind', default=None, help='Unit kind code (see `unit kinds`).')
        add.add_argument('--parent', default=None, help='Parent unit code.')
        sub.add_parser('list', help='List units as a tree.')
        sub.add_parser('kinds', help='List unit kinds.')

    def handle(self, *args, **options):
        action = options['action']
        if action == 'add':
            try:
                unit = add_unit(options['code'], options['name_vi'], options['name_en'], options['kind'],
                                options['parent'])
            except ValidationError as exc:
                raise CommandError('; '.join(exc.messages))
            self.stdout.write(self.style.SUCCESS(f'Added {unit.code} ({unit.path}).'))
        elif action == 'list':
            for unit in Unit.objects.select_related('kind').order_by('path'):
                self.stdout.write(f'{"  " * unit.depth}{unit.code}\t{unit.name_vi}\t[{unit.kind.code}]'
                                  + ('' if unit.is_active else '\t(inactive)'))
        else:
            from cloudmove.core.models import UnitKind

            for kind in UnitKind.objects.all():
                self.stdout.write(f'{kind.code}\t{kind.name_vi}\t{kind.name_en}')
