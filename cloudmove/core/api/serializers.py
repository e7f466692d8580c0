from rest_framework import serializers

from cloudmove.core.api.base import ScopedModelSerializer
from cloudmove.core.models import Unit, UnitKind


class UnitSerializer(ScopedModelSerializer):
    kind = serializers.SlugRelatedField(slug_field='code', queryset=UnitKind.objects.all())

    class Meta:
        model = Unit
        fields = ['id', 'code', 'name_vi', 'name_en', 'short_name', 'kind', 'parent', 'path', 'depth', 'is_active',
                  'is_programme_office', 'email', 'phone', 'address', 'description']
        read_only_fields = ['path', 'depth']
