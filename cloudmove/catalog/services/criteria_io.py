"""Criteria sets as files: export to YAML or XLSX, import from either.

Import follows the programme's rule: parse → validate everything (every problem with its place) →
one transaction with bulk inserts → audit records in bulk. A file with any problem writes nothing.
The import always creates a draft: a new set (version 1) or the next version of an existing code.
"""

import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cloudmove.catalog.choices import CriteriaSetState
from cloudmove.catalog.models import CriteriaFeature, CriteriaGroup, CriteriaSet, Criterion
from cloudmove.catalog.services import criteria as criteria_service
from cloudmove.core import audit, scoping
from cloudmove.core.choices import AuditAction

CODE_RE = re.compile(r'^[A-Z0-9][A-Z0-9_.-]*$')
SET_SHEET, CRITERIA_SHEET = 'criteria_set', 'criteria'
SET_FIELDS = ('code', 'version', 'name', 'description', 'legal_basis', 'pass_score')
CRITERIA_COLUMNS = ('group_code', 'group_name_vi', 'group_name_en', 'feature_code', 'feature_name_vi',
                    'feature_name_en', 'code', 'text_vi', 'text_en', 'mandatory', 'weight')
# Bounds that keep a hostile file (e.g. YAML aliases repeating one list) from costing more than a real set.
MAX_GROUPS, MAX_FEATURES, MAX_CRITERIA = 50, 500, 5000
TRUE = {'true', 'yes', '1', 'có', 'co', 'x'}
FALSE = {'false', 'no', '0', 'không', 'khong', ''}


# ---------------------------------------------------------------- export

def to_document(criteria_set):
    """The set as nested plain data (the YAML layout)."""
    features = {}
    for c in Criterion.objects.filter(feature__group__criteria_set=criteria_set).order_by('order', 'code'):
        features.setdefault(c.feature_id, []).append({
            'code': c.code, 'text_vi': c.text_vi, 'text_en': c.text_en, 'mandatory': c.mandatory, 'weight': c.weight})
    groups = {}
    for f in CriteriaFeature.objects.filter(group__criteria_set=criteria_set).order_by('order', 'code'):
        groups.setdefault(f.group_id, []).append({'code': f.code, 'name_vi': f.name_vi, 'name_en': f.name_en,
                                                  'criteria': features.get(f.pk, [])})
    return {
        'code': criteria_set.code, 'version': criteria_set.version, 'name': criteria_set.name,
        'description': criteria_set.description, 'legal_basis': criteria_set.legal_basis,
        'pass_score': criteria_set.pass_score,
        'groups': [{'code': g.code, 'name_vi': g.name_vi, 'name_en': g.name_en, 'features': groups.get(g.pk, [])}
                   for g in criteria_set.groups.order_by('order', 'code')],
    }


def export_yaml(criteria_set):
    return yaml.safe_dump(to_document(criteria_set), allow_unicode=True, sort_keys=False, width=120)


def _text(value):
    # A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
    from cloudmove.core.exports import neutralise

    return neutralise(value)


def export_xlsx(criteria_set):
    doc = to_document(criteria_set)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {'in_memory': True, 'strings_to_formulas': False, 'strings_to_urls': False})
    bold = book.add_format({'bold': True, 'bg_color': '#DDEBF7', 'border': 1})
    wrap = book.add_format({'text_wrap': True, 'valign': 'top'})
    ws = book.add_worksheet(SET_SHEET)
    ws.write_row(0, 0, ['field', 'value'], bold)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 80, wrap)
    for r, name in enumerate(SET_FIELDS, start=1):
        ws.write_string(r, 0, name)
        value = doc[name]
        if isinstance(value, int):
            ws.write_number(r, 1, value)
        else:
            ws.write_string(r, 1, _text(value or ''))
    ws = book.add_worksheet(CRITERIA_SHEET)
    ws.write_row(0, 0, CRITERIA_COLUMNS, bold)
    ws.freeze_panes(1, 0)
    for col, width in enumerate((10, 30, 30, 10, 30, 30, 12, 60, 60, 10, 8)):
        ws.set_column(col, col, width, wrap if width >= 30 else None)
    ws.data_validation(1, 9, MAX_CRITERIA, 9, {'validate': 'list', 'source': ['true', 'false']})
    r = 1
    for g in doc['groups']:
        for f in g['features']:
            for c in f['criteria']:
                ws.write_row(r, 0, [_text(v) for v in (g['code'], g['name_vi'], g['name_en'], f['code'], f['name_vi'],
                                                       f['name_en'], c['code'], c['text_vi'], c['text_en'])])
                ws.write_string(r, 9, 'true' if c['mandatory'] else 'false')
                ws.write_number(r, 10, c['weight'])
                r += 1
    book.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- validation

@dataclass
class Problem:
    place: str
    message: str

    def __str__(self):
        return f'{self.place}: {self.message}' if self.place else self.message


@dataclass
class Result:
    criteria_set: object = None
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems and self.criteria_set is not None


class TooBig(Exception):
    pass


class Checker:
    """Collects every problem of a document; returns clean values for the writer."""

    def __init__(self):
        self.problems = []
        self.criteria_seen = 0

    def add(self, place, message):
        self.problems.append(Problem(place, message))

    def text(self, place, data, name, required=False, max_length=300):
        value = data.get(name) if isinstance(data, dict) else None
        value = '' if value is None else value
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(place, _('%(field)s: expected text.') % {'field': name})
            return ''
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number in a spreadsheet cell
        value = str(value).strip()
        if required and not value:
            self.add(place, _('%(field)s is required.') % {'field': name})
        elif max_length and len(value) > max_length:
            self.add(place, _('%(field)s is too long: at most %(max)s characters.') % {'field': name,
                                                                                       'max': max_length})
        return value

    def code(self, place, data, name='code'):
        value = self.text(place, data, name, required=True, max_length=40)
        if value and not CODE_RE.match(value):
            self.add(place, _('%(field)s “%(value)s”: use capital letters, digits, dot, dash or underscore.') % {
                'field': name, 'value': value})
        return value

    def integer(self, place, data, name, default, minimum, maximum):
        value = data.get(name, default) if isinstance(data, dict) else default
        if value is None or value == '':
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            self.add(place, _('%(field)s: expected a whole number from %(min)s to %(max)s.') % {
                'field': name, 'min': minimum, 'max': maximum})
            return default
        return value

    def boolean(self, place, data, name, default=True):
        value = data.get(name, default) if isinstance(data, dict) else default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower() if isinstance(value, str) else None
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.add(place, _('%(field)s: expected true or false (có or không).') % {'field': name})
        return default

    def items(self, place, data, name, limit):
        value = data.get(name) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value:
            self.add(place, _('%(field)s: expected a non-empty list.') % {'field': name})
            return []
        if len(value) > limit:
            raise TooBig
        return value

    def document(self, doc, places):
        """Check a whole document; `places` names the places (YAML paths or sheet rows)."""
        if not isinstance(doc, dict):
            self.add('', _('The file does not describe a criteria set.'))
            return None
        top = places.top()
        clean = {
            'code': self.code(places.set_field('code'), doc),
            'name': self.text(places.set_field('name'), doc, 'name', required=True),
            'description': self.text(places.set_field('description'), doc, 'description', max_length=None),
            'legal_basis': self.text(places.set_field('legal_basis'), doc, 'legal_basis'),
            'pass_score': self.integer(places.set_field('pass_score'), doc, 'pass_score', 0, 0, 100),
            'groups': [],
        }
        codes = {}
        for gi, g in enumerate(self.items(top, doc, 'groups', MAX_GROUPS), start=1):
            gp = places.group(gi, g)
            group = {'code': self.code(gp, g), 'name_vi': self.text(gp, g, 'name_vi', required=True),
                     'name_en': self.text(gp, g, 'name_en'), 'features': []}
            self._unique(codes, ('group', group['code']), gp)
            for fi, f in enumerate(self.items(gp, g, 'features', MAX_FEATURES), start=1):
                fp = places.feature(gi, fi, f)
                feature = {'code': self.code(fp, f), 'name_vi': self.text(fp, f, 'name_vi', required=True),
                           'name_en': self.text(fp, f, 'name_en'), 'criteria': []}
                self._unique(codes, ('feature', feature['code']), fp)
                for ci, c in enumerate(self.items(fp, f, 'criteria', MAX_CRITERIA), start=1):
                    self.criteria_seen += 1
                    if self.criteria_seen > MAX_CRITERIA:
                        raise TooBig
                    cp = places.criterion(gi, fi, ci, c)
                    criterion = {'code': self.code(cp, c), 'text_vi': self.text(cp, c, 'text_vi', required=True,
                                                                                 max_length=None),
                                 'text_en': self.text(cp, c, 'text_en', max_length=None),
                                 'mandatory': self.boolean(cp, c, 'mandatory'),
                                 'weight': self.integer(cp, c, 'weight', 1, 0, 1000)}
                    self._unique(codes, ('criterion', criterion['code']), cp)
                    feature['criteria'].append(criterion)
                group['features'].append(feature)
            clean['groups'].append(group)
        return clean

    def _unique(self, seen, key, place):
        if not key[1]:
            return
        if key in seen:
            self.add(place, _('The code %(code)s is used twice (also at %(other)s).') % {'code': key[1],
                                                                                        'other': seen[key]})
        else:
            seen[key] = place


class YamlPlaces:
    def top(self):
        return ''

    def set_field(self, name):
        return name

    def group(self, gi, g):
        return _('group %(n)s') % {'n': gi}

    def feature(self, gi, fi, f):
        return _('group %(g)s › feature %(f)s') % {'g': gi, 'f': fi}

    def criterion(self, gi, fi, ci, c):
        return _('group %(g)s › feature %(f)s › criterion %(c)s') % {'g': gi, 'f': fi, 'c': ci}


class SheetPlaces:
    """Places as sheet and row: the document built from a workbook remembers each item's row."""

    def top(self):
        return _('sheet %(sheet)s') % {'sheet': CRITERIA_SHEET}

    def set_field(self, name):
        return _('sheet %(sheet)s, field %(field)s') % {'sheet': SET_SHEET, 'field': name}

    def _row(self, item):
        return _('sheet %(sheet)s, row %(row)s') % {'sheet': CRITERIA_SHEET, 'row': item.get('_row', '?')}

    def group(self, gi, g):
        return self._row(g)

    def feature(self, gi, fi, f):
        return self._row(f)

    def criterion(self, gi, fi, ci, c):
        return self._row(c)


# ---------------------------------------------------------------- parsing

MAX_FILE_MIB = 5  # a real criteria set is a few hundred kilobytes at most


def limit_mib():
    return min(settings.CLOUDMOVE_MAX_UPLOAD_MIB, MAX_FILE_MIB)


def _limit_bytes():
    return limit_mib() * 1024 * 1024


def too_large_message():
    return _('The file is larger than %(limit)s MiB.') % {'limit': limit_mib()}


def parse_yaml(data: bytes):
    """The document in a YAML file, or a Problem."""
    try:
        doc = yaml.safe_load(data.decode('utf-8-sig'))
    except UnicodeDecodeError:
        return None, Problem('', _('The file is not UTF-8 text.'))
    except yaml.YAMLError as exc:
        mark = getattr(exc, 'problem_mark', None)
        place = _('line %(line)s') % {'line': mark.line + 1} if mark else ''
        return None, Problem(place, _('This is not valid YAML.'))
    return doc, None


def parse_xlsx(data: bytes):
    """The document in a workbook (its two sheets), or a list of problems."""
    from cloudmove.core.imports import reader
    from cloudmove.core.imports.messages import file_message

    with tempfile.NamedTemporaryFile(suffix='.xlsx') as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            book = reader.read(Path(tmp.name), wanted={SET_SHEET, CRITERIA_SHEET})
            problems = [Problem(_('sheet %(sheet)s, row %(row)s, column %(col)s') % {
                'sheet': s, 'row': r, 'col': c}, _('A formula: type the value itself.')) for s, r, c in book.formulas]
            missing = [s for s in (SET_SHEET, CRITERIA_SHEET) if not book.has(s)]
            problems += [Problem('', file_message('missing_sheet', sheet=s)) for s in missing]
            if problems:
                return None, problems
            set_rows, criteria_rows = book.rows(SET_SHEET), book.rows(CRITERIA_SHEET)
        except reader.ReadError as exc:
            return None, [Problem('', file_message(exc.code, **exc.params))]
    doc = {}
    for row in set_rows[1:]:
        if row and str(row[0]).strip() in SET_FIELDS:
            doc[str(row[0]).strip()] = row[1] if len(row) > 1 else ''
    header = [str(h).strip() for h in (criteria_rows[0] if criteria_rows else [])]
    missing = [c for c in CRITERIA_COLUMNS if c not in header]
    if missing:
        return None, [Problem(_('sheet %(sheet)s') % {'sheet': CRITERIA_SHEET},
                              file_message('missing_column', column=c)) for c in missing]
    index = {name: header.index(name) for name in CRITERIA_COLUMNS}
    groups, features = {}, {}
    doc['groups'] = []
    for number, row in enumerate(criteria_rows[1:], start=2):
        cells = {name: (row[i] if i < len(row) else '') for name, i in index.items()}
        cells = {k: v.strip() if isinstance(v, str) else v for k, v in cells.items()}
        if all(v in ('', None) for v in cells.values()):
            continue
        g_code, f_code = str(cells['group_code'] or ''), str(cells['feature_code'] or '')
        if g_code not in groups:
            groups[g_code] = {'_row': number, 'code': g_code, 'name_vi': cells['group_name_vi'],
                              'name_en': cells['group_name_en'], 'features': []}
            doc['groups'].append(groups[g_code])
        if (g_code, f_code) not in features:
            features[(g_code, f_code)] = {'_row': number, 'code': f_code, 'name_vi': cells['feature_name_vi'],
                                          'name_en': cells['feature_name_en'], 'criteria': []}
            groups[g_code]['features'].append(features[(g_code, f_code)])
        features[(g_code, f_code)]['criteria'].append({
            '_row': number, 'code': cells['code'], 'text_vi': cells['text_vi'], 'text_en': cells['text_en'],
            'mandatory': cells['mandatory'], 'weight': cells['weight']})
    return doc, []


def read_document(filename, data):
    """(document checked and cleaned, problems) from an uploaded YAML or XLSX file."""
    if len(data) > _limit_bytes():
        return None, [Problem('', too_large_message())]
    if not data:
        return None, [Problem('', _('The file is empty.'))]
    if data[:2] == b'PK':
        doc, problems = parse_xlsx(data)
        places = SheetPlaces()
    elif Path(filename or '').suffix.lower() in ('.yaml', '.yml'):
        doc, problem = parse_yaml(data)
        problems = [problem] if problem else []
        places = YamlPlaces()
    else:
        return None, [Problem('', _('Upload a YAML file (.yaml) or an Excel workbook (.xlsx).'))]
    if problems:
        return None, problems
    checker = Checker()
    try:
        clean = checker.document(doc, places)
    except TooBig:
        return None, [Problem('', _('The file holds more than %(groups)s groups, %(features)s features per group '
                                    'or %(criteria)s criteria.') % {'groups': MAX_GROUPS,
                                                                    'features': MAX_FEATURES,
                                                                    'criteria': MAX_CRITERIA})]
    return (None if checker.problems else clean), checker.problems


# ---------------------------------------------------------------- writing

def _entries(objs):
    return [audit.Entry(AuditAction.CREATE, type(o), o.pk, str(o)[:200], '', None, audit.snapshot(o)) for o in objs]


@transaction.atomic
def create_from_document(user, doc, as_new_version=False):
    """A draft set from a checked document: version 1 of a new code, or the next version of its code."""
    existing = CriteriaSet.objects.filter(code=doc['code']).order_by('-version').first()
    if as_new_version and existing is None:
        return Result(problems=[Problem('code', _('No criteria set has the code %(code)s: import it as a new '
                                                  'set.') % {'code': doc['code']})])
    if not as_new_version and existing is not None:
        return Result(problems=[Problem('code', _('A criteria set with the code %(code)s exists already: import '
                                                  'the file as a new version of it.') % {'code': doc['code']})])
    target = CriteriaSet(code=doc['code'], version=criteria_service.next_version(doc['code']), name=doc['name'],
                         description=doc['description'], legal_basis=doc['legal_basis'],
                         pass_score=doc['pass_score'], state=CriteriaSetState.DRAFT, based_on=existing)
    scoping.ensure(user, target, scoping.CHANGE)
    with audit.suspended():
        target.save()
        groups = CriteriaGroup.objects.bulk_create([
            CriteriaGroup(criteria_set=target, code=g['code'], name_vi=g['name_vi'], name_en=g['name_en'], order=i)
            for i, g in enumerate(doc['groups'], start=1)])
        features, pending = [], []
        for group, g in zip(groups, doc['groups'], strict=True):
            for i, f in enumerate(g['features'], start=1):
                features.append(CriteriaFeature(group=group, code=f['code'], name_vi=f['name_vi'],
                                                name_en=f['name_en'], order=i))
                pending.append(f['criteria'])
        CriteriaFeature.objects.bulk_create(features)
        criteria = Criterion.objects.bulk_create([
            Criterion(feature=feature, code=c['code'], text_vi=c['text_vi'], text_en=c['text_en'],
                      mandatory=c['mandatory'], weight=c['weight'], order=i)
            for feature, items in zip(features, pending, strict=True) for i, c in enumerate(items, start=1)])
    audit.record_many(_entries([target]) + _entries(groups) + _entries(features) + _entries(criteria))
    return Result(criteria_set=target)


def import_file(user, filename, data, as_new_version=False):
    """Check the whole file, then create the draft set in one transaction; nothing is written on a problem."""
    if not scoping.role_allows(user, CriteriaSet, scoping.CHANGE):
        raise PermissionDenied(_('Only programme admins may import criteria sets.'))
    doc, problems = read_document(filename, data)
    if problems:
        return Result(problems=problems)
    return create_from_document(user, doc, as_new_version)
