"""Pages of the criteria evaluation: the answer sheet of an evaluation, the comparison matrix with the
ranking and its Excel export, import and export of criteria sets, and the POST buttons of a set's page
(new version, publish, start an evaluation). Thin: every change goes through catalog.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.catalog import models as m
from cloudmove.catalog.choices import CriteriaSetState
from cloudmove.catalog.engine import scoring
from cloudmove.catalog.forms import AnswerRowForm, CriteriaImportForm
from cloudmove.catalog.services import criteria as criteria_service
from cloudmove.catalog.services import criteria_io
from cloudmove.catalog.services import evaluations as service
from cloudmove.catalog.services.matrix_export import matrix_xlsx, result_labels
from cloudmove.core import scoping
from cloudmove.core.http import content_disposition

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
CSS = {scoring.MET: 'success', scoring.PASS: 'success', scoring.PARTIAL: 'warning', scoring.NOT_MET: 'danger',
       scoring.FAIL: 'danger', scoring.NA: 'secondary', scoring.OPEN: 'light', scoring.PENDING: 'light'}


def badges(codes):
    """(code, label, colour) for result codes, for the templates (which cannot index a dict by a variable)."""
    labels = result_labels()
    return [(code, labels[code], CSS[code]) for code in codes]


def _can_change(user, model=m.CriteriaSet):
    return scoping.role_allows(user, model, scoping.CHANGE)


def _errors(request, exc):
    messages.error(request, ' '.join(exc.messages))


# ---------------------------------------------------------------- detail panels

def criteria_panel(request, obj):
    """Buttons and links on a criteria set's page; the score on an evaluation's page; a provider's evaluations."""
    if isinstance(obj, m.CriteriaSet):
        evaluated = obj.evaluations.values_list('provider_id', flat=True)
        can_change = scoping.allowed(request.user, obj, scoping.CHANGE)
        return {'template': 'catalog/_criteria_set_panel.html', 'criteria_set': obj, 'can_change': can_change,
                'is_draft': obj.state == CriteriaSetState.DRAFT,
                'is_published': obj.state == CriteriaSetState.PUBLISHED,
                'providers': m.Provider.objects.exclude(pk__in=evaluated).order_by('name') if can_change else []}
    if isinstance(obj, m.Provider):
        evaluations = list(obj.evaluations.select_related('criteria_set').order_by('criteria_set__code',
                                                                                  '-criteria_set__version'))
        return {'template': 'catalog/_provider_evaluations_panel.html', 'provider': obj,
                'rows': [(e, service.results(e)) for e in evaluations[:10]]}
    if isinstance(obj, m.Evaluation):
        outcome = service.results(obj)
        return {'template': 'catalog/_evaluation_panel.html', 'evaluation': obj, 'outcome': outcome,
                'groups': [(g, badges([g.result])[0]) for g in outcome.groups.values()]}
    return None


# ---------------------------------------------------------------- criteria set actions

@login_required
@require_POST
def new_version(request, pk):
    criteria_set = scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, scoping.CHANGE, pk=pk)
    try:
        created = criteria_service.new_version(criteria_set, request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect('catalog:criteriaset_detail', pk=pk)
    messages.success(request, _('Version %(version)s was created as a draft.') % {'version': created.version})
    return redirect('catalog:criteriaset_detail', pk=created.pk)


@login_required
@require_POST
def publish(request, pk):
    criteria_set = scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, scoping.CHANGE, pk=pk)
    try:
        criteria_service.publish(criteria_set, request.user)
        messages.success(request, _('The criteria set was published.'))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect('catalog:criteriaset_detail', pk=pk)


@login_required
@require_POST
def start_evaluation(request, pk):
    criteria_set = scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, pk=pk)
    if not _can_change(request.user, m.Evaluation):
        raise PermissionDenied
    provider = m.Provider.objects.filter(pk=request.POST.get('provider') or 0).first()
    if provider is None:
        messages.error(request, _('Choose a provider.'))
        return redirect('catalog:criteriaset_detail', pk=pk)
    try:
        evaluation = service.start_evaluation(provider, criteria_set, request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect('catalog:criteriaset_detail', pk=pk)
    return redirect('catalog:evaluation_sheet', pk=evaluation.pk)


@login_required
def export_set(request, pk, fmt):
    criteria_set = scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, pk=pk)
    name = f'{slugify(criteria_set.code)}-v{criteria_set.version}'
    if fmt == 'yaml':
        response = HttpResponse(criteria_io.export_yaml(criteria_set), content_type='application/yaml; charset=utf-8')
        response['Content-Disposition'] = f'attachment; filename="{name}.yaml"'
        return response
    if fmt == 'xlsx':
        response = HttpResponse(criteria_io.export_xlsx(criteria_set), content_type=XLSX)
        response['Content-Disposition'] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404


@login_required
def import_set(request):
    if not _can_change(request.user):
        raise PermissionDenied
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == 'POST' and form.is_valid():
        upload = form.cleaned_data['file']
        result = criteria_io.import_file(request.user, upload.name, upload.read(),
                                         as_new_version=form.cleaned_data['mode'] == 'version')
        if result.ok:
            messages.success(request, _('Imported %(set)s as a draft.') % {'set': result.criteria_set})
            return redirect('catalog:criteriaset_detail', pk=result.criteria_set.pk)
        problems = result.problems
    return render(request, 'catalog/criteria_import.html', {'form': form, 'problems': problems,
                                                            'section': 'catalog'})


# ---------------------------------------------------------------- evaluation sheet

def _rows(evaluation, outcome, data=None, files=None):
    """The sheet's lines grouped by group and feature: [(group, result, [(feature, result, [line])])]."""
    answers = {a.criterion_id: a for a in evaluation.answers.select_related('evaluator')}
    out, group_rows, feature_rows = [], {}, {}
    for criterion in service.criteria_of(evaluation.criteria_set_id):
        feature, group = criterion.feature, criterion.feature.group
        if group.pk not in group_rows:
            group_rows[group.pk] = {'obj': group, 'result': badges([outcome.groups[group.code].result])[0],
                                    'features': []}
            out.append(group_rows[group.pk])
        if feature.pk not in feature_rows:
            result = outcome.features[(group.code, feature.code)].result
            feature_rows[feature.pk] = {'obj': feature, 'result': badges([result])[0], 'lines': []}
            group_rows[group.pk]['features'].append(feature_rows[feature.pk])
        answer = answers.get(criterion.pk)
        form = None
        if answer is not None:
            # Lines missing from the POST are left alone (not read as blanked).
            posted = data is not None and f'a{answer.pk}-result' in data
            form = AnswerRowForm(data if posted else None, files if posted else None, prefix=f'a{answer.pk}', initial={
                'result': answer.result, 'evidence': answer.evidence, 'evidence_url': answer.evidence_url})
        feature_rows[feature.pk]['lines'].append({
            'criterion': criterion, 'answer': answer, 'form': form,
            'result': badges([outcome.answers.get(criterion.pk, scoring.PENDING)])[0]})
    return out


@login_required
def evaluation_sheet(request, pk):
    evaluation = scoping.get_or_404(m.Evaluation.objects.select_related('provider', 'criteria_set', 'evaluator'),
                                    request.user, pk=pk)
    can_change = scoping.allowed(request.user, evaluation, scoping.CHANGE)
    outcome = service.results(evaluation)
    if request.method == 'POST' and request.POST.get('fill'):
        if not can_change:
            raise PermissionDenied
        count = service.fill_missing(request.user, evaluation)
        messages.success(request, _('%(count)d criteria were added to the sheet.') % {'count': count})
        return redirect('catalog:evaluation_sheet', pk=evaluation.pk)
    if request.method == 'POST':
        if not can_change:
            raise PermissionDenied
        groups = _rows(evaluation, outcome, request.POST, request.FILES)
        lines = [line for g in groups for f in g['features'] for line in f['lines']
                 if line['form'] is not None and line['form'].is_bound]
        valid = sum(not line['form'].is_valid() for line in lines) == 0  # every line checked, errors shown
        if valid:
            changes = {line['answer'].pk: {name: line['form'].cleaned_data[name]
                                           for name in line['form'].changed_data}
                       for line in lines if line['form'].has_changed()}
            was_completed = evaluation.state == 'completed'
            try:
                count = service.save_answers(request.user, evaluation, changes)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                reopened = count and was_completed and not request.POST.get('complete')
                messages.success(request, _('%(count)d answers saved.') % {'count': count})
                if reopened:
                    messages.warning(request, _('The evaluation was completed: it is in progress again until '
                                                'you complete it once more.'))
                if request.POST.get('complete'):
                    try:
                        service.complete(request.user, evaluation)
                        messages.success(request, _('The evaluation was completed.'))
                    except ValidationError as exc:
                        _errors(request, exc)
                return redirect('catalog:evaluation_sheet', pk=evaluation.pk)
    else:
        groups = _rows(evaluation, outcome)
    return render(request, 'catalog/evaluation_sheet.html', {
        'evaluation': evaluation, 'outcome': outcome, 'groups': groups, 'can_change': can_change,
        'missing': service.missing_criteria(evaluation).count() if can_change else 0,
        'section': 'catalog', 'below_pass_score': outcome.below(evaluation.criteria_set.pass_score),
    })


@login_required
def evidence_file(request, pk):
    """The evidence file of an answer, as a download the browser does not render."""

    answer = scoping.get_or_404(m.EvaluationAnswer.objects.all(), request.user, pk=pk)
    if not answer.evidence_file:
        raise Http404
    try:
        handle = answer.evidence_file.open('rb')
    except (FileNotFoundError, ValueError):
        raise Http404(_('The evidence file is missing.'))
    response = FileResponse(handle, content_type='application/octet-stream')
    response['Content-Disposition'] = content_disposition(answer.evidence_file.name.rsplit('/', 1)[-1])
    response['X-Content-Type-Options'] = 'nosniff'
    response['Content-Security-Policy'] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------- comparison

def _chosen_set(request, pk=None):
    sets = scoping.scope(m.CriteriaSet.objects.exclude(state=CriteriaSetState.DRAFT), request.user)
    if pk is not None:
        return scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, pk=pk)
    wanted = request.GET.get('set')
    if wanted and wanted.isdigit():
        return scoping.get_or_404(m.CriteriaSet.objects.all(), request.user, pk=int(wanted))
    return service.compared_set() or sets.order_by('-updated_at').first()


@login_required
def compare(request):
    """The comparison matrix of a criteria set (default: the current published one) and its ranking."""
    criteria_set = _chosen_set(request)
    failures_only = request.GET.get('failures') == '1'
    matrix = service.matrix(criteria_set, failures_only=failures_only) if criteria_set else None
    for row in matrix.rows if matrix else ():
        row.display = badges(row.cells)
    ranking = sorted(matrix.columns, key=lambda c: c.position) if matrix else []
    sets = scoping.scope(m.CriteriaSet.objects.all(), request.user).order_by('code', '-version')
    return render(request, 'catalog/criteria_compare.html', {
        'criteria_set': criteria_set, 'matrix': matrix, 'ranking': ranking, 'sets': sets,
        'failures_only': failures_only, 'section': 'catalog',
        'can_import': _can_change(request.user),
    })


@login_required
def compare_xlsx(request, pk):
    criteria_set = _chosen_set(request, pk)
    data = matrix_xlsx(service.matrix(criteria_set, failures_only=request.GET.get('failures') == '1'))
    response = HttpResponse(data, content_type=XLSX)
    name = f'{slugify(criteria_set.code)}-v{criteria_set.version}-matrix.xlsx'
    response['Content-Disposition'] = f'attachment; filename="{name}"'
    return response


def compare_url(criteria_set):
    return f'{reverse("catalog:criteria_compare")}?set={criteria_set.pk}'
