"""Filter sets built from declarations; related-object choices go through the scoping mechanism."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cloudmove.core import scoping


class ScopedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method='search', label=_('Search'))

    search_fields: tuple = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, 'user', None)
        for f in self.filters.values():
            qs = getattr(f, 'queryset', None)
            if qs is not None and hasattr(qs, 'model') and scoping.is_scoped(qs.model):
                f.queryset = scoping.scope(qs, user)

    def search(self, queryset, name, value):
        value = (value or '').strip()
        if not value or not self.search_fields:
            return queryset
        q = Q()
        for f in self.search_fields:
            q |= Q(**{f'{f}__icontains': value})
        return queryset.filter(q)


def filterset_for(config):
    if config.filterset_class is not None:
        return config.filterset_class
    meta = type('Meta', (), {'model': config.model, 'fields': list(config.filter_fields)})
    return type(
        f'{config.model.__name__}FilterSet',
        (ScopedFilterSet,),
        {'Meta': meta, 'search_fields': tuple(config.search_fields)},
    )


def object_types():
    """The audit trail's object types, read when the form is shown (models load after this module)."""
    from cloudmove.core.models.audit import object_types as choices

    return choices()


class AuditRecordFilterSet(ScopedFilterSet):
    date_from = django_filters.DateFilter(field_name='timestamp', lookup_expr='date__gte', label=_('From date'))
    date_to = django_filters.DateFilter(field_name='timestamp', lookup_expr='date__lte', label=_('To date'))
    unit = django_filters.CharFilter(method='filter_unit', label=_('Unit code'))
    object_id = django_filters.CharFilter(method='filter_object_id', label=_('Object id'))
    object_type = django_filters.ChoiceFilter(choices=object_types, label=_('Object type'))
    search_fields = ('object_repr', 'username', 'request_id', 'object_id')

    class Meta:
        from cloudmove.core.models import AuditRecord

        model = AuditRecord
        fields = ['username', 'source', 'action', 'object_type', 'object_id', 'request_id']

    def search(self, queryset, name, value):
        """The text fields, and the values of the objects a batch record holds (found by their names)."""
        found = super().search(queryset, name, value)
        value = (value or '').strip()
        if not value:
            return found
        return found | queryset.filter(first_id__isnull=False, after__icontains=value)

    def filter_object_id(self, queryset, name, value):
        value = (value or '').strip()
        return queryset.about_id(value) if value else queryset

    def filter_unit(self, queryset, name, value):
        value = (value or '').strip().upper()
        return queryset.filter(unit_path__contains=f'/{value}/') if value else queryset
