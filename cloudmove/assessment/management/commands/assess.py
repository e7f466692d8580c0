"""`cloudmove assess`: run an assessment, re-run what changed, show one system, compare two runs."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cloudmove.assessment.models import AssessmentRun
from cloudmove.assessment.services import results, runs
from cloudmove.core.models import Unit
from cloudmove.core.progress import ProgressBar
from cloudmove.inventory.models import InformationSystem

ACTIONS = ('run', 'show', 'rerun', 'compare', 'list')


class Command(BaseCommand):
    help = ('Assess the province or a unit: `assess [--unit CODE] [--sizing as-is|performance] [--percentile 95] '
            '[--comfort 1.3] [--json]`; `assess show SYSTEM_CODE [--run ID] --json`; `assess rerun [--run ID]` '
            '(only what changed); `assess compare OLD NEW --json`; `assess list`.')

    def add_arguments(self, parser):
        parser.add_argument('action', nargs='?', default='run', choices=ACTIONS)
        parser.add_argument('targets', nargs='*', metavar='ARG', help='show: a system code; compare: two run ids.')
        parser.add_argument('--unit', default=None, help='Code of the unit to assess (default: the province).')
        parser.add_argument('--sizing', choices=('as-is', 'performance'), default=None)
        parser.add_argument('--percentile', type=float, default=None)
        parser.add_argument('--comfort', type=float, default=None)
        parser.add_argument('--window', type=int, default=None, dest='window_days', help='Days of samples.')
        parser.add_argument('--horizon', type=int, default=None, dest='horizon_years', help='Years of cost.')
        parser.add_argument('--bandwidth', type=float, default=None, dest='bandwidth_mbps',
                            help='Link for the data transfer, Mbit/s.')
        parser.add_argument('--param', action='append', default=[], metavar='NAME=VALUE',
                            help='Any other parameter (cost, weights), e.g. --param pue=1.6 --param w_users=3.')
        parser.add_argument('--run', type=int, default=None, help='The run to show or re-run (default: latest).')
        parser.add_argument('--json', action='store_true', help='One JSON object on stdout.')

    def handle(self, *args, **options):
        action = options['action']
        try:
            if action == 'run':
                return self._run(options)
            if action == 'rerun':
                base = self._pick(options['run'])
                with ProgressBar(_('Re-assessing')) as bar:
                    run = runs.rerun(base, progress=None if options['json'] else bar)
                return self._print_summary(run, options)
            if action == 'show':
                if len(options['targets']) != 1:
                    raise CommandError(_('Give one system code.'))
                system = InformationSystem.objects.filter(code=options['targets'][0]).first()
                if system is None:
                    raise CommandError(_('Unknown system: %(code)s') % {'code': options['targets'][0]})
                run = self._pick(options['run'])
                data = results.system_view(run, system, language='en' if options['json'] else None)
                if data is None:
                    raise CommandError(_('Run %(run)s has no result for %(code)s.') % {'run': run.pk,
                                                                                       'code': system.code})
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=None if options['json'] else 2))
                return None
            if action == 'compare':
                if len(options['targets']) != 2:
                    raise CommandError(_('Give two run ids.'))
                old, new = (self._pick(int(x)) for x in options['targets'])
                self.stdout.write(json.dumps(runs.compare(old, new), ensure_ascii=False))
                return None
            for run in AssessmentRun.objects.order_by('-pk')[:50]:
                stale = runs.stale_reasons(run)
                self.stdout.write(f'{run.pk}\t{run.get_state_display()}\t{run.unit.code if run.unit else "-"}\t'
                                  f'{(run.summary or {}).get("systems", 0)}\t'
                                  f'{_("stale") + ": " + ", ".join(stale) if stale else ""}')
        except ValidationError as exc:
            raise CommandError('; '.join(exc.messages))
        except PermissionDenied as exc:
            raise CommandError(str(exc))
        return None

    def _pick(self, pk):
        run = AssessmentRun.objects.filter(pk=pk).first() if pk else runs.latest()
        if run is None:
            raise CommandError(_('No assessment run yet: run `cloudmove assess` first.') if not pk else
                               _('Unknown run: %(id)s') % {'id': pk})
        return run

    def _run(self, options):
        unit = None
        if options['unit']:
            unit = Unit.objects.filter(code=options['unit']).first()
            if unit is None:
                raise CommandError(_('Unknown unit: %(code)s') % {'code': options['unit']})
        values = {k: options[k] for k in ('sizing', 'percentile', 'comfort', 'window_days', 'horizon_years',
                                          'bandwidth_mbps')}
        for item in options['param']:
            name, sep, value = item.partition('=')
            if not sep:
                raise CommandError(_('Write parameters as NAME=VALUE: %(item)s') % {'item': item})
            values[name.strip()] = value.strip()
        params = runs.clean_params(values)
        run = runs.create(None, unit, params)
        with ProgressBar(_('Assessing')) as bar:
            run = runs.execute(run, progress=None if options['json'] else bar)
        return self._print_summary(run, options)

    def _print_summary(self, run, options):
        data = runs.summary_of(run)
        if options['json']:
            data.pop('state')
            data.pop('summary')
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return None
        self.stdout.write(_('Run %(run)s: %(systems)s systems, %(machines)s machines in %(total)s s '
                            '(engine %(engine)s s).') % {'run': run.pk, 'systems': data['systems'],
                                                         'machines': data['machines'], 'total': run.total_s,
                                                         'engine': run.engine_s})
        for name, value in data['readiness'].items():
            self.stdout.write(f'  {name}: {value}')
        for name, value in data['strategies'].items():
            self.stdout.write(f'  {name}: {value}')
        for code, value in data['monthly_cost_vnd'].items():
            self.stdout.write(f'  {code}: {value:,} VND/month')
        return None
