"""Shared fixtures: a small unit tree, one user per role, API clients with real tokens."""

import pytest
from rest_framework.test import APIClient

from cloudmove.core.choices import Role
from cloudmove.core.models import ApiToken, Unit, UnitKind, User
from cloudmove.core.tests import sampling

sampling.load()  # each app's tests/samples.py gives its registered models their samples

PASSWORD = 'Correct-Horse-42!'


@pytest.fixture
def tree(db):
    """ROOT ─┬─ DEP-A ── DEP-A1
             └─ DEP-B"""
    province = UnitKind.objects.create(code='province', name_vi='Tỉnh', name_en='Province', level=1)
    dept = UnitKind.objects.create(code='dept', name_vi='Sở', name_en='Department', level=2)
    root = Unit.objects.create(code='ROOT', name_vi='UBND tỉnh', name_en='PPC', kind=province)
    a = Unit.objects.create(code='DEP-A', name_vi='Sở A', name_en='Dept A', kind=dept, parent=root)
    a1 = Unit.objects.create(code='DEP-A1', name_vi='Trung tâm A1', name_en='Centre A1', kind=dept, parent=a)
    b = Unit.objects.create(code='DEP-B', name_vi='Sở B', name_en='Dept B', kind=dept, parent=root)
    return {'root': root, 'a': a, 'a1': a1, 'b': b, 'kind': dept}


def make_user(username, role, unit=None, **extra):
    user = User(username=username, role=role, unit=unit, full_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def users(tree):
    return {
        'admin': make_user('admin', Role.ADMIN),
        'leader': make_user('leader', Role.LEADER),
        'auditor': make_user('auditor', Role.AUDITOR),
        'officer_a': make_user('officer_a', Role.UNIT_OFFICER, tree['a']),
        'viewer_a': make_user('viewer_a', Role.UNIT_VIEWER, tree['a']),
        'officer_b': make_user('officer_b', Role.UNIT_OFFICER, tree['b']),
        'provider': make_user('provider', Role.PROVIDER, provider_code='PRV1'),
    }


def api_client(user):
    client = APIClient()
    _token, key = ApiToken.issue(user, name='test')
    client.credentials(HTTP_AUTHORIZATION=f'Token {key}')
    return client


@pytest.fixture
def api(users):
    return {name: api_client(user) for name, user in users.items()}


@pytest.fixture
def no_2fa(settings):
    settings.CLOUDMOVE_REQUIRE_2FA = False


@pytest.fixture
def web(client, users, no_2fa):
    """A Django test client signed in as the named user."""

    def login(name):
        client.force_login(users[name])
        login.user = users[name]
        return client

    return login
