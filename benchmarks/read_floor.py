"""The floor: python-calamine reading every sheet of the same file into Python values."""

import json
import sys
import time

from python_calamine import CalamineWorkbook


def main():
    started = time.perf_counter()
    wb = CalamineWorkbook.from_path(sys.argv[1])
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in rows)
    print(json.dumps({'read_s': round(time.perf_counter() - started, 2), 'cells': cells}))


if __name__ == '__main__':
    main()
