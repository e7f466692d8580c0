"""Evaluations of providers against a criteria set: starting one, recording answers, results, the
comparison matrix, the ranking and the exclusions the rest of the programme relies on.

The rules themselves live in catalog.engine.scoring; this module reads the database in a bounded
number of queries (criteria, evaluations, answers) and hands plain values to the engine.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.catalog.choices import CriteriaSetState, CriterionResult, EvaluationState
from cloudmove.catalog.engine import scoring
from cloudmove.catalog.models import CriteriaSet, Criterion, Evaluation, EvaluationAnswer
from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction

ANSWER_FIELDS = ('result', 'evidence', 'evidence_url', 'evidence_file')


def current_set(code=None):
    """The latest published version of `code` (default: the CLOUDMOVE_CRITERIA_SET setting, else the most
    recently published set of any code); None when nothing is published."""
    code = code or getattr(settings, 'CLOUDMOVE_CRITERIA_SET', None)
    qs = CriteriaSet.objects.filter(state=CriteriaSetState.PUBLISHED)
    if code:
        return qs.filter(code=code).order_by('-version').first()
    return qs.order_by('-updated_at', '-pk').first()


def compared_set():
    """The set the comparison opens on: the current one once providers are evaluated on it, else the
    latest non-draft set that has evaluations (a version just published has none yet)."""
    current = current_set()
    if current is not None and current.evaluations.exists():
        return current
    return (CriteriaSet.objects.exclude(state=CriteriaSetState.DRAFT).filter(evaluations__isnull=False)
            .order_by('-version', '-updated_at').first() or current)


def criteria_of(criteria_set):
    """The set's criteria in display order, with their feature and group (one query)."""
    return list(Criterion.objects.filter(feature__group__criteria_set=criteria_set)
                .select_related('feature__group')
                .order_by('feature__group__order', 'feature__group__code', 'feature__order', 'feature__code',
                          'order', 'code'))


def specs(criteria):
    return [scoring.CriterionSpec(key=c.pk, code=c.code, group=c.feature.group.code, feature=c.feature.code,
                                  mandatory=c.mandatory, weight=c.weight) for c in criteria]


def _answers(evaluation_ids):
    out = {pk: {} for pk in evaluation_ids}
    rows = EvaluationAnswer.objects.filter(evaluation_id__in=evaluation_ids).values_list(
        'evaluation_id', 'criterion_id', 'result')
    for evaluation_id, criterion_id, result in rows:
        out[evaluation_id][criterion_id] = result
    return out


def results(evaluation, criteria=None):
    """The engine's Outcome for one evaluation (feature and group results, score, exclusion)."""
    criteria = criteria if criteria is not None else criteria_of(evaluation.criteria_set_id)
    return scoring.evaluate(specs(criteria), _answers([evaluation.pk])[evaluation.pk])


# ---------------------------------------------------------------- matrix and ranking

@dataclass
class Column:
    provider: object
    evaluation: object
    outcome: object
    position: int = 0
    below_pass_score: bool = False


@dataclass
class Row:
    kind: str                 # 'group', 'feature' or 'criterion'
    obj: object
    cells: list = field(default_factory=list)   # one result code per column ('pass'/'fail'/... or an answer)
    failing: bool = False


@dataclass
class Matrix:
    criteria_set: object
    columns: list
    rows: list
    failures_only: bool = False

    @property
    def excluded(self):
        return [c for c in self.columns if c.outcome.excluded]


def _columns(criteria_set, criteria, providers=None):
    evaluations = Evaluation.objects.filter(criteria_set=criteria_set).select_related('provider', 'evaluator')
    if providers is not None:
        evaluations = evaluations.filter(provider__in=providers)
    evaluations = list(evaluations.order_by('provider__name', 'pk'))
    answers = _answers([e.pk for e in evaluations])
    spec = specs(criteria)
    columns = [Column(e.provider, e, scoring.evaluate(spec, answers[e.pk])) for e in evaluations]
    order = scoring.rank({i: c.outcome for i, c in enumerate(columns)}, name=lambda i: columns[i].provider.name)
    for position, i in enumerate(order, start=1):
        columns[i].position = position
        columns[i].below_pass_score = columns[i].outcome.below(criteria_set.pass_score)
    return columns


def matrix(criteria_set, providers=None, failures_only=False):
    """Criteria as rows (with their feature and group rows), evaluated providers as columns.
    `failures_only` keeps the criteria some provider does not (fully) meet, and the features and
    groups some provider fails."""
    criteria = criteria_of(criteria_set)
    columns = _columns(criteria_set, criteria, providers)
    rows, group, feature = [], None, None
    for c in criteria:
        f = c.feature
        if group is None or f.group_id != group.obj.pk:
            group = Row('group', f.group, [col.outcome.groups[f.group.code].result for col in columns])
            group.failing = scoring.FAIL in group.cells
            rows.append(group)
        if feature is None or f.pk != feature.obj.pk:
            feature = Row('feature', f, [col.outcome.features[(f.group.code, f.code)].result for col in columns])
            feature.failing = scoring.FAIL in feature.cells
            rows.append(feature)
        row = Row('criterion', c, [col.outcome.answers[c.pk] for col in columns])
        row.failing = any(a in scoring.FAILING for a in row.cells)
        rows.append(row)
    if failures_only:
        rows = [r for r in rows if r.failing]
    return Matrix(criteria_set, columns, rows, failures_only)


def ranking(criteria_set):
    """The evaluated providers best first: excluded ones last, then by weighted score."""
    return sorted(_columns(criteria_set, criteria_of(criteria_set)), key=lambda c: c.position)


def exclusions(criteria_set=None):
    """{provider id: [codes of the mandatory criteria it fails]}: against `criteria_set` when given, else
    each provider against the latest version of the current set's code it has been evaluated on — a new
    version does not clear a provider's exclusion before the provider is evaluated again. {} when nothing
    is published. Evaluations in progress count too: a mandatory criterion recorded as not met is
    already a finding."""
    if criteria_set is not None:
        sets = {criteria_set.pk: criteria_set}
        latest = None
    else:
        current = current_set()
        if current is None:
            return {}
        latest = {}  # provider id -> the set of its latest evaluation under this code
        for provider_id, set_id in (Evaluation.objects.filter(criteria_set__code=current.code).exclude(
                criteria_set__state=CriteriaSetState.DRAFT).order_by('criteria_set__version')
                .values_list('provider_id', 'criteria_set_id')):
            latest[provider_id] = set_id
        sets = CriteriaSet.objects.in_bulk(set(latest.values()))
    out = {}
    for set_id, criteria_set_ in sets.items():
        for c in _columns(criteria_set_, criteria_of(criteria_set_)):
            if c.outcome.excluded and (latest is None or latest.get(c.provider.pk) == set_id):
                out[c.provider.pk] = c.outcome.failing_mandatory
    return out


# ---------------------------------------------------------------- use cases

@transaction.atomic
def start_evaluation(provider, criteria_set, user):
    """A new evaluation of `provider` with one empty answer per criterion of the (published) set."""
    evaluation = Evaluation(provider=provider, criteria_set=criteria_set, evaluator=user)
    scoping.ensure(user, evaluation, scoping.CHANGE)
    if criteria_set.state != CriteriaSetState.PUBLISHED:
        raise ValidationError(_('Only a published criteria set can be used to evaluate providers.'))
    if Evaluation.objects.filter(provider=provider, criteria_set=criteria_set).exists():
        raise ValidationError(_('%(provider)s has already been evaluated against %(set)s.') % {
            'provider': provider, 'set': criteria_set})
    evaluation.full_clean()
    evaluation.save()  # audited by the central receivers
    _add_answers(evaluation, Criterion.objects.filter(feature__group__criteria_set=criteria_set))
    return evaluation


def _add_answers(evaluation, criteria):
    """Empty answers for `criteria` in one bulk insert, with their audit records."""
    criteria = list(criteria.values_list('pk', 'code'))
    with audit.suspended():
        answers = EvaluationAnswer.objects.bulk_create([
            EvaluationAnswer(evaluation=evaluation, criterion_id=pk) for pk, _code in criteria])
    audit.record_many([audit.Entry(AuditAction.CREATE, EvaluationAnswer, a.pk, code, '', None, audit.snapshot(a))
                       for a, (_pk, code) in zip(answers, criteria, strict=True)])
    return len(answers)


def missing_criteria(evaluation):
    """Criteria of the evaluation's set without an answer (an evaluation created through the generic API)."""
    return Criterion.objects.filter(feature__group__criteria_set=evaluation.criteria_set_id).exclude(
        answers__evaluation=evaluation)


@transaction.atomic
def fill_missing(user, evaluation):
    """Add an empty answer for every criterion of the set the evaluation does not answer yet."""
    scoping.ensure(user, evaluation, scoping.CHANGE)
    return _add_answers(evaluation, missing_criteria(evaluation))


def _check_url(value):
    from django.core.validators import URLValidator

    if value:
        URLValidator(schemes=['http', 'https'])(value)


def _store_file(answer, uploaded):
    """Keep an evidence file only if it passes the attachment checks (type by extension and content, size)."""
    from cloudmove.core.services.files import check_file

    try:
        checked = check_file(uploaded)
    except ValidationError as exc:
        raise ValidationError({'evidence_file': [f'{answer.criterion.code}: {m}' for m in exc.messages]})
    answer.evidence_file.save(checked.filename, uploaded, save=False)


@transaction.atomic
def save_answers(user, evaluation, changes):
    """Apply {answer id: {field: value}} to the evaluation's answers in bulk, with audit; the user becomes
    the evaluator of every answer changed. Returns how many answers changed."""
    scoping.ensure(user, evaluation, scoping.CHANGE)
    answers = {a.pk: a for a in evaluation.answers.select_related('criterion').filter(pk__in=list(changes))}
    unknown = set(changes) - set(answers)
    if unknown:
        raise ValidationError(_('These answers do not belong to this evaluation: %(ids)s.') % {
            'ids': ', '.join(str(i) for i in sorted(unknown))})
    entries, changed = [], []
    for pk, values in changes.items():
        answer = answers[pk]
        before = audit.snapshot(answer)
        for name in ANSWER_FIELDS:
            if name not in values:
                continue
            value = values[name]
            if name == 'result' and value not in CriterionResult.values:
                raise ValidationError({'result': _('%(code)s: unknown result.') % {'code': answer.criterion.code}})
            if name == 'evidence_url':
                try:
                    _check_url(value)
                except ValidationError:
                    raise ValidationError({'evidence_url': _('%(code)s: enter a web address (http or https).') % {
                        'code': answer.criterion.code}})
            if name == 'evidence_file':
                if value:  # no file sent keeps the stored one
                    _store_file(answer, value)
                continue
            setattr(answer, name, value or '')
        old, new = audit.diff(before, audit.snapshot(answer))
        if new:
            answer.evaluator = user
            answer.updated_at = timezone.now()  # bulk_update does not touch auto_now fields
            new['evaluator_id'], old['evaluator_id'] = user.pk, before.get('evaluator_id')
            changed.append(answer)
            entries.append(audit.Entry(AuditAction.UPDATE, EvaluationAnswer, pk, answer.criterion.code, '', old, new))
    with audit.suspended():
        EvaluationAnswer.objects.bulk_update(changed, [*ANSWER_FIELDS, 'evaluator', 'updated_at'])
    audit.record_many(entries)
    if changed and evaluation.state == EvaluationState.COMPLETED:
        # A changed answer reopens a completed evaluation: someone completes it again after review.
        evaluation.state = EvaluationState.DRAFT
        evaluation.save()
    return len(changed)


@transaction.atomic
def complete(user, evaluation):
    """Mark an evaluation completed once every criterion has an answer."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    scoping.ensure(user, evaluation, scoping.CHANGE)
    missing = evaluation.answers.filter(result=CriterionResult.PENDING).count()
    missing += missing_criteria(evaluation).count()
    if missing:
        raise ValidationError(_('%(count)d criteria have no result yet.') % {'count': missing})
    evaluation.state = EvaluationState.COMPLETED
    evaluation.evaluator = user
    evaluation.evaluated_on = timezone.localdate()
    evaluation.save()
    return evaluation
