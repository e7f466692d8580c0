"""The report-request questions' problems in words (the engine names them by code)."""

from django.utils.translation import gettext as _

from cloudmove.reporting.engine import questions as engine


def question_problem(line, code, detail):
    messages = {
        'unknown_kind': _('“%(detail)s” is not a kind of question: write text, number or table.'),
        'no_label': _('the question has no text.'),
        'no_columns': _('the table “%(detail)s” needs its columns after “|”.'),
        'too_many_columns': _('a table has at most %(detail)s columns.'),
        'row_labels_numeric': _('the first column “%(detail)s” holds the fixed rows’ labels and cannot be numeric.'),
        'columns_not_table': _('only a table has columns and rows (“%(detail)s”).'),
        'too_many_questions': _('a template has at most %(detail)s questions.'),
        'no_questions': _('write at least one question.'),
        'not_a_list': _('the questions are not a list of questions.'),
    }
    text = messages[code] % {'detail': detail}
    return _('Line %(line)d: %(problem)s') % {'line': line, 'problem': text} if line else text[:1].upper() + text[1:]


def question_errors(questions):
    """The problems of questions held as data, in words."""
    return [question_problem(*p) for p in engine.well_formed(questions)]
