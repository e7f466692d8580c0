"""Use cases of price books: import a file (validated all or nothing, audited), export a version,
and find the version in force on a date."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import models as m
from cloudmove.catalog.pricebook import exporter, spec
from cloudmove.catalog.pricebook.importer import PriceBookImport
from cloudmove.core.imports import formats


def import_file(path, provider, user=None, dry_run=False, version=None, valid_from=None, valid_to=None,
                progress=None):
    """The Report; writes only when every row is valid and this is not a dry run."""
    return PriceBookImport(provider, user, version=version, valid_from=valid_from, valid_to=valid_to,
                           progress=progress).run(path, dry_run=dry_run)


def result_of(report):
    """The report as the CLI (--json), the API and the upload page show it, with the version concerned."""
    result = report.as_dict()
    result['price_book'] = getattr(report, 'price_book', None)
    return result


def _day(value):
    """A date, from the command line (a date) or a job's parameters (ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) and value else (value or None)


def _run_format(path, provider, user, dry_run=False, progress=None, version=None, valid_from=None,
                valid_to=None):
    valid_from, valid_to = _day(valid_from), _day(valid_to)
    return result_of(import_file(path, provider, user, dry_run=dry_run, version=version or None,
                                 valid_from=valid_from,
                                 valid_to=valid_to, progress=progress))


def register():
    formats.register(formats.Format(
        'prices', 'price book', _('Price book (.xlsx, or one kind as .csv)'),
        "Validate and import a provider's price book (all or nothing).", _run_format, 'prices', 'catalog.Provider'))


def in_force(provider, on=None):
    """The version valid on `on` (today by default): the latest start on or before it, not yet ended;
    None when no version covers the date."""
    on = on or date.today()
    return (m.PriceBook.objects.filter(provider=provider, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by('-valid_from', '-pk').first())


def pick(provider, version=None):
    """The version asked for, else the one in force, else the latest."""
    books = m.PriceBook.objects.filter(provider=provider).select_related('provider')
    if version:
        return books.filter(version=version).first()
    return in_force(provider) or books.order_by('-valid_from', '-pk').first()


def export(book, target, kind=None):
    """An .xlsx of the whole version, or as CSV one kind of item (kind: flavours, tiers, services) or
    every item (kind: all)."""
    if kind:
        return exporter.export_csv(book, spec.KINDS[kind], target)
    return exporter.export_xlsx(book, target)
