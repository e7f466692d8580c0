"""Government cloud link API under /api/govsync/ (the generic endpoint lists the outbox with each item's
state, attempts and last error): outbox/{id}/retry/ sends a failed item again; status/ counts by state."""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import scoping
from cloudmove.govsync.models import OutboxItem
from cloudmove.govsync.services import outbox


class RetryView(APIView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        item = scoping.get_or_404(OutboxItem.objects.all(), request.user, scoping.CHANGE, pk=pk)
        try:
            item = outbox.retry(request.user, item)
        except ValidationError as exc:
            return Response({'errors': exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response({'id': item.pk, 'state': item.state})


class StatusView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        s = outbox.summary(request.user)
        return Response({'configured': s['configured'], 'counts': s['counts'], 'last_delivered': s['last_delivered']})


urlpatterns = [
    path('outbox/<int:pk>/retry/', RetryView.as_view(), name='api-outbox-retry'),
    path('status/', StatusView.as_view(), name='api-govsync-status'),
]
