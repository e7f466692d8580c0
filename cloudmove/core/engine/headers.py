"""The one rule by which every importer matches a file's header cells to its declared columns. Pure Python.

Real files do not write headers as the documentation lists them: vendors' templates mark required columns
("Server name *", "MemoryUtilizationPercentage(optional)"), put units in parentheses ("Memory (In MB)",
"Memory (MB)"), vary case, spacing and punctuation ("CPU.NumberOfCores", "cpu_number_of_cores"), and carry
a byte-order mark. A header is therefore reduced to a *base* (letters and digits only, case-folded, NFKC)
and a *unit* (from parentheses, a trailing unit word or a trailing "MiB"-like suffix; MB is read as MiB,
as RVTools and the vendors use it). A source header matches a declared alias when the bases are equal and
the units agree or one side has none. Each declared column may have several aliases (vendor synonyms,
older RVTools headers); a pattern declares numbered families ("Disk 3 size (In GB)").
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Words that mark a column as required or optional, in parentheses or brackets, in English and Vietnamese.
MARKERS = {'required', 'optional', 'mandatory', 'req', 'opt', 'batbuoc', 'bắtbuộc', 'tuychon', 'tùychọn',
           'tuỳchọn', 'notrequired'}
# Unit words (squashed) and what they mean; the size units are also recognised glued to the end of a base.
UNITS = {'mb': 'mib', 'mib': 'mib', 'megabytes': 'mib', 'gb': 'gib', 'gib': 'gib', 'gigabytes': 'gib',
         'kb': 'kib', 'kib': 'kib', 'tb': 'tib', 'tib': 'tib', 'bytes': 'byte', 'byte': 'byte', '%': '%',
         'percent': '%', 'mbps': 'mbps', 'mbs': 'mibps', 'mibs': 'mibps', 'mbpersecond': 'mibps',
         'kbps': 'kbps', 'mhz': 'mhz', 'ghz': 'ghz', 'days': 'day', 'hours': 'hour', 'vnd': 'vnd'}
GLUED = ('mib', 'gib', 'kib', 'tib', 'mb', 'gb', 'kb', 'tb', 'bytes')
GROUP = re.compile(r'[(\[{]([^)\]}]*)[)\]}]')
NOT_ALNUM = re.compile(r'[\W_]+')
INVISIBLE = dict.fromkeys(map(ord, '\ufeff\u200b\u200c\u200d\u2060\xad'))


def squash(text):
    return NOT_ALNUM.sub('', text)


def normalise(value):
    """(base, unit or None) of one header cell."""
    text = unicodedata.normalize('NFKC', '' if value is None else str(value)).translate(INVISIBLE).casefold()
    unit = None
    for group in GROUP.findall(text):
        word = squash(group)
        if not word or word in MARKERS:
            continue
        if word.startswith('in') and word[2:] in UNITS:
            word = word[2:]
        unit = unit or UNITS.get(word, word)
    text = GROUP.sub(' ', text)
    if '%' in text:
        unit = unit or '%'
    words = [w for w in NOT_ALNUM.split(text) if w]
    while words and words[-1] in MARKERS:
        words.pop()
    if len(words) > 1 and words[-1] in UNITS:
        unit = unit or UNITS[words.pop()]
        if len(words) > 1 and words[-1] in ('in', 'per'):
            words.pop()
    base = ''.join(words)
    for suffix in GLUED:
        if base.endswith(suffix) and len(base) > len(suffix) + 1:
            unit = unit or UNITS[suffix]
            base = base[:-len(suffix)]
            if base.endswith('in') and len(base) > 3:
                base = base[:-2]
            break
    return base, unit


@dataclass
class Mapping:
    """What a header row became: field -> column index, field -> the header as the file wrote it, and every
    source header with the field it fed (None: ignored)."""

    fields: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)

    def __contains__(self, name):
        return name in self.fields

    def get(self, name, default=None):
        return self.fields.get(name, default)

    def __getitem__(self, name):
        return self.fields[name]

    @property
    def ignored(self):
        return [header for header, target in self.columns.items() if target is None]


class Headers:
    """The declared columns of one table: {field: (alias, ...)}, plus `patterns` {regex on the base:
    function(match) -> field} for numbered families of columns."""

    def __init__(self, columns, patterns=None):
        self.columns = columns
        self.patterns = [(re.compile(p), f) for p, f in (patterns or {}).items()]
        self.index = {}
        for name, aliases in columns.items():
            for alias in (aliases,) if isinstance(aliases, str) else aliases:
                base, unit = normalise(alias)
                entry = self.index.setdefault(base, {})
                if entry.get(unit, name) != name:
                    raise ValueError(f'header {alias!r} declared for two fields: {entry[unit]} and {name}')
                entry[unit] = name

    def title(self, name):
        """The header a person should add when the column is missing: the first alias as declared."""
        aliases = self.columns[name]
        return aliases if isinstance(aliases, str) else aliases[0]

    def lookup(self, value):
        base, unit = normalise(value)
        entry = self.index.get(base)
        if entry:
            if unit in entry:
                return entry[unit]
            if unit is not None and None in entry:
                return entry[None]
            if unit is None:
                names = set(entry.values())
                return names.pop() if len(names) == 1 else None
            return None
        for pattern, make in self.patterns:
            found = pattern.match(base)
            if found:
                return make(found)
        return None

    def match(self, header_row):
        """The Mapping of a header row; the first column that matches a field feeds it, later ones are
        listed as ignored."""
        out = Mapping()
        for index, value in enumerate(header_row or ()):
            shown = clean(value)
            if not shown:
                continue
            if shown in out.columns:
                shown = f'{shown} ({index + 1})'
            name = self.lookup(value)
            if name is not None and name not in out.fields:
                out.fields[name] = index
                out.names[name] = shown
                out.columns[shown] = name if isinstance(name, str) else ' '.join(map(str, name))
            else:
                out.columns[shown] = None
        return out


def clean(value):
    """A header as a person reads it: the text without a byte-order mark or surrounding spaces."""
    return ' '.join(unicodedata.normalize('NFC', '' if value is None else str(value)).translate(INVISIBLE).split())
