"""Sentences for every problem the workbook import can report, in the user's language."""

from django.utils.translation import gettext as _


def cell_message(message_key, /, **params):
    messages = {
        'required': _('This column is required.'),
        'unknown': _('No value: imported as unknown.'),
        'not_a_number': _('Expected a number.'),
        'not_an_integer': _('Expected a whole number.'),
        'too_small': _('The value must be at least %(minimum)s.'),
        'too_large': _('The value must be at most %(maximum)s.'),
        'not_a_boolean': _('Expected Có or Không (yes or no).'),
        'not_a_date': _('Expected a date as dd/mm/yyyy.'),
        'not_a_choice': _('Not one of the listed values: %(choices)s.'),
        'not_an_ip': _('Not a valid IP address.'),
        'not_a_prefix': _('Not a valid prefix, e.g. 10.20.30.0/24.'),
        'not_a_mac': _('Not a valid MAC address, e.g. 00:50:56:aa:bb:cc.'),
        'too_long': _('Too long: at most %(max_length)s characters.'),
        'bad_code': _('Use capital letters, digits, dot, dash or underscore.'),
        'unknown_ref': _('"%(value)s" is not on sheet "%(sheet)s" (nor among the records you may use).'),
        'ambiguous_ref': _('"%(value)s" matches several rows of sheet "%(sheet)s".'),
        'duplicate': _('The same %(what)s appears again on row %(other)s.'),
        'unknown_key': _('This key belongs to no record of this unit: clear the key cell to add the row as new.'),
        'code_taken': _('This code is already used by another unit.'),
        'formula': _('A formula: type the value itself.'),
        'invalid': _('%(message)s'),
    }
    return messages[message_key] % params if params else messages[message_key]


def file_message(message_key, /, **params):
    messages = {
        'too_large': _('The file is %(size_mib)s MiB; the limit is %(limit_mib)s MiB.'),
        'empty': _('The file is empty.'),
        'not_a_workbook': _('This is not an Excel workbook (.xlsx) or a CSV file.'),
        'zip_bomb': _('The workbook expands to far more data than its size allows; it was refused as unsafe.'),
        'unreadable_sheet': _('Sheet "%(sheet)s" cannot be read.'),
        'sheet_too_wide': _('Sheet "%(sheet)s" reaches row %(rows)s and column %(columns)s: delete the stray cells '
                            'far below or right of the data (Ctrl+End shows the last one) and upload it again.'),
        'csv_not_utf8': _('The CSV file is not UTF-8 text: save it as "CSV UTF-8".'),
        'other_unit': _('This workbook belongs to unit %(code)s, not to %(unit)s.'),
        'missing_sheet': _('Sheet "%(sheet)s" is missing.'),
        'missing_column': _('Column "%(column)s" is missing.'),
        'csv_sheet_unknown': _('The CSV headers match no sheet of the unit workbook.'),
    }
    return messages[message_key] % params if params else messages[message_key]
