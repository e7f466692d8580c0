# ruff: noqa: E501  (the package parts are written as the OOXML standard spells them)
"""Files written from scratch the way real tools write them, not through a spreadsheet library's defaults:
an .xlsx whose sheets declare a far larger size than their data and hold empty strings as shared-string
cells (as RVTools' exports do for orphaned or inaccessible VMs), and CSV text with a byte-order mark and
CRLF line ends (as vendors' downloaded templates and Excel's "CSV UTF-8" write them)."""

import zipfile
from xml.sax.saxutils import escape

from cloudmove.core.imports.parsing import column_letter as column_letters

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
{sheets}
</Types>"""
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'




def write_xlsx(path, sheets, declared='A1:FZ65000'):
    """{sheet name: rows} as an .xlsx. Every str (the empty string too) is a shared-string cell, numbers are
    numeric cells, None is no cell; each sheet declares `declared` as its dimension."""
    strings, index = [], {}

    def string_id(value):
        if value not in index:
            index[value] = len(strings)
            strings.append(value)
        return index[value]

    parts = {}
    for n, rows in enumerate(sheets.values(), start=1):
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}">'
               f'<dimension ref="{declared}"/><sheetData>']
        for r, row in enumerate(rows, start=1):
            out.append(f'<row r="{r}">')
            for c, value in enumerate(row):
                ref = f'{column_letters(c)}{r}'
                if value is None:
                    continue
                if isinstance(value, bool):
                    out.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int | float):
                    out.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    out.append(f'<c r="{ref}" t="s"><v>{string_id(str(value))}</v></c>')
            out.append('</row>')
        out.append('</sheetData></worksheet>')
        parts[f'xl/worksheets/sheet{n}.xml'] = ''.join(out)
    names = list(sheets)
    parts['xl/workbook.xml'] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>'
        + ''.join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
        + '</sheets></workbook>')
    parts['xl/_rels/workbook.xml.rels'] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + ''.join(f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                  for n in range(1, len(names) + 1))
        + f'<Relationship Id="rId{len(names) + 1}" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>')
    parts['xl/sharedStrings.xml'] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">' + ''.join(f'<si><t xml:space="preserve">{escape(s)}</t></si>'
                                                   for s in strings) + '</sst>')
    parts['[Content_Types].xml'] = CONTENT_TYPES.format(
        sheets='\n'.join(SHEET_TYPE.format(n=n) for n in range(1, len(names) + 1)))
    parts['_rels/.rels'] = ROOT_RELS
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        for member, text in parts.items():
            archive.writestr(member, text)
    return path


def write_csv(path, header, rows):
    """CSV as Excel's "CSV UTF-8" and vendor downloads write it: a byte-order mark, CRLF, every field quoted
    when it holds a comma or a quote."""
    def field(value):
        text = '' if value is None else str(value)
        if any(ch in text for ch in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        return text
    lines = [','.join(field(v) for v in header)] + [','.join(field(v) for v in row) for row in rows]
    path.write_bytes(b'\xef\xbb\xbf' + ('\r\n'.join(lines) + '\r\n').encode('utf-8'))
    return path
