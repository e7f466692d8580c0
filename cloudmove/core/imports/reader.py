"""Opening an uploaded workbook safely: size limit, zip-bomb guard, formula cells, then the sheets.

Everything here refuses with a ReadError carrying a message code; nothing is parsed before the
file has passed the checks.
"""

import csv
import io
import re
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from python_calamine import CalamineWorkbook

MAX_EXPANSION_RATIO = 150       # uncompressed / compressed, whole archive
MAX_UNCOMPRESSED = 2 * 1024 ** 3
# A sheet's grid (last row × last column holding a value) above this is refused before the spreadsheet
# library builds it: one stray value far from the data (a note in cell XFD1048576) would make it allocate
# billions of cells and abort the process. A declared size (<dimension>) or formatted empty cells far
# beyond the data are harmless: only cells with a value count.
MAX_SHEET_CELLS = 12_000_000
LAST_ROW = re.compile(rb'<row r="(\d+)"')
WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,})\d')
VALUE_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?<!/)>\s*<(?:v|is|f)[ >]')
CELL_WITH_FORMULA = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f[ >/]')
SHEET_REL = re.compile(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
REL_TARGET = re.compile(r'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
REL_TARGET_REVERSED = re.compile(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


class ReadError(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class Book:
    sheets: dict = field(default_factory=dict)     # NFC sheet name -> raw sheet name (xlsx) or rows (CSV)
    formulas: list = field(default_factory=list)    # (sheet name, row number, column letters)
    is_csv: bool = False
    workbook: object = None
    order: list = field(default_factory=list)       # the sheets the caller will ask for, in that order
    ahead: tuple | None = None                      # (name, thread, result box) of the sheet loading next

    def has(self, name):
        return name in self.sheets

    def expect(self, names):
        """Say which sheets rows() will be asked for, in order: each one's cells are then decoded in a
        background thread while the caller works on the one before (the spreadsheet library releases the
        interpreter lock while it decodes, so this uses the second core)."""
        self.order = [n for n in names if n in self.sheets]
        if not self.is_csv and self.order:
            self._load_ahead(self.order[0])

    def rows(self, name):
        """The sheet's rows, read when asked for: a large workbook is never all in memory at once."""
        if self.is_csv:
            return self.sheets[name]
        box = self._take(name)
        if name in self.order:
            position = self.order.index(name)
            if position + 1 < len(self.order):
                self._load_ahead(self.order[position + 1])
        if 'error' in box:
            raise ReadError('unreadable_sheet', sheet=name)
        try:
            return box['sheet'].to_python(skip_empty_area=False)
        except Exception:
            raise ReadError('unreadable_sheet', sheet=name)

    def _take(self, name):
        """The decoded sheet: the one loaded ahead when it is that one, else decoded now (never while the
        background thread still uses the workbook)."""
        if self.ahead is not None:
            ahead_name, thread, box = self.ahead
            thread.join()
            self.ahead = None
            if ahead_name == name:
                return box
        box = {}
        self._decode(name, box)
        return box

    def _decode(self, name, box):
        try:
            box['sheet'] = self.workbook.get_sheet_by_name(self.sheets[name])
        except Exception as exc:
            box['error'] = exc

    def _load_ahead(self, name):
        if self.ahead is not None:  # one decoding at a time: the workbook is never used by two threads
            self.ahead[1].join()
        box = {}
        thread = threading.Thread(target=self._decode, args=(name, box), daemon=True)
        thread.start()
        self.ahead = (name, thread, box)


def nfc(s):
    return unicodedata.normalize('NFC', s or '').strip()


def limit_bytes():
    return settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024


def read(path, wanted=None):
    """Read a workbook (.xlsx) or one sheet as CSV. `wanted`: the sheet names to load, as a set or a test
    of the name (None: all). The sheets left out are neither checked nor read: an RVTools export carries
    tabs such as vFileInfo, often the largest of the file, that no import uses."""
    path = Path(path)
    size = path.stat().st_size
    if size > limit_bytes():
        raise ReadError('too_large', size_mib=round(size / 1024 / 1024, 1), limit_mib=settings.CLOUDMOVE_MAX_UPLOAD_MIB)
    if size == 0:
        raise ReadError('empty')
    with open(path, 'rb') as fh:
        head = fh.read(4)
    if head.startswith(b'PK'):
        return _read_xlsx(path, wanted)
    if path.suffix.lower() == '.csv':
        return _read_csv(path)
    raise ReadError('not_a_workbook')


def _check_zip(path):
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadError('not_a_workbook')
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_EXPANSION_RATIO:
        raise ReadError('zip_bomb')
    names = {i.filename for i in infos}
    if 'xl/workbook.xml' not in names:
        raise ReadError('not_a_workbook')
    return archive


def _sheet_files(archive):
    """Sheet name -> worksheet XML member, from the workbook and its relationships."""
    workbook = archive.read('xl/workbook.xml').decode('utf-8', 'replace')
    rels = archive.read('xl/_rels/workbook.xml.rels').decode('utf-8', 'replace')
    targets = dict(REL_TARGET.findall(rels))
    targets.update({rid: target for target, rid in REL_TARGET_REVERSED.findall(rels)})
    out = {}
    for name, rid in SHEET_REL.findall(workbook):
        target = targets.get(rid, '')
        target = target.lstrip('/')
        out[nfc(_xml_unescape(name))] = target if target.startswith('xl/') else f'xl/{target}'
    return out


def _extent(xml):
    """(rows, columns) of a worksheet's used area, bounded cheaply first: the last row element times the
    rightmost cell of any row (cells come in column order, so that is the last cell before each </row>);
    only when that bound is too large are the cells holding a value scanned one by one."""
    last = xml.rfind(b'<row r="')
    if last < 0:
        return 0, 0
    rows = int(LAST_ROW.match(xml, last).group(1))
    if rows * 16384 <= MAX_SHEET_CELLS:
        return rows, 1
    # The widest cell reference: one pass in C over the references of two letters or more (a narrow
    # sheet has none, and then no cell lies beyond column Z).
    widest = max(WIDE_CELL.findall(xml), key=lambda letters: (len(letters), letters), default=b'Z')
    widest = column_number(widest)
    if rows * widest <= MAX_SHEET_CELLS:
        return rows, widest
    max_row = max_col = 0
    for col, row in VALUE_CELL.findall(xml):
        max_row, max_col = max(max_row, int(row)), max(max_col, column_number(col))
    return max_row, max_col


def _has_formula(xml):
    """Whether a worksheet holds a formula cell (<f>, <f t=...>, <f/>), in one pass: a dropdown's
    <formula1> also starts with '<f' but is no cell formula."""
    at = xml.find(b'<f')
    while at >= 0:
        if xml[at + 2:at + 3] in (b'>', b' ', b'/'):
            return True
        at = xml.find(b'<f', at + 2)
    return False


def column_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _xml_unescape(s):
    return s.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&apos;', "'").replace(
        '&amp;', '&')


def _read_xlsx(path, wanted):
    archive = _check_zip(path)
    book = Book()
    with archive:
        for name, member in _sheet_files(archive).items():
            if not _wants(wanted, name):
                continue
            try:
                xml = archive.read(member)
            except KeyError:
                continue
            if _has_formula(xml):
                for col, row in CELL_WITH_FORMULA.findall(xml):
                    book.formulas.append((name, int(row), col.decode()))
            rows, columns = _extent(xml)
            if rows * columns > MAX_SHEET_CELLS:
                raise ReadError('sheet_too_wide', sheet=name, rows=rows, columns=columns)
    try:
        book.workbook = CalamineWorkbook.from_path(str(path))
    except Exception:
        raise ReadError('not_a_workbook')
    for raw_name in book.workbook.sheet_names:
        name = nfc(raw_name)
        if _wants(wanted, name):
            book.sheets[name] = raw_name
    return book


def _wants(wanted, name):
    return wanted is None or (wanted(name) if callable(wanted) else name in wanted)


def _read_csv(path):
    raw = path.read_bytes()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        raise ReadError('csv_not_utf8')
    if '\x00' in text:
        raise ReadError('not_a_workbook')
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=',;\t')
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:  # e.g. a sniffed dialect the rest of the text does not follow
        raise ReadError('not_a_workbook')
    return Book(sheets={'': rows}, is_csv=True)
