"""A sheet's data rows read column by column, with the same rules and messages as a row reader
(DiscoveryImport._cells): one tight loop per column instead of a reader call per cell, which on a province's
RVTools export (millions of cells) was a third of the parsing time.

Problems are recorded as the cells are read, so a sheet's problems come column by column; `in_row_order`
puts them back in row order (within a row: the order the columns were read), as a row reader gives them.
"""

from cloudmove.core.engine import cells
from cloudmove.core.imports.messages import cell_message
from cloudmove.inventory.importers.base import unknown_message


class Table:
    def __init__(self, importer, sheet, mapping, names, ns, rows):
        self.importer, self.sheet, self.mapping, self.names = importer, sheet, mapping, names
        self.ns, self.rows = ns, rows          # excel row numbers; the raw rows

    def __len__(self):
        return len(self.rows)

    def __contains__(self, field):
        return field in self.mapping

    def take(self, indices):
        """The same table over some of its rows (indices into this one)."""
        return Table(self.importer, self.sheet, self.mapping, self.names, [self.ns[i] for i in indices],
                     [self.rows[i] for i in indices])

    def label(self, field):
        return self.names.get(field, field)

    def raw(self, field):
        index = self.mapping.fields.get(field)
        if index is None:
            return [None] * len(self.rows)
        return [row[index] if index < len(row) else None for row in self.rows]

    def get(self, field, parser=None, *args, measured=False, optional=False):
        """The column parsed: None where blank (a warning when `measured` and the column is there) or
        unreadable (a warning when `measured` or `optional`, else an error)."""
        raws = self.raw(field)
        if parser is None:
            return raws
        present = field in self.mapping
        warn, error = self.importer.warn, self.importer.error
        sheet, label = self.sheet, self.label(field)
        fast_int = parser is cells.integer
        low, high = (args + (None, None))[:2] if fast_int else (None, None)
        out = []
        append = out.append
        for n, raw in zip(self.ns, raws, strict=True):
            kind = type(raw)
            if fast_int and kind is int and (low is None or raw >= low) and (high is None or raw <= high):
                append(raw)   # cells.integer's common case, without the call
                continue
            if (raw is None or (kind is str and not raw.strip())) and parser is not cells.text:
                if measured and present:
                    warn(sheet, n, label, None, unknown_message())
                append(None)
                continue
            try:
                append(parser(raw, *args))
            except cells.CellError as exc:
                message = cell_message(exc.code, **exc.params)
                if measured or optional:
                    warn(sheet, n, label, cells.text(raw), unknown_message(message))
                else:
                    error(sheet, n, label, raw, message)
                append(None)
        return out

    def text(self, field, max_length, measured=False):
        """The column as trimmed text ('' where blank; a warning when `measured`); longer than `max_length`
        is an error and the text is cut."""
        raws = self.raw(field)
        present = field in self.mapping
        out = []
        append = out.append
        for raw in raws:
            if type(raw) is str and raw.isascii():
                append(raw.strip())
            else:
                append(cells.text(raw))
        if (measured and present) or any(len(v) > max_length for v in out):
            label = self.label(field)
            for i, value in enumerate(out):
                if measured and present and not value:
                    self.importer.warn(self.sheet, self.ns[i], label, None, unknown_message())
                if len(value) > max_length:
                    self.importer.error(self.sheet, self.ns[i], label, value,
                                        cell_message('too_long', max_length=max_length))
                    out[i] = value[:max_length]
        return out


def in_row_order(problems, start):
    """Sort the problems recorded since `start` by row, keeping their order within a row."""
    problems[start:] = sorted(problems[start:], key=lambda p: p.row)
