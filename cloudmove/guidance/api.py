"""GET /api/guidance/deployment-model/?system=ID: the guide's answer for one system in the caller's scope."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import scoping
from cloudmove.guidance.services import deployment as service
from cloudmove.inventory.models import InformationSystem


class ReasonSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text='Rule code; empty for the guide\'s own remarks (tie-break, conflict).')
    name = serializers.CharField()
    text = serializers.CharField(help_text='The explanation, with its legal basis, in the active language.')
    effect = serializers.CharField(help_text='require, exclude, prefer or conflict.')
    effect_text = serializers.CharField()
    models = serializers.ListField(child=serializers.CharField())


class RuledOutSerializer(serializers.Serializer):
    model = serializers.CharField()
    label = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField(), help_text='Codes of the rules that rule it out.')


class AdviceSerializer(serializers.Serializer):
    system = serializers.IntegerField()
    model = serializers.CharField(allow_null=True, help_text='private, community, public or hybrid; null on a '
                                                             'conflict.')
    label = serializers.CharField()
    conflict = serializers.BooleanField()
    allowed = serializers.ListField(child=serializers.CharField())
    ruled_out = RuledOutSerializer(many=True)
    reasons = ReasonSerializer(many=True)


class DeploymentModelView(APIView):
    @extend_schema(parameters=[OpenApiParameter('system', OpenApiTypes.INT, required=True)],
                   responses=AdviceSerializer)
    def get(self, request):
        value = request.query_params.get('system', '')
        if not value.isdigit():
            raise ValidationError({'system': [_('Give the id of an information system.')]})
        system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=int(value))
        return Response(AdviceSerializer(service.recommend(system).as_dict()).data)


urlpatterns = [
    path('deployment-model/', DeploymentModelView.as_view(), name='api-deployment-model'),
]
