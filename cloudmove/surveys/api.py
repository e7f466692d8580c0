"""Serializers of the generic endpoints, and the workflow actions:
POST /api/surveys/campaigns/{id}/launch|close/ and /api/surveys/assignments/{id}/start|submit|return|approve/."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cloudmove.core import scoping
from cloudmove.core.api.base import ScopedModelSerializer, _drf_error
from cloudmove.inventory.choices import SystemCategory
from cloudmove.surveys.models import Campaign, CampaignAssignment
from cloudmove.surveys.services import campaigns as service


class CampaignSerializer(ScopedModelSerializer):
    system_categories = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text='Codes of the information-system categories to survey (as in the inventory); empty for all.')

    class Meta:
        model = Campaign
        fields = ['id', 'unit', 'name', 'objectives', 'units', 'system_categories', 'scale', 'work_items',
                  'start_date', 'end_date', 'state', 'launched_at']
        read_only_fields = ['state', 'launched_at']

    def validate_system_categories(self, value):
        unknown = sorted(set(value) - set(SystemCategory.values))
        if unknown:
            raise serializers.ValidationError(_('Unknown categories: %(codes)s') % {'codes': ', '.join(unknown)})
        return list(dict.fromkeys(value))


class AssignmentSerializer(ScopedModelSerializer):
    class Meta:
        model = CampaignAssignment
        fields = ['id', 'campaign', 'unit', 'due_date', 'state', 'reviewer', 'submitted_at', 'approved_at',
                  'completeness', 'updated_at']
        read_only_fields = ['state', 'reviewer', 'submitted_at', 'approved_at', 'completeness', 'updated_at']


class LaunchSerializer(serializers.Serializer):
    send_workbooks = serializers.BooleanField(
        required=False, default=False,
        help_text='Link each unit\'s notification to its generated workbook (and mail it when a server is set).')


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default='')


def _run(func, *args):
    try:
        return func(*args)
    except DjangoValidationError as exc:
        raise _drf_error(exc)


class CampaignActionsViewSet(viewsets.GenericViewSet):
    queryset = Campaign.objects.none()
    serializer_class = CampaignSerializer

    def _campaign(self, pk):
        return scoping.get_or_404(Campaign.objects.all(), self.request.user, pk=pk)

    @extend_schema(request=LaunchSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=['post'])
    def launch(self, request, pk=None):
        data = LaunchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = _run(service.launch, request.user, self._campaign(pk), data.validated_data['send_workbooks'])
        return Response(CampaignSerializer(campaign, context={'request': request}).data)

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=['post'])
    def close(self, request, pk=None):
        campaign = _run(service.close, request.user, self._campaign(pk))
        return Response(CampaignSerializer(campaign, context={'request': request}).data)


class AssignmentActionsViewSet(viewsets.GenericViewSet):
    queryset = CampaignAssignment.objects.none()
    serializer_class = AssignmentSerializer

    def _do(self, request, pk, func, *args):
        assignment = scoping.get_or_404(CampaignAssignment.objects.select_related('campaign', 'unit'),
                                        request.user, pk=pk)
        assignment = _run(func, request.user, assignment, *args)
        return Response(AssignmentSerializer(assignment, context={'request': request}).data)

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=['post'])
    def start(self, request, pk=None):
        return self._do(request, pk, service.start)

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=['post'])
    def submit(self, request, pk=None):
        return self._do(request, pk, service.submit)

    @extend_schema(request=CommentSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=['post'], url_path='return')
    def return_submission(self, request, pk=None):
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._do(request, pk, service.return_with_comment, data.validated_data['comment'])

    @extend_schema(request=CommentSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=['post'])
    def approve(self, request, pk=None):
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._do(request, pk, service.approve, data.validated_data['comment'])


router = SimpleRouter()
router.register('campaigns', CampaignActionsViewSet, basename='survey-campaign-actions')
router.register('assignments', AssignmentActionsViewSet, basename='survey-assignment-actions')
urlpatterns = router.urls
