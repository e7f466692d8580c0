"""Parsing of spreadsheet cells as units really fill them: pure functions, no Django.

Each parser takes the raw cell value (str, int, float, bool, date, datetime or None, as
python-calamine returns them) and returns the clean value, or raises CellError with a message code
that the caller turns into a sentence in the user's language.
"""

import ipaddress
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


EXCEL_EPOCH = date(1899, 12, 30)
DATE_RE = re.compile(r'^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$')
ISO_DATE_RE = re.compile(r'^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$')
TRUE_WORDS = {'có', 'co', 'yes', 'y', 'true', 'x', '1', 'đúng', 'dung', 'v', '✓'}
FALSE_WORDS = {'không', 'khong', 'no', 'n', 'false', '0', 'sai', '-', '–'}


def text(value):
    """Unicode NFC (macOS and some keyboards send NFD), trimmed; numbers as people typed them."""
    if type(value) is str:
        value = value.strip()
        return value if value.isascii() else unicodedata.normalize('NFC', value)
    if value is None:
        return ''
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime('%d/%m/%Y')
    return unicodedata.normalize('NFC', str(value)).strip()


def is_blank(value):
    return value is None or value == '' or (type(value) is str and value.isspace())


def number(value):
    """A Decimal from a number or text, reading separators the Vietnamese way first.

    '1.234,5' and '1,234.5': the separator that comes last is the decimal one. With one kind only:
    several dots or commas group thousands ('1.234.567'); a single comma is a decimal comma ('2,5');
    a single dot followed by exactly three digits groups thousands ('12.500'), otherwise it is a
    decimal point ('2.5', '0.125').
    """
    if isinstance(value, bool):
        raise CellError('not_a_number')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float('inf'), float('-inf')):
            raise CellError('not_a_number')
        return Decimal(repr(value))
    s = text(value).replace('\u00a0', '').replace(' ', '')
    dots, commas = s.count('.'), s.count(',')
    if dots and commas:
        decimal_sep = ',' if s.rfind(',') > s.rfind('.') else '.'
        group_sep = '.' if decimal_sep == ',' else ','
        s = s.replace(group_sep, '').replace(decimal_sep, '.')
    elif commas > 1 or dots > 1:
        s = s.replace(',' if commas else '.', '')
    elif commas == 1:
        s = s.replace(',', '.')
    elif dots == 1:
        whole, _sep, tail = s.partition('.')
        if len(tail) == 3 and whole.lstrip('-+') not in ('', '0'):
            s = whole + tail
    try:
        result = Decimal(s)
    except InvalidOperation:
        raise CellError('not_a_number')
    if not result.is_finite():
        raise CellError('not_a_number')
    return result


def integer(value, minimum=None, maximum=None):
    kind = type(value)
    if kind is int:  # the common cells, without the detour through Decimal (bool is not int here)
        result = value
    elif kind is float and value.is_integer():
        result = int(value)
    else:
        result = number(value)
        if result != result.to_integral_value():
            raise CellError('not_an_integer')
        result = int(result)
    if minimum is not None and result < minimum:
        raise CellError('too_small', minimum=minimum)
    if maximum is not None and result > maximum:
        raise CellError('too_large', maximum=maximum)
    return result


def decimal(value, places=2, minimum=None, maximum=None):
    result = number(value)
    if minimum is not None and result < minimum:
        raise CellError('too_small', minimum=minimum)
    if maximum is not None and result > maximum:
        raise CellError('too_large', maximum=maximum)
    try:
        return result.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        raise CellError('too_large', maximum='10^12')


def boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError('not_a_boolean')


def a_date(value):
    """dd/mm/yyyy text, an ISO date, an Excel date cell, or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError('not_a_date')
    s = text(value)
    m = DATE_RE.match(s)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = ISO_DATE_RE.match(s)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise CellError('not_a_date')


TIME_RE = re.compile(r'^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$')


def a_datetime(value):
    """A date with a time of day (naive): an Excel date-time cell, 'dd/mm/yyyy HH:MM[:SS]', ISO, or a date
    alone (midnight)."""
    if isinstance(value, datetime):
        return value
    m = TIME_RE.match(text(value)) if isinstance(value, str) else None
    if m:
        day = a_date(m.group(1))
        try:
            return datetime(day.year, day.month, day.day, int(m.group(2)), int(m.group(3)), int(m.group(4) or 0))
        except ValueError:
            raise CellError('not_a_date')
    day = a_date(value)
    return datetime(day.year, day.month, day.day)


def fold(s):
    """A key for matching labels: NFC, case-folded, without diacritics and extra spaces."""
    s = unicodedata.normalize('NFD', text(s).replace('Đ', 'D').replace('đ', 'd'))
    s = ''.join(ch for ch in s if unicodedata.category(ch) != 'Mn')
    return ' '.join(s.casefold().split())


def choice(value, lookup):
    """`lookup` maps folded codes and labels (both languages) to the stored code."""
    key = fold(value)
    if key in lookup:
        return lookup[key]
    raise CellError('not_a_choice')


def ip(value):
    s = text(value)
    if IPV4.fullmatch(s):  # already as ipaddress would print it
        return s
    try:
        return str(ipaddress.ip_address(s))
    except ValueError:
        raise CellError('not_an_ip')


def cidr(value):
    s = text(value)
    try:
        return str(ipaddress.ip_network(s, strict=False))
    except ValueError:
        raise CellError('not_a_prefix')


# A dotted quad in canonical form (no leading zeros): what str(ip_address(...)) gives back unchanged.
IPV4 = re.compile(r'(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)', re.ASCII)

MAC_RE = re.compile(r'^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$')
CANONICAL_MAC = re.compile(r'[0-9a-f]{2}(?::[0-9a-f]{2}){5}')


def mac(value):
    s = text(value).lower()
    if CANONICAL_MAC.fullmatch(s):  # how exports write them
        return s
    if not MAC_RE.match(s):
        raise CellError('not_a_mac')
    digits = re.sub(r'[^0-9a-f]', '', s)
    return ':'.join(digits[i:i + 2] for i in range(0, 12, 2))


def split_list(value):
    """'A; B, C' or one per line -> ['A', 'B', 'C']."""
    return [part.strip() for part in re.split(r'[;,\n]', text(value)) if part.strip()]
