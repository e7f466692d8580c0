"""One problem found in an imported file: where (sheet, row, column, value) and what, in the user's language.

Errors refuse the whole file; warnings are reported beside a successful import (a value left unknown,
a sheet the export lacks). Every importer reports with this one type.
"""

from dataclasses import dataclass


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    value: object
    message: str

    def as_dict(self):
        value = self.value
        if value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        return {'sheet': self.sheet, 'row': self.row, 'column': self.column, 'value': value, 'message': self.message}
