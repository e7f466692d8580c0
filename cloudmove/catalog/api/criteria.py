"""Serializers of the criteria-set and evaluation endpoints, and their actions under /api/catalog/:
POST criteria-sets/{id}/new-version/ and /publish/, GET criteria-sets/{id}/matrix/ and /ranking/,
GET evaluations/{id}/results/, GET eligible-providers/?system=ID."""

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cloudmove.catalog import models as m
from cloudmove.catalog.forms import check_answer_criterion
from cloudmove.catalog.services import criteria as service
from cloudmove.catalog.services import eligibility
from cloudmove.catalog.services import evaluations as evals
from cloudmove.core import scoping
from cloudmove.core.api.base import ScopedModelSerializer, _drf_error


def _run(func, *args):
    try:
        return func(*args)
    except DjangoValidationError as exc:
        raise _drf_error(exc)


class FrozenSetSerializer(ScopedModelSerializer):
    parent_field = None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        parent = attrs.get(self.parent_field) if self.parent_field else None
        _run(service.ensure_editable, service.set_of(self.instance) if self.instance else None,
             service.set_of_parent(parent))
        return attrs


class CriteriaSetSerializer(FrozenSetSerializer):
    class Meta:
        model = m.CriteriaSet
        fields = ['id', 'code', 'version', 'name', 'description', 'legal_basis', 'state', 'based_on', 'pass_score',
                  'updated_at']
        read_only_fields = ['state', 'based_on', 'updated_at']


class CriteriaGroupSerializer(FrozenSetSerializer):
    parent_field = 'criteria_set'

    class Meta:
        model = m.CriteriaGroup
        fields = ['id', 'criteria_set', 'code', 'name_vi', 'name_en', 'order']


class CriteriaFeatureSerializer(FrozenSetSerializer):
    parent_field = 'group'

    class Meta:
        model = m.CriteriaFeature
        fields = ['id', 'group', 'code', 'name_vi', 'name_en', 'order']


class CriterionSerializer(FrozenSetSerializer):
    parent_field = 'feature'

    class Meta:
        model = m.Criterion
        fields = ['id', 'feature', 'code', 'text_vi', 'text_en', 'mandatory', 'weight', 'order']


class EvaluationSerializer(ScopedModelSerializer):
    class Meta:
        model = m.Evaluation
        fields = ['id', 'provider', 'criteria_set', 'evaluator', 'evaluated_on', 'state', 'notes', 'updated_at']
        read_only_fields = ['evaluator', 'updated_at']


class EvaluationAnswerSerializer(ScopedModelSerializer):
    class Meta:
        model = m.EvaluationAnswer
        fields = ['id', 'evaluation', 'criterion', 'result', 'evidence', 'evidence_url', 'evidence_file',
                  'evaluator', 'updated_at']
        # Files are uploaded through the evaluation page, where they are checked like attachments.
        read_only_fields = ['evidence_file', 'evaluator', 'updated_at']

    def validate(self, attrs):
        attrs = super().validate(attrs)
        evaluation = attrs.get('evaluation', getattr(self.instance, 'evaluation', None))
        criterion = attrs.get('criterion', getattr(self.instance, 'criterion', None))
        _run(check_answer_criterion, evaluation, criterion)
        request = self.context.get('request')
        if request is not None:
            attrs['evaluator'] = request.user
        return attrs


# ---------------------------------------------------------------- read models of the actions

def outcome_data(outcome):
    return {
        'score': outcome.score, 'excluded': outcome.excluded, 'failing_mandatory': outcome.failing_mandatory,
        'answered': outcome.answered, 'total': outcome.total,
        'groups': {code: g.result for code, g in outcome.groups.items()},
        'features': {f'{group}/{code}': f.result for (group, code), f in outcome.features.items()},
    }


def column_data(column):
    p = column.provider
    return {'provider': {'id': p.pk, 'code': p.code, 'name': p.name}, 'evaluation': column.evaluation.pk,
            'position': column.position, 'below_pass_score': column.below_pass_score,
            **outcome_data(column.outcome)}


def matrix_data(matrix):
    return {
        'criteria_set': matrix.criteria_set.pk,
        'columns': [column_data(c) for c in matrix.columns],
        'rows': [{'kind': r.kind, 'id': r.obj.pk, 'code': r.obj.code, 'cells': r.cells, 'failing': r.failing}
                 for r in matrix.rows],
    }


class CriteriaSetActionsViewSet(viewsets.GenericViewSet):
    queryset = m.CriteriaSet.objects.none()
    serializer_class = CriteriaSetSerializer

    def _set(self, pk, act=scoping.VIEW):
        return scoping.get_or_404(m.CriteriaSet.objects.all(), self.request.user, act, pk=pk)

    @extend_schema(request=None, responses=CriteriaSetSerializer)
    @action(detail=True, methods=['post'], url_path='new-version')
    def new_version(self, request, pk=None):
        created = _run(service.new_version, self._set(pk, scoping.CHANGE), request.user)
        return Response(CriteriaSetSerializer(created, context={'request': request}).data, status=201)

    @extend_schema(request=None, responses=CriteriaSetSerializer)
    @action(detail=True, methods=['post'])
    def publish(self, request, pk=None):
        published = _run(service.publish, self._set(pk, scoping.CHANGE), request.user)
        return Response(CriteriaSetSerializer(published, context={'request': request}).data)

    @extend_schema(parameters=[OpenApiParameter('failures_only', bool)], responses=dict)
    @action(detail=True, methods=['get'])
    def matrix(self, request, pk=None):
        failures = request.query_params.get('failures_only', '').lower() in ('1', 'true', 'yes')
        return Response(matrix_data(evals.matrix(self._set(pk), failures_only=failures)))

    @extend_schema(responses=dict)
    @action(detail=True, methods=['get'])
    def ranking(self, request, pk=None):
        return Response([column_data(c) for c in evals.ranking(self._set(pk))])


class EvaluationActionsViewSet(viewsets.GenericViewSet):
    queryset = m.Evaluation.objects.none()
    serializer_class = EvaluationSerializer

    @extend_schema(responses=dict)
    @action(detail=True, methods=['get'])
    def results(self, request, pk=None):
        evaluation = scoping.get_or_404(m.Evaluation.objects.select_related('provider'), request.user, pk=pk)
        return Response({'evaluation': evaluation.pk, 'provider': evaluation.provider_id,
                         **outcome_data(evals.results(evaluation))})


class EligibleProvidersViewSet(viewsets.GenericViewSet):
    """Providers that may host a system: not excluded by the current criteria set and, with `system`,
    able to host its security level and data; the others with their reasons."""

    queryset = m.Provider.objects.none()

    @extend_schema(parameters=[OpenApiParameter('system', int)], responses=dict)
    def list(self, request):
        # By name: the catalogue stands below the inventory and imports none of it.
        InformationSystem = apps.get_model('inventory', 'InformationSystem')  # noqa: N806
        system = None
        system_id = request.query_params.get('system')
        if system_id:
            if not system_id.isdigit():
                raise serializers.ValidationError({'system': _('Give the id of an information system.')})
            system = scoping.get_or_404(InformationSystem.objects.all(), request.user, pk=int(system_id))
        result = eligibility.eligible_providers(system)

        def brief(p):
            return {'id': p.pk, 'code': p.code, 'name': p.name, 'max_security_level': p.max_security_level}

        return Response({
            'criteria_set': getattr(result.criteria_set, 'pk', None), 'system': getattr(system, 'pk', None),
            'eligible': [brief(p) for p in result.eligible],
            'left_out': [{**brief(p), 'reasons': reasons} for p, reasons in result.left_out],
        })


def register_routes(router):
    router.register('criteria-sets', CriteriaSetActionsViewSet, basename='catalog-criteriaset-actions')
    router.register('evaluations', EvaluationActionsViewSet, basename='catalog-evaluation-actions')
    router.register('eligible-providers', EligibleProvidersViewSet, basename='catalog-eligible-providers')
