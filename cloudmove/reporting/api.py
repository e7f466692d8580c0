"""Reporting API under /api/reporting/ (the generic endpoints draft, read and edit progress reports, report
templates and requests, and read answers): progress-reports/{id}/docx/, /annex/ and /annex-pack/ (a zip of
the annex and the lists);
report-requests/{id}/send/, /remind/, /close/ and /aggregation/ (the office's); report-answers/{id}/answer/
{"values": {KEY: text, figure or rows}, "difficulties", "proposals", "submit": bool} (the unit's) and
report-answers/{id}/review/ {"decision": "accept"|"return", "comment"} (the office's). A refusal answers 400
with {"errors": [...]}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import registry, scoping
from cloudmove.core.api.base import ScopedModelSerializer, serializer_for
from cloudmove.reporting import views
from cloudmove.reporting.models import ReportAnswer, ReportRequest
from cloudmove.reporting.services import requests


class ReportDocxView(APIView):
    @extend_schema(responses={(200, views.DOCX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return views.docx_for(request.user, pk)


class ReportAnnexView(APIView):
    @extend_schema(responses={(200, views.XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return views.annex_for(request.user, pk)


class ReportRequestSerializer(ScopedModelSerializer):
    """A request as the API shows and takes it: its state moves only by send and close."""

    class Meta:
        model = ReportRequest
        fields = ['id', 'unit', 'template', 'subject', 'period', 'instructions', 'deadline', 'units', 'questions',
                  'remind_days_before', 'state', 'sent_at']
        read_only_fields = ['state', 'sent_at']


class ReportPackView(APIView):
    @extend_schema(responses={(200, 'application/zip'): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return views.pack_for(request.user, pk)


def _refused(exc):
    return Response({'errors': exc.messages}, status=status.HTTP_400_BAD_REQUEST)


def _answer_data(request, answer):
    return serializer_for(registry.get(ReportAnswer))(answer, context={'request': request}).data


class RequestActionView(APIView):
    action = None

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        report_request = scoping.get_or_404(ReportRequest.objects.all(), request.user, scoping.CHANGE, pk=pk)
        function = views.REQUEST_ACTIONS[self.action][0]
        try:
            result = function(request.user, report_request)
        except ValidationError as exc:
            return _refused(exc)
        report_request.refresh_from_db()
        body = {'id': report_request.pk, 'state': report_request.state}
        if self.action == 'send':
            body['asked'] = result
        elif self.action == 'remind':
            body['reminded'] = sorted(u.code for u in result)
        return Response(body)


class AggregationView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        report_request = views.request_for_office(request.user, pk)
        agg = requests.aggregation(request.user, report_request)
        return Response({
            'questions': agg['questions'],
            'answered': [a.unit.code for a in agg['answers']],
            'outstanding': [a.unit.code for a in agg['outstanding']],
            'difficulties': [{'unit': u, 'text': t} for u, t in agg['difficulties']],
            'proposals': [{'unit': u, 'text': t} for u, t in agg['proposals']],
        })


class AnswerSerializer(serializers.Serializer):
    values = serializers.DictField(required=False, default=dict)
    difficulties = serializers.CharField(required=False, allow_blank=True, default=None)
    proposals = serializers.CharField(required=False, allow_blank=True, default=None)
    submit = serializers.BooleanField(required=False, default=False)


class AnswerView(APIView):
    @extend_schema(request=AnswerSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        answer = scoping.get_or_404(ReportAnswer.objects.all(), request.user, pk=pk)
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            answer = requests.save_answer(request.user, answer, data['values'], data['difficulties'],
                                          data['proposals'])
            if data['submit']:
                answer = requests.submit(request.user, answer)
        except ValidationError as exc:
            return _refused(exc)
        except PermissionDenied as exc:
            raise Forbidden(str(exc))
        return Response(_answer_data(request, answer))


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=['accept', 'return'])
    comment = serializers.CharField(required=False, allow_blank=True, default='')


class ReviewView(APIView):
    @extend_schema(request=ReviewSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        answer = scoping.get_or_404(ReportAnswer.objects.all(), request.user, pk=pk)
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decide = requests.accept if body.validated_data['decision'] == 'accept' else requests.return_answer
        try:
            answer = decide(request.user, answer, body.validated_data['comment'])
        except ValidationError as exc:
            return _refused(exc)
        except PermissionDenied as exc:
            raise Forbidden(str(exc))
        return Response(_answer_data(request, answer))


urlpatterns = [
    *[path(f'report-requests/<int:pk>/{action}/', RequestActionView.as_view(action=action),
           name=f'api-request-{action}') for action in views.REQUEST_ACTIONS],
    path('report-requests/<int:pk>/aggregation/', AggregationView.as_view(), name='api-request-aggregation'),
    path('report-answers/<int:pk>/answer/', AnswerView.as_view(), name='api-answer'),
    path('report-answers/<int:pk>/review/', ReviewView.as_view(), name='api-answer-review'),
    path('progress-reports/<int:pk>/docx/', ReportDocxView.as_view(), name='api-report-docx'),
    path('progress-reports/<int:pk>/annex/', ReportAnnexView.as_view(), name='api-report-annex'),
    path('progress-reports/<int:pk>/annex-pack/', ReportPackView.as_view(), name='api-report-pack'),
]
