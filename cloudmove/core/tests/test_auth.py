"""Security baseline: lockout, second factor, password rules, CSRF, headers, deploy checks."""

import datetime
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from cloudmove.conftest import PASSWORD
from cloudmove.core.services.users import add_user


def code_for(device):
    return f'{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}'


def test_ten_wrong_passwords_lock_the_account(client, users):
    url = reverse('core:login')
    for _ in range(10):
        response = client.post(url, {'username': 'officer_a', 'password': 'wrong-password'})
        assert response.status_code in (200, 403)
    response = client.post(url, {'username': 'officer_a', 'password': PASSWORD})
    assert response.status_code == 403
    assert 'officer_a' not in str(client.session.get('_auth_user_id', ''))
    api = APIClient().post('/api/auth/token/', {'username': 'officer_a', 'password': PASSWORD}, format='json')
    assert api.status_code == 403
    # Another account is not affected.
    other = Client().post(url, {'username': 'officer_b', 'password': PASSWORD})
    assert other.status_code == 302


def test_nine_wrong_passwords_do_not_lock(client, users):
    for _ in range(9):
        client.post(reverse('core:login'), {'username': 'officer_b', 'password': 'nope'})
    response = client.post(reverse('core:login'), {'username': 'officer_b', 'password': PASSWORD})
    assert response.status_code == 302


def test_admin_must_enrol_and_pass_totp(client, users, settings):
    settings.CLOUDMOVE_REQUIRE_2FA = True
    response = client.post(reverse('core:login'), {'username': 'admin', 'password': PASSWORD})
    assert response.status_code == 302 and reverse('core:otp_setup') in response['Location']
    # Nothing else is reachable before the second factor.
    blocked = client.get(reverse('core:unit_list'))
    assert blocked.status_code == 302 and reverse('core:otp_verify') in blocked['Location']
    assert client.get('/api/units/').status_code == 403
    client.get(reverse('core:otp_setup'))
    device = TOTPDevice.objects.get(user=users['admin'])
    assert client.post(reverse('core:otp_setup'), {'code': '000000' if code_for(device) != '000000' else '111111'}
                       ).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles the device for a second; a person would wait
    response = client.post(reverse('core:otp_setup'), {'code': code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse('core:unit_list')).status_code == 200


def test_unit_officer_needs_no_second_factor(client, users, settings):
    settings.CLOUDMOVE_REQUIRE_2FA = True
    client.post(reverse('core:login'), {'username': 'officer_a', 'password': PASSWORD})
    assert client.get(reverse('core:unit_list')).status_code == 200


def test_token_endpoint_requires_current_code_for_admin(users, settings):
    settings.CLOUDMOVE_REQUIRE_2FA = True
    api = APIClient()
    url = '/api/auth/token/'
    assert api.post(url, {'username': 'admin', 'password': PASSWORD}, format='json').status_code == 403  # no device
    device = TOTPDevice.objects.create(user=users['admin'], name='t', confirmed=True)
    assert api.post(url, {'username': 'admin', 'password': PASSWORD}, format='json').status_code == 401
    response = api.post(url, {'username': 'admin', 'password': PASSWORD, 'otp': code_for(device)}, format='json')
    assert response.status_code == 201 and response.json()['token']
    officer = api.post(url, {'username': 'officer_a', 'password': PASSWORD}, format='json')
    assert officer.status_code == 201


def test_demo_switch_turns_second_factor_off(client, users, settings):
    settings.CLOUDMOVE_REQUIRE_2FA = False
    response = client.post(reverse('core:login'), {'username': 'admin', 'password': PASSWORD})
    assert response.status_code == 302 and response['Location'] == reverse('core:home')
    token = APIClient().post('/api/auth/token/', {'username': 'admin', 'password': PASSWORD}, format='json')
    assert token.status_code == 201


def test_weak_passwords_are_refused(tree):
    from django.core.exceptions import ValidationError

    for weak in ('12345678901', 'password123', 'short'):
        with pytest.raises(ValidationError):
            add_user('newbie', weak, 'unit_officer', 'DEP-A')


def test_csrf_is_enforced(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse('core:login'), {'username': 'admin', 'password': PASSWORD})
    assert response.status_code == 403


def test_secure_headers_and_session_expiry(client, settings, db):
    response = client.get(reverse('core:login'))
    assert response['X-Frame-Options'] == 'DENY'
    assert response['X-Content-Type-Options'] == 'nosniff'
    assert "default-src 'self'" in response['Content-Security-Policy']
    assert response['Referrer-Policy'] == 'same-origin'
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_an_idle_session_ends_and_pages_do_not_rewrite_it_at_every_request(client, users, no_2fa):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(reverse('core:login'), {'username': 'officer_a', 'password': PASSWORD})
    page = reverse('core:notifications')
    assert client.get(page).status_code == 200
    session = Session.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert not [q for q in queries.captured_queries if 'django_session' in q['sql'] and 'UPDATE' in q['sql']]
    assert Session.objects.get().expire_date == session.expire_date

    # Back after more than a minute: the idle limit starts again from this request.
    stored = client.session
    stored['_refreshed'] -= 61
    stored.save()
    before = Session.objects.get().expire_date
    assert client.get(page).status_code == 200
    assert Session.objects.get().expire_date > before

    # Idle for longer than the limit: signed out.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(page)
    assert response.status_code == 302 and reverse('core:login') in response['Location']


def test_revoked_token_no_longer_works(api, users):
    client = api['officer_a']
    tokens = client.get('/api/auth/tokens/').json()['results']
    assert client.delete(f'/api/auth/tokens/{tokens[0]["id"]}/').status_code == 204
    assert client.get('/api/units/').status_code == 401


def test_tokens_are_stored_hashed(users):
    from cloudmove.core.models import ApiToken

    token, key = ApiToken.issue(users['admin'])
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64


def test_production_profile_passes_deploy_check(tmp_path):
    env = {**os.environ, 'DJANGO_SETTINGS_MODULE': 'cloudmove.settings.production',
           'SECRET_KEY': 'x' * 10 + os.urandom(32).hex(), 'ALLOWED_HOSTS': 'cloudmove.example.gov.vn',
           'CLOUDMOVE_VAR_DIR': str(tmp_path)}
    env.pop('DATABASE_URL', None)
    env.pop('DJANGO_ALLOW_ASYNC_UNSAFE', None)
    result = subprocess.run([sys.executable, '-m', 'cloudmove', 'check', '--deploy'], env=env,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert 'WARNING' not in output and 'no issues' in output


def test_production_static_files_collect_with_every_reference_found(tmp_path):
    """The hashed static files of the production profile: every file a stylesheet or script names (fonts,
    source maps) is there, or `collectstatic` fails the deployment."""
    env = {**os.environ, 'DJANGO_SETTINGS_MODULE': 'cloudmove.settings.production',
           'SECRET_KEY': os.urandom(32).hex(), 'ALLOWED_HOSTS': 'cloudmove.example.gov.vn',
           'CLOUDMOVE_VAR_DIR': str(tmp_path)}
    env.pop('DATABASE_URL', None)
    result = subprocess.run([sys.executable, '-m', 'cloudmove', 'collectstatic', '--noinput'], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / 'static' / 'staticfiles.json').read_text()
    assert 'bootstrap-icons.woff2' in manifest and 'bootstrap.min.css' in manifest
