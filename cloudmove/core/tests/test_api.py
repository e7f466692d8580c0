"""The REST API: schema, token flow, page format, filtering, /users/me/, unit scoping."""

import yaml
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from cloudmove.conftest import PASSWORD


def test_schema_is_valid_openapi_3(client, db):
    response = client.get('/api/schema/')
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema['openapi'].startswith('3.')
    validate_schema(schema)  # raises on an invalid document
    for path in ('/api/units/', '/api/users/me/', '/api/auth/token/', '/api/jobs/', '/api/audit/'):
        assert path in schema['paths']
    assert 'tokenAuth' in schema['components']['securitySchemes']


def test_docs_page_is_served_locally(client, db):
    response = client.get('/api/docs/')
    assert response.status_code == 200
    assert b'swagger-ui' in response.content and b'cdn.' not in response.content


def test_token_flow_and_me(users, no_2fa):
    client = APIClient()
    response = client.post('/api/auth/token/', {'username': 'officer_a', 'password': PASSWORD}, format='json')
    assert response.status_code == 201
    token = response.json()['token']
    assert client.get('/api/users/me/').status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f'Token {token}')
    me = client.get('/api/users/me/').json()
    assert me['username'] == 'officer_a' and me['role'] == 'unit_officer'
    assert me['unit']['code'] == 'DEP-A'
    wrong = APIClient().post('/api/auth/token/', {'username': 'officer_a', 'password': 'x'}, format='json')
    assert wrong.status_code == 401
    bad = APIClient().get('/api/units/', HTTP_AUTHORIZATION='Token not-a-token')
    assert bad.status_code == 401


def test_units_page_format_fields_and_filters(api, tree):
    body = api['admin'].get('/api/units/', {'page_size': 2}).json()
    assert set(body) == {'count', 'next', 'previous', 'results'}
    assert body['count'] == 4 and len(body['results']) == 2 and body['next'] and body['previous'] is None
    unit = body['results'][0]
    assert {'id', 'code', 'name_vi', 'name_en', 'kind', 'parent'} <= set(unit)
    assert unit['kind'] in ('province', 'dept')
    children = api['admin'].get('/api/units/', {'parent': tree['a'].pk}).json()
    assert [u['code'] for u in children['results']] == ['DEP-A1']
    found = api['admin'].get('/api/units/', {'q': 'trung tâm'}).json()
    assert [u['code'] for u in found['results']] == ['DEP-A1']
    ordered = api['admin'].get('/api/units/', {'ordering': '-code'}).json()
    assert [u['code'] for u in ordered['results']] == ['ROOT', 'DEP-B', 'DEP-A1', 'DEP-A']


def test_unit_officer_sees_own_subtree_only(api, tree):
    codes = {u['code'] for u in api['officer_a'].get('/api/units/').json()['results']}
    assert codes == {'DEP-A', 'DEP-A1'}
    assert api['officer_a'].get(f'/api/units/{tree["b"].pk}/').status_code == 404
    assert api['officer_a'].get(f'/api/units/{tree["root"].pk}/').status_code == 404
    # Visible but not changeable: units are managed by programme admins.
    assert api['officer_a'].patch(f'/api/units/{tree["a"].pk}/', {'name_en': 'x'}, format='json').status_code == 403
    assert {u['code'] for u in api['leader'].get('/api/units/').json()['results']} == {'ROOT', 'DEP-A', 'DEP-A1',
                                                                                        'DEP-B'}
    assert api['leader'].patch(f'/api/units/{tree["a"].pk}/', {'name_en': 'x'}, format='json').status_code == 403
    assert api['provider'].get('/api/units/').json()['count'] == 0


def test_admin_creates_unit_by_kind_code(api, tree):
    response = api['admin'].post('/api/units/', {'code': 'DEP-Z', 'name_vi': 'Sở Z', 'kind': 'dept',
                                                 'parent': tree['root'].pk}, format='json')
    assert response.status_code == 201, response.content
    assert response.json()['path'] == '/ROOT/DEP-Z/'
    bad = api['admin'].post('/api/units/', {'code': 'bad code', 'name_vi': '', 'kind': 'nope'}, format='json')
    assert bad.status_code == 400 and {'code', 'name_vi', 'kind'} <= set(bad.json())


def test_users_api_is_scoped(api, users):
    names = {u['username'] for u in api['officer_a'].get('/api/users/').json()['results']}
    assert names == {'officer_a', 'viewer_a'}
    assert 'password' not in api['admin'].get(f'/api/users/{users["officer_b"].pk}/').json()


def test_api_errors_follow_language(api, tree):
    response = api['admin'].post('/api/units/', {}, format='json', HTTP_ACCEPT_LANGUAGE='en')
    assert 'This field is required.' in str(response.json())
    response = api['admin'].post('/api/units/', {}, format='json', HTTP_ACCEPT_LANGUAGE='vi')
    assert 'This field is required.' not in str(response.json())
