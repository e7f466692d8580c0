"""What a spreadsheet import found and would do: per sheet the change set (new / changed / unchanged /
removed), the problems, and the report as the pages, the API and `--json` show it."""

from dataclasses import dataclass, field

from cloudmove.core.imports import sheets as spec

PREVIEW_LIMIT = 200


@dataclass
class Plan:
    """What one sheet's import would do."""

    sheet: spec.Sheet
    create: list = field(default_factory=list)        # [(excel row, values)]
    update: list = field(default_factory=list)        # [(excel row, existing row, {field: (old, new)}, values)]
    unchanged: int = 0
    remove: list = field(default_factory=list)        # [existing row]
    columns: dict = field(default_factory=dict)


@dataclass
class Report:
    plans: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)   # values left unknown: reported, refuse nothing
    applied: bool = False
    sheet_order: list | None = None   # the sheets in the order errors are listed (default: the plans')

    @property
    def ok(self):
        return not self.problems

    def as_dict(self):
        out = {'created': {}, 'updated': {}, 'unchanged': {}, 'removed': {}}
        changes = {}
        for plan in self.plans:
            title = plan.sheet.title
            out['created'][title] = len(plan.create)
            out['updated'][title] = len(plan.update)
            out['unchanged'][title] = plan.unchanged
            out['removed'][title] = len(plan.remove)
            detail = []
            for excel_row, values in plan.create[:PREVIEW_LIMIT]:
                detail.append({'action': 'create', 'row': excel_row, 'key': _natural_text(plan.sheet, values)})
            for excel_row, _existing, diff, values in plan.update[:PREVIEW_LIMIT]:
                detail.append({'action': 'update', 'row': excel_row, 'key': _natural_text(plan.sheet, values),
                               'fields': {plan.sheet.column(f).label('vi'): [_show(o), _show(n)]
                                          for f, (o, n) in diff.items()}})
            for existing in plan.remove[:PREVIEW_LIMIT]:
                detail.append({'action': 'remove', 'key': _natural_text(plan.sheet, existing)})
            if detail:
                changes[title] = detail
        order = {sheet.title: i for i, sheet in enumerate(self.sheet_order or [p.sheet for p in self.plans])}
        problems = sorted(self.problems, key=lambda p: (order.get(p.sheet, -1), p.row))
        out['errors'] = [p.as_dict() for p in problems]
        out['warnings'] = [p.as_dict() for p in self.warnings]
        out['changes'] = changes
        out['applied'] = self.applied
        return out

    def total_changes(self):
        return sum(len(p.create) + len(p.update) + len(p.remove) for p in self.plans)


def _show(value):
    if isinstance(value, list):
        return '; '.join(value)
    return '' if value is None else str(value)


_NATURAL_CACHE = {}


def clear_natural_cache():
    """Forget the row keys of a finished import (other importers sharing the report call this too)."""
    _NATURAL_CACHE.clear()


def _natural_text(sheet, values):
    """The row's natural key ('SITE/R01'), computed once per row (the cache lives for one import)."""
    try:
        return _NATURAL_CACHE[id(values)]
    except KeyError:
        pass
    if not sheet.natural:
        text = str(values.get(spec.KEY) or '')
    elif len(sheet.natural) == 1:
        value = values.get(sheet.natural[0])
        text = '' if value is None else str(value)
    else:
        text = '/'.join(str(values.get(f) or '') for f in sheet.natural)
    _NATURAL_CACHE[id(values)] = text
    return text
