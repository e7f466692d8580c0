"""Providers, their data centres and contacts, price books and their items."""

from cloudmove.catalog import models as m
from cloudmove.core.registry import ModelConfig, register

register(ModelConfig(
    model=m.Provider, slug='providers', section='catalog', api_prefix='catalog/providers',
    list_columns=('code', 'name', 'kind', 'max_security_level', 'mic_certified', 'iso27001', 'illustrative'),
    search_fields=('code', 'name', 'description'),
    filter_fields=('kind', 'mic_certified', 'iso27001', 'illustrative'),
    form_fields=('code', 'name', 'kind', 'website', 'description', 'mic_certified', 'mic_reference',
                 'max_security_level', 'iso27001', 'iso27001_valid_until', 'dc_tier', 'illustrative', 'notes'),
    related=(),
    sample=lambda unit, n: {'code': f'P{n:03d}', 'name': f'Nhà cung cấp {n}',
                            'kind': 'domestic' if n % 2 else 'government', 'max_security_level': 1 + n % 4},
))
