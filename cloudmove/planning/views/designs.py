"""Migration design actions beside the generic pages: open a design from a system, approve it, open its
next version, plan its re-addressing, download its rental plan. Thin over planning.services.designs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.http import content_disposition
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import MigrationDesign
from cloudmove.planning.services import designs, rental_plan

DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


def design_or_404(user, pk, action=scoping.VIEW):
    """The design if the user may see it (404 otherwise; 403 for a change the user may not make)."""
    return scoping.get_or_404(MigrationDesign.objects.select_related('system__unit', 'provider'), user, action,
                              pk=pk)


def rental_plan_response(design):
    """The design's rental plan as a .docx download (the page and the API)."""
    response = HttpResponse(rental_plan.build(design), content_type=DOCX)
    response['Content-Disposition'] = content_disposition(rental_plan.filename(design))
    return response


def _design(request, pk, action=scoping.VIEW):
    return design_or_404(request.user, pk, action)


def _to(design):
    return redirect('planning:migrationdesign_detail', design.pk)


def _refused(request, exc):
    messages.error(request, ' '.join(exc.messages))


@login_required
@require_POST
def open_design(request, system_pk):
    system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
    try:
        design = designs.open_design(request.user, system)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect('inventory:informationsystem_detail', system.pk)
    messages.success(request, _('Design version %(version)s of %(system)s is open.') % {
        'version': design.version, 'system': system})
    return _to(design)


@login_required
@require_POST
def approve(request, pk):
    design = _design(request, pk, scoping.CHANGE)
    try:
        designs.approve(request.user, design, request.POST.get('approver', ''),
                        parse_date(request.POST.get('approved_on') or '') or None,
                        request.POST.get('approval_reference', ''))
        messages.success(request, _('The design is approved; it can no longer be changed.'))
    except ValidationError as exc:
        _refused(request, exc)
    return _to(design)


@login_required
@require_POST
def new_version(request, pk):
    design = _design(request, pk, scoping.CHANGE)
    try:
        return _to(designs.open_design(request.user, design.system))
    except ValidationError as exc:
        _refused(request, exc)
        return _to(design)


@login_required
@require_POST
def reip(request, pk):
    design = _design(request, pk, scoping.CHANGE)
    try:
        plan = designs.plan_reip(design, request.user, keep_chosen=request.POST.get('fresh') != '1')
        messages.success(request, _('Re-addressing planned: %(changed)s machines get a new address.') % {
            'changed': plan.changed})
    except ValidationError as exc:
        _refused(request, exc)
    return _to(design)


@login_required
def rental_plan_docx(request, pk):
    return rental_plan_response(_design(request, pk))
