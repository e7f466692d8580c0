"""API endpoints outside the generic viewsets: the current user, own tokens, job cancel."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import scoping
from cloudmove.core.models import ApiToken, Job, Unit
from cloudmove.core.services import jobs


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ['id', 'code', 'name_vi', 'name_en']


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.CharField(source='effective_role')
    unit = UnitBriefSerializer(allow_null=True)
    provider_code = serializers.CharField()
    language = serializers.CharField()
    needs_second_factor = serializers.BooleanField()


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'is_active']


class TokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    """The caller's own API tokens; DELETE revokes one."""

    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return scoping.scope(ApiToken.objects.filter(user=self.request.user), self.request.user)

    def perform_destroy(self, instance):
        if instance.revoked_at is None:
            instance.revoked_at = timezone.now()
            instance.save()


class JobActionsViewSet(viewsets.GenericViewSet):
    queryset = Job.objects.none()
    serializer_class = serializers.Serializer

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=['post'])
    def cancel(self, request, pk=None):
        job = scoping.get_or_404(Job.objects.all(), request.user, pk=pk)
        job = jobs.cancel(request.user, job)
        return Response({'id': job.pk, 'state': job.state, 'cancel_requested': job.cancel_requested})
