"""Columns and cell values for generic lists, detail pages and exports."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry


@dataclass
class Column:
    name: str
    label: object
    sort_key: str | None
    field: object = None


def resolve_field(model, name):
    """The model field at the end of a `a__b__c` path, or None for a property."""
    field = None
    for part in name.split('__'):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def columns_for(model, names):
    out = []
    for name in names:
        field = resolve_field(model, name)
        if field is not None:
            label = getattr(field, 'verbose_name', name)
            sortable = field.concrete and not field.many_to_many
            out.append(Column(name, label, name if sortable else None, field))
        else:
            attr = getattr(model, name, None)
            getter = getattr(attr, 'fget', attr)
            label = getattr(getter, 'short_description', name)
            out.append(Column(name, label, None))
    return out


def raw_value(obj, name):
    value = obj
    parts = name.split('__')
    for i, part in enumerate(parts):
        if value is None:
            return None
        if i == len(parts) - 1 and isinstance(value, models.Model):
            try:
                f = value._meta.get_field(part)
            except FieldDoesNotExist:
                f = None
            if f is not None and f.choices and not f.is_relation:
                return getattr(value, f'get_{f.attname}_display')()
        value = getattr(value, part, None)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    if isinstance(value, models.Manager):
        return ', '.join(str(v) for v in value.all())
    return value


def format_plain(value, field=None):
    if value is None or value == '':
        return ''
    if isinstance(value, bool):
        return str(_('Yes')) if value else str(_('No'))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, 'SHORT_DATETIME_FORMAT')
    if isinstance(value, date):
        return date_format(value, 'SHORT_DATE_FORMAT')
    if isinstance(value, int) and field is not None and field.name.endswith('_vnd'):
        return number_format(value, force_grouping=True) + ' ₫'
    if isinstance(value, Decimal | float):
        return number_format(value)  # 4,50 in Vietnamese, 4.50 in English
    return str(value)


def object_url(obj):
    config = registry.get(type(obj))
    if config is None:
        return None
    try:
        return reverse(config.url_name('detail'), args=[obj.pk])
    except NoReverseMatch:
        return None


def cell(obj, column: Column, link=False):
    """The display of one cell; with `link`, it links to `obj` itself (the row's first column)."""
    value = raw_value(obj, column.name)
    if link:
        url = object_url(obj)
        text = str(value) if isinstance(value, models.Model) else format_plain(value, column.field)
        if url:
            return format_html('<a href="{}">{}</a>', url, text or obj)
        return text
    if isinstance(value, models.Model):
        url = object_url(value)
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)
    if isinstance(value, bool):
        return format_html('<span class="badge text-bg-{}">{}</span>', 'success' if value else 'secondary',
                           _('Yes') if value else _('No'))
    if value is None and column.field is not None and column.field.name in getattr(
            column.field.model, 'measured_fields', ()):
        return format_html('<span class="text-body-secondary fst-italic" data-unknown>{}</span>', _('unknown'))
    return format_plain(value, column.field)


def export_value(obj, column: Column):
    value = raw_value(obj, column.name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        return format_plain(value)
    if isinstance(value, date):
        return value
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)
