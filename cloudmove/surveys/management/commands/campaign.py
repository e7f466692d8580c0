import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from cloudmove.core.models import Unit, User
from cloudmove.surveys.models import Campaign, CampaignAssignment
from cloudmove.surveys.services import campaigns as service


def _date(value):
    try:
        return datetime.datetime.strptime(value, '%d/%m/%Y').date()
    except ValueError:
        raise CommandError(_('Dates are written dd/mm/yyyy: %(value)s') % {'value': value})


class Command(BaseCommand):
    help = ('Survey campaigns: `campaign create NAME --end dd/mm/yyyy --units CODE,CODE --owner CODE`, '
            '`campaign launch ID [--send-workbooks]`, `campaign close ID`, `campaign list`, '
            '`campaign start|submit ASSIGNMENT_ID`, `campaign approve ASSIGNMENT_ID`, '
            '`campaign return ASSIGNMENT_ID --comment "..."`.')

    def add_arguments(self, parser):
        parser.add_argument('--user', default=None, help='Act as this user (default: the first active admin).')
        sub = parser.add_subparsers(dest='action', required=True)
        create = sub.add_parser('create', help='Create a draft campaign.')
        create.add_argument('name')
        create.add_argument('--end', required=True, help='End date, dd/mm/yyyy.')
        create.add_argument('--start', default=None, help='Start date, dd/mm/yyyy.')
        create.add_argument('--units', required=True, help='Codes of the units in scope, comma-separated.')
        create.add_argument('--owner', default=None, help='Code of the programme office unit (default: the root).')
        create.add_argument('--objectives', default='')
        launch = sub.add_parser('launch', help='Launch a campaign: one assignment per unit.')
        launch.add_argument('id', type=int)
        launch.add_argument('--send-workbooks', action='store_true',
                            help="Point each unit to its generated workbook (mailed when a server is set).")
        close = sub.add_parser('close', help='Close a launched campaign.')
        close.add_argument('id', type=int)
        for name, text in (('start', 'Start an assignment (unit officer).'),
                           ('submit', 'Submit an assignment for review (unit officer).')):
            sub.add_parser(name, help=text).add_argument('id', type=int)
        sub.add_parser('list', help='List campaigns and their assignments.')
        approve = sub.add_parser('approve', help='Approve a submitted assignment.')
        approve.add_argument('id', type=int)
        approve.add_argument('--comment', default='')
        ret = sub.add_parser('return', help='Return a submitted assignment with a comment.')
        ret.add_argument('id', type=int)
        ret.add_argument('--comment', required=True)

    def _user(self, username):
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_('Unknown user: %(username)s') % {'username': username})
            return user
        user = User.objects.filter(role='admin', is_active=True).order_by('pk').first()
        if user is None:
            raise CommandError(_('No active programme admin: pass --user.'))
        return user

    def handle(self, *args, **options):
        action = options['action']
        if action == 'list':
            return self._list()
        user = self._user(options['user'])
        try:
            if action == 'create':
                self._create(user, options)
            elif action == 'launch':
                campaign = service.launch(user, Campaign.objects.get(pk=options['id']),
                                          send_workbooks=options['send_workbooks'])
                self.stdout.write(self.style.SUCCESS(
                    _('Launched %(name)s: %(count)d assignments.') % {'name': campaign.name,
                                                                     'count': campaign.assignments.count()}))
            elif action == 'close':
                campaign = service.close(user, Campaign.objects.get(pk=options['id']))
                self.stdout.write(self.style.SUCCESS(f'{campaign.name}: {campaign.get_state_display()}'))
            else:
                assignment = CampaignAssignment.objects.get(pk=options['id'])
                if action == 'approve':
                    service.approve(user, assignment, options['comment'])
                elif action == 'return':
                    service.return_with_comment(user, assignment, options['comment'])
                else:
                    {'start': service.start, 'submit': service.submit}[action](user, assignment)
                assignment.refresh_from_db()
                self.stdout.write(self.style.SUCCESS(f'{assignment}: {assignment.get_state_display()}'))
        except (Campaign.DoesNotExist, CampaignAssignment.DoesNotExist, Http404):
            raise CommandError(_('Not found.'))
        except PermissionDenied as exc:
            raise CommandError(str(exc) or _('You are not allowed to change this object.'))
        except ValidationError as exc:
            raise CommandError('; '.join(exc.messages))

    def _create(self, user, options):
        units = service.units_by_codes(options['units'].split(','))
        owner = (Unit.objects.filter(code=options['owner']).first() if options['owner']
                 else Unit.objects.filter(parent__isnull=True, is_active=True).order_by('path').first())
        if owner is None:
            raise CommandError(_('Unknown unit: %(code)s') % {'code': options['owner'] or '-'})
        campaign = service.create_campaign(
            user, name=options['name'], unit=owner, end_date=_date(options['end']), units=units,
            start_date=_date(options['start']) if options['start'] else None, objectives=options['objectives'])
        self.stdout.write(self.style.SUCCESS(_('Created campaign %(id)d: %(name)s') % {
            'id': campaign.pk, 'name': campaign.name}))

    def _list(self):
        for campaign in Campaign.objects.select_related('unit').prefetch_related('assignments__unit'):
            self.stdout.write(f'{campaign.pk}\t{campaign.name}\t{campaign.get_state_display()}\t'
                              f'{campaign.end_date:%d/%m/%Y}')
            for a in campaign.assignments.all():
                self.stdout.write(f'  {a.pk}\t{a.unit.code}\t{a.get_state_display()}\t{a.completeness}%')
