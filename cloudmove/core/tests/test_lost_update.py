"""No lost update: an edit saved over a newer version than the one its editor read is refused with who
changed what, on the pages (the form carries the version read) and in the API (ETag / If-Match, 412);
a bulk edit is a new version too. Checked for every registered model with a sample through the API."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cloudmove.core import registry
from cloudmove.core.services import objects
from cloudmove.core.tests.test_generic_models import SAMPLED, api_url, create
from cloudmove.inventory.models import InformationSystem
from cloudmove.inventory.services.generate import sample_system

STAMPED = [c for c in SAMPLED if c.editable and c.api_writable and objects._stamped(c.model)]


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


def test_a_stale_form_is_refused_with_who_changed_what_and_keeps_what_was_typed(web, users, tree, client):
    system = sample_system(tree['a'], 'CONG')
    url = reverse('inventory:informationsystem_edit', args=[system.pk])
    first = web('officer_a')
    page = first.get(url).content.decode()
    version = objects.version_of(system)
    assert f'name="_version" value="{version}"' in page

    form = {'unit': tree['a'].pk, 'code': system.code, 'name': 'Cổng thông tin (cán bộ sửa)', 'category': 'portal',
            'level_approval': 'not_proposed', 'lifecycle': 'production', '_version': version}
    # the programme office saves the same system in between, from its own session
    office = Client()
    office.force_login(users['admin'])
    assert office.post(url, {**form, 'name': 'Cổng thông tin (quản trị sửa)'}).status_code == 302
    response = first.post(url, form)
    assert response.status_code == 200
    text = response.content.decode()
    # in the user's language (Vietnamese by default): who changed which field
    assert 'Người khác đã lưu đối tượng này sau khi bạn mở nó' in text and 'admin đã sửa tên, nhóm lúc' in text
    assert 'Cổng thông tin (cán bộ sửa)' in text   # what the officer typed is still in the form
    assert InformationSystem.objects.get(pk=system.pk).name == 'Cổng thông tin (quản trị sửa)'

    # with the current version the save goes through
    form['_version'] = objects.version_of(InformationSystem.objects.get(pk=system.pk))
    assert first.post(url, form).status_code == 302
    assert InformationSystem.objects.get(pk=system.pk).name == 'Cổng thông tin (cán bộ sửa)'


def test_a_bulk_edit_is_a_new_version(users, tree):
    system = sample_system(tree['a'], 'MOT-CUA')
    version = objects.version_of(system)
    objects.bulk_update(users['admin'], InformationSystem.objects.filter(pk=system.pk), {'lifecycle': 'retired'})
    with pytest.raises(objects.StaleEdit):
        objects.update_object(users['admin'], InformationSystem.objects.get(pk=system.pk), {'name': 'x'},
                              version=version)


@pytest.mark.parametrize('config', STAMPED, ids=[c.model._meta.label for c in STAMPED])
def test_the_api_refuses_a_stale_if_match(config, api, tree):
    obj = create(api, config, tree['a'], 1)
    got = api['admin'].get(api_url(config, obj.pk))
    tag = got['ETag']
    assert tag == f'"{objects.version_of(config.model._default_manager.get(pk=obj.pk))}"'
    changes = config.sample(tree['a'], 2)
    first = api['admin'].put(api_url(config, obj.pk), changes, format='json', HTTP_IF_MATCH=tag)
    assert first.status_code == 200, first.content
    assert first['ETag'] != tag
    stale = api['admin'].put(api_url(config, obj.pk), config.sample(tree['a'], 3), format='json',
                             HTTP_IF_MATCH=tag)
    assert stale.status_code == 412, stale.content
    body = stale.json()
    assert body['detail'].startswith('Người khác đã lưu') and body['changed'][0]['user'] == 'admin'
    assert api['admin'].get(api_url(config, obj.pk))['ETag'] == first['ETag']   # nothing was written
    assert registry.get(config.model) is config
