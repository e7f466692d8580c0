"""Any registered model's rows from a CSV or .xlsx file, the way its form takes them (bulk import).

Columns are the model's form fields, matched on the Vietnamese or English label or the field name by the
one header rule, plus ID: a row with an ID updates that object, a row without one creates one. A related
object is written by its code (or name, host name...) or as #ID; several of them separated by ';'.
Every row goes through the model's own form (the rules and scoped choices of its page), then through the
same create and update use cases, all in one transaction: a file with one bad row changes nothing. A check
runs the writes and rolls them back, so what it reports is what applying does (a name used twice in the
file is found as the database would find it).

`template()` writes the same columns, with the rows a user may see or none, so a file taken from here
imports back unchanged, and edited imports back as exactly those edits.
"""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cloudmove.core import registry, scoping
from cloudmove.core.engine import cells
from cloudmove.core.engine.headers import Headers
from cloudmove.core.exports import neutralise
from cloudmove.core.forms import modelform_for
from cloudmove.core.imports import formats, reader
from cloudmove.core.imports.messages import cell_message, file_message
from cloudmove.core.imports.parsing import column_letter, make_parser
from cloudmove.core.imports.problems import Problem
from cloudmove.core.imports.sheets import infer_column
from cloudmove.core.text import capfirst

ID = 'id'
MAX_ROWS = 25_000
PREVIEW_LIMIT = 200
# The fields that name a related object in a cell, in the order they are tried.
KEY_FIELDS = ('code', 'username', 'slug', 'hostname', 'name', 'prefix', 'title', 'number')


def importable(config):
    return config.editable and config.extra.get('importable', True)


def may_import(config, user):
    """The one check of the pages, the templates and the import itself: an importable list the user may change."""
    return importable(config) and scoping.role_allows(user, config.model, scoping.CHANGE)


def config_of(label):
    """The registered, importable model of 'app_label.model_name'; None otherwise."""
    config = next((c for c in registry.configs() if c.model._meta.label_lower == str(label).lower()), None)
    return config if config is not None and importable(config) else None


def key_field(model):
    names = {f.name for f in model._meta.concrete_fields}
    return next((k for k in KEY_FIELDS if k in names), None)


def ref_text(obj, key, ambiguous=()):
    """How a related object is written: its key, or #ID when it has none or shares it with another."""
    value = getattr(obj, key, None) if key else None
    if value in (None, '') or value in ambiguous:
        return f'#{obj.pk}'
    return str(value)


# ---------------------------------------------------------------- columns


class Field:
    """One importable column: the form field's name, its model field (None for a form-only field), kind."""

    def __init__(self, name, form_field, model):
        self.name, self.form_field = name, form_field
        try:
            self.model_field = model._meta.get_field(name)
        except Exception:
            self.model_field = None
        f = self.model_field
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            self.kind = 'refs'
        elif isinstance(form_field, forms.ModelChoiceField):
            self.kind = 'ref'
        elif isinstance(form_field, forms.MultipleChoiceField):
            self.kind = 'choices'  # codes kept in a list (campaign's system categories)
            self.lookup = {}
            for code, label in form_field.choices:
                for lang in ('en', 'vi'):
                    with translation.override(lang):
                        self.lookup[cells.fold(str(label))] = code
                self.lookup[cells.fold(code)] = code
        elif isinstance(f, models.DateTimeField):
            self.kind = 'datetime'
        elif f is not None and f.concrete and not f.is_relation and not isinstance(f, models.JSONField):
            self.kind = 'typed'
            self.column = infer_column(model, name)
            self.parse = make_parser(self.column)
        else:
            self.kind = 'text'

    def data(self, value):
        """What the form is given for a value the object holds (the edit page's own rendering of it)."""
        if self.kind == 'refs':
            return sorted(o.pk for o in value.all())
        if self.kind == 'ref':
            return getattr(value, 'pk', value)
        if self.kind == 'text' and value is not None:
            return self.form_field.prepare_value(value)
        return value

    def label(self, lang):
        with translation.override(lang):
            source = self.model_field.verbose_name if self.model_field is not None else self.form_field.label
            return capfirst(str(source or self.name))


def _form_classes(config):
    return modelform_for(config, create=True), modelform_for(config, create=False)


def fields_of(config):
    """The importable columns: the create and edit forms' fields (files excepted), in form order."""
    out = {}
    for form_class in _form_classes(config):
        for name, form_field in form_class.base_fields.items():
            if name not in out and not isinstance(form_field, forms.FileField):
                out[name] = Field(name, form_field, config.model)
    return list(out.values())


def headers_of(fields):
    return Headers({ID: ('ID', 'Mã số ID', ID),
                    **{f.name: (f.label('vi'), f.label('en'), f.name) for f in fields}})


# ---------------------------------------------------------------- related objects


class Resolver:
    """Cell text -> related object's pk, among the objects the user may choose in that form field."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.found = {}

    def prepare(self, texts):
        ids = {int(t[1:]) for t in texts if t.startswith('#') and t[1:].isdigit()}
        found = {}
        for pk in self.queryset.filter(pk__in=ids).values_list('pk', flat=True):
            found[f'#{pk}'] = [pk]
        names = {t for t in texts if t not in found}
        fields = {f.name: f for f in self.queryset.model._meta.concrete_fields}
        for key in (k for k in KEY_FIELDS if k in fields):  # a code first, then a name...
            wanted = [t for t in names if t not in found]
            if not isinstance(fields[key], models.CharField | models.TextField):
                wanted = [t for t in wanted if t.isdigit()]
            if not wanted:
                break
            for value, pk in self.queryset.filter(**{f'{key}__in': wanted}).values_list(key, 'pk'):
                found.setdefault(str(value), []).append(pk)
        digits = {int(t) for t in names if t.isdigit() and t not in found}
        for pk in self.queryset.filter(pk__in=digits).values_list('pk', flat=True):
            found.setdefault(str(pk), [pk])
        self.found = found

    def pk(self, text):
        """The pk, or a CellError saying why not (nothing of that name the user may use, or several)."""
        pks = self.found.get(text)
        meta = self.queryset.model._meta
        if not pks:
            raise cells.CellError('invalid', message=_('“%(value)s”: no %(model)s of that name or ID that you '
                                                       'may use.') % {'value': text, 'model': meta.verbose_name})
        if len(set(pks)) > 1:
            raise cells.CellError('invalid', message=_('Several %(model)s are called “%(value)s”: write #ID '
                                                       'instead.') % {'value': text, 'model': meta.verbose_name_plural})
        return pks[0]


# ---------------------------------------------------------------- reading


def _pick_sheet(book, config):
    if book.is_csv:
        return ''
    titles = set()
    for lang in ('vi', 'en'):
        with translation.override(lang):
            titles.add(cells.fold(str(config.verbose_name_plural)[:31]))
    names = [n for n in book.sheets if not n.startswith('_')]
    return next((n for n in names if cells.fold(n) in titles), names[0] if names else None)


def _cell_value(field, raw, resolvers):
    """The form's data for one non-blank cell (raises CellError)."""
    if field.kind == 'typed':
        value = field.parse(raw)
        return value.replace('\r\n', '\n') if type(value) is str else value  # Windows line ends in a cell
    if field.kind == 'datetime':
        value = cells.a_datetime(raw)
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    text = cells.text(raw)
    if field.kind == 'ref':
        return resolvers[field.name].pk(text)
    if field.kind == 'refs':
        return sorted({resolvers[field.name].pk(t) for t in cells.split_list(text)})
    if field.kind == 'choices':
        codes = [field.lookup.get(cells.fold(t)) for t in cells.split_list(text)]
        if None in codes:
            labels = ', '.join(str(label) for _code, label in field.form_field.choices)
            raise cells.CellError('not_a_choice', choices=labels)
        return sorted(set(codes))
    if text.startswith(("'=", "'+", "'-", "'@")):
        text = text[1:]
    return text


def _blank(field):
    if field.kind in ('refs', 'choices'):
        return []
    if field.kind == 'typed' and field.column.kind == 'bool':
        return False
    return ''


def _current(obj, fields):
    """The form data an object holds now (for the columns a file leaves out)."""
    return {f.name: f.data(getattr(obj, f.name)) for f in fields if f.model_field is not None}


def _same(new, old):
    if isinstance(new, datetime) and isinstance(old, datetime):  # the file keeps whole seconds
        return abs((new - old).total_seconds()) < 1
    if isinstance(new, list) or isinstance(old, list | tuple):
        return sorted(new or []) == sorted(old or [])
    if isinstance(new, str) or isinstance(old, str):
        return ('' if new is None else str(new)).strip() == ('' if old is None else str(old)).strip()
    return new == old


def _as_data(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return [getattr(v, 'pk', v) for v in value]
    return value


def _comparable(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet) or isinstance(value, list | tuple | set) and value and all(
            isinstance(v, models.Model | int | str) for v in value):
        return sorted(str(getattr(v, 'pk', v)) for v in value)
    if value is None:
        return ''
    return value


def _show(value, field=None):
    """A value as the change preview shows it: choices by their label, yes/no in words."""
    model_field = getattr(field, 'model_field', None)
    if field is not None and field.kind == 'choices':
        labels = dict(field.form_field.choices)
        return '; '.join(str(labels.get(code, code)) for code in value or [])
    if model_field is not None and model_field.choices and value not in (None, ''):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_('Yes') if value else _('No'))
    if isinstance(value, models.QuerySet | list | tuple | set):
        return '; '.join(str(v) for v in value)
    return '' if value is None else str(value)


def _form_errors(form, labels):
    for name, errors in form.errors.items():
        for error in errors:
            yield (labels.get(name, '') if name != '__all__' else ''), str(error)


def run(path, target, user, dry_run=True, progress=None, model=None):
    """The import flow's format: check (dry run) or import one model's rows; the report dict."""
    config = config_of(model)
    if config is None:
        raise PermissionDenied(_('This list cannot be imported.'))
    if not may_import(config, user):
        raise PermissionDenied(_('You may not change this list.'))
    title = str(config.verbose_name_plural)
    report = {'created': {title: 0}, 'updated': {title: 0}, 'unchanged': {title: 0}, 'removed': {title: 0},
              'errors': [], 'warnings': [], 'changes': {}, 'columns': {}, 'totals': {}, 'applied': False,
              'model': config.model._meta.label_lower}
    problems = []

    def problem(row, column, value, message):
        problems.append(Problem(title, row, column, value, message))

    try:
        book = reader.read(path)
    except reader.ReadError as exc:
        problem(0, '', None, file_message(exc.code, **exc.params))
        return _finish(report, problems)
    sheet = _pick_sheet(book, config)
    if sheet is None:
        problem(0, '', None, file_message('missing_sheet', sheet=title))
        return _finish(report, problems)
    try:
        rows = book.rows(sheet)
    except reader.ReadError as exc:
        problem(0, '', None, file_message(exc.code, **exc.params))
        return _finish(report, problems)
    fields = fields_of(config)
    by_name = {f.name: f for f in fields}
    lang = translation.get_language() or 'vi'
    labels = {f.name: f.label(lang) for f in fields}
    mapping = headers_of(fields).match(rows[0] if rows else [])
    report['columns'] = {title: {header: (labels.get(name, 'ID') if name else None)
                                 for header, name in mapping.columns.items()}}
    if not mapping.fields:
        problem(1, '', None, _('The first row holds no column of this list: write the column names there '
                               '(download the template to see them).'))
        return _finish(report, problems)
    data_rows = [(n, row) for n, row in enumerate(rows[1:], start=2)
                 if any(not cells.is_blank(v) for v in row)]
    if len(data_rows) > MAX_ROWS:
        problem(0, '', None, _('The file has %(rows)s rows; at most %(limit)s are imported at once: split it.') % {
            'rows': len(data_rows), 'limit': MAX_ROWS})
        return _finish(report, problems)
    formulas = {(r, c) for s, r, c in book.formulas if s == sheet}
    create_form, edit_form = _form_classes(config)
    # Built once (a generic model's form class is made anew at each call): its choices resolve the references.
    forms_shown = {'create': create_form(user=user), 'edit': edit_form(user=user)}
    resolvers = {}
    for f in fields:
        if f.kind in ('ref', 'refs') and f.name in mapping.fields:
            form = next(fm for fm in forms_shown.values() if f.name in fm.fields)
            resolvers[f.name] = Resolver(form.fields[f.name].queryset)
            index = mapping.fields[f.name]
            texts = set()
            for _n, row in data_rows:
                raw = row[index] if index < len(row) else None
                if not cells.is_blank(raw):
                    text = cells.text(raw)
                    texts.update(cells.split_list(text) if f.kind == 'refs' else [text])
            resolvers[f.name].prepare(texts)

    # Every row is read and checked first; the objects to update are fetched in one query.
    ids, parsed = {}, []
    for excel_row, row in data_rows:
        values, bad = {}, False
        for name, index in mapping.fields.items():
            raw = row[index] if index < len(row) else None
            column = labels.get(name, 'ID')
            if (excel_row, column_letter(index)) in formulas:
                problem(excel_row, column, raw, cell_message('formula'))
                bad = True
                continue
            if name == ID:
                if not cells.is_blank(raw):
                    try:
                        values[ID] = cells.integer(raw, 1)
                    except cells.CellError:
                        problem(excel_row, column, cells.text(raw), cell_message('not_an_integer'))
                        bad = True
                continue
            if cells.is_blank(raw):
                values[name] = _blank(by_name[name])
                continue
            try:
                values[name] = _cell_value(by_name[name], raw, resolvers)
            except cells.CellError as exc:
                problem(excel_row, column, cells.text(raw), cell_message(exc.code, **exc.params))
                bad = True
        if values.get(ID) in ids:
            problem(excel_row, 'ID', values[ID], cell_message('duplicate', what='ID', other=ids[values[ID]]))
            bad = True
        elif ID in values:
            ids[values[ID]] = excel_row
        parsed.append((excel_row, values, bad))
    many = [f.name for f in fields if f.kind == 'refs']
    existing = {obj.pk: obj for obj in scoping.scope(config.base_queryset(), user, scoping.CHANGE)
                .filter(pk__in=list(ids)).prefetch_related(*many)} if ids else {}
    with transaction.atomic():
        _write(config, user, fields, labels, parsed, existing, report, problem, progress, forms_shown)
        if problems or dry_run:
            transaction.set_rollback(True)
    report['applied'] = not dry_run and not problems
    return _finish(report, problems)


def _write(config, user, fields, labels, parsed, existing, report, problem, progress, shown_forms):
    from cloudmove.core.services import objects

    title = str(config.verbose_name_plural)
    model_names = {f.name for f in config.model._meta.get_fields()}
    by_name = {f.name: f for f in fields}
    changes = []
    total = len(parsed)
    for done, (excel_row, values, bad) in enumerate(parsed, start=1):
        if progress and done % 100 == 0:
            progress(done, total)
        obj = None
        if ID in values:
            obj = existing.get(values[ID])
            if obj is None:
                problem(excel_row, 'ID', values[ID], _('No object with this ID that you may change: clear the ID '
                                                       'to add the row as new.'))
                continue
        if bad:
            continue
        shown = shown_forms['create' if obj is None else 'edit']
        form_class = type(shown)
        if obj is not None:
            data = _current(obj, fields)
            # A row as it stands is not put through the form again (a frozen object's row is no edit).
            if all(_same(v, data.get(k)) for k, v in values.items() if k != ID and k in form_class.base_fields):
                report['unchanged'][title] += 1
                continue
        else:  # a column the file leaves out takes what the add page would propose
            data = {name: shown.get_initial_for_field(field, name) for name, field in shown.fields.items()
                    if name not in values and not isinstance(field, forms.FileField)}
            data = {k: _as_data(v) for k, v in data.items() if v is not None}
        data.update({k: v for k, v in values.items() if k != ID and k in form_class.base_fields})
        # Before the form: validating it copies the new values onto the object.
        before = {f.name: (list(getattr(obj, f.name).all()) if f.kind == 'refs' else getattr(obj, f.name))
                  for f in fields if f.model_field is not None} if obj is not None else {}
        form = form_class(data=data, instance=obj, user=user)
        if not form.is_valid():
            for column, message in _form_errors(form, labels):
                problem(excel_row, column, None, message)
            continue
        clean = {k: v for k, v in form.cleaned_data.items() if k in model_names}
        for name, value in clean.items():  # what the database keeps for a blank nullable value
            if value == '' and getattr(config.model._meta.get_field(name), 'null', False):
                clean[name] = None
            elif isinstance(value, datetime) and _same(value, before.get(name)):
                clean[name] = before[name]  # the same second: the stored fraction is kept
        diff = {}
        if obj is not None:
            for name, new in clean.items():
                old = before.get(name)
                if _comparable(old) != _comparable(new):
                    diff[labels.get(name, name)] = [_show(old, by_name.get(name)), _show(new, by_name.get(name))]
            if not diff:
                report['unchanged'][title] += 1
                continue
        try:
            with transaction.atomic():
                if obj is None:
                    created = config.create_with(user, clean) if config.create_with else \
                        objects.create_object(user, config.model, clean)
                else:
                    objects.update_object(user, obj, clean)
        except ValidationError as exc:
            for message in exc.messages:
                problem(excel_row, '', None, message)
            continue
        except PermissionDenied:
            problem(excel_row, '', None, _('You may not write this row (its unit is outside your scope).'))
            continue
        except IntegrityError:
            problem(excel_row, '', None, _('The database refused this row: it repeats a name or code that must be '
                                           'unique (in the file or already saved).'))
            continue
        if obj is None:
            report['created'][title] += 1
            if len(changes) < PREVIEW_LIMIT:
                changes.append({'action': 'create', 'row': excel_row, 'key': str(created)})
        else:
            report['updated'][title] += 1
            if len(changes) < PREVIEW_LIMIT:
                changes.append({'action': 'update', 'row': excel_row, 'key': str(obj), 'fields': diff})
    if progress:
        progress(total, total)
    if changes:
        report['changes'] = {title: changes}


def _finish(report, problems):
    report['errors'] = [p.as_dict() for p in sorted(problems, key=lambda p: p.row)]
    if report['errors']:
        report['applied'] = False
        report['changes'] = {}
        for key in ('created', 'updated', 'unchanged'):
            report[key] = dict.fromkeys(report[key], 0)
    return report


# ---------------------------------------------------------------- the template


def _template_value(field, value, lang, keys, csv):
    if value is None or value == '':
        return None
    if field.kind == 'refs':
        return '; '.join(ref_text(o, keys[field.name][0], keys[field.name][1]) for o in value.all()) or None
    if field.kind == 'ref':
        return ref_text(value, keys[field.name][0], keys[field.name][1])
    if field.kind == 'choices':
        with translation.override(lang):
            labels = dict(field.form_field.choices)
            return '; '.join(str(labels.get(code, code)) for code in value) or None
    if field.kind == 'text':
        return neutralise(str(field.form_field.prepare_value(value)))
    if field.kind == 'datetime':
        return timezone.localtime(value).strftime('%d/%m/%Y %H:%M:%S') if timezone.is_aware(value) else \
            value.strftime('%d/%m/%Y %H:%M:%S')
    if field.kind == 'typed':
        column = field.column
        if column.kind == 'choice':
            with translation.override(lang):
                return str(dict(column.choices.choices).get(value, value))
        if column.kind == 'bool':
            return ('Có' if value else 'Không') if lang == 'vi' else ('Yes' if value else 'No')
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.strftime('%d/%m/%Y') if csv else value
        if isinstance(value, Decimal | float):
            # A decimal comma is never read as a thousands separator, whatever the number of decimals.
            return str(value).replace('.', ',') if csv or isinstance(value, Decimal) else value
        if isinstance(value, int):
            return value
    return neutralise(str(value))


def template(config, user, queryset=None, csv=False):
    """(title, header, rows) of the import file: ID and the form's columns, headed in the user's language,
    with the rows of `queryset` (None: no row), as the import reads them back."""
    lang = translation.get_language() or 'vi'
    fields = fields_of(config)
    header = ['ID', *[f.label(lang) for f in fields]]
    title = str(config.verbose_name_plural)

    def rows():
        if queryset is None:
            return
        forms_shown = [cls(user=user) for cls in set(_form_classes(config))]
        keys = {}
        for f in fields:
            if f.kind in ('ref', 'refs'):
                form = next(fm for fm in forms_shown if f.name in fm.fields)
                qs = form.fields[f.name].queryset
                key = key_field(qs.model)
                shared = set(qs.order_by().values(key).annotate(n=Count('pk')).filter(n__gt=1)
                             .values_list(key, flat=True)) if key else set()
                keys[f.name] = (key, shared)
        refs = [f.name for f in fields if f.kind == 'ref']
        multi = [f.name for f in fields if f.kind == 'refs']
        qs = queryset.select_related(*refs).prefetch_related(*multi).order_by('pk')
        for obj in qs:
            yield [obj.pk, *[_template_value(f, getattr(obj, f.name, None) if f.model_field is not None else None,
                                             lang, keys, csv) for f in fields]]
    return title, header, rows()


def register():
    formats.register(formats.Format(
        kind='objects', name='CSV/XLSX', label=gettext_lazy('A list as CSV or Excel'),
        help='Create or update the rows of one list from CSV or .xlsx (its form\'s columns; ID to update).',
        run=run, family='objects', target='core.User', options={'model': 'app_label.model_name'},
        # The rows of one list may belong to many units: imports into one list run one after the other.
        lock=lambda params: f"import:objects:{(params.get('extra') or {}).get('model')}"))
