"""Assessment API: POST /runs/ starts a run as a job; GET /runs/{id}/ its state, parameters and summary;
GET /runs/{id}/systems/ and /machines/ its results (paginated; ?readiness=, ?strategy=, ?unit=);
GET /runs/{id}/systems/{system id}/ one system's whole result. Every read is scoped to the caller."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied as ApiDenied
from rest_framework.exceptions import ValidationError as ApiInvalid
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.assessment.models import AssessmentRun, MachineResult, SystemResult
from cloudmove.assessment.services import results, runs
from cloudmove.core import scoping
from cloudmove.core.models import Unit
from cloudmove.inventory.models import InformationSystem


class StartSerializer(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True, help_text='Unit code; empty for the province.')
    title = serializers.CharField(required=False, allow_blank=True)
    sizing = serializers.ChoiceField(choices=('as-is', 'performance'), required=False)
    percentile = serializers.FloatField(required=False)
    comfort = serializers.FloatField(required=False)
    window_days = serializers.IntegerField(required=False)
    horizon_years = serializers.IntegerField(required=False)
    bandwidth_mbps = serializers.FloatField(required=False)
    params = serializers.DictField(required=False, help_text='Any other run parameter by name: cost parameters '
                                                             '(core_price_vnd, pue, tariff_vnd_kwh...) and '
                                                             'priority weights (w_users, w_readiness...).')


class RunSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source='unit.code', default=None)
    job = serializers.IntegerField(source='job_id', allow_null=True)
    stale = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRun
        fields = ('id', 'title', 'unit', 'state', 'params', 'offers', 'job', 'base', 'created_at', 'finished_at',
                  'engine_s', 'total_s', 'reassessed', 'stale', 'summary', 'error')

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_stale(self, run):
        return runs.stale_reasons(run)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_summary(self, run):
        return runs.summary_of(run, self.context['request'].user)['summary']


class RunListSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source='unit.code', default=None)

    class Meta:
        model = AssessmentRun
        fields = ('id', 'title', 'unit', 'state', 'params', 'base', 'created_at', 'finished_at', 'engine_s',
                  'total_s', 'reassessed')


class SystemResultSerializer(serializers.ModelSerializer):
    system_code = serializers.CharField(source='system.code')
    unit = serializers.CharField(source='unit.code')

    class Meta:
        model = SystemResult
        fields = ('id', 'system', 'system_code', 'unit', 'readiness', 'blockers', 'conditions', 'information',
                  'strategy', 'recommended', 'reviewed', 'priority', 'value', 'complexity', 'quadrant', 'stars',
                  'confidence', 'best_provider', 'best_monthly_vnd', 'onprem_monthly_vnd', 'saving_monthly_vnd',
                  'costs', 'effort_days', 'data_gib', 'transfer_hours', 'downtime_hours', 'exceeds_rto', 'users',
                  'dependants', 'machines', 'hits')


class MachineResultSerializer(serializers.ModelSerializer):
    vm_name = serializers.CharField(source='vm.name')
    unit = serializers.CharField(source='unit.code')

    class Meta:
        model = MachineResult
        fields = ('id', 'vm', 'vm_name', 'system', 'unit', 'readiness', 'hits', 'stars', 'confidence',
                  'target_vcpus', 'target_memory_mib', 'performance_based', 'idle', 'best_provider',
                  'best_monthly_vnd', 'onprem_monthly_vnd', 'sizing')


def _run(request, pk):
    return scoping.get_or_404(AssessmentRun.objects.select_related('unit'), request.user, pk=pk)


class RunsView(generics.ListAPIView):
    serializer_class = RunListSerializer

    def get_queryset(self):
        return scoping.scope(AssessmentRun.objects.select_related('unit'), self.request.user)

    def post(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.update(values.pop('params', {}) or {})
        unit = None
        code = values.pop('unit', '')
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise ApiInvalid({'unit': ['Unknown unit.']})
        try:
            run = runs.start(request.user, unit, values, title=values.pop('title', ''))
        except ValidationError as exc:
            raise ApiInvalid(exc.message_dict)
        except PermissionDenied as exc:
            raise ApiDenied(str(exc))
        return Response(RunSerializer(run, context={'request': request}).data, status=status.HTTP_202_ACCEPTED)


class RunView(generics.RetrieveAPIView):
    serializer_class = RunSerializer

    def get_object(self):
        return _run(self.request, self.kwargs['pk'])


class _Results(generics.ListAPIView):
    model = None

    def get_queryset(self):
        if getattr(self, 'swagger_fake_view', False):
            return self.model.objects.none()
        run = _run(self.request, self.kwargs['pk'])
        q = self.request.query_params
        qs = results.filtered(run, self.request.user, self.model, readiness=q.get('readiness'),
                              strategy=q.get('strategy'), unit=q.get('unit'), system=q.get('system'))
        related = ('system', 'unit') if self.model is SystemResult else ('vm', 'unit')
        return qs.select_related(*related).order_by('-priority' if self.model is SystemResult else 'vm__name',
                                                    'pk')


class SystemResultsView(_Results):
    model = SystemResult
    serializer_class = SystemResultSerializer


class MachineResultsView(_Results):
    model = MachineResult
    serializer_class = MachineResultSerializer


class SystemResultView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk, system_pk):
        run = _run(request, pk)
        system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=system_pk)
        data = results.system_view(run, system, user=request.user)
        if data is None:
            return Response({'detail': 'No result for this system in this run.'}, status=404)
        return Response(data)


urlpatterns = [
    path('runs/', RunsView.as_view(), name='api-assessment-runs'),
    path('runs/<int:pk>/', RunView.as_view(), name='api-assessment-run'),
    path('runs/<int:pk>/systems/', SystemResultsView.as_view(), name='api-assessment-systems'),
    path('runs/<int:pk>/systems/<int:system_pk>/', SystemResultView.as_view(), name='api-assessment-system'),
    path('runs/<int:pk>/machines/', MachineResultsView.as_view(), name='api-assessment-machines'),
]
