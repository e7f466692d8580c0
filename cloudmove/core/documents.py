"""Administrative documents in the layout of Decree 30/2020/ND-CP (python-docx): A4 portrait, Times New
Roman, margins inside the decree's ranges (top and bottom 20 mm, left 30 mm, right 15 mm), the issuing body
beside the national motto and slogan, number and symbol, place and date, type and subject, the body ending
with "./.", the signer's position and name, the recipients, and page numbers centred at the top from page 2.
Any app builds its documents from these parts (a rental plan, a progress report)."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = 'Times New Roman'
PAGE = {'height': Mm(297), 'width': Mm(210), 'top': Mm(20), 'bottom': Mm(20), 'left': Mm(30), 'right': Mm(15)}
BODY_PT = 13


def official_date(day):
    """'day 05 month 02 year 2026' in the decree's way: a leading zero for days under 10 and months 1–2."""
    return _('day %(day)s month %(month)s year %(year)s') % {
        'day': f'{day.day:02d}', 'month': f'{day.month:02d}' if day.month <= 2 else str(day.month), 'year': day.year}


class OfficialDocument:
    def __init__(self):
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = PAGE['height'], PAGE['width']
        section.top_margin, section.bottom_margin = PAGE['top'], PAGE['bottom']
        section.left_margin, section.right_margin = PAGE['left'], PAGE['right']
        normal = self.document.styles['Normal']
        normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
        normal.element.rPr.rFonts.set(qn('w:eastAsia'), FONT)
        normal.paragraph_format.space_after = Pt(6)
        self._page_numbers(section)

    # ------------------------------------------------------------ parts
    def para(self, text='', bold=False, italic=False, size=None, align=None, cell=None):
        p = cell.add_paragraph() if cell is not None else self.document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    def header(self, issuer, parent='', number='', place='', day=None):
        """The issuing body (and the body above it) beside the national motto and slogan; the number and
        symbol under the body, the place and date under the slogan (a blank place is left to be written)."""
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = right.text = ''
        if parent:
            self.para(parent.upper(), size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=left)
        self.para(issuer.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=left)
        self.para(_('No.: %(number)s') % {'number': number or '......'}, size=13, align=WD_ALIGN_PARAGRAPH.CENTER,
                  cell=left)
        self.para(_('SOCIALIST REPUBLIC OF VIETNAM'), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        slogan = self.para(_('Independence - Freedom - Happiness'), bold=True, size=13,
                           align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        slogan.runs[0].underline = True
        if day is not None:
            self.para(f'{place or "..........."}, {official_date(day)}', italic=True, size=13,
                      align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        return table

    def title(self, kind, subject='', note=''):
        self.para(kind.upper(), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        if subject:
            self.para(subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if note:
            self.para(note, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    def heading(self, text, number=None):
        return self.para(f'{number}. {text}' if number is not None else text, bold=True)

    def body(self, text):
        lines = [line.strip() for line in (text or '—').splitlines() if line.strip()] or ['—']
        return [self.para(line, align=WD_ALIGN_PARAGRAPH.JUSTIFY) for line in lines]

    def table(self, header, rows, size=11):
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = 'Table Grid'
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ''
            self.para(str(text), bold=True, size=size, cell=cell)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = ''
                self.para(str(text), size=size, cell=cell)
        return table

    def end(self):
        """The decree's end mark after the last line of the content."""
        last = self.document.paragraphs[-1]
        last.add_run('./.').font.name = FONT

    def signature(self, position, name='', recipients=(), note=''):
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = right.text = ''
        self.para(_('Recipients:'), bold=True, italic=True, size=12, cell=left)
        for line in recipients or (_('- As above;'), _('- Filed.')):
            self.para(line, size=11, cell=left)
        self.para(position.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        if note:
            self.para(note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        if name:
            for _gap in range(3):   # room for the signature and the seal
                self.para('', cell=right)
            self.para(name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, cell=right)
        return table

    def save(self):
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # ------------------------------------------------------------ page numbers from page 2
    @staticmethod
    def _page_numbers(section):
        section.different_first_page_header_footer = True   # page 1 carries none
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run()
        run.font.name, run.font.size = FONT, Pt(13)
        for kind, text in (('begin', None), (None, 'PAGE'), ('end', None)):
            if kind:
                element = OxmlElement('w:fldChar')
                element.set(qn('w:fldCharType'), kind)
            else:
                element = OxmlElement('w:instrText')
                element.set(qn('xml:space'), 'preserve')
                element.text = text
            run._r.append(element)
