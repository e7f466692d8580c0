"""The data-quality page: a thin view over services.quality."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cloudmove.inventory.services import quality

# Rows shown per category on the page (the counts and the API always cover every finding).
PAGE_LIMIT = 500

LAYOUT = {
    'duplicate_hostnames': 'groups',
    'duplicate_ips': 'groups',
    'prefix_overlaps': 'pairs',
}


@login_required
def quality_page(request):
    user = request.user
    unit = quality.unit_from_param(user, request.GET.get('unit'))
    data = quality.findings(user, unit)
    sections = [
        {'key': key, 'label': label, 'count': data['counts'][key], 'layout': LAYOUT.get(key, 'objects'),
         'items': data[key][:PAGE_LIMIT], 'truncated': data['counts'][key] > PAGE_LIMIT}
        for key, label in data['categories']
    ]
    return render(request, 'inventory/quality.html', {
        'unit': unit,
        'units': quality.scope_units(user).only('pk', 'code', 'name_vi', 'name_en', 'depth'),
        'sections': sections,
        'total': sum(data['counts'].values()),
        'limit': PAGE_LIMIT,
        'section': 'survey',
    })
