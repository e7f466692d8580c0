"""The home page, shaped by the signed-in user's role."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from cloudmove.core import registry, scoping
from cloudmove.core.choices import JobState
from cloudmove.core.models import AuditRecord, Job, Unit, UnitKind


def home(request):
    """The role's home page; for a visitor who is not signed in, the sign-in page itself."""
    if not request.user.is_authenticated:
        from cloudmove.core.views.auth import login_view

        return login_view(request)
    return _home(request)


@login_required
def _home(request):
    user = request.user
    units = scoping.scope(Unit.objects.select_related('kind', 'parent'), user)
    kinds = (
        UnitKind.objects.filter(units__in=units).annotate(n=Count('units')).order_by('sort_order')
    )
    jobs = scoping.scope(Job.objects.select_related('created_by'), user)
    context = {
        'province_wide': scoping.sees_all(Unit, user),
        'own_unit': user.unit,
        'units': units.order_by('path')[:300],
        'unit_count': units.count(),
        'kinds': kinds,
        'recent_jobs': jobs[:5],
        'running_jobs': jobs.filter(state__in=[JobState.QUEUED, JobState.RUNNING]).count(),
    }
    if scoping.sees_all(AuditRecord, user):
        context['recent_audit'] = AuditRecord.objects.order_by('-seq')[:8]
    context['extra_panels'] = [p for p in (provider(request) for provider in registry.home_panels) if p]
    return render(request, 'core/home.html', context)
