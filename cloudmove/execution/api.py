"""Execution API under /api/execution/ (the generic endpoints read and edit every record):
migrations/{id}/transition/ {"to", "comment"} answers 200 with the migration, or 409 with
{"missing": [{"code", "message"}]}; migrations/{id}/approve-golive/ records the go-live approval."""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import registry, scoping
from cloudmove.core.api.base import serializer_for
from cloudmove.execution.choices import MigrationState
from cloudmove.execution.models import Migration
from cloudmove.execution.services import lifecycle


def _migration(request, pk, action=scoping.CHANGE):
    return scoping.get_or_404(Migration.objects.select_related('system__unit'), request.user, action, pk=pk)


def _data(request, migration):
    data = serializer_for(registry.get(Migration))(migration, context={'request': request}).data
    return {**data, 'next': [{'state': o['state'], 'missing': o['missing']} for o in lifecycle.options(migration)]}


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=MigrationState.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default='')


class TransitionView(APIView):
    @extend_schema(request=TransitionSerializer, responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        migration = _migration(request, pk)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            migration = lifecycle.transition(request.user, migration, body.validated_data['to'],
                                             body.validated_data['comment'])
        except lifecycle.Refused as exc:
            return Response({'missing': exc.missing}, status=status.HTTP_409_CONFLICT)
        return Response(_data(request, migration))


class GoLiveSerializer(serializers.Serializer):
    approver = serializers.CharField(help_text='Name and position.')
    reference = serializers.CharField(help_text='Number and symbol of the decision.')
    approved_on = serializers.DateField(required=False, allow_null=True)


class GoLiveView(APIView):
    @extend_schema(request=GoLiveSerializer, responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        migration = _migration(request, pk, scoping.VIEW)
        body = GoLiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        try:
            migration = lifecycle.approve_golive(request.user, migration, values['approver'], values['reference'],
                                                 values.get('approved_on'))
        except ValidationError as exc:
            return Response({'detail': exc.messages}, status=status.HTTP_409_CONFLICT)
        return Response(_data(request, migration))


urlpatterns = [
    path('migrations/<int:pk>/transition/', TransitionView.as_view(), name='api-migration-transition'),
    path('migrations/<int:pk>/approve-golive/', GoLiveView.as_view(), name='api-migration-golive'),
]
