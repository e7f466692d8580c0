"""Migration design actions under /api/planning/designs/{id}/ (the generic endpoint creates, reads and edits
designs; POST with {"system": id} opens the system's design): approve/ (200 with the design, or 409 with
{"missing": [{"code", "message"}]}), new-version/, reip/ and rental-plan/ (the .docx)."""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import registry, scoping
from cloudmove.core.api.base import serializer_for
from cloudmove.planning.models import MigrationDesign
from cloudmove.planning.services import designs
from cloudmove.planning.views.designs import DOCX, design_or_404, rental_plan_response


def _design(request, pk, action=scoping.VIEW):
    return design_or_404(request.user, pk, action)


def _data(request, design):
    return serializer_for(registry.get(MigrationDesign))(design, context={'request': request}).data


class ApproveSerializer(serializers.Serializer):
    approver = serializers.CharField(required=False, allow_blank=True, help_text='Name and position.')
    approved_on = serializers.DateField(required=False, allow_null=True)
    approval_reference = serializers.CharField(required=False, allow_blank=True,
                                               help_text='Number and symbol of the decision.')


class ApproveView(APIView):
    @extend_schema(request=ApproveSerializer, responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        design = _design(request, pk, scoping.CHANGE)
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        try:
            design = designs.approve(request.user, design, values.get('approver', ''), values.get('approved_on'),
                                     values.get('approval_reference', ''))
        except designs.Incomplete as exc:
            return Response({'missing': exc.missing}, status=status.HTTP_409_CONFLICT)
        return Response(_data(request, design))


class NewVersionView(APIView):
    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        design = designs.open_design(request.user, _design(request, pk, scoping.CHANGE).system)
        return Response(_data(request, design), status=status.HTTP_201_CREATED)


class ReIpView(APIView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        design = _design(request, pk, scoping.CHANGE)
        try:
            plan = designs.plan_reip(design, request.user, keep_chosen=request.data.get('fresh') not in (True, '1'))
        except ValidationError as exc:
            return Response({'detail': ' '.join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return Response({'changed': plan.changed, 'missing_subnet': plan.missing_subnet,
                         'exhausted': plan.exhausted,
                         'machines': list(design.machines.order_by('vm__name').values(
                             'id', 'vm', 'vm__name', 'current_ip', 'target_ip', 'reip'))})


class RentalPlanView(APIView):
    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return rental_plan_response(_design(request, pk))


urlpatterns = [
    path('designs/<int:pk>/approve/', ApproveView.as_view(), name='api-design-approve'),
    path('designs/<int:pk>/new-version/', NewVersionView.as_view(), name='api-design-new-version'),
    path('designs/<int:pk>/reip/', ReIpView.as_view(), name='api-design-reip'),
    path('designs/<int:pk>/rental-plan/', RentalPlanView.as_view(), name='api-design-rental-plan'),
]
