"""The guarded migration lifecycle: what a transition still lacks (in the user's language), the transition
itself (audited, with its history and notifications), the go-live approval, and the records a migration
starts from (from the wave plan, the runbook and test templates, the risks from the assessment).

The table of transitions is engine.lifecycle.TRANSITIONS; each of its condition codes has one evaluator
here, which answers None when the condition holds or the message that says what is missing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction
from cloudmove.core.models import SiteSetting, Unit
from cloudmove.core.services import notifications
from cloudmove.execution import choices as c
from cloudmove.execution import work_templates
from cloudmove.execution.engine import lifecycle as engine
from cloudmove.execution.models import (
    GOLIVE_ROLES,
    AcceptanceTest,
    DecommissionRecord,
    Migration,
    Risk,
    RunbookStep,
    StateChange,
)
from cloudmove.execution.services import health

HEALTHY_DAYS_KEY = 'execution.healthy_days'


def healthy_days():
    """Days a system must be live and healthy before its old system is decommissioned (programme setting)."""
    value = SiteSetting.get(HEALTHY_DAYS_KEY)
    return int(value) if value is not None else settings.CLOUDMOVE_HEALTHY_DAYS


def set_healthy_days(user, days):
    """Change the programme setting (the programme office only; the change is audited)."""
    if user is not None and not scoping.sees_all(Migration, user, scoping.CHANGE):
        raise PermissionDenied(_('Only the programme office sets the programme settings.'))
    days = int(days)
    if not 0 <= days <= 3650:
        raise ValidationError(_('The number of days must be between 0 and 3650.'))
    before = healthy_days()
    SiteSetting.put(HEALTHY_DAYS_KEY, days)
    if before != days:
        audit.record(AuditAction.UPDATE, SiteSetting.objects.get(key=HEALTHY_DAYS_KEY), {'value': before},
                     {'value': days})
    return days


class Refused(ValidationError):
    """A transition that may not happen: `missing` lists everything it lacks ({'code', 'message'})."""

    def __init__(self, missing):
        super().__init__([m['message'] for m in missing], code='missing')
        self.missing = missing


# ---------------------------------------------------------------- condition evaluators

class _Facts:
    """What the evaluators read, fetched once per check."""

    def __init__(self, migration, target, comment):
        self.migration, self.target, self.comment = migration, target, (comment or '').strip()
        self._design = False

    @property
    def system(self):
        return self.migration.system

    @property
    def design(self):
        from cloudmove.planning.services import designs

        if self._design is False:
            self._design = designs.approved(self.system)
        return self._design


def _state_label(state):
    return str(c.MigrationState(state).label) if state else '—'


def _names(items, limit=8):
    items = [str(i).rstrip('.') for i in items]   # the list ends the sentence
    more = len(items) - limit
    return ', '.join(items[:limit]) + (_(' and %(n)s more') % {'n': more} if more > 0 else '')


def _design_approved(f):
    if f.design is None:
        return _('No approved migration design: complete the design and have it approved.')


def _fallback_plan(f):
    from cloudmove.planning.services import designs

    if designs.fallback_plan(f.design) is None:
        return _('No complete fallback plan (trigger, steps, who decides, days the old system is kept) in an '
                 'approved design.')


def _risks_reviewed(f):
    risks = list(Risk.objects.filter(system=f.system).values_list('title', 'status'))
    if not risks:
        return _('No risk is recorded for the system: seed the register from the assessment or add the risks.')
    waiting = [title for title, status in risks if status == c.RiskStatus.IDENTIFIED]
    if waiting:
        return _('Risks not yet reviewed (give their mitigation and status): %(risks)s.') % {
            'risks': _names(waiting)}


def _runbook_ready(f):
    if not RunbookStep.objects.filter(migration=f.migration).exists():
        return _('No runbook: add its steps or start from the template of the strategy.')


def _runbook_done(f):
    rows = list(RunbookStep.objects.filter(migration=f.migration).values_list('number', 'title', 'status'))
    if not rows:
        return _('No runbook: add its steps or start from the template of the strategy.')
    failed = [f'{n}. {t}' for n, t, s in rows if s == c.StepStatus.FAILED]
    todo = [f'{n}. {t}' for n, t, s in rows if s == c.StepStatus.TODO]
    if failed:
        return _('Runbook steps failed: %(steps)s.') % {'steps': _names(failed, 5)}
    if todo:
        return _('Runbook steps not done yet: %(steps)s.') % {'steps': _names(todo, 5)}


def _tests_planned(f):
    kinds = set(AcceptanceTest.objects.filter(migration=f.migration).values_list('kind', flat=True))
    lacking = [code for code, group in c.TEST_GROUPS.items() if not kinds & set(group)]
    if lacking:
        return _('No acceptance test planned for: %(groups)s (start from the templates).') % {
            'groups': _names(str(GROUP_LABELS[g]) for g in lacking)}


GROUP_LABELS = {'functional_passed': gettext_lazy('functional'), 'performance_passed': gettext_lazy('performance'),
                'security_passed': gettext_lazy('information security')}


def _tests_passed(code):
    def evaluate(f):
        rows = list(AcceptanceTest.objects.filter(migration=f.migration, kind__in=c.TEST_GROUPS[code])
                    .values_list('title', 'result'))
        if not rows:
            return _('No %(group)s acceptance test: plan and run one.') % {'group': GROUP_LABELS[code]}
        open_ = [title for title, result in rows if result != c.TestResult.PASSED]
        if open_:
            return _('%(group)s acceptance tests not passed: %(tests)s.') % {
                'group': str(GROUP_LABELS[code]).capitalize(), 'tests': _names(open_)}
    return evaluate


def _golive_approved(f):
    m = f.migration
    by = m.golive_approved_by
    if not m.golive_approved_on or (by is not None and by.effective_role not in GOLIVE_ROLES):
        return _('No go-live approval: the programme office or a leader records it (who, decision reference).')


def _healthy_days(f):
    days, m = healthy_days(), f.migration
    today = timezone.localdate()
    if not m.live_since:
        return _('The system has not been live yet.')
    live_for = (today - m.live_since).days
    if live_for < days:
        return _('Live for %(n)s of the %(days)s days required before the old system is decommissioned '
                 '(from %(date)s).') % {'n': live_for, 'days': days, 'date': m.live_since + timedelta(days=days)}
    if not health.healthy_since(f.system, days, today):
        return _('A health incident was open during the last %(days)s days.') % {'days': days}


def _old_data_kept(f):
    rows = list(DecommissionRecord.objects.filter(system=f.system).values_list('item', 'old_data'))
    if not any(value in c.KEPT_DATA for _item, value in rows):
        return _('The old data is neither archived nor handed over: record it on a decommission record.')
    unsaid = [item for item, value in rows if not value]
    if unsaid:
        return _('Say what happened to the old data of: %(items)s.') % {'items': _names(unsaid)}


def _decommission_record(f):
    rows = list(DecommissionRecord.objects.filter(system=f.system))
    if not rows:
        return _('No decommission record of the old servers and devices.')
    incomplete = [r.item for r in rows if not r.complete]
    if incomplete:
        return _('Decommission records incomplete (date, data sanitisation, disposal, old data): %(items)s.') % {
            'items': _names(incomplete)}


def _comment(f):
    if not f.comment:
        return _('Give the reason in the comment.')


def _resumes_here(f):
    if f.migration.blocked_from != f.target:
        return _('It was blocked while %(state)s: it resumes there.') % {
            'state': _state_label(f.migration.blocked_from)}


EVALUATORS = {
    'design_approved': _design_approved,
    'fallback_plan': _fallback_plan,
    'risks_reviewed': _risks_reviewed,
    'runbook_ready': _runbook_ready,
    'runbook_done': _runbook_done,
    'tests_planned': _tests_planned,
    'functional_passed': _tests_passed('functional_passed'),
    'performance_passed': _tests_passed('performance_passed'),
    'security_passed': _tests_passed('security_passed'),
    'golive_approved': _golive_approved,
    'healthy_days': _healthy_days,
    'old_data_kept': _old_data_kept,
    'decommission_record': _decommission_record,
    'comment': _comment,
    'resumes_here': _resumes_here,
}


def missing(migration, target, comment=''):
    """Everything the move of `migration` to `target` lacks, as [{'code', 'message'}]; [] when it may go."""
    if target not in c.MigrationState.values:
        return [{'code': 'unknown_state', 'message': _('“%(state)s” is not a state of a migration.') % {
            'state': target}}]
    facts, messages = _Facts(migration, target, comment), {}

    def holds(code):
        messages[code] = EVALUATORS[code](facts)
        return messages[code] is None

    codes = engine.check(migration.state, target, holds)
    if codes == ['not_allowed']:
        return [{'code': 'not_allowed', 'message': _('A migration cannot go from “%(source)s” to “%(target)s”.') % {
            'source': _state_label(migration.state), 'target': _state_label(target)}}]
    return [{'code': code, 'message': str(messages[code])} for code in codes]


def options(migration):
    """Each state the migration may be moved to, with what it still lacks (for the page and the board)."""
    # A reason is typed with the move itself: it is not listed as missing beforehand.
    return [{'state': t, 'label': _state_label(t), 'missing': [m for m in missing(migration, t)
                                                               if m['code'] != 'comment'],
             'needs_comment': 'comment' in engine.find(migration.state, t).conditions}
            for t in engine.targets(migration.state)]


# ---------------------------------------------------------------- transitions

@transaction.atomic
def transition(user, migration, target, comment=''):
    """Move the migration to `target`, or raise Refused with everything missing. Recorded in its history
    and the audit trail; the unit's officers and the programme office are told."""
    migration = Migration.objects.select_for_update().select_related('system__unit').get(pk=migration.pk)
    may_change(user, migration)
    gaps = missing(migration, target, comment)
    if gaps:
        raise Refused(gaps)
    source, details = migration.state, {}
    if target == engine.BLOCKED:
        migration.blocked_from = source
    elif source == engine.BLOCKED:
        migration.blocked_from = ''
    if target == engine.ROLLED_BACK:
        from cloudmove.planning.services import designs

        design = designs.approved(migration.system)
        details = {'fallback': designs.fallback_plan(design), 'design': design.pk, 'design_version': design.version}
        # Back to preparation: the go-live approval was for the version that failed.
        migration.golive_approved_on = None
        migration.golive_approver = migration.golive_reference = ''
        migration.golive_approved_by = None
    if target == engine.LIVE and source == engine.TRIAL_RUN:
        migration.live_since = timezone.localdate()
    migration.state, migration.state_since = target, timezone.now()
    migration.save()
    by = user if getattr(user, 'pk', None) else None
    StateChange.objects.create(migration=migration, source=source, target=target, comment=(comment or '').strip(),
                               details=details, by=by)
    _tell(migration, source, target, by)
    return migration


def _tell(migration, source, target, by):
    system = migration.system
    title = _('%(system)s: %(source)s → %(target)s') % {'system': system.code, 'source': _state_label(source),
                                                          'target': _state_label(target)}
    users = {u.pk: u for u in [*notifications.unit_officers(system.unit), *notifications.programme_admins()]}
    users.pop(getattr(by, 'pk', None), None)   # not the person who made the change
    notifications.notify(users.values(), title, link=reverse('execution:migration_detail', args=[migration.pk]))


@transaction.atomic
def approve_golive(user, migration, approver, reference, approved_on=None):
    """Record the go-live approval: only the programme office or a leader (or the command line), during
    the trial run, with who approved and the decision's reference."""
    migration = Migration.objects.select_for_update().get(pk=migration.pk)
    if user is not None:
        if not scoping.allowed(user, migration, scoping.VIEW):
            raise scoping.OutOfScope(_('Not found.'))
        if user.effective_role not in GOLIVE_ROLES:
            raise PermissionDenied(_('Only the programme office or a leader approves a go-live.'))
    errors = []
    if migration.state != engine.TRIAL_RUN:
        errors.append(_('A go-live is approved during the trial run.'))
    if not str(approver or '').strip():
        errors.append(_('Say who approved the go-live (name and position).'))
    if not str(reference or '').strip():
        errors.append(_('Give the reference of the approval decision.'))
    if errors:
        raise ValidationError(errors)
    migration.golive_approver, migration.golive_reference = str(approver).strip(), str(reference).strip()
    migration.golive_approved_on = approved_on or timezone.localdate()
    migration.golive_approved_by = user if getattr(user, 'pk', None) else None
    migration.save()
    return migration


# ---------------------------------------------------------------- starting records

@transaction.atomic
def sync_from_plan(user=None, plan=None):
    """A migration record for each system the wave plan moves; the wave and dates of the records still
    planned follow the plan. Returns (created, updated). Only the programme office does this."""
    from cloudmove.planning.services import plans

    if user is not None and not scoping.sees_all(Migration, user, scoping.CHANGE):
        raise PermissionDenied(_('Only the programme office takes the systems of a wave plan.'))
    plan = plan or plans.latest()
    if plan is None:
        raise ValidationError(_('No finished wave plan yet: make one first.'))
    waves = {w['number']: w for w in plans.payload(plan)['waves']}
    existing = {m.system_id: m for m in Migration.objects.all()}
    created = updated = 0
    for system_id, wave in plans.assignments(plan).exclude(wave=None).values_list('system_id', 'wave'):
        info = waves.get(wave, {})
        values = {'wave': wave, 'planned_start': info.get('start'), 'planned_end': info.get('end'), 'plan': plan}
        m = existing.get(system_id)
        if m is None:
            Migration(system_id=system_id, **values).save()
            created += 1
        elif m.state == engine.PLANNED and (m.wave, m.plan_id) != (wave, plan.pk):
            for name, value in values.items():
                setattr(m, name, value)
            m.save()
            updated += 1
    return created, updated


def may_change(user, obj):
    """The scoping check for a person; None is the command line, which is trusted."""
    if user is not None:
        scoping.ensure(user, obj, scoping.CHANGE)


def _ensure(user, migration):
    may_change(user, migration)
    if migration.state in (engine.CLOSED,):
        raise ValidationError(_('The migration is closed.'))


@transaction.atomic
def apply_runbook_template(user, migration):
    """Add the template steps of the system's strategy after the existing ones. Returns how many."""
    from cloudmove.planning.services import designs

    _ensure(user, migration)
    design = designs.approved(migration.system) or designs.current(migration.system)
    strategy = getattr(design, 'strategy', '') or 'rehost'
    start = (migration.steps.order_by('-number').values_list('number', flat=True).first() or 0)
    steps = [RunbookStep(migration=migration, number=start + k, title=str(title), party=party,
                         expected_minutes=minutes)
             for k, (title, party, minutes) in enumerate(work_templates.runbook(strategy), start=1)]
    for step in steps:
        step.save()
    return len(steps)


@transaction.atomic
def apply_test_templates(user, migration):
    """Add the acceptance test plans the migration does not have yet (by title). Returns how many."""
    _ensure(user, migration)
    have = set(migration.tests.values_list('title', flat=True))
    added = 0
    for kind, title, criteria in work_templates.acceptance(migration.system.internet_facing):
        if str(title) not in have:
            AcceptanceTest(migration=migration, kind=kind, title=str(title), criteria=str(criteria)).save()
            added += 1
    return added


# Assessment rule categories → risk categories (the rest are technical).
RISK_CATEGORY = {'security': c.RiskCategory.SECURITY, 'data': c.RiskCategory.DATA, 'legal': c.RiskCategory.LEGAL,
                 'compliance': c.RiskCategory.LEGAL, 'cost': c.RiskCategory.COST,
                 'organisation': c.RiskCategory.ORGANISATION, 'licence': c.RiskCategory.LEGAL}


@transaction.atomic
def seed_risks(user, system):
    """One risk per blocker or condition the latest assessment found for the system (not twice). A blocker
    is likelier and weighs more than a condition; both wait for review. Returns how many were added."""
    from cloudmove.assessment.services import results

    may_change(user, Risk(system=system))
    found = results.for_design(system, machines=False)
    if found is None:
        raise ValidationError(_('The system has no assessment yet: run one first.'))
    have = set(Risk.objects.filter(system=system).exclude(source_rule='').values_list('source_rule', flat=True))
    added = 0
    for hit in found['findings']:
        if hit['id'] in have:
            continue
        blocker = hit['severity'] == 'blocker'
        risk = Risk(system=system, title=str(hit['message'])[:300], source_rule=hit['id'],
                    category=RISK_CATEGORY.get(hit.get('category'), c.RiskCategory.TECHNICAL),
                    likelihood=4 if blocker else 3, impact=4 if blocker else 3, mitigation=str(hit.get('remedy') or ''))
        risk.save()
        have.add(hit['id'])
        added += 1
    return added


# ---------------------------------------------------------------- reading

def migrations(user):
    return scoping.trusted_or_scoped(Migration.objects.select_related('system__unit'), user)


def board(user, wave=None, unit=None):
    """The wave board: one column per state (main line, then blocked and rolled back) with its cards."""
    qs = migrations(user)
    if wave:
        qs = qs.filter(wave=wave)
    if unit:
        qs = qs.filter(system__unit_id=unit)
    columns = {state: [] for state in engine.STATES}
    for m in qs.order_by('wave', 'system__code')[:2000]:
        columns[m.state].append(m)
    return [{'state': s, 'label': _state_label(s), 'cards': cards, 'targets': engine.targets(s)}
            for s, cards in columns.items()]


def progress(user, unit=None):
    """Counts by state, and by wave and unit with how many are live or beyond (aggregate queries)."""
    qs = migrations(user).order_by()
    if unit is not None:
        qs = qs.filter(system__unit__path__startswith=unit.path)
    done = (engine.LIVE, engine.DECOMMISSIONING, engine.CLOSED)
    by_state = dict(qs.values_list('state').annotate(n=Count('pk')))

    def rows(field):
        out = {}
        for key, state, n in qs.values_list(field, 'state').annotate(n=Count('pk')):
            row = out.setdefault(key, {'key': key, 'label': key, 'total': 0, 'live': 0, 'closed': 0})
            row['total'] += n
            row['live'] += n if state in done else 0
            row['closed'] += n if state == engine.CLOSED else 0
        return out

    by_unit = rows('system__unit_id')
    for unit in Unit.objects.filter(pk__in=[k for k in by_unit if k]):
        by_unit[unit.pk]['label'] = unit.name
    by_wave = rows('wave')
    return {'states': [{'state': s, 'label': _state_label(s), 'n': by_state.get(s, 0)} for s in engine.STATES],
            'total': sum(by_state.values()),
            'by_wave': sorted(by_wave.values(), key=lambda r: (r['key'] is None, r['key'] or 0)),
            'by_unit': sorted(by_unit.values(), key=lambda r: str(r['label']))}


def main_line(migration):
    """The main-line states with whether each is passed, current or ahead (the page's progress strip)."""
    state = migration.blocked_from or migration.state if migration.state == engine.BLOCKED else migration.state
    here = engine.MAIN_LINE.index(state) if state in engine.MAIN_LINE else 1   # rolled back: preparing again
    return [{'state': s, 'label': _state_label(s), 'place': 'done' if k < here else 'current' if k == here
             else 'ahead'} for k, s in enumerate(engine.MAIN_LINE)]


def blocked(user, unit=None, limit=20):
    """Blocked migrations with the reason given when they were blocked: the difficulties units meet
    (one query; the reason is the latest block's comment)."""
    from django.db.models import OuterRef, Subquery

    reason = StateChange.objects.filter(migration=OuterRef('pk'), target=engine.BLOCKED).order_by('-at', '-pk')
    qs = migrations(user).filter(state=engine.BLOCKED)
    if unit is not None:
        qs = qs.filter(system__unit__path__startswith=unit.path)
    return list(qs.annotate(reason=Subquery(reason.values('comment')[:1]),
                            since=Subquery(reason.values('at')[:1])).order_by('since')[:limit])


def moves_between(user, start, end):
    """How many migrations reached each state from `start` to `end` (dates, inclusive), in scope."""
    qs = scoping.trusted_or_scoped(StateChange.objects.filter(at__date__gte=start, at__date__lte=end), user).order_by()
    return dict(qs.values_list('target').annotate(n=Count('pk')))


def history(migration):
    return list(migration.changes.select_related('by').order_by('at', 'pk'))
