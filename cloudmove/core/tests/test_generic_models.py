"""Tests generated for every registered model with a `sample`: CRUD through the API and UI, scoping
(404 outside the scope, nothing leaks in lists) and the audit trail with before/after values.
A model registered later gets all of these by declaring `sample` in its ModelConfig."""

import csv
import io
import json
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
    client.get(ui)  # the session's first request after sign-in also moves its expiry
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


def form_data(client, url, sample):
    """What a browser posts: the form as the page renders it (every field with its initial value), with the
    sample typed in; values of a structured field go through that field's own rendering."""
    form = client.get(url).context['form']
    out = {}
    for name, field in form.fields.items():
        value = sample[name] if name in sample else form[name].value()
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            value = field.prepare_value(value)
            value = value if isinstance(value, str) else json.dumps(value)
        if isinstance(value, str) and hasattr(field, 'queryset') and not value.isdigit():
            value = field.queryset.filter(code=value).first()  # the API takes some references by code
        if value is None or value is False:
            continue
        if value is True:
            out[name] = 'on'
        elif isinstance(value, list | tuple):
            out[name] = [str(getattr(v, 'pk', v)) for v in value]
        else:
            out[name] = str(getattr(value, 'pk', value))
    return out


def form_errors(response):
    form = response.context.get('form') if response.context else None
    return form.errors.as_json() if form is not None else response.status_code


EDITABLE = [c for c in SAMPLED if c.editable and c.api_writable]


@pytest.mark.parametrize('config', EDITABLE, ids=[c.model._meta.label for c in EDITABLE])
def test_ui_create_and_edit_posts_are_saved_and_audited(config, api, web, tree):
    """As NetBox's ViewTestCases: the add form and the edit form, posted as a browser does."""
    client = web('admin')
    before = set(config.model._default_manager.values_list('pk', flat=True))
    add = reverse(config.url_name('add'))
    response = client.post(add, form_data(client, add, config.sample(tree['a'], 1)))
    assert response.status_code == 302, form_errors(response)
    (pk,) = set(config.model._default_manager.values_list('pk', flat=True)) - before
    obj = config.model._default_manager.get(pk=pk)
    assert records_for(obj).get(action='create').source == 'ui'
    edit = reverse(config.url_name('edit'), args=[pk])
    version = client.get(edit).context['version']
    shown, posted = form_data(client, edit, {}), form_data(client, edit, config.sample(tree['a'], 2))
    response = client.post(edit, dict(posted, _version=version))
    assert response.status_code == 302, form_errors(response)
    updates = records_for(obj).filter(action='update')
    if posted == shown:  # the second sample changes nothing this form edits (a design's system, say)
        assert not updates.exists()
    else:
        assert updates.get().source == 'ui' and updates.get().before != updates.get().after


@pytest.mark.parametrize('config', EDITABLE, ids=[c.model._meta.label for c in EDITABLE])
def test_bulk_delete_and_bulk_edit_act_only_in_scope(config, api, web, tree, users):
    mine = [create(api, config, tree['a1'], n) for n in (1, 2)]
    theirs = create(api, config, tree['b'], 3)
    client = web('officer_a')
    allowed = users['officer_a'].role in scoping.roles_for(config.model, scoping.CHANGE)
    pks = [o.pk for o in mine] + [theirs.pk]
    if config.bulk_edit_fields:
        response = client.post(reverse(config.url_name('bulk_edit')), {'pk': pks})
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert response.context['count'] == (2 if allowed else 0)
    response = client.post(reverse(config.url_name('bulk_delete')), {'pk': pks, 'confirm': '1'})
    assert response.status_code in (302, 403)
    assert config.model._default_manager.filter(pk=theirs.pk).exists()
    left = config.model._default_manager.filter(pk__in=[o.pk for o in mine]).count()
    if allowed and response.status_code == 302 and left == 0:
        assert records_for(mine[0]).filter(action='delete', source='ui').exists()
    else:
        assert left in (0, 2)  # all of them or, refused with a message (protected rows), none


@pytest.mark.parametrize('config', SAMPLED, ids=IDS)
def test_every_filter_and_the_search_find_the_object(config, api, web, tree):
    obj = create(api, config, tree['a'], 4)
    other = create(api, config, tree['a1'], 5)
    client = web('admin')
    url = reverse(config.url_name('list'))
    detail = reverse(config.url_name('detail'), args=[obj.pk])
    tried = 0
    for name in config.filter_fields:
        value = obj
        for part in name.split('__'):
            value = getattr(value, part, None)
            if hasattr(value, 'all') and hasattr(value, 'values_list'):  # a many-valued relation: its first
                value = value.all().first()
        value = getattr(value, 'pk', value)
        if value in (None, ''):
            continue
        value = 'True' if value is True else 'False' if value is False else value
        page = client.get(url, {name: value, 'per_page': 250})
        assert page.status_code == 200 and f'href="{detail}"' in page.content.decode(), (name, value)
        api_rows = api['admin'].get(api_url(config), {name: value, 'page_size': 1000}).json()['results']
        assert obj.pk in {r['id'] for r in api_rows}, (name, value)
        tried += 1
    for path in config.search_fields[:1]:
        value = obj
        for part in path.split('__'):
            value = getattr(value, part, None)
        if isinstance(value, str) and value:
            page = client.get(url, {'q': value, 'per_page': 250}).content.decode()
            assert f'href="{detail}"' in page, ('q', value)
            assert api['admin'].get(api_url(config), {'q': value}).json()['count'] >= 1
            tried += 1
    assert tried or not (config.filter_fields or config.search_fields), 'no filter could be tried'
    assert other.pk != obj.pk
