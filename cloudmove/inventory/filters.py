"""Filter sets of the inventory beyond the generated ones: attachments by the object they belong to."""

import django_filters
from django.utils.translation import gettext_lazy

from cloudmove.core.filters import ScopedFilterSet
from cloudmove.inventory.models import Attachment
from cloudmove.inventory.services import attachments as service


class AttachmentFilterSet(ScopedFilterSet):
    object_type = django_filters.CharFilter(method='filter_object_type', label=gettext_lazy('Object type'))
    object_id = django_filters.NumberFilter(label=gettext_lazy('Object ID'))

    search_fields = ('title', 'filename')

    class Meta:
        model = Attachment
        fields = ['unit', 'kind']

    def filter_object_type(self, queryset, name, value):
        """'inventory.virtualmachine' (or any registered model name): the attachments of that model."""
        model = service.target_models().get((value or '').strip().lower().removeprefix('inventory.'))
        if model is None:
            return queryset.none()
        return queryset.filter(content_type__app_label=model._meta.app_label,
                               content_type__model=model._meta.concrete_model._meta.model_name)
