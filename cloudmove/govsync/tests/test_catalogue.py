"""The national catalogue of shared services: read from a file into the catalogue (added, updated, no longer
listed), refused whole with every problem named when it is wrong, and used by the assessment: a system
whose job a national service does is proposed for repurchase."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cloudmove.assessment.models import SystemResult
from cloudmove.assessment.services import runs
from cloudmove.catalog.models import NationalService
from cloudmove.core.models import Unit
from cloudmove.core.services import demo
from cloudmove.govsync.services import catalogue
from cloudmove.inventory.models import InformationSystem, VirtualDisk, VirtualMachine

EXAMPLE = settings.BASE_DIR / 'docs' / 'govsync' / 'national-catalogue.example.json'


@pytest.fixture(autouse=True)
def english():
    with translation.override('en'):
        yield


def _write(tmp_path, document, name='catalogue.json'):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding='utf-8')
    return str(path)


def test_a_reading_adds_updates_and_retires_and_leaves_hand_written_services(db, tmp_path):
    NationalService.objects.create(code='TU-NHAP', name='Dịch vụ do cơ quan thường trực nhập')
    assert catalogue.read(str(EXAMPLE)) == (5, 0, 0)
    assert catalogue.read(str(EXAMPLE)) == (0, 0, 0)
    service = NationalService.objects.get(code='NDXP')
    assert service.from_catalogue and 'lgsp' in service.keyword_list and service.agency == 'Bộ Công an'

    document = json.loads(EXAMPLE.read_text(encoding='utf-8'))
    document['services'] = [s for s in document['services'] if s['code'] != 'HNTH-CP']
    document['services'][0]['name'] = 'Cổng Dịch vụ công quốc gia (phiên bản mới)'
    call_command('govsync', 'catalogue', _write(tmp_path, document))
    assert not NationalService.objects.get(code='HNTH-CP').active
    assert NationalService.objects.get(code='CONG-DVC-QG').name.endswith('(phiên bản mới)')
    assert NationalService.objects.get(code='TU-NHAP').active   # not the catalogue's to retire


def test_a_wrong_document_is_refused_whole_with_every_problem_and_its_place(db, tmp_path):
    document = json.loads(EXAMPLE.read_text(encoding='utf-8'))
    document['services'][1]['name'] = ''
    document['services'][2]['keywords'] = 'lgsp'
    document['services'][3]['colour'] = 'xanh'
    with pytest.raises(CommandError) as refused:
        call_command('govsync', 'catalogue', _write(tmp_path, document))
    lines = str(refused.value).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith('services/1/name:') and lines[1].startswith('services/2/keywords:')
    assert lines[2].startswith('services/3:') and 'colour' in lines[2]
    assert not NationalService.objects.exists()   # nothing written

    document = json.loads(EXAMPLE.read_text(encoding='utf-8'))
    document['services'].append(dict(document['services'][0]))
    with pytest.raises(CommandError, match='services/5/code: “CONG-DVC-QG” is already at services/0'):
        call_command('govsync', 'catalogue', _write(tmp_path, document))
    (tmp_path / 'broken.json').write_text('{"schema": ', encoding='utf-8')
    with pytest.raises(CommandError, match='Not a JSON document'):
        call_command('govsync', 'catalogue', str(tmp_path / 'broken.json'))
    with pytest.raises(CommandError, match='No such file'):
        call_command('govsync', 'catalogue', str(tmp_path / 'missing.json'))
    assert not NationalService.objects.exists()


def test_the_assessment_proposes_to_repurchase_what_a_national_service_does(transactional_db):
    demo.load_demo('Catalogue-Demo-2026!', inventory=False)   # units and the providers' price books
    unit = Unit.objects.get(code='SYT')
    system = InformationSystem.objects.create(unit=unit, code='SYT-DANCU', name='Cơ sở dữ liệu dân cư của ngành',
                                              security_level=2, criticality='medium')
    vm = VirtualMachine.objects.create(unit=unit, name='dancu-db01', vcpus=2, memory_mib=4096, power_state='on',
                                       os_name='Ubuntu Linux (64-bit) 22.04', firmware='bios', tools_state='ok')
    vm.systems.add(system)
    VirtualDisk.objects.create(vm=vm, label='Hard disk 1', capacity_mib=50 * 1024)
    NationalService.objects.all().delete()   # the demo's reading of the example

    runs.execute(runs.create(None, None, {}))
    before = SystemResult.objects.filter(system=system).latest('pk')
    assert before.recommended != 'repurchase'   # nothing in the built-in list matches “dân cư”

    catalogue.read(str(EXAMPLE))
    runs.execute(runs.create(None, None, {}))
    after = SystemResult.objects.filter(system=system).latest('pk')
    assert after.recommended == 'repurchase' and after.strategy_rules[0] == '7R-NATIONAL'
