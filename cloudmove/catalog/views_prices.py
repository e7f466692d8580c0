"""The price-book page: download a provider's version, upload a file, preview the changes, apply them.

A price book is a few hundred rows, so the check runs while the page waits (no background job); the
uploaded file is kept under var/uploads between the preview and the apply, named in the session.
"""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cloudmove.catalog import models as m
from cloudmove.catalog.pricebook import spec
from cloudmove.catalog.services import prices
from cloudmove.core import scoping
from cloudmove.core.forms import bootstrap
from cloudmove.core.imports import uploads as workbooks
from cloudmove.core.text import capfirst

SESSION_KEY = 'catalog_price_upload'
SUFFIXES = ('.xlsx', '.csv')


def _label(name):
    return capfirst(m.PriceBook._meta.get_field(name).verbose_name)


class PriceUploadForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=m.Provider.objects.order_by('name'),
                                      label=gettext_lazy('Cloud provider'))
    file = forms.FileField(label=gettext_lazy('Price-book file'),
                           help_text=gettext_lazy('An .xlsx price book, or a CSV UTF-8 with one kind of item or '
                                                  'with every item and an item-type column.'))
    version = forms.CharField(label=_label('version'), max_length=40, required=False,
                              help_text=gettext_lazy('Required for a CSV; for a workbook, it replaces the version '
                                                     'written in the file.'))
    valid_from = forms.DateField(label=_label('valid_from'), required=False,
                                 help_text=gettext_lazy('Needed when the version is new.'))
    valid_to = forms.DateField(label=_label('valid_to'), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data['file']
        if not uploaded.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_('Upload an .xlsx or .csv file.'))
        if uploaded.size > settings.CLOUDMOVE_MAX_UPLOAD_MIB * 1024 * 1024:
            raise forms.ValidationError(_('The file is larger than %(limit)s MiB.') % {
                'limit': settings.CLOUDMOVE_MAX_UPLOAD_MIB})
        return uploaded

    def clean(self):
        data = super().clean()
        uploaded = data.get('file')
        if uploaded is not None and uploaded.name.lower().endswith('.csv') and not data.get('version'):
            self.add_error('version', _('A CSV does not say its version: give the version it goes into.'))
        return data


def _can_change(user):
    return scoping.role_allows(user, m.PriceBook, scoping.CHANGE)


def _page(provider=None):
    url = reverse('catalog:prices')
    return f'{url}?provider={provider.pk}' if provider else url


@login_required
def prices_page(request, form=None):
    providers = m.Provider.objects.order_by('name')
    wanted = request.GET.get('provider') or request.POST.get('provider') or ''
    selected = (providers.filter(pk=wanted).first() if wanted.isdigit() else None) or providers.first()
    if form is None:
        form = PriceUploadForm(initial={'provider': selected})
    bootstrap(form)
    books = m.PriceBook.objects.filter(provider=selected).order_by('-valid_from', '-pk') if selected else []
    return render(request, 'catalog/prices.html', {
        'providers': providers, 'selected': selected, 'books': books, 'form': form,
        'in_force': prices.in_force(selected) if selected else None, 'kinds': _kinds(),
        'can_upload': _can_change(request.user), 'max_mib': settings.CLOUDMOVE_MAX_UPLOAD_MIB,
        'section': 'catalog',
    })


def _kinds():
    return [(kind, spec.by_id(sheet_id).title if sheet_id else _('All items')) for kind, sheet_id in spec.KINDS.items()]


@login_required
def prices_download(request, pk):
    from cloudmove.catalog.api_prices import price_book_file

    book = scoping.get_or_404(m.PriceBook.objects.select_related('provider'), request.user, pk=pk)
    kind = request.GET.get('kind') or None
    if kind is not None and kind not in spec.KINDS:
        raise Http404
    return price_book_file(book, kind)


def _run(request, stored, dry_run):
    provider = m.Provider.objects.filter(pk=stored['provider']).first()
    path = workbooks.upload_path(stored['upload'])
    if provider is None or path is None:
        raise Http404
    report = prices.import_file(
        path, provider, request.user, dry_run=dry_run, version=stored.get('version') or None,
        valid_from=date.fromisoformat(stored['valid_from']) if stored.get('valid_from') else None,
        valid_to=date.fromisoformat(stored['valid_to']) if stored.get('valid_to') else None)
    return provider, report


def _result_context(provider, report, dry_run):
    result = prices.result_of(report)
    sheets = []
    for title in result['created']:
        row = {k: result[k].get(title, 0) for k in ('created', 'updated', 'unchanged', 'removed')}
        sheets.append({'title': title, **row, 'changes': result['changes'].get(title, [])})
    changes = any(s['created'] or s['updated'] or s['removed'] for s in sheets)
    return {'provider': provider, 'result': result, 'errors': result['errors'], 'sheets': sheets,
            'dry_run': dry_run, 'can_apply': dry_run and report.ok and changes, 'section': 'catalog',
            'book': m.PriceBook.objects.filter(pk=(result.get('price_book') or {}).get('id') or 0).first()}


@login_required
@require_POST
def prices_upload(request):
    if not _can_change(request.user):
        raise PermissionDenied
    form = PriceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return prices_page(request, form=form)
    data = form.cleaned_data
    stored = {'upload': workbooks.store_upload(data['file']), 'provider': data['provider'].pk,
              'version': data['version'].strip(),
              'valid_from': data['valid_from'].isoformat() if data['valid_from'] else '',
              'valid_to': data['valid_to'].isoformat() if data['valid_to'] else ''}
    provider, report = _run(request, stored, dry_run=True)
    if report.ok:
        request.session[SESSION_KEY] = stored
    else:  # nothing to apply later
        workbooks.upload_path(stored['upload']).unlink(missing_ok=True)
    context = _result_context(provider, report, dry_run=True)
    return render(request, 'catalog/prices_result.html', {**context, 'upload': stored['upload']})


@login_required
@require_POST
def prices_apply(request):
    if not _can_change(request.user):
        raise PermissionDenied
    stored = request.session.get(SESSION_KEY)
    if not stored or request.POST.get('upload') != stored.get('upload'):
        messages.error(request, _('The checked file is no longer available: upload it again.'))
        return redirect(_page())
    provider, report = _run(request, stored, dry_run=False)
    if report.ok:
        request.session.pop(SESSION_KEY, None)
        workbooks.upload_path(stored['upload']).unlink(missing_ok=True)
    return render(request, 'catalog/prices_result.html', _result_context(provider, report, dry_run=False))


def prices_panel(request, obj):
    """On a provider's or a price book's page: the price-book downloads and the upload link."""
    if isinstance(obj, m.Provider):
        provider, book = obj, prices.pick(obj)
    elif isinstance(obj, m.PriceBook):
        provider, book = obj.provider, obj
    else:
        return None
    return {'template': 'catalog/_prices_panel.html', 'provider': provider, 'book': book, 'kinds': _kinds(),
            'can_upload': _can_change(request.user), 'page_url': _page(provider)}
