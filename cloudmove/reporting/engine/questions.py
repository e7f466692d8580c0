"""The questions of a report request, the answers units give and their aggregation. Pure Python.

A template's questions are written one per line, so the programme office types them rather than fills a
form per question:

    KIND[*]: Label [| column; #numeric column; ...] [|| fixed row; fixed row; ...]

KIND is text, number or table (Vietnamese: văn bản, số, bảng); a `*` makes the question required. A table
lists its columns after `|` (a `#` before a column makes it numeric) and, optionally, fixed row labels
after `||` (the first column then holds them). Problems are returned as codes with their details, for the
caller to put into words in the user's language.
"""

import math
import re

KIND_WORDS = {'text': 'text', 'văn bản': 'text', 'number': 'number', 'số': 'number', 'table': 'table',
              'bảng': 'table'}
MAX_QUESTIONS = 100
MAX_COLUMNS = 20
MAX_ROWS = 200
_LINE = re.compile(r'^\s*(?P<kind>[^:*]+?)\s*(?P<req>\*)?\s*:\s*(?P<rest>.*)$')
_SPACES = re.compile(r'\s+')


def parse(text):
    """(questions, problems) from the line format; problems are (line number, code, detail)."""
    questions, problems = [], []
    for number, line in enumerate((text or '').splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith('//'):
            continue
        match = _LINE.match(line)
        kind = KIND_WORDS.get(match.group('kind').strip().lower()) if match else None
        if kind is None:
            problems.append((number, 'unknown_kind', match.group('kind').strip() if match else line.strip()))
            continue
        label, columns, rows = _split(match.group('rest'))
        if not label:
            problems.append((number, 'no_label', ''))
            continue
        question = {'key': f'q{len(questions) + 1}', 'kind': kind, 'label': label,
                    'required': bool(match.group('req'))}
        if kind == 'table':
            if not columns:
                problems.append((number, 'no_columns', label))
                continue
            if len(columns) > MAX_COLUMNS:
                problems.append((number, 'too_many_columns', str(MAX_COLUMNS)))
                continue
            question['columns'] = columns
            question['rows'] = rows
            if rows and columns[0]['number']:
                problems.append((number, 'row_labels_numeric', columns[0]['label']))
                continue
        elif columns or rows:
            problems.append((number, 'columns_not_table', label))
            continue
        questions.append(question)
    if len(questions) > MAX_QUESTIONS:
        problems.append((0, 'too_many_questions', str(MAX_QUESTIONS)))
    if not questions and not problems:
        problems.append((0, 'no_questions', ''))
    return questions, problems


def _split(rest):
    head, _bars, rows_text = rest.partition('||')
    label, _bar, columns_text = head.partition('|')
    columns = [{'label': cell.lstrip('#').strip(), 'number': cell.startswith('#')} for cell in _cells(columns_text)]
    return label.strip(), [c for c in columns if c['label']], _cells(rows_text)


def _cells(text):
    return [c.strip() for c in (text or '').split(';') if c.strip()]


def format_lines(questions):
    """The line format of parsed questions (what the template's form shows)."""
    words = {'text': 'text', 'number': 'number', 'table': 'table'}
    lines = []
    for q in questions:
        line = f"{words[q['kind']]}{'*' if q.get('required') else ''}: {q['label']}"
        if q['kind'] == 'table':
            line += ' | ' + '; '.join(('#' if c['number'] else '') + c['label'] for c in q['columns'])
            if q.get('rows'):
                line += ' || ' + '; '.join(q['rows'])
        lines.append(line)
    return '\n'.join(lines)


def well_formed(questions):
    """Problems of questions given as data (the API): the same checks as parse, by re-reading them."""
    if not isinstance(questions, list) or not all(isinstance(q, dict) for q in questions):
        return [(0, 'not_a_list', '')]
    try:
        return parse(format_lines(questions))[1]
    except (KeyError, TypeError, AttributeError):
        return [(0, 'not_a_list', '')]


# ---------------------------------------------------------------- answers

def to_number(value):
    """A figure as typed (1234.5, "1 234,5", "1.234.567") or None when blank; ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = value.strip().replace('\u00a0', '').replace(' ', '')
        if ',' in text and '.' in text:  # the last separator is the decimal one
            decimal = ',' if text.rfind(',') > text.rfind('.') else '.'
            text = text.replace('.' if decimal == ',' else ',', '').replace(',', '.')
        elif text.count('.') > 1:
            text = text.replace('.', '')
        elif ',' in text:
            text = text.replace(',', '' if text.count(',') > 1 else '.')
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number


def clean_answer(questions, raw):
    """(values, problems) of a unit's answer. `raw` maps question keys to a text, a figure, or a table's
    rows (lists of cells in column order). Blank table rows are dropped; fixed rows keep their labels.
    Problems are (key, code, detail) with detail naming the row and column where one is at fault."""
    values, problems = {}, []
    raw = raw if isinstance(raw, dict) else {}
    for q in questions:
        key, value = q['key'], raw.get(q['key'])
        if q['kind'] == 'text':
            values[key] = '' if value is None else str(value).strip()
        elif q['kind'] == 'number':
            try:
                values[key] = to_number(value)
            except (ValueError, TypeError):
                problems.append((key, 'not_a_number', {'value': str(value)[:50]}))
        else:
            values[key] = _clean_table(q, value, problems)
    return values, problems


def _clean_table(q, rows, problems):
    columns, fixed = q['columns'], q.get('rows') or []
    rows = rows if isinstance(rows, list) else []
    if len(rows) > MAX_ROWS:
        problems.append((q['key'], 'too_many_rows', {'max': MAX_ROWS}))
        rows = rows[:MAX_ROWS]
    out = []
    for r, row in enumerate(rows):
        cells = list(row) if isinstance(row, (list, tuple)) else []
        cells = (cells + [None] * len(columns))[:len(columns)]
        if r < len(fixed):
            cells[0] = fixed[r]
        clean = []
        for c, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            if column['number'] and not (fixed and c == 0):
                try:
                    clean.append(to_number(cell))
                except (ValueError, TypeError):
                    problems.append((q['key'], 'cell_not_a_number', {'row': r + 1, 'column': column['label'],
                                                                     'value': str(cell)[:50]}))
                    clean.append(None)
            else:
                clean.append('' if cell is None else str(cell).strip())
        entered = clean[1:] if fixed else clean
        if r < len(fixed) or any(v not in (None, '') for v in entered):
            out.append(clean)
    for r in range(len(out), len(fixed)):  # fixed rows not sent at all
        out.append([fixed[r]] + [None if c['number'] else '' for c in columns[1:]])
    return out


def missing(questions, values):
    """The required questions left without an answer."""
    out = []
    for q in questions:
        if not q.get('required'):
            continue
        value = values.get(q['key'])
        if q['kind'] == 'table':
            start = 1 if q.get('rows') else 0
            empty = not any(v not in (None, '') for row in (value or []) for v in row[start:])
        else:
            empty = value in (None, '')
        if empty:
            out.append(q)
    return out


# ---------------------------------------------------------------- aggregation

def aggregate(questions, answers):
    """Across answers [(unit label, values)]: texts side by side, figures listed and summed, tables
    summed row by row (rows matched on their text cells, case and spacing aside) with a total row."""
    out = []
    for q in questions:
        key = q['key']
        if q['kind'] == 'text':
            given = [(unit, values.get(key)) for unit, values in answers if values.get(key)]
            out.append({**q, 'answers': given})
        elif q['kind'] == 'number':
            given = [(unit, values.get(key)) for unit, values in answers if values.get(key) is not None]
            out.append({**q, 'answers': given, 'sum': _sum(v for _u, v in given), 'count': len(given)})
        else:
            out.append({**q, **_sum_table(q, [values.get(key) or [] for _unit, values in answers])})
    return out


def _sum(values):
    """The sum of the known figures; None when none is known (a blank stays blank, never 0)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    total = sum(known)
    return round(total, 6) if isinstance(total, float) else total


def _sum_table(q, tables):
    columns = q['columns']
    text_cols = [c for c, col in enumerate(columns) if not col['number']]
    num_cols = [c for c, col in enumerate(columns) if col['number']]
    groups, order = {}, []
    for table in tables:
        for row in table:
            key = tuple(_SPACES.sub(' ', str(row[c] or '')).strip().casefold() for c in text_cols)
            if key not in groups:
                groups[key] = {'cells': list(row), 'sums': {c: [] for c in num_cols}}
                order.append(key)
            for c in num_cols:
                groups[key]['sums'][c].append(row[c])
    rows = []
    for key in order:
        g = groups[key]
        rows.append([_sum(g['sums'][c]) if c in g['sums'] else g['cells'][c] for c in range(len(columns))])
    total = [_sum(row[c] for row in rows) if c in num_cols else '' for c in range(len(columns))]
    return {'rows': rows if text_cols else [], 'total': total}
