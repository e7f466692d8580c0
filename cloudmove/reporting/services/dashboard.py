"""The province and unit dashboards: each panel read from the app that owns its data, through that app's
services, by aggregate queries in the user's scope (and under one unit when asked). The number of
queries does not depend on the amount of data."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.reporting.services import requests


def _url(name, **query):
    return reverse(name) + (f'?{urlencode(query)}' if query else '')


def dashboard(user, unit=None):
    from cloudmove.assessment.services import results
    from cloudmove.execution.services import lifecycle, records
    from cloudmove.inventory.models import InformationSystem
    from cloudmove.planning.services import designs, programme
    from cloudmove.surveys.services import campaigns

    systems = scoping.trusted_or_scoped(InformationSystem.objects.all(), user)
    if unit is not None:
        systems = systems.filter(unit__path__startswith=unit.path)
    assessed = results.dashboard(user, unit)
    progress = lifecycle.progress(user, unit)
    states = {s['state']: s['n'] for s in progress['states']}
    approved = designs.counts(user, unit).get('approved', 0)
    unit_query = {'unit': unit.pk} if unit else {}
    phases = [
        (_('In the inventory'), systems.count(), _url('inventory:informationsystem_list')),
        (_('Assessed'), assessed['systems'] if assessed else 0, _url('assessment:results')),
        (_('Design approved'), approved, _url('planning:migrationdesign_list', state='approved')),
        (_('In a wave'), progress['total'], _url('execution:board', **unit_query)),
        (_('Live or later'), states['live'] + states['decommissioning'] + states['closed'],
         _url('execution:migration_list', state='live')),
        (_('Closed'), states['closed'], _url('execution:migration_list', state='closed')),
    ]
    return {
        'unit': unit,
        'phases': [{'label': str(label), 'n': n, 'link': link} for label, n, link in phases],
        'states': [dict(s, link=_url('execution:migration_list', state=s['state'])) for s in progress['states']],
        'by_unit': [dict(r, link=_url('execution:board', unit=r['key'])) for r in progress['by_unit']],
        'assessment': assessed and {
            **assessed,
            'readiness': [dict(r, link=_url('assessment:results', readiness=r['key'])) for r in assessed['readiness']],
            'strategies': [dict(r, link=_url('assessment:results', strategy=r['key']))
                           for r in assessed['strategies']]},
        'benefits': records.benefits(user, unit),
        'heatmap': records.heatmap(user, unit=unit),
        'overdue': list(programme.overdue(user, unit=unit)[:8]),
        'upcoming': list(programme.upcoming(user, unit=unit)[:8]),
        'campaigns': campaigns.progress(user, unit)[:5],
        'blocked': lifecycle.blocked(user, unit, limit=10),
        'inspections': list(records.open_inspections(user, unit)[:10]),
        'reported': requests.reported(user, unit, limit=10),
    }


def chart_data(data):
    """What the page's charts draw: labels, values and a drill-down link per bar."""
    def series(rows, label='label', value='n'):
        return {'labels': [str(r[label]) for r in rows], 'values': [r[value] for r in rows],
                'links': [r.get('link', '') for r in rows]}

    out = {'phases': series(data['phases']), 'states': series(data['states']),
           'units': {**series(data['by_unit'], value='total'), 'live': [r['live'] for r in data['by_unit']]}}
    if data['assessment']:
        out['readiness'] = series(data['assessment']['readiness'])
        out['strategies'] = series(data['assessment']['strategies'])
    return out
