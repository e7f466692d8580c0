"""The pages of the import flow (core.imports.flow) every family of formats shares: a check's or an import's
result (live progress, problems, warnings, the change set, the columns read, the totals), its apply
button, and the refused workbook handed back with its bad cells marked.

An app declares one `Page` per family and routes `result`, `apply` and `annotated` to it with the page
as a keyword argument; the template is the family's own (it extends core/_job_result.html).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.imports import flow, formats, uploads

WARNINGS_SHOWN = 500
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


@dataclass(frozen=True)
class Page:
    family: str
    template: str
    section: str
    result_url: str                       # URL names of the result page and the apply action (take the job's pk)
    apply_url: str
    may_write: object                     # may_write(user, target) -> bool: may this user apply into it
    label: object = None                  # label(kind) -> what a kind of record is called (default: as is)
    title: object = None                  # title(job, target) -> the apply job's title
    extra: object = None                  # extra(job, result) -> more context for the family's template
    annotated_url: str = ''               # URL name of the marked-up workbook, for families that annotate


def job_or_404(request, page, pk):
    return scoping.get_or_404(flow.jobs_of(page.family).select_related('unit'), request.user, pk=pk)


def context_of(job, page, user):
    """What every result template is given."""
    result = job.result or {}
    target = flow.target_of(job)
    sheets, total = [], {'created': 0, 'updated': 0, 'unchanged': 0, 'removed': 0}
    for kind in result.get('created') or {}:
        row = {k: (result.get(k) or {}).get(kind, 0) for k in total}
        if any(row.values()):
            sheets.append({'kind': kind, 'title': kind, 'label': page.label(kind) if page.label else kind, **row,
                           'changes': (result.get('changes') or {}).get(kind, [])})
            for k in total:
                total[k] += row[k]
    warnings = result.get('warnings') or []
    return {
        'job': job, 'result': result, 'target': target, 'fmt': formats.get((job.params or {}).get('format')),
        'errors': result.get('errors', []), 'warnings': warnings, 'warnings_shown': warnings[:WARNINGS_SHOWN],
        'warnings_hidden': max(0, len(warnings) - WARNINGS_SHOWN), 'sheets': sheets, 'rows': sheets,
        'total': total, 'totals': result.get('totals') or {}, 'unknown': result.get('unknown') or {},
        'columns': [(sheet, header, field) for sheet, mapping in (result.get('columns') or {}).items()
                    for header, field in mapping.items()],
        'can_apply': flow.can_apply(job) and target is not None and page.may_write(user, target),
        'section': page.section, 'apply_url': reverse(page.apply_url, args=[job.pk]),
        'annotated_url': reverse(page.annotated_url, args=[job.pk])
        if page.annotated_url and result.get('annotated') else '',
    }


@login_required
def result(request, pk, page):
    job = job_or_404(request, page, pk)
    context = context_of(job, page, request.user)
    if page.extra:
        context.update(page.extra(job, context['result']))
    return render(request, page.template, context)


@login_required
@require_POST
def apply(request, pk, page):
    job = job_or_404(request, page, pk)
    target = flow.target_of(job)
    if target is None or not page.may_write(request.user, target):
        raise Http404 if target is None else PermissionDenied
    try:
        applied = flow.apply(job, request.user, page.title(job, target) if page.title else job.title)
    except PermissionDenied:
        messages.error(request, _('This check cannot be applied (again): upload the file again.'))
        return redirect(page.result_url, pk=job.pk)
    messages.info(request, _('The import is running as a background job.'))
    return redirect(page.result_url, pk=applied.pk)


@login_required
def annotated(request, pk, page):
    job = job_or_404(request, page, pk)
    upload = (job.result or {}).get('upload')
    path = uploads.annotated_path(upload) if upload else None
    if path is None or not path.exists():
        raise Http404
    target = flow.target_of(job)
    return FileResponse(open(path, 'rb'), as_attachment=True, filename=f'loi-{getattr(target, "code", job.pk)}.xlsx',
                        content_type=XLSX)
