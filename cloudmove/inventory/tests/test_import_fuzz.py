"""Fuzzing of every discovery importer: malformed cells, missing columns, truncated files and random bytes.

The only allowed outcomes are a clean import or a refusal with errors — never an exception, and on a refusal
nothing written (row counts of every inventory table and of the audit trail unchanged).
"""

import csv
import io
import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudmove.core.models import AuditRecord
from cloudmove.inventory import models as m
from cloudmove.inventory.importers.aws import import_aws_csv
from cloudmove.inventory.importers.azure import import_azure_csv
from cloudmove.inventory.importers.google import import_google_csv
from cloudmove.inventory.importers.perf import import_perf
from cloudmove.inventory.importers.rvtools import import_rvtools
from cloudmove.inventory.services.rvtools_generate import generate_rvtools
from cloudmove.inventory.tests.test_imports_cloud import AWS_HEADER, AWS_ROWS, VM_INFO, VM_ROWS
from cloudmove.inventory.tests.test_imports_csv import AZURE_HEADER, AZURE_ROWS

# 30 drawn files per test in `make test`; benchmarks/fuzz.py asks for more.
EXAMPLES = int(os.environ.get('CLOUDMOVE_IMPORT_FUZZ_EXAMPLES', 30))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
JUNK = st.one_of(st.text(max_size=12), st.sampled_from(['-1', '1e999', 'NaN', '99999999999', '1,5', '', ' ',
                                                        '0', '2.5', '=1+1', '\x00', '10.0.0.300', 'zz:zz']))
MUTATION = st.tuples(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6), JUNK)


def counts():
    return tuple(model.objects.count() for model in (
        m.VirtualMachine, m.VirtualDisk, m.VirtualNic, m.IpAddress, m.PerformanceSummary, m.PhysicalServer,
        m.Cluster, AuditRecord))


def csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode('utf-8')


def mutate(header, rows, mutations, drop, cut):
    """Junk into cells, maybe one column removed, maybe the file cut short."""
    header, rows = list(header), [list(r) for r in rows]
    for r, c, junk in mutations:
        row = rows[r % len(rows)]
        row[c % len(row)] = junk
    if drop is not None:
        index = drop % len(header)
        header.pop(index)
        for row in rows:
            if index < len(row):
                row.pop(index)
    data = csv_bytes(header, rows)
    return data[:cut % (len(data) + 1)] if cut is not None else data


def check(importer, path, unit, user):
    before = counts()
    result = importer(path, unit, user)                  # must not raise
    if result['errors']:
        assert not result['applied'] and counts() == before
    else:
        assert result['totals']['vms'] == m.VirtualMachine.objects.filter(unit=unit, is_template=False).count()
    return result


CASES = {'azure': (import_azure_csv, AZURE_HEADER, AZURE_ROWS), 'aws': (import_aws_csv, AWS_HEADER, AWS_ROWS)}


@FUZZ
@given(kind=st.sampled_from(sorted(CASES)), mutations=st.lists(MUTATION, max_size=6),
       drop=st.none() | st.integers(0, 100), cut=st.none() | st.integers(0, 10 ** 5))
def test_fuzz_single_file_templates(tree, users, tmp_path, kind, mutations, drop, cut):
    importer, header, rows = CASES[kind]
    path = tmp_path / f'{kind}.csv'
    path.write_bytes(mutate(header, rows, mutations, drop, cut))
    check(importer, path, tree['a'], users['admin'])


@FUZZ
@given(mutations=st.lists(MUTATION, max_size=6), drop=st.none() | st.integers(0, 100),
       cut=st.none() | st.integers(0, 10 ** 5), missing=st.sets(st.sampled_from(['diskInfo.csv', 'perfInfo.csv'])))
def test_fuzz_google_tables(tree, users, tmp_path, mutations, drop, cut, missing):
    folder = tmp_path / 'mc'
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / 'vmInfo.csv').write_bytes(mutate(VM_INFO, VM_ROWS, mutations, drop, cut))
    if 'diskInfo.csv' not in missing:
        (folder / 'diskInfo.csv').write_bytes(mutate(['MachineId', 'DiskLabel', 'SizeInGib'],
                                                     [['m-1', 'sda', '10'], ['m-2', '', '5']], mutations, None, None))
    if 'perfInfo.csv' not in missing:
        (folder / 'perfInfo.csv').write_bytes(mutate(
            ['MachineId', 'TimeStamp', 'CpuUtilizationPercentage', 'AvailableMemoryBytes'],
            [['m-1', '2026-03-01T00:00:00Z', '10', '1000'], ['m-2', '1772323200', '20', '']], mutations, None, None))
    check(import_google_csv, folder, tree['a'], users['admin'])


@FUZZ
@given(mutations=st.lists(MUTATION, max_size=6), drop=st.none() | st.integers(0, 100),
       cut=st.none() | st.integers(0, 10 ** 5))
def test_fuzz_perf_samples(tree, users, tmp_path, mutations, drop, cut):
    unit = tree['a']
    if not m.VirtualMachine.objects.filter(unit=unit, name='web01.example.vn').exists():
        m.VirtualMachine.objects.create(unit=unit, name='web01.example.vn', vcpus=1, memory_mib=1024)
    rows = [['2026-03-01T00:00:00Z', 'web01.example.vn', 'cpu', '10'],
            ['01/03/2026 00:05', 'web01.example.vn', 'mem', '20.5'],
            ['1772323200', 'web01.example.vn', 'cpu', '30']]
    path = tmp_path / 'perf.csv'
    path.write_bytes(mutate(['timestamp', 'machine', 'metric', 'value'], rows, mutations, drop, cut))
    check(import_perf, path, unit, users['admin'])


@FUZZ
@given(sheet=st.sampled_from(['vInfo', 'vDisk', 'vNetwork', 'vHost']), mutations=st.lists(MUTATION, max_size=6),
       drop=st.none() | st.integers(0, 200), cut=st.none() | st.integers(0, 10 ** 6))
def test_fuzz_rvtools_csv_folder(tree, users, tmp_path_factory, sheet, mutations, drop, cut):
    source = tmp_path_factory.getbasetemp() / 'rv-source'
    if not source.exists():
        generate_rvtools(source, 4, 7, as_csv=True)
    folder = tmp_path_factory.mktemp('rv')
    shutil.rmtree(folder)
    shutil.copytree(source, folder)
    target = next(p for p in folder.iterdir() if p.name.casefold() == f'rvtools_tab{sheet}.csv'.casefold())
    with open(target, encoding='utf-8-sig', newline='') as fh:
        table = list(csv.reader(fh))
    target.write_bytes(mutate(table[0], table[1:] or [[''] * len(table[0])], mutations, drop, cut))
    check(import_rvtools, folder, tree['a'], users['admin'])


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(['.csv', '.xlsx', '.bin']))
def test_fuzz_random_bytes_every_importer(tree, users, tmp_path, data, suffix):
    path = tmp_path / f'random{suffix}'
    path.write_bytes(data)
    folder = tmp_path / 'folder'
    folder.mkdir(exist_ok=True)
    (folder / 'vmInfo.csv').write_bytes(data)
    (folder / 'RVTools_tabvInfo.csv').write_bytes(data)
    for importer, target in ((import_rvtools, path), (import_rvtools, folder), (import_azure_csv, path),
                             (import_aws_csv, path), (import_google_csv, folder), (import_perf, path)):
        check(importer, target, tree['a'], users['admin'])
