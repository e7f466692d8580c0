"""`cloudmove design`: open a system's migration design, show it, approve it, write its rental plan."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cloudmove.core import registry
from cloudmove.core.api.base import serializer_for
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import MigrationDesign
from cloudmove.planning.services import designs, rental_plan

ACTIONS = ('rental-plan', 'open', 'show', 'approve', 'reip')


class Command(BaseCommand):
    help = ('Migration designs: `design rental-plan SYSTEM_CODE -o FILE.docx`; `design open SYSTEM_CODE`; '
            '`design show SYSTEM_CODE [--design-version N] [--json]`; `design reip SYSTEM_CODE`; '
            '`design approve SYSTEM_CODE --approver "NAME, POSITION" --reference "12/QĐ-..." [--on YYYY-MM-DD]`.')

    def add_arguments(self, parser):
        parser.add_argument('action', choices=ACTIONS)
        parser.add_argument('system', metavar='SYSTEM_CODE')
        parser.add_argument('-o', '--output', default=None, help='rental-plan: the .docx to write.')
        parser.add_argument('--design-version', type=int, default=None, dest='design_version',
                            help='The design version (default: the one in force).')
        parser.add_argument('--approver', default='')
        parser.add_argument('--reference', default='')
        parser.add_argument('--on', default=None, help='approve: the date of the decision (default: today).')
        parser.add_argument('--json', action='store_true')

    def handle(self, *args, **options):
        system = InformationSystem.objects.filter(code=options['system']).first()
        if system is None:
            raise CommandError(_('No information system has the code “%(code)s”.') % {'code': options['system']})
        try:
            return getattr(self, '_' + options['action'].replace('-', '_'))(system, options)
        except ValidationError as exc:
            raise CommandError('\n'.join(exc.messages))

    def _design(self, system, options):
        qs = designs.versions(system)
        design = (qs.filter(version=options['design_version']).first() if options['design_version']
                  else designs.current(system))
        if design is None:
            raise CommandError(_('%(system)s has no migration design: `cloudmove design open %(code)s` opens one.')
                               % {'system': system, 'code': system.code})
        return design

    def _open(self, system, options):
        design = designs.open_design(None, system)
        self.stdout.write(_('Design version %(version)s of %(system)s is open (id %(id)s).') % {
            'version': design.version, 'system': system, 'id': design.pk})

    def _show(self, system, options):
        design = self._design(system, options)
        data = dict(serializer_for(registry.get(MigrationDesign))(design).data)
        data['missing'] = designs.missing(design)
        data['machines'] = list(design.machines.order_by('vm__name').values(
            'vm__name', 'assessed_vcpus', 'assessed_memory_mib', 'assessed_flavour', 'vcpus', 'memory_mib',
            'flavour', 'current_ip', 'target_ip', 'reip'))
        if options['json']:
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
            return
        self.stdout.write(f'{design} — {design.get_state_display()}')
        for gap in data['missing']:
            self.stdout.write('  ! ' + gap['message'])

    def _reip(self, system, options):
        plan = designs.plan_reip(self._design(system, options))
        self.stdout.write(_('Re-addressing planned: %(changed)s machines get a new address.') % {
            'changed': plan.changed})

    def _approve(self, system, options):
        on = parse_date(options['on']) if options['on'] else None
        try:
            design = designs.approve(None, self._design(system, options), options['approver'], on,
                                     options['reference'])
        except designs.Incomplete as exc:
            raise CommandError(_('The design cannot be approved yet:') + '\n' + '\n'.join(
                f"  - {m['message']}" for m in exc.missing))
        self.stdout.write(_('%(design)s is approved.') % {'design': design})

    def _rental_plan(self, system, options):
        design = self._design(system, options)
        target = Path(options['output'] or rental_plan.filename(design))
        target.write_bytes(rental_plan.build(design))
        self.stdout.write(_('Wrote %(path)s (%(size)s bytes).') % {'path': target, 'size': target.stat().st_size})
