"""The guide page: the recommended deployment model of each system in the user's scope, and one system's
answer with its reasons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.guidance.models import DeploymentRule
from cloudmove.guidance.services import deployment as service
from cloudmove.inventory.models import InformationSystem

PAGE_SIZE = 50


def scoped_systems(user):
    return scoping.scope(InformationSystem.objects.select_related('unit'), user).order_by('code')


@login_required
def guide(request):
    systems = scoped_systems(request.user)
    query = request.GET.get('q', '').strip()
    if query:
        systems = systems.filter(Q(code__icontains=query) | Q(name__icontains=query))
    page = Paginator(systems, PAGE_SIZE).get_page(request.GET.get('page'))
    rules = service.current_rules()
    listed = service.recommend_many(InformationSystem.objects.filter(pk__in=[s.pk for s in page]), rules)
    rows = [(s, listed[s.pk]) for s in page]
    chosen = advice = None
    if request.GET.get('system', '').isdigit():
        chosen = scoping.get_or_404(InformationSystem.objects.select_related('unit'), request.user,
                                    pk=int(request.GET['system']))
        advice = service.recommend(chosen, rules)
    return render(request, 'guidance/guide.html', {
        'rows': rows, 'page': page, 'query': query, 'chosen': chosen, 'advice': advice, 'section': 'guidance',
    })


@login_required
@require_POST
def load_default_rules(request):
    """Copy the default rules into the table, where programme admins can edit them."""
    if not scoping.role_allows(request.user, DeploymentRule, scoping.CHANGE):
        raise PermissionDenied
    created, _kept = service.load_default_rules()
    messages.success(request, _('%(count)s default rules loaded.') % {'count': created})
    return redirect('guidance:deploymentrule_list')
