"""Providers, their data centres and contacts, price books and their items."""


from django.utils.translation import gettext_lazy as _

from cloudmove.catalog import models as m
from cloudmove.catalog.api.prices import ProviderSerializer
from cloudmove.catalog.views.prices import prices_panel
from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register

# Samples for the generated tests: catalogue rows are province-wide, so the unit is not used.


register(ModelConfig(
    model=m.Provider, slug='providers', section='catalog', api_prefix='catalog/providers',
    list_columns=('code', 'name', 'kind', 'max_security_level', 'mic_certified', 'iso27001', 'dc_tier',
                  'illustrative'),
    search_fields=('code', 'name', 'description'),
    filter_fields=('kind', 'mic_certified', 'iso27001', 'dc_tier', 'illustrative'),
    form_fields=('code', 'name', 'kind', 'website', 'description', 'mic_certified', 'mic_reference',
                 'max_security_level', 'iso27001', 'iso27001_valid_until', 'dc_tier', 'illustrative', 'notes'),
    bulk_edit_fields=('kind', 'mic_certified', 'iso27001', 'dc_tier', 'illustrative'),
    serializer_class=ProviderSerializer,
    related=((_('Data centres'), 'data_centres', ('code', 'name', 'region', 'location', 'in_vietnam', 'tier')),
             (_('Contacts'), 'contacts', ('name', 'title', 'email', 'phone')),
             (_('Price books'), 'price_books', ('version', 'valid_from', 'valid_to', 'notes'))),
))

register(ModelConfig(
    model=m.DataCentre, slug='data-centres', section='catalog', api_prefix='catalog/data-centres',
    list_columns=('code', 'name', 'provider', 'region', 'location', 'in_vietnam', 'tier'),
    search_fields=('code', 'name', 'region', 'location', 'provider__code', 'provider__name'),
    filter_fields=('provider', 'in_vietnam', 'tier'),
    form_fields=('provider', 'code', 'name', 'region', 'location', 'in_vietnam', 'tier', 'notes'),
    bulk_edit_fields=('region', 'tier', 'in_vietnam'),
))

register(ModelConfig(
    model=m.ProviderContact, slug='contacts', section='catalog', api_prefix='catalog/contacts',
    list_columns=('name', 'provider', 'title', 'email', 'phone'),
    search_fields=('name', 'title', 'email', 'phone', 'provider__code', 'provider__name'),
    filter_fields=('provider',),
    form_fields=('provider', 'name', 'title', 'email', 'phone'),
    nav=False,
))

register(ModelConfig(
    model=m.PriceBook, slug='price-books', section='catalog', api_prefix='catalog/price-books',
    list_columns=('provider', 'version', 'valid_from', 'valid_to'),
    search_fields=('version', 'notes', 'provider__code', 'provider__name'),
    filter_fields=('provider',),
    form_fields=('provider', 'version', 'valid_from', 'valid_to', 'notes'),
    related=((_('Compute flavours'), 'flavours',
              ('code', 'name', 'family', 'vcpus', 'memory_mib', 'local_disk_gib', 'gpu', 'monthly_vnd', 'hourly_vnd')),
             (_('Storage tiers'), 'storagetiers',
              ('code', 'name', 'kind', 'gib_month_vnd', 'max_iops', 'max_throughput_mbps', 'max_disk_gib')),
             (_('Network, managed services and licences'), 'serviceprices',
              ('code', 'name', 'category', 'kind', 'spec', 'unit', 'price_vnd'))),
))

ITEM_FILTERS = ('price_book', 'price_book__provider')

register(ModelConfig(
    model=m.Flavour, slug='flavours', section='catalog', api_prefix='catalog/flavours',
    list_columns=('code', 'price_book', 'family', 'vcpus', 'memory_mib', 'local_disk_gib', 'gpu', 'monthly_vnd',
                  'hourly_vnd'),
    search_fields=('code', 'name', 'family'),
    filter_fields=(*ITEM_FILTERS, 'family', 'gpu'),
    form_fields=('price_book', 'code', 'name', 'family', 'vcpus', 'memory_mib', 'local_disk_gib', 'gpu',
                 'monthly_vnd', 'hourly_vnd'),
    select_related=('price_book__provider',),
))

register(ModelConfig(
    model=m.StorageTier, slug='storage-tiers', section='catalog', api_prefix='catalog/storage-tiers',
    list_columns=('code', 'price_book', 'kind', 'gib_month_vnd', 'max_iops', 'max_throughput_mbps', 'max_disk_gib'),
    search_fields=('code', 'name'),
    filter_fields=(*ITEM_FILTERS, 'kind'),
    form_fields=('price_book', 'code', 'name', 'kind', 'gib_month_vnd', 'max_iops', 'max_throughput_mbps',
                 'max_disk_gib'),
    select_related=('price_book__provider',),
))

register(ModelConfig(
    model=m.ServicePrice, slug='service-prices', section='catalog', api_prefix='catalog/service-prices',
    list_columns=('code', 'price_book', 'category', 'kind', 'spec', 'unit', 'price_vnd'),
    search_fields=('code', 'name', 'spec'),
    filter_fields=(*ITEM_FILTERS, 'category', 'kind'),
    form_fields=('price_book', 'code', 'name', 'category', 'kind', 'spec', 'unit', 'price_vnd'),
    select_related=('price_book__provider',),
))

add_nav_link('catalog', _('Import / export price books'), 'catalog:prices', model=m.PriceBook)
registry.detail_panels.append(prices_panel)


register(ModelConfig(
    model=m.NationalService, slug='national-services', section='catalog', api_prefix='catalog/national-services',
    list_columns=('code', 'name', 'agency', 'category', 'active', 'from_catalogue', 'synced_at'),
    search_fields=('code', 'name', 'agency', 'keywords', 'description'),
    filter_fields=('category', 'active', 'from_catalogue'),
    form_fields=('code', 'name', 'agency', 'category', 'keywords', 'url', 'description', 'active'),
    detail_fields=('code', 'name', 'agency', 'category', 'keywords', 'url', 'description', 'active',
                   'from_catalogue', 'synced_at'),
))
