"""Import of a provider's price book: read → validate every row → change set → apply all or nothing.

Built on the import framework in core.imports (reader, parse_sheet, Report/Plan), so both imports refuse
the same bad files with the same messages. A version not yet known becomes a new PriceBook (the older
versions stay as they are); in a known version, items are matched by code: created, updated,
unchanged or removed.
"""

import uuid
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.catalog import models as m
from cloudmove.catalog.pricebook import spec
from cloudmove.core import audit, bulk, scoping
from cloudmove.core.choices import AuditAction, AuditSource
from cloudmove.core.engine import cells
from cloudmove.core.imports import reader, sheets
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.core.imports.parsing import (
    best_csv_sheet,
    meta_value,
    missing_columns,
    parse_sheet,
    present_sheets,
)
from cloudmove.core.imports.problems import Problem
from cloudmove.core.imports.report import Plan, Report, clear_natural_cache

BATCH = 500


def price_message(message_key, /, **params):
    """Problems only a price book has (the cell and file problems come from core.imports.messages)."""
    messages = {
        'csv_kind_unknown': _('The CSV headers match no kind of price-book item (compute flavours, storage '
                              'tiers or services).'),
        'no_version': _('Give the version of the price book this CSV goes into.'),
        'no_valid_from': _('A new price-book version needs its start date (valid from).'),
        'no_book_row': _('Fill one row with the version and its validity dates.'),
        'extra_book_row': _('Only one version per file: remove this row.'),
        'other_provider': _('This price book belongs to provider %(code)s, not to %(provider)s.'),
        'end_before_start': _('The end date is before the start date.'),
        'negative': _('A price cannot be negative.'),
        'kind_category': _('Service kind "%(kind)s" belongs to the category "%(category)s".'),
    }
    return messages[message_key] % params if params else messages[message_key]


class PriceBookImport:
    def __init__(self, provider, user=None, version=None, valid_from=None, valid_to=None, progress=None):
        self.provider, self.user = provider, user
        self.options = {'version': version, 'valid_from': valid_from, 'valid_to': valid_to}
        self.report = Report(sheet_order=spec.sheets())
        self.progress = progress or (lambda done, total=None, message=None: None)
        self.book = None          # the existing PriceBook version, if any
        self.book_values = {}

    def problem(self, sheet, row, column, value, message):
        self.report.problems.append(Problem(sheet, row, column, value, message))

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        if self.user is not None and not scoping.role_allows(self.user, m.PriceBook, scoping.CHANGE):
            raise PermissionDenied(_('Only programme administrators may change the cloud catalogue.'))
        clear_natural_cache()
        try:
            book = reader.read(path)
        except reader.ReadError as exc:
            self.problem('', 0, '', None, file_message(exc.code, **exc.params))
            return self.report
        sheets = self._sheets_present(book)
        if not sheets:  # not a price book of this provider: nothing more to check
            return self.report
        parsed = {}
        for i, (sheet, name) in enumerate(sheets):
            self.progress(i, len(sheets) + 2, sheet.title)
            try:
                rows = self._rows(book, name)
            except reader.ReadError as exc:
                self.problem(sheet.title, 0, '', None, file_message(exc.code, **exc.params))
                continue
            data, columns = parse_sheet(sheet, rows, self.report.problems, book.formulas)
            # A whole-price-book CSV needs a kind's columns only when it has rows of that kind.
            for col in missing_columns(sheet, columns) if data or not isinstance(name, tuple) else ():
                self.problem(sheet.title, 1, col.label('vi'), None,
                             file_message('missing_column', column=col.label('vi')))
            parsed[sheet.id] = (data, columns)
        self.progress(len(sheets), len(sheets) + 2, _('comparing'))
        self._plan_book(parsed.pop('book', None))
        for sheet_id, (data, columns) in parsed.items():
            self._plan_items(spec.by_id(sheet_id), data, columns)
        new = not any(p.sheet.id == 'book' and p.unchanged + len(p.update) for p in self.report.plans)
        ends = self._ends() if new and self.report.ok else []   # read before writing changes them
        if self.report.ok and not dry_run and self.report.total_changes():
            self.progress(len(sheets) + 1, len(sheets) + 2, _('writing'))
            self._apply()
            self.report.applied = True
        self.progress(len(sheets) + 2, len(sheets) + 2, _('done'))
        self.report.price_book = {'provider': self.provider.code, 'version': self.book_values.get('version'),
                                  'id': self.book.pk if self.book else None, 'new': new, 'ends': ends}
        return self.report

    def _ends(self):
        """The earlier versions a new one ends: their version and the last day they now run."""
        start = self.book_values.get('valid_from')
        if not isinstance(start, date):
            return []
        return [{'version': b.version, 'valid_to': start - timedelta(days=1)} for b in self._running_on(start)]

    # ------------------------------------------------------------------ validate
    def _rows(self, book, name):
        """A sheet's rows; for a whole-price-book CSV (name: ('', sheet id)) the rows of that kind, the others
        left blank so that every row keeps its number in the file."""
        if not isinstance(name, tuple):
            return book.rows(name)
        rows = book.rows('')
        index = spec.item_type_index(rows[0])
        return [rows[0]] + [row if index < len(row) and spec.item_type_of(row[index]) == name[1] else []
                            for row in rows[1:]]

    def _whole_csv(self, rows):
        """The sheets of a CSV with an item-type column, after checking that column on every row."""
        index = spec.item_type_index(rows[0])
        label = spec.ITEM_TYPE[0]
        choices = ', '.join(s.title for s in spec.item_sheets())
        for n, row in enumerate(rows[1:], start=2):
            value = row[index] if index < len(row) else ''
            english_header = n == 2 and spec.item_type_index(row) is not None
            if spec.item_type_of(value) is None and not english_header and any(not cells.is_blank(v) for v in row):
                self.problem('', n, label, value, cell_message('not_a_choice', choices=choices))
        if not self.options['version']:
            self.problem('', 0, '', None, price_message('no_version'))
        return [(sheet, ('', sheet.id)) for sheet in spec.item_sheets()]

    def _sheets_present(self, book):
        if book.is_csv:
            rows = book.rows('')
            if rows and spec.item_type_index(rows[0]) is not None:
                return self._whole_csv(rows)
            best = best_csv_sheet(spec.item_sheets(), rows)
            if best is None:
                self.problem('', 1, '', None, price_message('csv_kind_unknown'))
                return []
            if not self.options['version']:
                self.problem('', 0, '', None, price_message('no_version'))
            return [(best, '')]
        code = meta_value(book, 'provider')
        if code and str(code).strip() != self.provider.code:
            self.problem(sheets.META_SHEET, 1, 'provider', code,
                         price_message('other_provider', code=code, provider=self.provider.code))
            return []
        return present_sheets(book, spec.sheets(), self.problem)

    def _plan_book(self, parsed):
        """The version the items go into: from the version sheet, overridden by explicit options."""
        sheet = spec.by_id('book')
        values, excel_row, compare = {}, 0, set()
        if parsed is not None:
            data, columns = parsed
            if not data:
                self.problem(sheet.title, sheets.FIRST_DATA_ROW, '', None, price_message('no_book_row'))
            for extra_row, _values in data[1:]:
                self.problem(sheet.title, extra_row, '', None, price_message('extra_book_row'))
            if data:
                excel_row, values = data[0][0], dict(data[0][1])
                compare = {f for f in columns if f != 'version'}
        for name, value in self.options.items():
            if value:
                values[name] = value
                compare.add(name)
        compare.discard('version')
        version = values.get('version')
        self.book_values = values
        if not version:
            return
        self.book = m.PriceBook.objects.filter(provider=self.provider, version=version).first()
        plan = Plan(sheet, columns=dict.fromkeys(('version', *compare), 0))
        label = sheet.column('valid_from').label('vi')
        if self.book is None:
            if not values.get('valid_from'):
                self.problem(sheet.title, excel_row, label, None, price_message('no_valid_from'))
            plan.create.append((excel_row, {'version': version, 'notes': '', 'valid_to': None, **values}))
        else:
            existing = {'_pk': self.book.pk, 'version': version, 'valid_from': self.book.valid_from,
                        'valid_to': self.book.valid_to, 'notes': self.book.notes}
            diff = {f: (existing[f], values.get(f)) for f in sorted(compare) if existing[f] != values.get(f)}
            if diff.get('valid_from', (None, True))[1] is None:
                diff.pop('valid_from')   # a required date left empty is reported, not cleared
            if diff:
                plan.update.append((excel_row, existing, diff, values))
            else:
                plan.unchanged = 1
        start = values.get('valid_from') if 'valid_from' in compare or self.book is None else self.book.valid_from
        end = values.get('valid_to') if 'valid_to' in compare else (self.book.valid_to if self.book else None)
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.problem(sheet.title, excel_row, sheet.column('valid_to').label('vi'), end.strftime('%d/%m/%Y'),
                         price_message('end_before_start'))
        self.report.plans.append(plan)

    def _plan_items(self, sheet, data, columns):
        plan = Plan(sheet, columns=columns)
        existing = self._existing(sheet)
        by_code = {row['code']: row for row in existing}
        compare = [c.field for c in sheet.columns if c.field in columns and c.field != 'code']
        seen = {}
        code_label = sheet.column('code').label('vi')
        for excel_row, values in data:
            code = values.get('code')
            self._check_row(sheet, excel_row, values)
            if not code:
                continue
            if code in seen:
                self.problem(sheet.title, excel_row, code_label, code,
                             cell_message('duplicate', what=code, other=seen[code]))
                continue
            seen[code] = excel_row
            target = by_code.get(code)
            if target is None:
                plan.create.append((excel_row, values))
                continue
            diff = {f: (target[f], values.get(f)) for f in compare if target[f] != values.get(f)}
            if diff:
                plan.update.append((excel_row, target, diff, values))
            else:
                plan.unchanged += 1
        plan.remove = [row for row in existing if row['code'] not in seen]
        self.report.plans.append(plan)

    def _existing(self, sheet):
        if self.book is None:
            return []
        fields = [c.field for c in sheet.columns]
        rows = sheet.model.objects.filter(price_book=self.book).order_by('pk').values('pk', *fields)
        return [{'_pk': row.pop('pk'), **row} for row in rows]

    def _check_row(self, sheet, excel_row, values):
        """Rules across the cells of one row, beyond what each cell's column allows."""
        for name in spec.PRICE_FIELDS:
            value = values.get(name)
            if isinstance(value, int) and value < 0:
                self.problem(sheet.title, excel_row, sheet.column(name).label('vi'), value,
                             price_message('negative'))
        if sheet.id == 'services' and values.get('kind') and values.get('category'):
            expected = spec.SERVICE_CATEGORY.get(values['kind'])
            if expected and expected != values['category']:
                category = sheet.column('category')
                self.problem(sheet.title, excel_row, category.label('vi'), category.choice_label(values['category']),
                             price_message('kind_category', kind=sheet.column('kind').choice_label(values['kind']),
                                           category=category.choice_label(expected)))

    # ------------------------------------------------------------------ apply
    def _apply(self):
        request_id = f'import-{uuid.uuid4().hex[:12]}'
        with audit.context(AuditSource.IMPORT, user=self.user, request_id=request_id), transaction.atomic():
            entries = []
            with audit.suspended():
                for plan in self.report.plans:
                    if plan.sheet.id == 'book':
                        entries += self._write_book(plan)
                    else:
                        entries += self._write_items(plan)
            audit.record_many(entries)

    def _write_book(self, plan):
        if plan.create:
            _row, values = plan.create[0]
            book = m.PriceBook(provider=self.provider, **{f: values[f] for f in
                                                          ('version', 'valid_from', 'valid_to', 'notes')})
            book.save()
            self.book = book
            return [audit.entry_for(AuditAction.CREATE, book, None, audit.snapshot(book)), *self._end_earlier(book)]
        if plan.update:
            _row, _existing, diff, _values = plan.update[0]
            for name, (_old, new) in diff.items():
                setattr(self.book, name, new)
            self.book.save(update_fields=[*diff, 'updated_at'])
            return [audit.entry_for(AuditAction.UPDATE, self.book, {f: o for f, (o, _n) in diff.items()},
                                    {f: n for f, (_o, n) in diff.items()})]
        return []

    def _running_on(self, start, exclude=None):
        """The earlier versions still running on `start`: a new version starting then ends them."""
        return m.PriceBook.objects.filter(provider=self.provider, valid_from__lt=start).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)).exclude(pk=exclude).order_by('valid_from')

    def _end_earlier(self, book):
        """A new version ends the earlier ones still running on its first day (the day before it starts), so
        that one version is in force on any date; their items stay as they were."""
        entries = []
        for old in self._running_on(book.valid_from, exclude=book.pk):
            before = old.valid_to
            old.valid_to = book.valid_from - timedelta(days=1)
            old.save(update_fields=['valid_to', 'updated_at'])
            entries.append(audit.entry_for(AuditAction.UPDATE, old, {'valid_to': before}, {'valid_to': old.valid_to}))
        return entries

    def _write_items(self, plan):
        model, book = plan.sheet.model, self.book
        fields = [c.field for c in plan.sheet.columns if c.field in plan.columns]
        entries = []
        objs = [model(price_book=book, **{f: values[f] for f in fields}) for _row, values in plan.create]
        model.objects.bulk_create(objs, batch_size=BATCH)
        entries += [audit.Entry(AuditAction.CREATE, model, o.pk, o.code, '', None, audit.snapshot(o)) for o in objs]
        if plan.update:
            now = timezone.now()
            changed = sorted({f for _r, _e, diff, _v in plan.update for f in diff})
            updates = []
            for _row, existing, diff, values in plan.update:
                obj = model(pk=existing['_pk'], price_book=book, updated_at=now,
                            **{f: values.get(f) if f in diff else existing[f] for f in changed})
                updates.append(obj)
                entries.append(audit.Entry(AuditAction.UPDATE, model, existing['_pk'], existing['code'], '',
                                           {f: o for f, (o, _n) in diff.items()},
                                           {f: n for f, (_o, n) in diff.items()}))
            model.objects.bulk_update(updates, [*changed, 'updated_at'], batch_size=BATCH)
        if plan.remove:
            model.objects.filter(pk__in=[row['_pk'] for row in plan.remove]).delete()
            entries += [audit.Entry(AuditAction.DELETE, model, row['_pk'], row['code'], '',
                                    {k: v for k, v in row.items() if k != '_pk'}, None) for row in plan.remove]
        return entries


def import_price_book(path, provider, user=None, dry_run=False, **options):
    return PriceBookImport(provider, user, **options).run(path, dry_run=dry_run)
