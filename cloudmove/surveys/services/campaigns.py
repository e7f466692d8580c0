"""Campaign use cases: create, launch, and the assignment workflow (start, submit, return, approve).

Every action checks the scoping mechanism, refuses illegal transitions with a translated
ValidationError and saves through the models' normal `save()`, so the central audit receivers record
one audit entry per changed object (comments included).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cloudmove.core import scoping
from cloudmove.core.choices import Role
from cloudmove.core.models import Unit, User
from cloudmove.core.services import notifications
from cloudmove.surveys.choices import REVIEW_ACTIONS, TRANSITIONS, AssignmentState, CampaignState
from cloudmove.surveys.models import WORKFLOW_ROLES, AssignmentComment, Campaign, CampaignAssignment

# Points taken off the completeness score per data-quality finding of the unit (duplicates, overlaps,
# machines without a system).
FINDING_PENALTY = 2


@transaction.atomic
def create_campaign(user, *, name, unit, end_date, units=(), **fields):
    """A draft campaign owned by `unit` (the programme office) covering `units`."""
    campaign = Campaign(name=name, unit=unit, end_date=end_date, **fields)
    scoping.ensure(user, campaign, scoping.CHANGE)
    campaign.full_clean()
    campaign.save()
    campaign.units.set(units)
    return campaign


@transaction.atomic
def launch(user, campaign, send_workbooks=False):
    """Create one assignment (not started, due at the campaign's end) per unit in scope.

    With `send_workbooks`, each unit's notification links to its own generated workbook, and when a
    mail server is set the unit officers receive that workbook attached (built after the commit).
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    scoping.ensure(user, campaign, scoping.CHANGE)
    if campaign.state != CampaignState.DRAFT:
        raise ValidationError(_('Only a draft campaign can be launched.'))
    units = list(campaign.units.filter(is_active=True))
    if not units:
        raise ValidationError(_('The campaign has no units in scope.'))
    campaign.state = CampaignState.LAUNCHED
    campaign.launched_at = timezone.now()
    campaign.save()
    board = reverse('surveys:board', args=[campaign.pk])
    for unit in units:
        assignment = CampaignAssignment(campaign=campaign, unit=unit, due_date=campaign.end_date)
        assignment.save()
        message = _('Survey campaign “%(name)s”: your unit has an assignment due on %(due)s.') % {
            'name': campaign.name, 'due': campaign.end_date.strftime('%d/%m/%Y')}
        if send_workbooks:
            message += ' ' + _('Download your unit’s workbook, fill it in and upload it.')
        officers = list(notifications.unit_officers(unit))
        # The assignment page offers the workbook download, the upload and the submit button together.
        link = reverse('surveys:campaignassignment_detail', args=[assignment.pk]) if send_workbooks else board
        mail_workbook = send_workbooks and bool(settings.EMAIL_HOST)
        notifications.notify(officers, message, link, mail=not mail_workbook)
        if mail_workbook:
            transaction.on_commit(lambda unit=unit, officers=officers, message=message:
                                  _mail_workbook(unit, officers, message))
    return campaign


def _mail_workbook(unit, officers, message):
    """E-mail a unit's officers their workbook as it stands now."""
    import io

    from django.core.mail import EmailMessage

    from cloudmove.inventory.services import workbooks

    recipients = [u.email for u in officers if u.email]
    if not recipients:
        return
    buffer = io.BytesIO()
    workbooks.export(unit, buffer)
    mail = EmailMessage(message, message, settings.DEFAULT_FROM_EMAIL, recipients)
    mail.attach(f'khao-sat-{unit.code}.xlsx', buffer.getvalue(),
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    try:
        mail.send(fail_silently=False)
    except OSError:  # the notification is in the UI anyway
        notifications.log.warning('could not mail the workbook of %s', unit.code)


@transaction.atomic
def close(user, campaign):
    """End a launched campaign: assignments stay as they are and can no longer move."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    scoping.ensure(user, campaign, scoping.CHANGE)
    if campaign.state != CampaignState.LAUNCHED:
        raise ValidationError(_('Only a launched campaign can be closed.'))
    waiting = campaign.assignments.filter(state=AssignmentState.SUBMITTED).count()
    if waiting:
        raise ValidationError(ngettext(
            '%(count)d submission awaits review: approve or return it before closing the campaign.',
            '%(count)d submissions await review: approve or return them before closing the campaign.',
            waiting) % {'count': waiting})
    campaign.state = CampaignState.CLOSED
    campaign.save()
    units = campaign.assignments.values_list('unit', flat=True)
    notifications.notify(
        User.objects.filter(unit__in=units, role=Role.UNIT_OFFICER, is_active=True),
        _('Survey campaign “%(name)s” was closed.') % {'name': campaign.name},
        reverse('surveys:board', args=[campaign.pk]))
    return campaign


def may_work_on(user, assignment):
    """A unit officer (or a programme admin) who sees the assignment moves it through the workflow."""
    return getattr(user, 'role', None) in WORKFLOW_ROLES and scoping.allowed(user, assignment, scoping.VIEW)


def allowed_actions(user, assignment):
    """The transitions `user` may take on `assignment` now (for the board's buttons)."""
    if assignment.campaign.state != CampaignState.LAUNCHED or not may_work_on(user, assignment):
        return []
    reviewer = scoping.allowed(user, assignment.campaign, scoping.CHANGE)
    return [action for action, (sources, _target) in TRANSITIONS.items()
            if assignment.state in sources and (action not in REVIEW_ACTIONS or reviewer)]


def _transition(user, assignment, action):
    assignment = CampaignAssignment.objects.select_for_update().select_related('campaign', 'unit').get(
        pk=assignment.pk)
    scoping.ensure(user, assignment, scoping.VIEW)
    if not may_work_on(user, assignment):
        raise PermissionDenied(_('Only the unit’s officers and programme admins move a survey assignment.'))
    if action in REVIEW_ACTIONS and not scoping.allowed(user, assignment.campaign, scoping.CHANGE):
        raise PermissionDenied(_('Only programme admins may return or approve a submission.'))
    if assignment.campaign.state != CampaignState.LAUNCHED:
        raise ValidationError(_('The campaign is not running.'))
    sources, target = TRANSITIONS[action]
    if assignment.state not in sources:
        raise ValidationError(_('An assignment in state “%(state)s” cannot be %(action)s.') % {
            'state': assignment.get_state_display(), 'action': _action_label(action)})
    assignment.state = target
    return assignment


def _action_label(action):
    return {'start': _('started'), 'submit': _('submitted'), 'return': _('returned'),
            'approve': _('approved')}[action]


@transaction.atomic
def start(user, assignment):
    assignment = _transition(user, assignment, 'start')
    assignment.save()
    return assignment


@transaction.atomic
def submit(user, assignment):
    assignment = _transition(user, assignment, 'submit')
    assignment.completeness = completeness(user, assignment)
    assignment.submitted_at = timezone.now()
    assignment.save()
    _tell(notifications.programme_admins(), assignment, _('%(unit)s submitted its survey for “%(name)s”.'))
    return assignment


def _tell(users, assignment, message):
    notifications.notify(users, message % {'unit': assignment.unit.code, 'name': assignment.campaign.name},
                         reverse('surveys:board', args=[assignment.campaign_id]))


@transaction.atomic
def return_with_comment(user, assignment, text):
    if not (text or '').strip():
        raise ValidationError({'comment': _('Write a comment explaining what to fix.')})
    assignment = _transition(user, assignment, 'return')
    assignment.reviewer = user
    assignment.save()
    AssignmentComment(assignment=assignment, author=user, text=text.strip()).save()
    _tell(notifications.unit_officers(assignment.unit), assignment,
          _('The survey of %(unit)s for “%(name)s” was returned with comments.'))
    return assignment


@transaction.atomic
def approve(user, assignment, text=''):
    assignment = _transition(user, assignment, 'approve')
    assignment.reviewer = user
    assignment.approved_at = timezone.now()
    assignment.save()
    _tell(notifications.unit_officers(assignment.unit), assignment,
          _('The survey of %(unit)s for “%(name)s” was approved.'))
    if (text or '').strip():
        AssignmentComment(assignment=assignment, author=user, text=text.strip()).save()
    return assignment


@transaction.atomic
def add_comment(user, assignment, text):
    scoping.ensure(user, assignment, scoping.VIEW)
    if not may_work_on(user, assignment):
        raise PermissionDenied(_('Only the unit’s officers and programme admins move a survey assignment.'))
    comment = AssignmentComment(assignment=assignment, author=user, text=(text or '').strip())
    comment.full_clean()
    comment.save()
    return comment


def completeness(user, assignment):
    """The unit's completeness score, 0–100 (see completeness_breakdown)."""
    return completeness_breakdown(user, assignment)['score']


def completeness_breakdown(user, assignment):
    """How the completeness score is made, for the score and for the page that explains it.

    score = round(100 × complete / systems) − FINDING_PENALTY × findings, kept within 0–100, where
    `systems` are the unit's information systems (limited to the campaign's system categories when
    set), `complete` those with a security level and at least one machine (VM or physical server), and
    `findings` the unit's data-quality findings other than the system gaps already counted (duplicate
    host names and IPs, prefix overlaps, machines without a system). A unit without any system scores 0.
    """
    from cloudmove.inventory.models import InformationSystem
    from cloudmove.inventory.services import quality

    systems = InformationSystem.objects.filter(unit=assignment.unit)
    if assignment.campaign.system_categories:
        systems = systems.filter(category__in=assignment.campaign.system_categories)
    total = systems.count()
    out = {'systems': total, 'complete': 0, 'findings': 0, 'penalty': 0, 'score': 0}
    if not total:
        return out
    out['complete'] = systems.filter(security_level__isnull=False).filter(
        Q(vms__isnull=False) | Q(servers__isnull=False)).distinct().count()
    counts = quality.findings(user, assignment.unit)['counts']
    out['findings'] = sum(counts.get(key, 0) for key in (
        'duplicate_hostnames', 'duplicate_ips', 'prefix_overlaps', 'machines_without_system'))
    out['penalty'] = FINDING_PENALTY * out['findings']
    out['score'] = max(0, min(100, round(100 * out['complete'] / total) - out['penalty']))
    return out


def units_by_codes(codes):
    """Active units for a list of codes; a ValidationError names the unknown ones."""
    codes = [c.strip() for c in codes if c.strip()]
    units = list(Unit.objects.filter(code__in=codes, is_active=True))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise ValidationError(_('Unknown units: %(codes)s') % {'codes': ', '.join(missing)})
    return units


def progress(user, unit=None):
    """Survey progress for dashboards: per open or closed campaign, its assignments counted by state and
    the average completeness (one grouped query), in the user's scope."""
    from django.db.models import Avg, Count

    qs = scoping.trusted_or_scoped(CampaignAssignment.objects.all(), user)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = qs.order_by().values('campaign_id', 'campaign__name', 'state').annotate(n=Count('pk'),
                                                                                  done=Avg('completeness'))
    out = {}
    for row in rows:
        c = out.setdefault(row['campaign_id'], {'id': row['campaign_id'], 'name': row['campaign__name'],
                                                'states': dict.fromkeys(AssignmentState.values, 0), 'total': 0,
                                                '_sum': 0.0})
        c['states'][row['state']] = row['n']
        c['total'] += row['n']
        c['_sum'] += (row['done'] or 0) * row['n']
    for c in out.values():
        c['completeness'] = round(c.pop('_sum') / c['total']) if c['total'] else 0
    return sorted(out.values(), key=lambda c: -c['id'])
