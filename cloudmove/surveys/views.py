"""The campaign progress boards and the POST forms of the assignment workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.surveys.choices import AssignmentState
from cloudmove.surveys.models import Campaign, CampaignAssignment
from cloudmove.surveys.services import campaigns as service

ACTIONS = {
    'start': (service.start, False),
    'submit': (service.submit, False),
    'return': (service.return_with_comment, True),
    'approve': (service.approve, True),
}


@login_required
def boards(request):
    """Every campaign the user may see, with links to their boards."""
    campaigns = scoping.scope(Campaign.objects.select_related('unit'), request.user).order_by('-end_date', 'name')
    return render(request, 'surveys/boards.html', {'campaigns': campaigns})


@login_required
def board(request, pk):
    """Each unit's assignment (within the user's scope): state, completeness, last activity, overdue."""
    campaign = scoping.get_or_404(Campaign.objects.select_related('unit'), request.user, pk=pk)
    assignments = list(
        scoping.scope(campaign.assignments.select_related('unit', 'reviewer', 'campaign'), request.user)
        .annotate(last_comment=Max('comments__created_at')).order_by('unit__path'))
    for a in assignments:
        a.last_activity = max(filter(None, (a.updated_at, a.last_comment)))
        a.actions = service.allowed_actions(request.user, a)
    counts = {state: sum(1 for a in assignments if a.state == state) for state in AssignmentState.values}
    summary = [(label, counts[value]) for value, label in AssignmentState.choices]
    return render(request, 'surveys/board.html', {
        'campaign': campaign, 'assignments': assignments, 'summary': summary,
        'milestones': campaign.milestones.all(),
        'can_launch': campaign.state == 'draft' and scoping.allowed(request.user, campaign, scoping.CHANGE),
        'can_close': campaign.state == 'launched' and scoping.allowed(request.user, campaign, scoping.CHANGE),
    })


@login_required
@require_POST
def launch(request, pk):
    campaign = scoping.get_or_404(Campaign.objects.all(), request.user, pk=pk)
    try:
        service.launch(request.user, campaign, send_workbooks=bool(request.POST.get('send_workbooks')))
        messages.success(request, _('The campaign was launched.'))
    except ValidationError as exc:
        messages.error(request, ' '.join(exc.messages))
    return redirect('surveys:board', pk=campaign.pk)


@login_required
@require_POST
def close(request, pk):
    campaign = scoping.get_or_404(Campaign.objects.all(), request.user, pk=pk)
    try:
        service.close(request.user, campaign)
        messages.success(request, _('The campaign was closed.'))
    except ValidationError as exc:
        messages.error(request, ' '.join(exc.messages))
    return redirect('surveys:board', pk=campaign.pk)


@login_required
@require_POST
def transition(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    assignment = scoping.get_or_404(CampaignAssignment.objects.select_related('campaign'), request.user, pk=pk)
    func, with_comment = ACTIONS[action]
    args = (request.POST.get('comment', ''),) if with_comment else ()
    try:
        func(request.user, assignment, *args)
        assignment.refresh_from_db()
        messages.success(request, _('%(unit)s: %(state)s.') % {'unit': assignment.unit.code,
                                                             'state': assignment.get_state_display()})
    except ValidationError as exc:
        messages.error(request, ' '.join(exc.messages))
    back = request.POST.get('next', '')
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect('surveys:board', pk=assignment.campaign_id)
