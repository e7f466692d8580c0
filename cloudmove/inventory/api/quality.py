"""GET /api/inventory/quality/: the data-quality findings of services.quality as JSON."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.inventory.engine import quality as engine
from cloudmove.inventory.services import quality


class QualityObjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='app_label.model_name of the record.')
    type_label = serializers.CharField()
    id = serializers.IntegerField(allow_null=True, help_text='Null for a record outside your scope.')
    text = serializers.CharField()
    unit = serializers.CharField(allow_null=True, help_text='Unit code, or "another unit" outside your scope.')
    url = serializers.CharField(allow_null=True, help_text='Detail page; null outside your scope.')
    hidden = serializers.BooleanField(help_text='True for the other side of a conflict outside your scope.')


class QualityGroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The shared host name (lower case) or IP address.')
    cross_unit = serializers.BooleanField()
    objects = QualityObjectSerializer(many=True)


class QualityOverlapSerializer(serializers.Serializer):
    a = QualityObjectSerializer(help_text='The prefix in your scope (and chosen unit).')
    b = QualityObjectSerializer(help_text="The other unit's prefix.")
    relation = serializers.ChoiceField(choices=[engine.SAME, engine.CONTAINS, engine.WITHIN, engine.PARTIAL],
                                       help_text='How `a` relates to `b`.')
    relation_label = serializers.CharField()
    shared = serializers.CharField(help_text='The addresses both prefixes cover.')


class QualityUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class QualityCountsSerializer(serializers.Serializer):
    duplicate_hostnames = serializers.IntegerField()
    duplicate_ips = serializers.IntegerField()
    prefix_overlaps = serializers.IntegerField()
    machines_without_system = serializers.IntegerField()
    systems_without_owner = serializers.IntegerField()
    systems_without_level = serializers.IntegerField()
    systems_without_machines = serializers.IntegerField()


class QualitySerializer(serializers.Serializer):
    unit = QualityUnitSerializer(allow_null=True)
    counts = QualityCountsSerializer()
    duplicate_hostnames = QualityGroupSerializer(many=True)
    duplicate_ips = QualityGroupSerializer(many=True)
    prefix_overlaps = QualityOverlapSerializer(many=True)
    machines_without_system = QualityObjectSerializer(many=True)
    systems_without_owner = QualityObjectSerializer(many=True, help_text='Systems without an operating unit.')
    systems_without_level = QualityObjectSerializer(many=True)
    systems_without_machines = QualityObjectSerializer(many=True)


class QualityView(APIView):
    """Data-quality findings for everything you may see, or for one unit and its sub-units."""

    @extend_schema(
        operation_id='inventory_quality',
        tags=['inventory'],
        parameters=[OpenApiParameter('unit', OpenApiTypes.INT, required=False,
                                     description='A unit in your scope: its subtree only.')],
        responses=QualitySerializer,
    )
    def get(self, request):
        unit = quality.unit_from_param(request.user, request.query_params.get('unit'))
        return Response(QualitySerializer(quality.findings(request.user, unit)).data)


# Included by cloudmove/urls.py at api/inventory/quality/ (before the generic API routes).
urlpatterns = [path('', QualityView.as_view(), name='api-inventory-quality')]
