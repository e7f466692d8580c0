"""Tests generated for every registered model with a `sample`: CRUD through the API and UI, scoping
(404 outside the scope, nothing leaks in lists) and the audit trail with before/after values.
A model registered later gets all of these by declaring `sample` in its ModelConfig."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudmove.core import registry, scoping
from cloudmove.core.models import AuditRecord
from cloudmove.core.tables import columns_for, export_value

SAMPLED = [c for c in registry.configs() if c.sample is not None]
IDS = [c.model._meta.label for c in SAMPLED]
# Owned by a unit: each unit sees its own subtree. Reference data (the catalogue): everyone reads it,
# only the roles the model names change it.
SCOPED = [c for c in SAMPLED if scoping.is_scoped(c.model)]
REFERENCE = [c for c in SAMPLED if not scoping.is_scoped(c.model)]
# Models handled by dedicated tests instead of samples (reference data, accounts, jobs, the trail itself;
# a report answer exists only by sending its request, an outbox item only by a change: their apps' tests).
SPECIAL = {'core.UnitKind', 'core.User', 'core.Job', 'core.AuditRecord', 'inventory.Attachment',
           'reporting.ReportAnswer', 'govsync.OutboxItem'}


def api_url(config, pk=None):
    base = f'/api/{config.get_api_prefix()}/'
    return base if pk is None else f'{base}{pk}/'


def create(api, config, unit, n):
    response = api['admin'].post(api_url(config), config.sample(unit, n), format='json')
    assert response.status_code == 201, response.content
    return config.model._default_manager.get(pk=response.json()['id'])


def records_for(obj):
    return AuditRecord.objects.filter(object_type=f'{obj._meta.app_label}.{obj._meta.model_name}',
                                      object_id=str(obj.pk)).order_by('seq')


def test_every_scoped_model_is_covered():
    missing = [c.model._meta.label for c in registry.configs()
               if c.sample is None and c.model._meta.label not in SPECIAL]
    assert missing == [], f'registered models without a sample for the generated tests: {missing}'


@pytest.mark.parametrize('config', SAMPLED, ids=IDS)
def test_api_create_update_delete_is_audited(config, api, tree):
    obj = create(api, config, tree['a'], 1)
    created = records_for(obj).get()
    assert created.action == 'create' and created.source == 'api' and created.username == 'admin'
    assert created.before is None and created.after

    changes = config.sample(tree['a'], 2)
    response = api['admin'].put(api_url(config, obj.pk), changes, format='json')
    assert response.status_code == 200, response.content
    update = records_for(obj).filter(action='update').get()
    assert update.before and update.after and set(update.before) == set(update.after)
    assert any(update.before[k] != update.after[k] for k in update.after)

    response = api['admin'].delete(api_url(config, obj.pk))
    assert response.status_code == 204
    assert not config.model._default_manager.filter(pk=obj.pk).exists()
    deleted = records_for(obj).filter(action='delete').get()
    assert deleted.before and deleted.after is None


@pytest.mark.parametrize('config', SCOPED, ids=[c.model._meta.label for c in SCOPED])
def test_api_scoping(config, api, users, tree):
    mine = create(api, config, tree['a1'], 1)
    theirs = create(api, config, tree['b'], 2)
    officer = api['officer_a']

    listed = officer.get(api_url(config), {'page_size': 1000}).json()
    ids = {row['id'] for row in listed['results']}
    assert mine.pk in ids and theirs.pk not in ids
    assert listed['count'] == scoping.scope(config.model._default_manager.all(), users['officer_a']).count()

    assert officer.get(api_url(config, theirs.pk)).status_code == 404
    assert officer.patch(api_url(config, theirs.pk), {}, format='json').status_code == 404
    assert officer.delete(api_url(config, theirs.pk)).status_code == 404
    assert config.model._default_manager.filter(pk=theirs.pk).exists()

    before = config.model._default_manager.count()
    response = officer.post(api_url(config), config.sample(tree['b'], 3), format='json')
    assert response.status_code in (400, 403), response.content
    assert config.model._default_manager.count() == before

    assert officer.get(api_url(config, mine.pk)).status_code == 200
    assert api['provider'].get(api_url(config, mine.pk)).status_code == 404


@pytest.mark.parametrize('config', SCOPED, ids=[c.model._meta.label for c in SCOPED])
def test_ui_scoping(config, api, web, tree):
    mine = create(api, config, tree['a1'], 1)
    theirs = create(api, config, tree['b'], 2)
    client = web('officer_a')
    page = client.get(reverse(config.url_name('list')), {'per_page': 250}).content.decode()
    detail = reverse(config.url_name('detail'), args=[mine.pk])
    assert f'href="{detail}"' in page
    assert f'href="{reverse(config.url_name("detail"), args=[theirs.pk])}"' not in page
    for action in ('detail', 'edit', 'delete'):
        assert client.get(reverse(config.url_name(action), args=[theirs.pk])).status_code == 404
    assert client.post(reverse(config.url_name('delete'), args=[theirs.pk])).status_code == 404
    assert client.get(reverse(config.url_name('detail'), args=[mine.pk])).status_code == 200
    export = client.get(reverse(config.url_name('list')), {'export': 'csv'})
    rows = list(csv.reader(io.StringIO(b''.join(export.streaming_content).decode('utf-8-sig'))))
    columns = columns_for(config.model, config.get_export_fields())
    assert len(rows) - 1 == scoping.scope(config.model._default_manager.all(), web.user).count()

    def text(value):  # as the CSV export writes it
        if value is None:
            return ''
        return value.strftime('%d/%m/%Y') if isinstance(value, date) else str(value)

    def row_of(obj):
        return [text(export_value(obj, c)) for c in columns]

    assert row_of(mine) in rows[1:] and row_of(theirs) not in rows[1:]


@pytest.mark.parametrize('config', SAMPLED, ids=IDS)
def test_ui_create_edit_delete_is_audited(config, api, web, tree):
    client = web('admin')
    obj = create(api, config, tree['a'], 1)
    form = client.get(reverse(config.url_name('edit'), args=[obj.pk]))
    assert form.status_code == 200
    response = client.post(reverse(config.url_name('delete'), args=[obj.pk]))
    assert response.status_code == 302
    record = records_for(obj).filter(action='delete').get()
    assert record.source == 'ui' and record.username == 'admin' and record.request_id


@pytest.mark.parametrize('config', SAMPLED, ids=IDS)
def test_list_queries_do_not_grow_with_page_size(config, api, web, tree):
    for n in range(1, 28):
        create(api, config, tree['a'], n)
    client = web('admin')

    def count(url, params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    ui = reverse(config.url_name('list'))
    assert count(ui, {'per_page': 250}) == count(ui, {'per_page': 25})
    assert count(api_url(config), {'page_size': 27}) == count(api_url(config), {'page_size': 2})


@pytest.mark.parametrize('config', REFERENCE, ids=[c.model._meta.label for c in REFERENCE])
def test_reference_data_is_read_by_all_and_changed_by_its_editors(config, api, web, users, tree):
    first = create(api, config, tree['a1'], 1)
    second = create(api, config, tree['b'], 2)
    editors = scoping.roles_for(config.model, scoping.CHANGE)
    for name, client in api.items():
        role = users[name].role
        listed = client.get(api_url(config), {'page_size': 1000}).json()
        assert {first.pk, second.pk} <= {row['id'] for row in listed['results']}, name
        assert client.get(api_url(config, first.pk)).status_code == 200
        if role in editors:
            continue
        before = config.model._default_manager.count()
        assert client.post(api_url(config), config.sample(tree['a'], 3), format='json').status_code == 403, name
        assert client.patch(api_url(config, first.pk), {}, format='json').status_code == 403, name
        assert client.delete(api_url(config, first.pk)).status_code == 403, name
        assert config.model._default_manager.count() == before
    officer = web('officer_a')
    if users['officer_a'].role not in editors:
        page = officer.get(reverse(config.url_name('list')), {'per_page': 250}).content.decode()
        assert f'href="{reverse(config.url_name("detail"), args=[second.pk])}"' in page
        assert officer.get(reverse(config.url_name('edit'), args=[first.pk])).status_code == 403
        assert officer.post(reverse(config.url_name('delete'), args=[first.pk])).status_code == 403
        assert config.model._default_manager.filter(pk=first.pk).exists()
