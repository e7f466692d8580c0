"""`cloudmove plan`: plan the waves of the province, explain one system's wave, compare two plans."""

import json
import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import WavePlan
from cloudmove.planning.services import plans

ACTIONS = ('waves', 'why', 'compare', 'list')


class Command(BaseCommand):
    help = ('Plan the migration waves: `plan waves [--waves 12] [--time-limit 60] [--start YYYY-MM-DD] '
            '[--weeks 4] [--capacity-systems N] [--json]`; `plan why SYSTEM_CODE [--plan ID] [--json]`; '
            '`plan compare OLD NEW --json`; `plan list`.')

    def add_arguments(self, parser):
        parser.add_argument('action', nargs='?', default='waves', choices=ACTIONS)
        parser.add_argument('targets', nargs='*', metavar='ARG', help='why: a system code; compare: two plan ids.')
        parser.add_argument('--waves', type=int, default=None)
        parser.add_argument('--time-limit', type=float, default=None, dest='time_limit', help='Seconds.')
        parser.add_argument('--start', default=None, help='First day of wave 1 (default: next Monday).')
        parser.add_argument('--weeks', type=int, default=None, help='Weeks per wave.')
        parser.add_argument('--slack', type=float, default=None,
                            help='Default capacity as a multiple of an even split (1.5).')
        for dim in ('systems', 'vms', 'effort', 'per-unit'):
            parser.add_argument(f'--capacity-{dim}', type=float, default=None,
                                dest=f'capacity_{dim.replace("-", "_")}')
        parser.add_argument('--weight', action='append', default=[], metavar='NAME=VALUE',
                            help='Objective weight: priority, crossing, length, balance.')
        parser.add_argument('--no-blackouts', action='store_true', help='Plan without the default blackouts.')
        parser.add_argument('--plan', type=int, default=None, help='The plan to explain (default: latest).')
        parser.add_argument('--json', action='store_true', help='One JSON object on stdout.')

    def handle(self, *args, **options):
        try:
            return getattr(self, f'_{options["action"]}')(options)
        except ValidationError as exc:
            raise CommandError('; '.join(f'{k}: {" ".join(v)}' for k, v in exc.message_dict.items()))
        except PermissionDenied as exc:
            raise CommandError(str(exc))

    def _waves(self, options):
        values = {k: options[k] for k in ('waves', 'time_limit', 'start', 'weeks', 'slack', 'capacity_systems',
                                          'capacity_vms', 'capacity_effort', 'capacity_per_unit')}
        weights = {}
        for item in options['weight']:
            name, _sep, value = item.partition('=')
            weights[name.strip()] = value.strip()
        values['weights'] = weights
        if options['no_blackouts']:
            values['blackouts'] = []
        plan = plans.create(None, values)

        def line(seconds, objective, bound):
            sys.stderr.write(_('%(s)6.1f s  objective %(o)s  bound %(b)s') % {
                's': seconds, 'o': f'{objective:,.0f}', 'b': f'{bound:,.0f}'} + '\n')

        plan = plans.execute(plan, progress=line)
        data = plans.payload(plan)
        if options['json']:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_('Plan %(id)s: %(status)s, objective %(o)s, bound %(b)s, greedy %(g)s') % {
            'id': plan.pk, 'status': plan.status, 'o': _fmt(plan.objective), 'b': _fmt(plan.bound),
            'g': _fmt(plan.greedy_objective)})
        for w in data['waves']:
            self.stdout.write(_('Wave %(n)s  %(start)s – %(end)s  %(count)s systems  %(effort)s person-days') % {
                'n': w['number'], 'start': w['start'], 'end': w['end'], 'count': len(w['systems']),
                'effort': w['load']['effort']})
        for conflict in data['conflicts']:
            self.stdout.write('  ! ' + conflict['message'])

    def _why(self, options):
        if len(options['targets']) != 1:
            raise CommandError(_('Give one system code.'))
        system = InformationSystem.objects.filter(code=options['targets'][0]).first()
        if system is None:
            raise CommandError(_('Unknown system: %(code)s') % {'code': options['targets'][0]})
        plan = self._pick(options['plan'])
        data = plans.why(plan, system)
        if data is None:
            raise CommandError(_('Plan %(plan)s gives %(code)s no wave.') % {'plan': plan.pk, 'code': system.code})
        if options['json']:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_('%(code)s is in wave %(wave)s.') % data)
        for entry in data['earlier']:
            self.stdout.write(_('Not wave %(n)s:') % {'n': entry['wave']})
            for reason in entry['reasons']:
                self.stdout.write('  - ' + reason['message'])

    def _compare(self, options):
        if len(options['targets']) != 2:
            raise CommandError(_('Give two plan ids.'))
        old, new = (self._pick(int(x)) for x in options['targets'])
        self.stdout.write(json.dumps(plans.compare(old, new), ensure_ascii=False))

    def _list(self, options):
        for plan in WavePlan.objects.order_by('-pk')[:50]:
            self.stdout.write(f'{plan.pk}\tv{plan.version}\t{plan.state}\t{plan.status}\t{_fmt(plan.objective)}')

    def _pick(self, pk):
        plan = WavePlan.objects.filter(pk=pk).first() if pk else plans.latest()
        if plan is None:
            raise CommandError(_('No wave plan yet: run `cloudmove plan waves`.'))
        return plan


def _fmt(value):
    return '—' if value is None else f'{value:,.0f}'
