"""The guidance library's actions beside the generic pages: publish, withdraw, acknowledge, remind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.guidance.models import GuidanceDocument
from cloudmove.guidance.services import library

ACTIONS = {
    'publish': (scoping.CHANGE, library.publish, _l('Published.')),
    'withdraw': (scoping.CHANGE, library.withdraw, _l('Withdrawn.')),
    'acknowledge': (scoping.VIEW, library.acknowledge, _l('Thank you: your reading is recorded.')),
    'remind': (scoping.CHANGE, library.remind, _l('The units that have not acknowledged it are reminded.')),
}


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise scoping.OutOfScope(_('Not found.'))
    needed, function, done = ACTIONS[action]
    document = scoping.get_or_404(GuidanceDocument.objects.all(), request.user, needed, pk=pk)
    try:
        function(request.user, document)
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, ' '.join(exc.messages))
    return redirect('guidance:guidancedocument_detail', document.pk)
