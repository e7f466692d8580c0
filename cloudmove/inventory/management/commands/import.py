"""`cloudmove import FORMAT PATH --unit CODE [--dry-run] [--json]`: imports of discovery exports, one
subcommand per registered discovery format (cloudmove.inventory.importers)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.core.imports import command, formats
from cloudmove.core.models import Unit


class Command(BaseCommand):
    help = 'Import a discovery export into a unit: `import FORMAT PATH --unit CODE [--dry-run] [--json]`.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest='source', required=True)
        for fmt in formats.of_family('discovery'):
            one = sub.add_parser(fmt.kind, help=fmt.help)
            one.add_argument('path')
            one.add_argument('--unit', required=True)
            command.add_options(one, user_help='Act as this user.')

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options['unit']).first()
        if unit is None:
            raise CommandError(_('Unknown unit: %(code)s') % {'code': options['unit']})
        command.run(self, formats.get(options['source']), options['path'], unit, options)
