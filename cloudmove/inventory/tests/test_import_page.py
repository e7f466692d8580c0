"""The discovery imports page: upload an export → dry-run job → preview → apply job; scoped to the unit."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cloudmove.core.imports import flow
from cloudmove.core.models import Job
from cloudmove.core.services import jobs
from cloudmove.inventory import models as m
from cloudmove.inventory.services import imports
from cloudmove.inventory.services.rvtools_generate import generate_rvtools


def _job_pk(response):
    return int(response['Location'].rstrip('/').split('/')[-1])


def _upload(client, unit, name, data, kind='rvtools'):
    return client.post(reverse('inventory:imports_upload'),
                       {'unit': unit.pk, 'kind': kind, 'file': SimpleUploadedFile(name, data)})


def test_page_lists_writable_units_and_registered_kinds(tree, web):
    page = web('officer_a').get(reverse('inventory:imports')).content.decode()
    assert 'DEP-A' in page and 'DEP-B' not in page
    for kind in imports.importers():
        assert f'value="{kind}"' in page
    assert reverse('inventory:imports') in web('officer_a').get(reverse('inventory:workbook')).content.decode()


def test_rvtools_xlsx_preview_then_apply(tree, web, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    path = tmp_path / 'rv.xlsx'
    totals = generate_rvtools(path, 20, seed=3)
    client = web('officer_a')
    response = _upload(client, tree['a'], 'RVTools_export.xlsx', path.read_bytes())
    assert response.status_code == 302
    jobs.run_pending()
    page = client.get(response['Location']).content.decode()
    assert 'data-changeset' in page and 'data-apply' in page and 'data-total' in page
    assert 'data-totals' in page
    assert not m.VirtualMachine.objects.filter(unit=tree['a']).exists()
    job_pk = _job_pk(response)
    result = Job.objects.get(pk=job_pk).result
    assert result['dry_run'] and result['errors'] == [] and result['created']['vms'] > 0
    row = page.split('data-kind="vms"')[1].split('</tr>')[0]
    assert f'<td>{result["created"]["vms"]}</td>' in row  # the page lists the counts per kind
    assert f'{totals["vms"]} ' in page.split('data-totals')[1]
    assert result['totals']['vms'] == totals['vms']

    # Another unit's officer sees neither the preview nor can apply it.
    other = web('officer_b')
    assert other.get(reverse('inventory:imports_result', args=[job_pk])).status_code == 404
    assert other.post(reverse('inventory:imports_apply', args=[job_pk])).status_code == 404
    assert _upload(other, tree['a'], 'x.xlsx', b'PK').status_code == 404

    client = web('officer_a')  # the same test client, signed in again
    applied = client.post(reverse('inventory:imports_apply', args=[job_pk]))
    assert applied.status_code == 302
    jobs.run_pending()
    vms = m.VirtualMachine.objects.filter(unit=tree['a'], is_template=False)
    assert vms.count() == totals['vms']
    final = client.get(applied['Location']).content.decode()
    assert 'data-summary' in final and 'data-apply' not in final
    assert Job.objects.get(pk=_job_pk(applied)).result['applied'] is True

    # Re-importing the same file: nothing to apply.
    again = _upload(client, tree['a'], 'RVTools_export.xlsx', path.read_bytes())
    jobs.run_pending()
    page = client.get(again['Location']).content.decode()
    assert 'data-summary' in page and 'data-apply' not in page


def test_zip_of_csv_folder_imports_the_same(tree, web, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    folder = tmp_path / 'csv'
    totals = generate_rvtools(folder, 15, seed=5, as_csv=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for p in sorted(folder.iterdir()):
            archive.write(p, f'export/{p.name}')
    client = web('officer_a')
    response = _upload(client, tree['a'], 'rvtools.zip', buffer.getvalue())
    jobs.run_pending()
    assert 'data-apply' in client.get(response['Location']).content.decode()
    applied = client.post(reverse('inventory:imports_apply', args=[_job_pk(response)]))
    jobs.run_pending()
    assert m.VirtualMachine.objects.filter(unit=tree['a'], is_template=False).count() == totals['vms']
    assert 'data-summary' in client.get(applied['Location']).content.decode()
    assert not any(p.suffix == '' and p.is_dir() and p.name.startswith('cloudmove-import-')
                   for p in (tmp_path / 'uploads').iterdir())


def test_zip_bomb_and_bad_zip_are_refused(tree, web, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('RVTools_tabvInfo.csv', b'0' * (20 * 1024 * 1024))
    client = web('officer_a')
    for data in (buffer.getvalue(), b'not a zip at all'):
        response = _upload(client, tree['a'], 'bomb.zip', data)
        jobs.run_pending()
        page = client.get(response['Location']).content.decode()
        assert 'data-refused' in page and 'data-apply' not in page
    assert not m.VirtualMachine.objects.filter(unit=tree['a']).exists()


def test_upload_checks_kind_and_suffix(tree, web, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client = web('officer_a')
    assert _upload(client, tree['a'], 'a.xlsx', b'PK', kind='nope').status_code == 302
    assert _upload(client, tree['a'], 'a.exe', b'MZ').status_code == 302
    assert not Job.objects.filter(kind=flow.JOB_KIND).exists()
