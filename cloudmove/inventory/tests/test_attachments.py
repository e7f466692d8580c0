"""Attachments on inventory objects: upload through the UI and the API, scoping, audit, download,
refused files (type, content, size, scripts) that leave nothing behind, and deletion with the file."""

import hashlib
import io
import struct
import zipfile
import zlib
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from cloudmove.core.models import AuditRecord
from cloudmove.core.services import files
from cloudmove.inventory import models as m
from cloudmove.inventory.services import attachments as service

UPLOAD_API = '/api/inventory/attachments/upload/'
LIST_API = '/api/inventory/attachments/'


def _png():
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    header = struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00'))
            + chunk(b'IEND', b''))


PNG = _png()


def _package(with_content_types=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        if with_content_types:
            archive.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types/>')
        archive.writestr('word/document.xml', '<document/>')
    return buffer.getvalue()


def upload(name='so-do.png', content=PNG):
    return SimpleUploadedFile(name, content, content_type='application/octet-stream')


def vi(message, **params):
    """A message as the Vietnamese interface shows it (the English text until it is translated)."""
    with translation.override('vi'):
        text = gettext(message)
    return text % params if params else text


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob('*') if p.is_file()) if root.exists() else []


def attachment_records(action=None):
    qs = AuditRecord.objects.filter(object_type='inventory.attachment')
    return qs.filter(action=action) if action else qs


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / 'media'
    settings.CLOUDMOVE_ATTACHMENT_MAX_MIB = 20
    return settings.MEDIA_ROOT


@pytest.fixture
def vm(tree):
    return m.VirtualMachine.objects.create(unit=tree['a'], name='vm-app-01', vcpus=2, memory_mib=4096)


@pytest.fixture
def vm_b(tree):
    return m.VirtualMachine.objects.create(unit=tree['b'], name='vm-b-01', vcpus=2, memory_mib=4096)


def upload_url(obj):
    return reverse('inventory:attachment_upload', args=[obj._meta.model_name, obj.pk])


def ui_upload(client, obj, file, kind='network', title='Sơ đồ mạng', **extra):
    return client.post(upload_url(obj), {'kind': kind, 'title': title, 'file': file}, **extra)


def api_upload(client, obj, file, kind='network', title='Sơ đồ mạng', object_type=None):
    data = {'object_type': object_type or f'inventory.{obj._meta.model_name}', 'object_id': obj.pk,
            'kind': kind, 'title': title, 'file': file}
    return client.post(UPLOAD_API, data, format='multipart')


# ---------------------------------------------------------------- upload

def test_ui_upload_is_stored_audited_and_listed(web, users, vm, settings):
    client = web('officer_a')
    response = ui_upload(client, vm, upload('Sơ đồ mạng.png'))
    detail = reverse('inventory:virtualmachine_detail', args=[vm.pk])
    assert response.status_code == 302 and response.url == detail

    attachment = m.Attachment.objects.get()
    assert attachment.unit == vm.unit and attachment.target == vm
    assert attachment.kind == 'network' and attachment.title == 'Sơ đồ mạng'
    assert attachment.filename == 'Sơ đồ mạng.png' and attachment.mime_type == 'image/png'
    assert attachment.size_bytes == len(PNG) and attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.uploaded_by == users['officer_a']
    files = stored_files(settings)
    assert len(files) == 1 and files[0].read_bytes() == PNG
    assert files[0].parent.name == vm.unit.code and files[0].suffix == '.png'

    record = attachment_records().get()
    assert record.action == 'create' and record.source == 'ui' and record.username == 'officer_a'
    assert record.object_id == str(attachment.pk) and record.unit_path == vm.unit.path
    assert record.after['file'] == attachment.file.name and record.after['sha256'] == attachment.sha256

    html = client.get(detail).content.decode()
    assert 'data-attachments' in html and 'Sơ đồ mạng' in html
    assert reverse('inventory:attachment_download', args=[attachment.pk]) in html
    assert reverse('inventory:attachment_delete', args=[attachment.pk]) in html
    assert 'data-attachment-upload' in html


def test_title_defaults_to_the_file_name(web, vm):
    ui_upload(web('officer_a'), vm, upload('kien-truc-tong-the.png'), kind='architecture', title='')
    assert m.Attachment.objects.get().title == 'kien-truc-tong-the'


def test_api_upload_list_detail_and_download(api, users, vm):
    response = api_upload(api['officer_a'], vm, upload())
    assert response.status_code == 201, response.content
    body = response.json()
    attachment = m.Attachment.objects.get()
    assert body['id'] == attachment.pk and body['object_type'] == 'inventory.virtualmachine'
    assert body['object_id'] == vm.pk and body['size_bytes'] == len(PNG) and body['kind'] == 'network'
    assert body['uploaded_by'] == users['officer_a'].pk and body['unit'] == vm.unit_id
    record = attachment_records().get()
    assert record.action == 'create' and record.source == 'api' and record.username == 'officer_a'

    listed = api['officer_a'].get(LIST_API, {'object_type': 'inventory.virtualmachine', 'object_id': vm.pk}).json()
    assert [row['id'] for row in listed['results']] == [attachment.pk]
    assert api['officer_a'].get(f'{LIST_API}{attachment.pk}/').status_code == 200
    assert api['officer_b'].get(LIST_API).json()['count'] == 0
    assert api['officer_b'].get(f'{LIST_API}{attachment.pk}/').status_code == 404

    download = api['viewer_a'].get(body['download_url'])
    assert download.status_code == 200 and b''.join(download.streaming_content) == PNG
    assert download['Content-Type'] == 'image/png' and download['X-Content-Type-Options'] == 'nosniff'
    assert api['officer_b'].get(body['download_url']).status_code == 404


def test_api_is_read_only_apart_from_upload(api, vm):
    api_upload(api['officer_a'], vm, upload())
    attachment = m.Attachment.objects.get()
    assert api['admin'].patch(f'{LIST_API}{attachment.pk}/', {'title': 'x'}, format='json').status_code == 405
    assert api['admin'].delete(f'{LIST_API}{attachment.pk}/').status_code == 405


def test_api_refuses_an_unknown_object_type(api, vm):
    response = api_upload(api['admin'], vm, upload(), object_type='core.user')
    assert response.status_code == 400 and 'object_type' in response.json()
    response = api_upload(api['admin'], vm, upload(), object_type='inventory.attachment')
    assert response.status_code == 400
    assert not m.Attachment.objects.exists()


def test_attach_to_a_child_and_a_proxy_model(web, vm, tree):
    disk = m.VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=10240)
    switch = m.NetworkDevice.objects.create(unit=tree['a1'], name='core-sw-01')
    client = web('officer_a')

    response = ui_upload(client, disk, upload())
    assert response.url == reverse('inventory:virtualdisk_detail', args=[disk.pk])
    assert m.Attachment.objects.get(object_id=disk.pk).unit == vm.unit

    response = ui_upload(client, switch, upload('core.png'), title='')
    assert response.url == reverse('inventory:networkdevice_detail', args=[switch.pk])
    attachment = m.Attachment.objects.get(title='core')
    assert attachment.unit == tree['a1']
    assert 'core.png' in client.get(response.url).content.decode()
    page = client.get(reverse('inventory:attachment_detail', args=[attachment.pk])).content.decode()
    assert 'data-attachment-file' in page and response.url in page


def test_owning_unit_follows_the_scope_path(vm, tree):
    disk = m.VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=10240)
    site = m.Site.objects.create(unit=tree['b'], code='DC', name='DC')
    rack = m.Rack.objects.create(site=site, name='R01')
    assert service.owning_unit(vm) == tree['a']
    assert service.owning_unit(disk) == tree['a']
    assert service.owning_unit(rack) == tree['b']


# ---------------------------------------------------------------- scoping

def test_download_in_and_out_of_scope(web, vm):
    ui_upload(web('officer_a'), vm, upload('Sơ đồ mạng tổng thể.png'))
    attachment = m.Attachment.objects.get()
    url = reverse('inventory:attachment_download', args=[attachment.pk])

    response = web('officer_a').get(url)
    assert response.status_code == 200 and b''.join(response.streaming_content) == PNG
    disposition = response['Content-Disposition']
    assert disposition.startswith('attachment; filename="So do mang tong the.png"')
    assert f"filename*=UTF-8''{quote('Sơ đồ mạng tổng thể.png', safe='')}" in disposition
    assert response['X-Content-Type-Options'] == 'nosniff' and response['Content-Type'] == 'image/png'

    assert web('viewer_a').get(url).status_code == 200
    assert web('admin').get(url).status_code == 200
    assert web('officer_b').get(url).status_code == 404
    assert web('officer_b').get(reverse('inventory:attachment_detail', args=[attachment.pk])).status_code == 404


def test_upload_to_another_units_object_is_not_found(web, api, vm_b, settings):
    assert ui_upload(web('officer_a'), vm_b, upload()).status_code == 404
    assert api_upload(api['officer_a'], vm_b, upload()).status_code == 404
    assert not m.Attachment.objects.exists() and stored_files(settings) == []


def test_viewer_cannot_upload(web, api, vm, settings):
    client = web('viewer_a')
    assert ui_upload(client, vm, upload()).status_code == 403
    assert api_upload(api['viewer_a'], vm, upload()).status_code == 403
    assert not m.Attachment.objects.exists() and stored_files(settings) == []
    html = client.get(reverse('inventory:virtualmachine_detail', args=[vm.pk])).content.decode()
    assert 'data-attachments' in html and 'data-attachment-upload' not in html


def test_unknown_model_in_the_upload_url_is_not_found(web, users, tree):
    client = web('admin')
    assert client.post(reverse('inventory:attachment_upload', args=['user', users['admin'].pk]),
                       {'kind': 'other', 'file': upload()}).status_code == 404
    assert client.post(reverse('inventory:attachment_upload', args=['attachment', 1]),
                       {'kind': 'other', 'file': upload()}).status_code == 404


def test_panel_only_on_inventory_pages(web, vm):
    client = web('admin')
    assert 'data-attachments' in client.get(reverse('inventory:virtualmachine_detail', args=[vm.pk])).content.decode()
    unit_page = client.get(reverse('core:unit_detail', args=[vm.unit.pk])).content.decode()
    assert 'data-attachments' not in unit_page


# ---------------------------------------------------------------- refused files

REFUSED = {
    'exe': ('setup.exe', b'MZ\x90\x00' + b'\x00' * 60,
            lambda: vi('This type of file is not allowed (%(extension)s). Allowed types: %(types)s.',
                       extension='.exe', types=files.allowed_extensions_text())),
    'fake-pdf': ('bao-cao.pdf', b'<html>not a pdf</html>',
                 lambda: vi('The content of the file is not a valid .%(extension)s file.', extension='pdf')),
    'svg-script': ('so-do.svg', b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                   lambda: vi('The SVG image contains scripts and is refused.')),
    'svg-handler': ('so-do.svg', b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
                    lambda: vi('The SVG image contains scripts and is refused.')),
    'empty': ('trong.png', b'', lambda: vi('The file is empty.')),
    'too-large': ('lon.png', PNG + b'\x00' * (1024 * 1024),
                  lambda: vi('The file is larger than the allowed %(limit)s MiB.', limit=1)),
    'binary-txt': ('ghi-chu.txt', b'\xff\xfe\x00b\x00i\x00n', lambda: vi(
        'The file is not UTF-8 text, as a .%(extension)s file must be.', extension='txt')),
    'zip-not-office': ('bang.xlsx', _package(with_content_types=False),
                       lambda: vi('The content of the file is not a valid .%(extension)s file.', extension='xlsx')),
}


@pytest.mark.parametrize('case', REFUSED, ids=list(REFUSED))
def test_refused_files_leave_nothing_behind(case, web, api, vm, settings):
    settings.CLOUDMOVE_ATTACHMENT_MAX_MIB = 1
    name, content, message = REFUSED[case]
    expected = message()

    response = ui_upload(web('officer_a'), vm, upload(name, content), follow=True)
    assert response.status_code == 200
    assert escape(expected) in response.content.decode()

    response = api_upload(api['officer_a'], vm, upload(name, content))
    assert response.status_code == 400
    assert response.json() == {'file': [expected]}

    assert not m.Attachment.objects.exists()
    assert stored_files(settings) == []
    assert not attachment_records().exists()


ACCEPTED = {
    'pdf': ('ke-hoach.pdf', b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n', 'application/pdf'),
    'jpeg': ('anh.JPG', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + b'\x00' * 32, 'image/jpeg'),
    'svg': ('so-do.svg', '<svg xmlns="http://www.w3.org/2000/svg"><text>Mạng</text></svg>'.encode(),
            'image/svg+xml'),
    'drawio': ('so-do.drawio', b'<mxfile host="app.diagrams.net"><diagram/></mxfile>',
               'application/vnd.jgraph.mxfile'),
    'docx': ('thiet-ke.docx', _package(),
             'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    'csv': ('danh-sach.csv', 'máy,ip\nvm1,10.0.0.1\n'.encode(), 'text/csv; charset=utf-8'),
}


@pytest.mark.parametrize('case', ACCEPTED, ids=list(ACCEPTED))
def test_accepted_types(case, api, vm):
    name, content, mime = ACCEPTED[case]
    response = api_upload(api['officer_a'], vm, upload(name, content), kind='design')
    assert response.status_code == 201, response.content
    assert response.json()['mime_type'] == mime


def test_a_svg_script_split_across_chunks_is_found(vm, users, monkeypatch):
    monkeypatch.setattr(files, 'CHUNK_SIZE', 8)
    content = b'<svg xmlns="http://www.w3.org/2000/svg"><desc>' + b'x' * 21 + b'</desc><sCrIpT>1</sCrIpT></svg>'
    with pytest.raises(service.ValidationError):
        service.attach(users['officer_a'], vm, upload('a.svg', content), 'design', 'SVG')
    assert not m.Attachment.objects.exists()


# ---------------------------------------------------------------- deletion

def test_delete_removes_row_and_file_and_is_audited(web, vm, settings, django_capture_on_commit_callbacks):
    ui_upload(web('officer_a'), vm, upload())
    attachment = m.Attachment.objects.get()
    path = settings.MEDIA_ROOT / attachment.file.name
    url = reverse('inventory:attachment_delete', args=[attachment.pk])
    assert path.exists()

    assert web('officer_b').post(url).status_code == 404
    assert web('viewer_a').post(url).status_code == 403
    client = web('officer_a')
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse('inventory:virtualmachine_detail', args=[vm.pk])
    assert not m.Attachment.objects.exists()
    assert not path.exists() and stored_files(settings) == []

    deleted = attachment_records('delete').get()
    assert deleted.object_id == str(attachment.pk) and deleted.username == 'officer_a'
    assert deleted.before['file'] == attachment.file.name and deleted.after is None
    assert attachment_records().count() == 2


def test_an_upload_spooled_to_disk_is_stored(web, vm, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = PNG + b'\x00' * 8192
    response = ui_upload(web('officer_a'), vm, upload('lon.png', content))
    assert response.status_code == 302
    attachment = m.Attachment.objects.get()
    assert attachment.size_bytes == len(content) and attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == content


def test_generic_list_and_export(web, vm):
    ui_upload(web('officer_a'), vm, upload(), title='Kiến trúc cổng dịch vụ')
    client = web('officer_a')
    url = reverse('inventory:attachment_list')
    assert 'Kiến trúc cổng dịch vụ' in client.get(url, {'object_type': 'inventory.virtualmachine'}).content.decode()
    assert 'Kiến trúc cổng dịch vụ' not in client.get(url, {'object_type': 'inventory.site'}).content.decode()
    export = client.get(url, {'export': 'csv'})
    assert export.status_code == 200
    assert 'Kiến trúc cổng dịch vụ' in b''.join(export.streaming_content).decode('utf-8-sig')
    assert 'Kiến trúc cổng dịch vụ' not in web('officer_b').get(url).content.decode()
