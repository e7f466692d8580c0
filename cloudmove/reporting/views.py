"""The dashboards: the province's (or one unit's, chosen by a province-wide user) and a unit user's own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cloudmove.core import scoping
from cloudmove.core.models import Unit
from cloudmove.reporting.services import dashboard as service


def chosen_unit(request):
    """The unit whose dashboard is asked for (?unit=ID), if the user may see it; a unit user's own unit."""
    pk = request.GET.get('unit', '')
    units = scoping.scope(Unit.objects.filter(is_active=True), request.user)
    if pk.isdigit():
        return units.filter(pk=int(pk)).first()
    return None if scoping.sees_all(Unit, request.user) else request.user.unit


@login_required
def dashboard(request):
    unit = chosen_unit(request)
    data = service.dashboard(request.user, unit)
    units = scoping.scope(Unit.objects.filter(is_active=True), request.user).order_by('code')
    return render(request, 'reporting/dashboard.html', {'d': data, 'charts': service.chart_data(data),
                                                        'units': units[:500]})
