"""CSV and XLSX exports of any queryset, safe against spreadsheet formula injection."""

import csv
import tempfile
from datetime import date

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from cloudmove.core.tables import export_value
from cloudmove.core.text import capfirst

FORMULA_PREFIXES = ('=', '+', '-', '@', '\t', '\r')


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rows(queryset, columns, chunk_size=2000):
    iterator = queryset.iterator(chunk_size=chunk_size) if not queryset._prefetch_related_lookups else queryset
    for obj in iterator:
        yield [neutralise(export_value(obj, c)) for c in columns]


def filename(base, ext):
    return f'{base}-{timezone.localtime():%Y%m%d-%H%M}.{ext}'


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, columns, base):
    writer = csv.writer(_Echo())

    def stream():
        yield '\ufeff'  # BOM: Excel opens UTF-8 Vietnamese text correctly
        yield writer.writerow([capfirst(str(c.label)) for c in columns])
        for row in rows(queryset, columns):
            yield writer.writerow(['' if v is None else (v.strftime('%d/%m/%Y') if isinstance(v, date) else v)
                                   for v in row])

    response = StreamingHttpResponse(stream(), content_type='text/csv; charset=utf-8')
    response['Content-Disposition'] = f'attachment; filename="{filename(base, "csv")}"'
    return response


def write_csv(target, header, data):
    """One sheet as UTF-8 CSV with a BOM (so Excel reads Vietnamese), into a text file object."""
    target.write('\ufeff')
    writer = csv.writer(target)
    writer.writerow(header)
    writer.writerows(['' if v is None else (v.strftime('%d/%m/%Y') if isinstance(v, date) else v) for v in row]
                     for row in data)


def write_xlsx(target, sheets):
    """sheets: [(title, header labels, row iterable)]. Written in constant memory."""
    workbook = xlsxwriter.Workbook(target, {'constant_memory': True, 'strings_to_formulas': False,
                                            'strings_to_urls': False, 'remove_timezone': True})
    bold = workbook.add_format({'bold': True, 'bg_color': '#DDEBF7', 'border': 1})
    date_fmt = workbook.add_format({'num_format': 'dd/mm/yyyy'})
    for title, header, data in sheets:
        ws = workbook.add_worksheet(title[:31])
        ws.freeze_panes(1, 0)
        for col, label in enumerate(header):
            ws.write_string(0, col, str(label), bold)
            ws.set_column(col, col, max(12, min(40, len(str(label)) + 4)))
        for r, row in enumerate(data, start=1):
            for col, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, col, value)
                elif isinstance(value, date):
                    ws.write_datetime(r, col, value, date_fmt)
                else:
                    ws.write_string(r, col, str(value))
    workbook.close()


def xlsx_response(queryset, columns, base, title):
    buffer = tempfile.TemporaryFile()
    write_xlsx(buffer, [(str(title), [capfirst(str(c.label)) for c in columns], rows(queryset, columns))])
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=filename(base, 'xlsx'),
        content_type='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )


def list_sheet(config, user):
    """A registered model's list as the user may see it, as one sheet for write_xlsx (its export columns)."""
    from cloudmove.core import scoping
    from cloudmove.core.tables import columns_for

    columns = columns_for(config.model, config.get_export_fields())
    qs = scoping.trusted_or_scoped(config.base_queryset(), user)
    if not qs.ordered:
        qs = qs.order_by('pk')
    return (str(config.verbose_name_plural), [capfirst(str(c.label)) for c in columns], rows(qs, columns))
