"""One measured import of a unit workbook, in its own process: prints JSON with seconds and peak memory."""

import argparse
import json
import resource
import time

import _django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('path')
    parser.add_argument('--unit', default='BENCH')
    parser.add_argument('--twice', action='store_true', help='Import again and time the no-change run.')
    args = parser.parse_args()
    _django.setup()
    from cloudmove.core.models import Unit, UnitKind
    from cloudmove.inventory.services import workbooks

    kind, _ = UnitKind.objects.get_or_create(code='bench', defaults={'name_vi': 'Đo hiệu năng'})
    unit, _ = Unit.objects.get_or_create(code=args.unit, defaults={'name_vi': 'Đơn vị đo', 'kind': kind})
    out = {}
    started = time.perf_counter()
    report = workbooks.import_file(args.path, unit, None)
    out['import_s'] = round(time.perf_counter() - started, 2)
    result = report.as_dict()
    out['errors'] = len(result['errors'])
    out['created'] = sum(result['created'].values())
    if args.twice:
        started = time.perf_counter()
        again = workbooks.import_file(args.path, unit, None).as_dict()
        out['reimport_s'] = round(time.perf_counter() - started, 2)
        out['reimport_changes'] = sum(sum(again[k].values()) for k in ('created', 'updated', 'removed'))
    out['peak_mib'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
