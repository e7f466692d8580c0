"""Report requests: the programme office asks units for a report (questions and tables from a reusable
template, a deadline), units answer and submit, the office returns with comments or accepts and reads the
answers aggregated; outstanding units are reminded, by hand and by the worker once a day near and after the
deadline. Every step saves through the models, so the audit trail records it; a unit reads only its answer.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.choices import Role
from cloudmove.core.services import jobs, notifications
from cloudmove.reporting.choices import GIVEN, OUTSTANDING, AnswerState, RequestState
from cloudmove.reporting.engine import questions as engine
from cloudmove.reporting.models import ReportAnswer, ReportRequest
from cloudmove.reporting.wording import question_problem

# Who may write and submit an answer (the unit's officers), besides the programme office.
ANSWER_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})


# ---------------------------------------------------------------- questions

def parse_questions(text):
    """Questions from the line format (see the engine); a ValidationError lists every faulty line."""
    questions, problems = engine.parse(text)
    if problems:
        raise ValidationError([question_problem(*p) for p in problems])
    return questions


def questions_text(questions):
    return engine.format_lines(questions or [])


# ---------------------------------------------------------------- the office's side

def _link(obj):
    if isinstance(obj, ReportAnswer):
        return reverse('reporting:reportanswer_detail', args=[obj.pk])
    return reverse('reporting:reportrequest_detail', args=[obj.pk])


def create_request(user, data):
    """A draft request; without questions of its own it takes its template's (copied, not linked)."""
    from cloudmove.core.services import objects

    data = dict(data)
    template = data.get('template')
    if not data.get('questions') and template is not None:
        data['questions'] = list(template.questions)
    return objects.create_object(user, ReportRequest, data)


@transaction.atomic
def send(user, request):
    """Send the request to its units: an answer to fill for each unit not yet asked (so units added to a
    sent request are asked too), and a notification (an e-mail when configured) to their officers."""
    request = ReportRequest.objects.select_for_update().get(pk=request.pk)
    if user is not None:
        scoping.ensure(user, request, scoping.CHANGE)
    if request.state == RequestState.CLOSED:
        raise ValidationError(_('The request is closed.'))
    problems = []
    if not request.questions:
        problems.append(_('The request has no questions: choose a template or write them.'))
    units = list(request.units.filter(is_active=True))
    if not units:
        problems.append(_('Choose the units asked.'))
    if request.deadline < timezone.localdate():
        problems.append(_('The deadline has passed: set a new one.'))
    if problems:
        raise ValidationError(problems)
    asked = set(request.answers.values_list('unit_id', flat=True))
    new = [u for u in units if u.pk not in asked]
    if not new and request.state == RequestState.SENT:
        raise ValidationError(_('Every unit chosen has already been asked.'))
    request.state = RequestState.SENT
    request.sent_at = request.sent_at or timezone.now()
    request.save()
    for unit in new:
        answer = ReportAnswer(request=request, unit=unit)
        answer.save()
        notifications.notify(notifications.unit_officers(unit), _(
            'Report request “%(subject)s”: your unit’s report is due on %(deadline)s.') % {
            'subject': request.subject, 'deadline': request.deadline.strftime('%d/%m/%Y')}, _link(answer))
    return len(new)


@transaction.atomic
def close(user, request):
    """No answer moves any more; the aggregation stays."""
    request = ReportRequest.objects.select_for_update().get(pk=request.pk)
    if user is not None:
        scoping.ensure(user, request, scoping.CHANGE)
    if request.state != RequestState.SENT:
        raise ValidationError(_('Only a sent request can be closed.'))
    request.state = RequestState.CLOSED
    request.save()
    return request


def status(request):
    """Per answer: the unit, its state, whether it is late, its reminders (for the request's page)."""
    today = timezone.localdate()
    rows = list(request.answers.select_related('unit').order_by('unit__code'))
    counts = dict.fromkeys(AnswerState.values, 0)
    for row in rows:
        counts[row.state] += 1
        row.late = row.state in OUTSTANDING and request.deadline < today
    return {'rows': rows, 'counts': counts, 'given': sum(counts[s] for s in GIVEN), 'total': len(rows),
            'late': sum(1 for r in rows if r.late)}


def aggregation(user, request):
    """The submitted and accepted answers side by side and summed (tables row by row), with the units'
    difficulties and proposals, and the units still owing an answer."""
    if user is not None:
        scoping.ensure(user, request, scoping.CHANGE)  # the office's reading: a unit sees only its own answer
    answers = list(request.answers.filter(state__in=GIVEN).select_related('unit').order_by('unit__code'))
    labelled = [(a.unit.code, a.values) for a in answers]
    return {
        'questions': engine.aggregate(request.questions, labelled),
        'answers': answers,
        'difficulties': [(a.unit.code, a.difficulties) for a in answers if a.difficulties.strip()],
        'proposals': [(a.unit.code, a.proposals) for a in answers if a.proposals.strip()],
        'outstanding': list(request.answers.filter(state__in=OUTSTANDING).select_related('unit')
                            .order_by('unit__code')),
    }


# ---------------------------------------------------------------- the unit's side

def may_answer(user, answer):
    return user is None or (getattr(user, 'role', None) in ANSWER_ROLES and
                            scoping.allowed(user, answer, scoping.CHANGE))


def _locked(user, pk):
    answer = ReportAnswer.objects.select_for_update().select_related('request', 'unit').get(pk=pk)
    if user is not None:
        scoping.ensure(user, answer, scoping.VIEW)
    if not may_answer(user, answer):
        raise PermissionDenied(_('Only the unit’s officers answer its report.'))
    if answer.request.state != RequestState.SENT:
        raise ValidationError(_('The request is not open for answers.'))
    return answer


def _answer_problem(questions, key, code, detail):
    label = next((q['label'] for q in questions if q['key'] == key), key)
    if code == 'not_a_number':
        text = _('“%(value)s” is not a number.') % detail
    elif code == 'cell_not_a_number':
        text = _('row %(row)d, column “%(column)s”: “%(value)s” is not a number.') % detail
    else:
        text = _('at most %(max)d rows.') % detail
    return f'{label}: {text}'


@transaction.atomic
def save_answer(user, answer, raw, difficulties=None, proposals=None):
    """Keep what the unit wrote (not yet submitted). Every faulty figure is named and nothing is kept then."""
    answer = _locked(user, answer.pk)
    if answer.state not in OUTSTANDING:
        raise ValidationError(_('The report was submitted: it can be changed only when the office returns it.'))
    values, problems = engine.clean_answer(answer.request.questions, raw)
    if problems:
        raise ValidationError([_answer_problem(answer.request.questions, *p) for p in problems])
    answer.values = values
    if difficulties is not None:
        answer.difficulties = difficulties.strip()
    if proposals is not None:
        answer.proposals = proposals.strip()
    if answer.state == AnswerState.NOT_STARTED:
        answer.state = AnswerState.DRAFT
    answer.save()
    return answer


@transaction.atomic
def submit(user, answer):
    answer = _locked(user, answer.pk)
    if answer.state not in OUTSTANDING:
        raise ValidationError(_('The report has already been submitted.'))
    missing = engine.missing(answer.request.questions, answer.values or {})
    if missing:
        raise ValidationError([_('Answer “%(question)s”.') % {'question': q['label']} for q in missing])
    answer.state = AnswerState.SUBMITTED
    answer.submitted_at = timezone.now()
    answer.submitted_by = user
    answer.save()
    notifications.notify(notifications.programme_admins(), _('%(unit)s submitted its report for “%(subject)s”.') % {
        'unit': answer.unit.code, 'subject': answer.request.subject}, _link(answer.request))
    return answer


def _review(user, answer, comment):
    answer = _locked(user, answer.pk)
    if user is not None:
        scoping.ensure(user, answer.request, scoping.CHANGE)
    if answer.state != AnswerState.SUBMITTED:
        raise ValidationError(_('Only a submitted report is reviewed.'))
    answer.reviewed_by = user
    answer.reviewed_at = timezone.now()
    answer.review_comment = (comment or '').strip()
    return answer


@transaction.atomic
def return_answer(user, answer, comment):
    if not (comment or '').strip():
        raise ValidationError(_('Write what the unit should fix.'))
    answer = _review(user, answer, comment)
    answer.state = AnswerState.RETURNED
    answer.save()
    notifications.notify(notifications.unit_officers(answer.unit), _(
        'Your report for “%(subject)s” was returned: %(comment)s') % {
        'subject': answer.request.subject, 'comment': answer.review_comment[:150]}, _link(answer))
    return answer


@transaction.atomic
def accept(user, answer, comment=''):
    answer = _review(user, answer, comment)
    answer.state = AnswerState.ACCEPTED
    answer.save()
    notifications.notify(notifications.unit_officers(answer.unit), _(
        'Your report for “%(subject)s” was accepted.') % {'subject': answer.request.subject}, _link(answer))
    return answer


# ---------------------------------------------------------------- reminders

def _remind(answers, now):
    """Tell each answer's unit officers, and count it on the answer (saved, so audited)."""
    told = []
    for answer in answers:
        request = answer.request
        late = request.deadline < timezone.localdate(now)
        text = _('Reminder: the report “%(subject)s” was due on %(deadline)s and is late.') if late else _(
            'Reminder: the report “%(subject)s” is due on %(deadline)s.')
        notifications.notify(notifications.unit_officers(answer.unit), text % {
            'subject': request.subject, 'deadline': request.deadline.strftime('%d/%m/%Y')}, _link(answer))
        answer.reminders += 1
        answer.last_reminded_at = now
        answer.save(update_fields=['reminders', 'last_reminded_at', 'updated_at'])
        told.append(answer.unit)
    return told


@transaction.atomic
def remind(user, request, now=None):
    """Remind every unit that has not submitted, now. Returns the units reminded."""
    request = ReportRequest.objects.select_for_update().get(pk=request.pk)
    if user is not None:
        scoping.ensure(user, request, scoping.CHANGE)
    if request.state != RequestState.SENT:
        raise ValidationError(_('Only a sent request has units to remind.'))
    answers = request.answers.select_for_update().filter(state__in=OUTSTANDING).select_related('unit', 'request')
    return _remind(list(answers.order_by('unit__code')), now or timezone.now())


@transaction.atomic
def remind_due(now=None):
    """The daily round: units not yet submitted are reminded once a day from `remind_days_before` days
    before the deadline, and every day after it. Claimed under a row lock, so two workers remind once."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    due = []
    answers = ReportAnswer.objects.select_for_update().filter(
        request__state=RequestState.SENT, state__in=OUTSTANDING).select_related('unit', 'request')
    for answer in answers.exclude(last_reminded_at__gte=start_of_day).order_by('request_id', 'unit__code'):
        if answer.request.deadline - datetime.timedelta(days=answer.request.remind_days_before) <= today:
            due.append(answer)
    return _remind(due, now)


@jobs.periodic('reporting.reminders', seconds=3600)
def _reminder_round(now):
    remind_due(now)


# ---------------------------------------------------------------- pages

BLANK_ROWS = 3  # empty rows offered under a free table's rows


def answers_of(user, request):
    """The answers the user's units owe or gave to `request` (a unit's own)."""
    return list(scoping.trusted_or_scoped(request.answers.all(), user).select_related('unit').order_by('unit__code'))


def answer_page(user, answer):
    """What an answer's page shows: each question with its value (a table padded with blank rows when it
    can still be written), and what the user may do now."""
    request = answer.request
    editable = request.state == RequestState.SENT and answer.state in OUTSTANDING and may_answer(user, answer)
    values = answer.values or {}
    rows = []
    for q in request.questions:
        value = values.get(q['key'])
        if q['kind'] == 'table':
            table = [list(r) for r in value or []]
            fixed = q.get('rows') or []
            for r in range(len(table), len(fixed)):
                table.append([fixed[r]] + [''] * (len(q['columns']) - 1))
            if editable and not fixed:
                table += [[''] * len(q['columns']) for _k in range(BLANK_ROWS)]
            value = [[{'value': cell, 'name': f"{q['key']}-{r}-{c}", 'column': column['label'],
                       'number': column['number'], 'input': editable and not (fixed and c == 0)}
                      for c, (column, cell) in enumerate(zip(q['columns'], row, strict=False))]
                     for r, row in enumerate(table)]
        rows.append({**q, 'value': value})
    reviewer = (request.state == RequestState.SENT and answer.state == AnswerState.SUBMITTED and
                (user is None or scoping.allowed(user, request, scoping.CHANGE)))
    return {'answer': answer, 'req': request, 'questions': rows, 'editable': editable, 'can_review': reviewer}


def raw_from_form(questions, post):
    """The answer as typed in the page's form: `KEY` for texts and figures, `KEY-ROW-COLUMN` for cells."""
    raw = {}
    for q in questions:
        key = q['key']
        if q['kind'] != 'table':
            raw[key] = post.get(key, '')
            continue
        prefix, cells = f'{key}-', {}
        for name in post:
            if name.startswith(prefix):
                row, _dash, column = name[len(prefix):].partition('-')
                if row.isdigit() and column.isdigit() and int(row) < engine.MAX_ROWS + BLANK_ROWS:
                    cells[(int(row), int(column))] = post.get(name, '')
        count = 1 + max((r for r, _c in cells), default=-1)
        raw[key] = [[cells.get((r, c), '') for c in range(len(q['columns']))] for r in range(count)]
    return raw


def waiting(user, limit=20):
    """For the home page: the answers a unit officer still owes, the submissions the office reviews."""
    role = getattr(user, 'role', None)
    answers = scoping.scope(ReportAnswer.objects.filter(request__state=RequestState.SENT), user)
    review, owed = [], []
    if role == Role.ADMIN:
        review = list(answers.filter(state=AnswerState.SUBMITTED).select_related('request', 'unit')
                      .order_by('submitted_at')[:limit])
    elif role in ANSWER_ROLES:
        owed = list(answers.filter(state__in=OUTSTANDING).select_related('request', 'unit')
                    .order_by('request__deadline', 'unit__code')[:limit])
    today = timezone.localdate()
    for a in owed:
        a.late = a.request.deadline < today
    return {'answers': owed, 'review': review}


def aggregation_xlsx(user, request):
    """The aggregation as a workbook: where each unit stands, the answers one row per unit, and per table
    the summed rows with their total and then every unit's rows."""
    import io

    from cloudmove.core.exports import write_xlsx

    agg = aggregation(user, request)
    st = status(request)
    simple = [q for q in request.questions if q['kind'] != 'table']
    sheets = [
        (_('Status'), [_('Unit'), _('State'), _('Late'), _('Submitted at'), _('Reminders sent')],
         [[r.unit.code, r.get_state_display(), _('yes') if r.late else '',
           timezone.localtime(r.submitted_at).replace(tzinfo=None) if r.submitted_at else None, r.reminders]
          for r in st['rows']]),
        (_('Answers'), [_('Unit')] + [q['label'] for q in simple] + [_('Difficulties'), _('Proposals')],
         [[a.unit.code] + [a.values.get(q['key']) for q in simple] + [a.difficulties, a.proposals]
          for a in agg['answers']]),
    ]
    for q in agg['questions']:
        if q['kind'] != 'table':
            continue
        labels = [c['label'] for c in q['columns']]
        rows = [[_('All units')] + r for r in q['rows']] + [[_('Total')] + q['total']]
        rows += [[a.unit.code] + list(r) for a in agg['answers'] for r in a.values.get(q['key']) or []]
        sheets.append((f"{q['key']} {q['label']}"[:31], [_('Unit')] + labels, rows))
    out = io.BytesIO()
    write_xlsx(out, sheets)
    return out.getvalue()


def reported(user, unit=None, start=None, end=None, limit=20):
    """The difficulties and proposals units gave in their submitted or accepted answers (newest first), in
    the user's scope, under one unit or between two dates when asked: one query."""
    answers = scoping.trusted_or_scoped(ReportAnswer.objects.filter(state__in=GIVEN), user)
    if unit is not None:
        answers = answers.filter(unit__path__startswith=unit.path)
    if start is not None:
        answers = answers.filter(submitted_at__date__gte=start)
    if end is not None:
        answers = answers.filter(submitted_at__date__lte=end)
    answers = answers.exclude(difficulties='', proposals='').select_related('unit', 'request')
    return list(answers.order_by('-submitted_at', 'unit__code')[:limit])
