"""`cloudmove migration`: move a system's migration through its lifecycle, show it, take a wave plan."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cloudmove.execution.choices import MigrationState
from cloudmove.execution.models import Migration
from cloudmove.execution.services import lifecycle, optimise

ACTIONS = ('transition', 'show', 'approve-golive', 'sync', 'optimise')


class Command(BaseCommand):
    help = ('Migrations: `migration transition SYSTEM_CODE --to STATE [--comment TEXT]`; '
            '`migration show SYSTEM_CODE [--json]`; '
            '`migration approve-golive SYSTEM_CODE --approver "NAME, POSITION" --reference "15/QĐ-..."`; '
            '`migration optimise SYSTEM_CODE` (the sizing re-run on data measured since go-live); '
            '`migration sync` (a record for each system of the latest wave plan). '
            f'States: {", ".join(MigrationState.values)}.')

    def add_arguments(self, parser):
        parser.add_argument('action', choices=ACTIONS)
        parser.add_argument('system', metavar='SYSTEM_CODE', nargs='?')
        parser.add_argument('--to', choices=MigrationState.values)
        parser.add_argument('--comment', default='')
        parser.add_argument('--approver', default='')
        parser.add_argument('--reference', default='')
        parser.add_argument('--on', default=None, help='approve-golive: the date of the decision (default: today).')
        parser.add_argument('--json', action='store_true')

    def handle(self, *args, **options):
        action = options['action']
        if action == 'sync':
            try:
                created, updated = lifecycle.sync_from_plan(None)
            except ValidationError as exc:
                raise CommandError(' '.join(exc.messages)) from None
            self.stdout.write(_('%(created)s migrations created, %(updated)s moved to their new wave.') % {
                'created': created, 'updated': updated})
            return
        if not options['system']:
            raise CommandError(_('Give the system code.'))
        migration = Migration.objects.select_related('system__unit').filter(system__code=options['system']).first()
        if migration is None:
            raise CommandError(_('The system “%(code)s” has no migration record.') % {'code': options['system']})
        if action == 'transition':
            if not options['to']:
                raise CommandError(_('Give the state to move to with --to.'))
            try:
                migration = lifecycle.transition(None, migration, options['to'], options['comment'])
            except lifecycle.Refused as exc:
                if options['json']:
                    self.stdout.write(json.dumps({'missing': exc.missing}, ensure_ascii=False, indent=2))
                lines = '\n'.join(f'- {m["message"]}' for m in exc.missing)
                raise CommandError(_('%(system)s cannot move to “%(state)s” yet:') % {
                    'system': migration.system.code, 'state': MigrationState(options['to']).label} + '\n' + lines
                ) from None
        elif action == 'optimise':
            try:
                run, written, left_out = optimise.optimise(None, migration.system)
            except ValidationError as exc:
                raise CommandError(' '.join(exc.messages)) from None
            for f in written:
                self.stdout.write(f'{f.vm.name}: {f.current_vcpus:g} → {f.suggested_vcpus:g} vCPU, '
                                  f'{f.current_memory_mib:g} → {f.suggested_memory_mib:g} MiB, '
                                  f'{f.monthly_saving_vnd or 0:,} VND/month (run {run.pk})')
            for name in left_out:
                self.stdout.write(_('%(vm)s: no performance data measured since go-live') % {'vm': name})
            return
        elif action == 'approve-golive':
            try:
                migration = lifecycle.approve_golive(None, migration, options['approver'], options['reference'],
                                                     parse_date(options['on'] or '') or None)
            except ValidationError as exc:
                raise CommandError(' '.join(exc.messages)) from None
        self._show(migration, options['json'])

    def _show(self, migration, as_json):
        nexts = lifecycle.options(migration)
        if as_json:
            self.stdout.write(json.dumps({
                'id': migration.pk, 'system': migration.system.code, 'state': migration.state, 'wave': migration.wave,
                'live_since': migration.live_since.isoformat() if migration.live_since else None,
                'next': [{'state': o['state'], 'missing': o['missing']} for o in nexts]},
                ensure_ascii=False, indent=2))
            return
        self.stdout.write(f'{migration.system.code}: {migration.get_state_display()}')
        for o in nexts:
            mark = '✓' if not o['missing'] else '✗'
            self.stdout.write(f'  {mark} → {o["label"]}')
            for m in o['missing']:
                self.stdout.write(f'      - {m["message"]}')
