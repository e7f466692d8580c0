"""Planning API: POST /plans/ starts a plan as a job; GET /plans/{id}/ its status, objective, bound, the
greedy baseline's objective, the waves with their systems (those the caller may see) and the conflicts;
GET /plans/{id}/systems/{system id}/why/ the reasons for that system's wave."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied as ApiDenied
from rest_framework.exceptions import ValidationError as ApiInvalid
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import scoping
from cloudmove.inventory.models import InformationSystem
from cloudmove.planning.models import WavePlan
from cloudmove.planning.services import plans


class StartSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True)
    waves = serializers.IntegerField(required=False)
    weeks = serializers.IntegerField(required=False)
    start = serializers.CharField(required=False, help_text='YYYY-MM-DD; default: next Monday.')
    time_limit = serializers.FloatField(required=False)
    slack = serializers.FloatField(required=False)
    capacity_systems = serializers.IntegerField(required=False)
    capacity_vms = serializers.IntegerField(required=False)
    capacity_effort = serializers.FloatField(required=False)
    capacity_per_unit = serializers.IntegerField(required=False)
    blackouts = serializers.ListField(child=serializers.DictField(), required=False,
                                      help_text='[{"name", "start", "end", "factor"}]; factor 0: no moves.')
    weights = serializers.DictField(required=False, help_text='priority, crossing, length, balance.')
    base = serializers.IntegerField(required=False, help_text='The plan this one re-plans.')


class PlanListSerializer(serializers.ModelSerializer):
    class Meta:
        model = WavePlan
        fields = ('id', 'title', 'version', 'base', 'state', 'status', 'objective', 'bound', 'greedy_objective',
                  'created_at', 'finished_at', 'seconds')


class PlansView(generics.ListAPIView):
    serializer_class = PlanListSerializer

    def get_queryset(self):
        return scoping.scope(WavePlan.objects.defer('result', 'problem'), self.request.user)

    @extend_schema(request=StartSerializer, responses={202: OpenApiTypes.OBJECT})
    def post(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        title = values.pop('title', '')
        base = None
        if values.get('base'):
            base = scoping.get_or_404(WavePlan.objects.all(), request.user, pk=values.pop('base'))
        values.pop('base', None)
        try:
            plan = plans.start(request.user, values, title=title, base=base)
        except ValidationError as exc:
            raise ApiInvalid(exc.message_dict)
        except PermissionDenied as exc:
            raise ApiDenied(str(exc))
        return Response(plans.payload(plan, request.user), status=status.HTTP_202_ACCEPTED)


class PlanView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        plan = scoping.get_or_404(WavePlan.objects.defer('problem'), request.user, pk=pk)
        return Response(plans.payload(plan, request.user))


class WhyView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk, system_pk):
        plan = scoping.get_or_404(WavePlan.objects.defer('problem'), request.user, pk=pk)
        system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
        data = plans.why(plan, system, request.user)
        if data is None:
            return Response({'detail': 'This plan gives the system no wave.'}, status=404)
        return Response(data)


urlpatterns = [
    path('plans/', PlansView.as_view(), name='api-planning-plans'),
    path('plans/<int:pk>/', PlanView.as_view(), name='api-planning-plan'),
    path('plans/<int:pk>/systems/<int:system_pk>/why/', WhyView.as_view(), name='api-planning-why'),
]
