"""One measured RVTools import, in its own process: prints JSON with seconds, peak memory and the totals check."""

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
    parser.add_argument('--expect', default=None, help="The generator's totals as JSON, to compare with.")
    parser.add_argument('--changed', default=None, help='Then import this export of the same VMs with some changed.')
    args = parser.parse_args()
    _django.setup()
    from cloudmove.core.models import Unit, UnitKind
    from cloudmove.inventory.importers.rvtools import import_rvtools

    kind, _ = UnitKind.objects.get_or_create(code='bench', defaults={'name_vi': 'Đo hiệu năng'})
    unit, _ = Unit.objects.get_or_create(code=args.unit, defaults={'name_vi': 'Đơn vị đo', 'kind': kind})
    out = {}
    started = time.perf_counter()
    result = import_rvtools(args.path, unit, None)
    out['import_s'] = round(time.perf_counter() - started, 2)
    out['errors'] = len(result['errors'])
    out['created'] = sum(result['created'].values())
    out['totals'] = result['totals']
    if args.expect:
        expected = json.loads(args.expect)
        out['totals_match'] = all(result['totals'].get(k) == v for k, v in expected.items()
                                  if k in result['totals'])
    if args.twice:
        started = time.perf_counter()
        again = import_rvtools(args.path, unit, None)
        out['reimport_s'] = round(time.perf_counter() - started, 2)
        out['reimport_changes'] = sum(sum(again[k].values()) for k in ('created', 'updated', 'removed'))
    if args.changed:
        changed = import_rvtools(args.changed, unit, None)
        out['changed_updates'] = changed['updated']
        out['changed_other'] = sum(sum(changed[k].values()) for k in ('created', 'removed'))
    out['peak_mib'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
