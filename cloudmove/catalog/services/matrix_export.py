"""The comparison matrix as an Excel workbook: the same rows, columns and colours as the page."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from cloudmove.catalog.choices import CriterionResult
from cloudmove.catalog.engine import scoring
from cloudmove.core.exports import neutralise

COLOURS = {
    scoring.MET: '#C6EFCE', scoring.PASS: '#C6EFCE',
    scoring.PARTIAL: '#FFEB9C',
    scoring.NOT_MET: '#FFC7CE', scoring.FAIL: '#FFC7CE',
    scoring.NA: '#E7E6E6', scoring.NOT_APPLICABLE: '#E7E6E6',
}


def result_labels():
    """Labels of both vocabularies: answers (criterion rows) and pass/fail/pending/na (feature and group rows)."""
    labels = {value: str(label) for value, label in CriterionResult.choices}
    return {scoring.MET: labels['met'], scoring.PARTIAL: labels['partial'], scoring.NOT_MET: labels['not_met'],
            scoring.NA: labels['na'], scoring.PENDING: labels[''], scoring.PASS: _('Pass'), scoring.FAIL: _('Fail'),
            scoring.OPEN: _('Pending'), scoring.NOT_APPLICABLE: labels['na']}


def matrix_xlsx(matrix):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {'in_memory': True, 'strings_to_formulas': False, 'strings_to_urls': False})
    bold = book.add_format({'bold': True, 'bg_color': '#DDEBF7', 'border': 1, 'text_wrap': True})
    group_fmt = book.add_format({'bold': True, 'bg_color': '#BDD7EE'})
    feature_fmt = book.add_format({'bold': True})
    wrap = book.add_format({'text_wrap': True, 'valign': 'top'})
    fills = {key: book.add_format({'bg_color': colour, 'border': 1}) for key, colour in COLOURS.items()}
    plain = book.add_format({'border': 1})
    labels = result_labels()
    ws = book.add_worksheet(_('Matrix')[:31])
    fixed = [_('Level'), _('Code'), _('Criterion'), _('Mandatory'), _('Weight')]
    ws.write_row(0, 0, fixed + [c.provider.name for c in matrix.columns], bold)
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 60, wrap)
    ws.set_column(3, 4, 10)
    ws.set_column(len(fixed), len(fixed) + len(matrix.columns), 18)
    summary = [
        (_('Rank'), [c.position for c in matrix.columns]),
        (_('Weighted score'), [round(c.outcome.score, 1) for c in matrix.columns]),
        (_('Excluded'), [_('Yes') if c.outcome.excluded else _('No') for c in matrix.columns]),
        (_('Failing mandatory criteria'), [', '.join(c.outcome.failing_mandatory) for c in matrix.columns]),
    ]
    r = 1
    for title, values in summary:
        ws.write_string(r, 2, title, feature_fmt)
        for i, value in enumerate(values):
            if isinstance(value, int | float):
                ws.write_number(r, len(fixed) + i, value)
            elif value is not None:
                ws.write_string(r, len(fixed) + i, neutralise(str(value)))
        r += 1
    kinds = {'group': _('Group'), 'feature': _('Feature'), 'criterion': _('Criterion')}
    for row in matrix.rows:
        obj = row.obj
        text = getattr(obj, 'text_vi', None) or getattr(obj, 'name_vi', '')
        fmt = group_fmt if row.kind == 'group' else feature_fmt if row.kind == 'feature' else wrap
        ws.write_string(r, 0, kinds[row.kind], fmt)
        ws.write_string(r, 1, neutralise(obj.code), fmt)
        ws.write_string(r, 2, neutralise(text), fmt)
        if row.kind == 'criterion':
            ws.write_string(r, 3, _('Yes') if obj.mandatory else _('No'))
            ws.write_number(r, 4, obj.weight)
        for i, cell in enumerate(row.cells):
            ws.write_string(r, len(fixed) + i, labels[cell], fills.get(cell, plain))
        r += 1
    ws.freeze_panes(1 + len(summary), len(fixed))
    book.close()
    return buffer.getvalue()
