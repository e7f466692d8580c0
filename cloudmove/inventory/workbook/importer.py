"""Import of the unit workbook: read → validate every row of every sheet → change set → apply all or nothing.

The report is the JSON the CLI prints with --json and the upload page shows:
{"created": {sheet: n}, "updated": {...}, "unchanged": {...}, "removed": {...},
 "errors": [{"sheet", "row", "column", "value", "message"}], "changes": {sheet: [...]}}
"""

import uuid
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import audit, bulk, scoping
from cloudmove.core.choices import AuditAction, AuditSource
from cloudmove.core.imports import reader
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.core.imports.parsing import (
    best_csv_sheet,
    meta_value,
    missing_columns,
    parse_sheet,
    present_sheets,
)
from cloudmove.core.imports.problems import Problem
from cloudmove.core.imports.report import _NATURAL_CACHE, PREVIEW_LIMIT, Plan, Report, _natural_text
from cloudmove.core.models import Unit
from cloudmove.inventory import invariants as rules
from cloudmove.inventory import models as m
from cloudmove.inventory.engine import invariants
from cloudmove.inventory.models.network import prefix_locator, relink_addresses
from cloudmove.inventory.workbook import rows, spec

BATCH = 2000
AMBIGUOUS = object()
# References that may leave the unit: (model, natural key field, lookups of records that use them).
EXTERNAL = {
    'systems': (m.InformationSystem, 'code', ('vms__unit', 'servers__unit', 'devices__unit', 'dependencies_in__unit')),
    'clusters': (m.Cluster, 'name', ('vms__unit', 'hosts__unit')),
    'servers': (m.PhysicalServer, 'hostname', ('vms__unit', 'dependencies_in__unit')),
    'sites': (m.Site, 'code', ('vlans__unit', 'prefixes__unit', 'clusters__unit', 'servers__unit', 'devices__unit')),
}


class WorkbookImport:
    def __init__(self, unit, user, progress=None):
        self.unit, self.user = unit, user
        self.report = Report(sheet_order=spec.sheets())
        self.progress = progress or (lambda done, total=None, message=None: None)

    # ------------------------------------------------------------------ validate
    def problem(self, sheet, row, column, value, message):
        self.report.problems.append(Problem(sheet, row, column, value, message))

    @bulk.gc_paused()
    def run(self, path, dry_run=False):
        _NATURAL_CACHE.clear()
        try:
            return self._run(path, dry_run)
        finally:
            _NATURAL_CACHE.clear()

    def _run(self, path, dry_run):
        try:
            book = reader.read(path)
        except reader.ReadError as exc:
            self.problem('', 0, '', None, file_message(exc.code, **exc.params))
            return self.report
        sheets = self._sheets_present(book)
        if not self.report.ok:
            return self.report
        book.expect([name for _sheet, name in sheets])
        parsed = {}
        steps = len(sheets) + 2
        for i, (sheet, name) in enumerate(sheets):
            self.progress(i, steps, sheet.title)
            try:
                rows_ = book.rows(name)
            except reader.ReadError as exc:
                self.problem(sheet.title, 0, '', None, file_message(exc.code, **exc.params))
                continue
            data, columns = parse_sheet(sheet, rows_, self.report.problems, book.formulas,
                                        warnings=self.report.warnings)
            del rows_  # the raw cells are no longer needed: keep peak memory down
            for col in missing_columns(sheet, columns):
                self.problem(sheet.title, 1, col.label('vi'), None,
                             file_message('missing_column', column=col.label('vi')))
            parsed[sheet.id] = (data, columns)
        self.progress(len(sheets), steps, _('comparing'))
        self._plan(parsed)
        if self.report.ok and not dry_run and self.report.total_changes():
            self.progress(len(sheets) + 1, steps, _('writing'))
            self._apply()
            self.report.applied = True
        self.progress(steps, steps, _('done'))
        return self.report

    def _sheets_present(self, book):
        if book.is_csv:
            sheet = best_csv_sheet(spec.sheets(), book.rows(''))
            if sheet is None:
                self.problem('', 1, '', None, file_message('csv_sheet_unknown'))
                return []
            return [(sheet, '')]
        code = meta_value(book, 'unit')
        if code and str(code).strip() != self.unit.code:
            self.problem(spec.META_SHEET, 1, 'unit', code, file_message('other_unit', code=code, unit=self.unit.code))
            return []
        return present_sheets(book, spec.sheets(), self.problem)

    def _plan(self, parsed):
        self.existing = {}
        naturals = {}     # ref kind -> {natural key: excel row or None (database)}
        for sheet_id, (data, columns) in parsed.items():
            sheet = spec.by_id(sheet_id)
            existing = rows.existing_rows(sheet, self.unit)
            self.existing[sheet_id] = existing
            plan = self._match(sheet, data, columns, existing)
            self.report.plans.append(plan)
            kind = 'devices' if sheet_id in spec.DEVICE_SHEETS else sheet_id
            bucket = naturals.setdefault(kind, {})
            if sheet.natural:
                for excel_row, values in data:
                    bucket.setdefault(_natural_text(sheet, values), excel_row)
        # Sheets not in this file (a one-sheet CSV) keep what the database has.
        for sheet in spec.sheets():
            kind = 'devices' if sheet.id in spec.DEVICE_SHEETS else sheet.id
            if sheet.id not in parsed and sheet.natural:
                bucket = naturals.setdefault(kind, {})
                for row in rows.existing_rows(sheet, self.unit):
                    bucket.setdefault(_natural_text(sheet, row), None)
        self.naturals = naturals
        self._check_references(parsed)
        self._check_rules(parsed)

    def _match(self, sheet, data, columns, existing):
        plan = Plan(sheet, columns=columns)
        by_key = {row[spec.KEY]: row for row in existing}
        by_natural = defaultdict(list)
        if sheet.natural:
            for row in existing:
                by_natural[_natural_text(sheet, row)].append(row)
        claimed, seen_keys, seen_natural = set(), {}, {}
        keys_in_file = {values.get(spec.KEY) for _r, values in data if values.get(spec.KEY)}
        compare = [c.field for c in sheet.columns if c.field in columns and c.kind != 'key']
        for excel_row, values in data:
            key = values.get(spec.KEY)
            natural = _natural_text(sheet, values) if sheet.natural else None
            if natural is not None and sheet.unique_natural:
                if natural in seen_natural:
                    self.problem(sheet.title, excel_row, sheet.column(sheet.natural[-1]).label('vi'), natural,
                                 cell_message('duplicate', what=natural, other=seen_natural[natural]))
                seen_natural[natural] = excel_row
            target = None
            if key:
                if key in seen_keys:
                    self.problem(sheet.title, excel_row, spec.Column(spec.KEY).label('vi'), key,
                                 cell_message('duplicate', what=key, other=seen_keys[key]))
                seen_keys[key] = excel_row
                target = by_key.get(key)
                if target is None:
                    self.problem(sheet.title, excel_row, spec.Column(spec.KEY).label('vi'), key,
                                 cell_message('unknown_key'))
                    continue
            elif natural is not None:
                # A row typed without its key updates the record of the same name, unless that
                # record's own row (with its key) is also in the file.
                target = next((row for row in by_natural.get(natural, ())
                               if row[spec.KEY] not in claimed and row[spec.KEY] not in keys_in_file), None)
            if target is None:
                plan.create.append((excel_row, values))
                continue
            claimed.add(target[spec.KEY])
            diff = {f: (target.get(f), values.get(f)) for f in compare if target.get(f) != values.get(f)}
            if diff:
                plan.update.append((excel_row, target, diff, values))
            else:
                plan.unchanged += 1
        plan.remove = [row for row in existing if row[spec.KEY] not in claimed]
        return plan

    def _check_references(self, parsed):
        units = set(Unit.objects.filter(is_active=True).values_list('code', flat=True))
        external = {kind: self._external(kind) for kind in EXTERNAL}
        other_codes = set(m.InformationSystem.objects.exclude(unit=self.unit).values_list('code', flat=True))
        for sheet_id, (data, _columns) in parsed.items():
            sheet = spec.by_id(sheet_id)
            for col in sheet.columns:
                if col.kind not in ('ref', 'refs'):
                    continue
                if col.ref == 'unit':
                    known, titled = units, _('units')
                else:
                    known, titled = self.naturals.get(col.ref, {}), spec.by_id(
                        'network_devices' if col.ref == 'devices' else col.ref).title
                for excel_row, values in data:
                    value = values.get(col.field)
                    for item in (value if col.kind == 'refs' else [value]):
                        if not item:
                            continue
                        if item in known:
                            continue
                        outside = external.get(col.ref, {}).get(item)
                        if outside is not None:
                            if outside is AMBIGUOUS:
                                self.problem(sheet.title, excel_row, col.label('vi'), item,
                                             cell_message('ambiguous_ref', value=item, sheet=titled))
                            continue
                        self.problem(sheet.title, excel_row, col.label('vi'), item,
                                     cell_message('unknown_ref', value=item, sheet=titled))
            if sheet_id == 'systems':
                for excel_row, values in data:
                    if values.get('code') in other_codes:
                        self.problem(sheet.title, excel_row, sheet.column('code').label('vi'), values['code'],
                                     cell_message('code_taken'))

    def _external(self, kind):
        """Natural key -> pk of other units' records this import may point at: those the user may see
        (shared platforms, shared hosting clusters) and those the unit's own records already use."""
        model, field, used_by = EXTERNAL[kind]
        others = model.objects.exclude(unit=self.unit)
        found = {}
        sources = [others if self.user is None else scoping.scope(others, self.user)]
        sources += [others.filter(**{lookup: self.unit}) for lookup in used_by]
        for source in sources:
            for name, pk in source.values_list(field, 'pk').distinct():
                found[name] = pk if found.get(name, pk) == pk else AMBIGUOUS
        return found

    def _check_rules(self, parsed):
        """Rules across the cells of one row, as the models' clean() states them."""
        for sheet_id, (data, _columns) in parsed.items():
            sheet = spec.by_id(sheet_id)
            messages = rules.row_checker(sheet.base_model)
            if messages is None:
                continue
            for excel_row, values in data:
                for message in messages(values):
                    self.problem(sheet.title, excel_row, '', '', message)

    # ------------------------------------------------------------------ apply
    def _apply(self):
        request_id = f'import-{uuid.uuid4().hex[:12]}'
        with audit.context(AuditSource.IMPORT, user=self.user, request_id=request_id), transaction.atomic():
            self.pks = self._known_pks()
            # The audit entries go in sheet by sheet, so that a large import never holds them all at once.
            for plan in self.report.plans:
                audit.record_many(self._write(plan))
                plan.create = plan.create[:PREVIEW_LIMIT] + [None] * max(0, len(plan.create) - PREVIEW_LIMIT)
            for plan in reversed(self.report.plans):
                audit.record_many(self._remove(plan))
            if self._prefixes_moved():
                relink_addresses(self.unit.pk)

    def _prefixes_moved(self):
        """Whether addresses that existed before this import may now sit in another prefix (new addresses
        were placed in their prefix when they were created)."""
        plans = {p.sheet.id: p for p in self.report.plans}
        prefixes, ips = plans.get('prefixes'), plans.get('ips')
        if 'ips' in self.existing:
            had_addresses = bool(self.existing['ips'])
        else:
            had_addresses = m.IpAddress.objects.filter(unit=self.unit).exists()
        return bool((prefixes and (prefixes.update or prefixes.remove or (prefixes.create and had_addresses)))
                    or (ips and any('address' in diff for _r, _e, diff, _v in ips.update)))

    def _known_pks(self):
        """Natural key -> pk for every kind of reference the workbook may use."""
        out = {}
        for sheet in spec.sheets():
            if not sheet.natural:
                continue
            kind = 'devices' if sheet.id in spec.DEVICE_SHEETS else sheet.id
            bucket = out.setdefault(kind, {})
            for row in self.existing.get(sheet.id) or rows.existing_rows(sheet, self.unit):
                bucket[_natural_text(sheet, row)] = row['_pk']
        for kind in EXTERNAL:
            bucket = out.setdefault(kind, {})
            for name, pk in self._external(kind).items():
                if pk is not AMBIGUOUS:
                    bucket.setdefault(name, pk)  # the unit's own record of that name comes first
        out['unit'] = dict(Unit.objects.values_list('code', 'pk'))
        return out

    def _field_values(self, sheet, values):
        """Model attribute values from parsed cells: references become ids."""
        attrs = {}
        for col in sheet.columns:
            if col.kind in ('key', 'refs') or col.field not in values:
                continue
            value = values[col.field]
            if col.kind == 'ref':
                attrs[f'{col.field}_id'] = self.pks[col.ref].get(value) if value else None
            elif col.kind == 'datetime':
                attrs[col.field] = _aware(value)
            else:
                attrs[col.field] = value
        return attrs

    def _write(self, plan):
        sheet = plan.sheet
        model = sheet.base_model
        kind = 'devices' if sheet.id in spec.DEVICE_SHEETS else sheet.id
        created = self._create(plan, model)
        ids = [pk for _row, pk in created]
        keys = [_natural_text(sheet, values) for (_excel_row, values), _pk in created]
        if sheet.natural:
            self.pks.setdefault(kind, {}).update(zip(keys, ids, strict=True))
        entries = [audit.Created(_audit_model(sheet), ids, [key or str(pk) for key, pk in zip(keys, ids, strict=True)],
                                 [_set_values(values) for (_excel_row, values), _pk in created], self.unit.path)]
        groups = defaultdict(list)
        for _excel_row, existing, diff, values in plan.update:
            attrs = self._field_values(sheet, {f: values[f] for f in diff if sheet.column(f).kind != 'refs'})
            if attrs:
                obj = model(pk=existing['_pk'], **attrs)
                groups[tuple(sorted(attrs) + _derive(obj, attrs))].append(obj)
            entries.append(audit.Entry(AuditAction.UPDATE, _audit_model(sheet), existing['_pk'],
                                       _natural_text(sheet, values), self.unit.path,
                                       _jsonable({f: o for f, (o, _n) in diff.items()}),
                                       _jsonable({f: n for f, (_o, n) in diff.items()})))
            if sheet.natural:
                self.pks.setdefault(kind, {})[_natural_text(sheet, values)] = existing['_pk']
        names = {f.attname: f.name for f in model._meta.concrete_fields}
        with audit.suspended():
            for fields, objs in groups.items():
                model.objects.bulk_update(objs, [names[f] for f in fields], batch_size=BATCH)
        self._write_many(plan, created)
        return entries

    def _create(self, plan, model):
        """Insert the new rows with reserved ids in a few executemany calls; returns [(row, pk)].

        Built column by column (one list per database column, zipped into rows at the end): a large
        import creates hundreds of thousands of rows and per-row attribute juggling would dominate.
        """
        if not plan.create:
            return []
        sheet = plan.sheet
        rows_ = [values for _excel_row, values in plan.create]
        n = len(rows_)
        ids = bulk.reserve_ids(model, n)
        fields = [f for f in model._meta.concrete_fields
                  if not f.primary_key and not getattr(f, 'auto_now', False) and not getattr(f, 'auto_now_add', False)]
        columns = {}
        for col in sheet.columns:
            if col.kind in ('key', 'refs') or col.field not in plan.columns:
                continue
            cells_ = [values[col.field] for values in rows_]
            if col.kind == 'ref':
                pks = self.pks[col.ref]
                columns[f'{col.field}_id'] = [pks.get(v) if v else None for v in cells_]
            elif col.kind == 'datetime':
                columns[col.field] = [_aware(v) for v in cells_]
            else:
                columns[col.field] = cells_
        if not sheet.parent:
            columns['unit_id'] = [self.unit.pk] * n
        if sheet.category:
            columns['category'] = [sheet.category] * n
        columns['uid'] = bulk.new_uids(n, [values.get(spec.KEY) for values in rows_])
        rule = invariants.DERIVED.get(model._meta.model_name)
        if rule is not None:  # the fields save() would derive, column by column
            sources, compute, derived = rule
            values = [compute(*args) for args in zip(*(columns[f] for f in sources), strict=True)]
            for name in derived:
                columns[name] = [v[name] for v in values]
        if model is m.IpAddress:
            locate = prefix_locator(self.unit.pk)
            columns['prefix_id'] = [locate(h) for h in columns['address_hex']]
        names = ['id']
        data = [ids]
        for f in fields:
            names.append(f.attname)
            data.append(columns[f.attname] if f.attname in columns else [f.get_default()] * n)
        bulk.insert(model, names, list(zip(*data, strict=True)), raw=('uid',))
        return list(zip(plan.create, ids, strict=True))

    def _write_many(self, plan, created):
        sheet = plan.sheet
        for col in sheet.columns:
            if col.kind != 'refs' or col.field not in plan.columns:
                continue
            relation = sheet.base_model._meta.get_field(col.field)
            through = relation.remote_field.through
            owner = next(f for f in through._meta.fields if f.is_relation and f.related_model is sheet.base_model)
            target = next(f for f in through._meta.fields if f.is_relation and f.related_model is not sheet.base_model)
            links, owners = [], []
            for (_excel_row, values), pk in created:
                links += [(pk, self.pks['systems'][code]) for code in values.get(col.field) or []]
            for _row, existing, diff, values in plan.update:
                if col.field in diff:
                    owners.append(existing['_pk'])
                    links += [(existing['_pk'], self.pks['systems'][code]) for code in values.get(col.field) or []]
            with audit.suspended():
                for start in range(0, len(owners), BATCH):
                    through.objects.filter(**{f'{owner.attname}__in': owners[start:start + BATCH]}).delete()
                bulk.insert(through, [owner.attname, target.attname], sorted(set(links)))

    def _remove(self, plan):
        """Delete the rows the workbook no longer holds through the one audited path (core.audit.delete_many): their
        cascades (a VM's disks and NICs) and cleared references (its addresses) are recorded too."""
        if plan.remove:
            audit.delete_many(plan.sheet.base_model, [row['_pk'] for row in plan.remove])
        return []


def _audit_model(sheet):
    return sheet.model


def _jsonable(values):
    # Decimals and dates become text when the audit record is serialised (canonical JSON, default=str).
    return values if '_pk' not in values else {k: v for k, v in values.items() if k != '_pk'}


def _set_values(values):
    """What a new row sets: the cells that hold something (empty cells are the defaults)."""
    return {k: v for k, v in values.items() if v or (v == 0 and v is not False)}  # keeps 0, drops None '' [] False


def _aware(value):
    if value is None:
        return None
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(value, time.min))


def _derive(obj, attrs):
    """What the models' save() computes, for bulk writes that bypass it (engine/invariants.derive)."""
    derived = invariants.derive(obj._meta.model_name, attrs)
    for name, value in derived.items():
        setattr(obj, name, value)
    return [name for name in derived if name not in attrs]


def import_workbook(path, unit, user, dry_run=False):
    return WorkbookImport(unit, user).run(path, dry_run=dry_run)
