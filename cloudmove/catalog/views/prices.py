"""The price-book page: download a provider's version, upload a file, preview the changes, apply them.

The check, the preview and the apply are the import flow's jobs and pages (core.imports.flow and views),
as for every import format.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.catalog import models as m
from cloudmove.catalog.forms import PriceUploadForm
from cloudmove.catalog.pricebook import spec
from cloudmove.catalog.services import prices
from cloudmove.core import scoping
from cloudmove.core.forms import bootstrap
from cloudmove.core.imports import flow, formats, uploads
from cloudmove.core.imports import views as flow_views


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
    from cloudmove.catalog.api.prices import price_book_file

    book = scoping.get_or_404(m.PriceBook.objects.select_related('provider'), request.user, pk=pk)
    kind = request.GET.get('kind') or None
    if kind is not None and kind not in spec.KINDS:
        raise Http404
    return price_book_file(book, kind)


@login_required
@require_POST
def prices_upload(request):
    if not _can_change(request.user):
        raise PermissionDenied
    form = PriceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return prices_page(request, form=form)
    data = form.cleaned_data
    provider = data['provider']
    extra = {'version': data['version'].strip(),
             'valid_from': data['valid_from'].isoformat() if data['valid_from'] else '',
             'valid_to': data['valid_to'].isoformat() if data['valid_to'] else ''}
    job = flow.start(formats.get('prices'), uploads.store_upload(data['file']), provider, request.user,
                     title=_('Check price book of %(code)s') % {'code': provider.code}, extra=extra)
    return redirect('catalog:prices_result', pk=job.pk)


def _result_extra(job, result):
    """The version the file concerns: the book once it exists, and the end dates back as dates."""
    book = dict(result.get('price_book') or {})
    book['ends'] = [{**end, 'valid_to': date.fromisoformat(end['valid_to'])} for end in book.get('ends') or ()]
    return {'price_book': book, 'book': m.PriceBook.objects.filter(pk=book.get('id') or 0).first()}


PAGE = flow_views.Page(
    family='prices', template='catalog/prices_result.html', section='catalog', result_url='catalog:prices_result',
    apply_url='catalog:prices_apply',
    may_write=lambda user, provider: _can_change(user), extra=_result_extra,
    title=lambda job, provider: _('Import price book of %(code)s') % {'code': provider.code})


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
