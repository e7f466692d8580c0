"""The spreadsheet layout every workbook import and export shares: sheets of typed columns, row 1 in
Vietnamese, row 2 in English, data from row 3, column A the record's stable key, a hidden meta sheet.

An app declares its sheets (`Sheet` with `Column`s, usually inferred from model fields); the parser,
the writer and the check → apply flow work from those declarations.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils import translation

from cloudmove.core.engine import cells

KEY = 'uid'
HEADER_ROWS = 2
FIRST_DATA_ROW = 3
META_SHEET = '_meta'
LISTS_SHEET = '_lists'
INSTRUCTIONS_SHEET = 'Hướng dẫn'


@dataclass
class Column:
    field: str
    kind: str = ''            # text, int, decimal, bool, date, datetime, choice, ip, cidr, mac, ref, refs, key
    required: bool = False
    ref: str | None = None    # sheet id (or 'unit') that a ref/refs column points at
    choices: type | None = None
    model_field: models.Field | None = None
    measured: bool = False    # a blank cell is a value left unknown: imported as such, with a warning

    def label(self, lang):
        if self.field == KEY:
            return 'Khóa (không sửa)' if lang == 'vi' else 'Key (do not edit)'
        with translation.override(lang):
            return str(self.model_field.verbose_name)

    @cached_property
    def choice_lookup(self):
        lookup = {}
        for code, label in self.choices.choices:
            for lang in ('en', 'vi'):
                with translation.override(lang):
                    lookup[cells.fold(str(label))] = code
            lookup[cells.fold(code)] = code
        return lookup

    def choice_labels(self):
        with translation.override('vi'):
            return [str(label) for _code, label in self.choices.choices]

    def choice_label(self, code):
        with translation.override('vi'):
            return str(dict(self.choices.choices).get(code, code))


@dataclass
class Sheet:
    id: str
    title: str
    model: type
    columns: list
    natural: tuple              # fields that form the natural key
    parent: str | None = None   # the field whose object carries the unit (children: 'vm', 'site')
    category: str | None = None
    # False: the natural key may repeat (an address used twice is a data-quality finding, not an error);
    # a row without its key then updates the first unclaimed record of that name.
    unique_natural: bool = True

    def column(self, name):
        return next(col for col in self.columns if col.field == name)

    @property
    def base_model(self):
        return self.model._meta.concrete_model


def infer_column(model, name, required=False, ref=None, choices=None, kind=None, measured=False):
    f = model._meta.get_field(name)
    if kind is None:
        if ref is not None:
            kind = 'refs' if f.many_to_many else 'ref'
        elif isinstance(f, models.GenericIPAddressField):
            kind = 'ip'
        elif f.choices or choices is not None:
            kind = 'choice'
        elif isinstance(f, models.BooleanField):
            kind = 'bool'
        elif isinstance(f, models.DateTimeField):
            kind = 'datetime'
        elif isinstance(f, models.DateField):
            kind = 'date'
        elif isinstance(f, models.DecimalField):
            kind = 'decimal'
        elif isinstance(f, models.IntegerField):
            kind = 'int'
        elif isinstance(f, models.FloatField):
            kind = 'float'
        else:
            kind = 'text'
    if kind == 'choice' and choices is None:
        choices = type('Choices', (), {'choices': f.choices})
    return Column(name, kind, required, ref, choices, f, measured)
