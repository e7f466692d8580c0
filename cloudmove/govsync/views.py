"""The outbox page (the generic list, with the link's state above it) and the retry of a failed item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.govsync.models import OutboxItem
from cloudmove.govsync.services import outbox


@login_required
def overview(request):
    items = scoping.scope(OutboxItem.objects.select_related('unit'), request.user)
    state = request.GET.get('state', '')
    if state:
        items = items.filter(state=state)
    return render(request, 'govsync/outbox.html', {'summary': outbox.summary(request.user), 'state': state,
                                                   'items': items.order_by('-pk')[:200]})


@login_required
@require_POST
def retry(request, pk):
    item = scoping.get_or_404(OutboxItem.objects.all(), request.user, scoping.CHANGE, pk=pk)
    try:
        outbox.retry(request.user, item)
        messages.success(request, _('Queued to be sent again.'))
    except ValidationError as exc:
        messages.error(request, ' '.join(exc.messages))
    return redirect('govsync:outboxitem_detail', pk)
