"""The token endpoint: a password (and the TOTP code when required) for an API token."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token, user_has_device
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cloudmove.core.models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={'input_type': 'password'}, trim_whitespace=False)
    otp = serializers.CharField(required=False, allow_blank=True, help_text='The current TOTP code, when required.')
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)


class LoginThrottle(AnonRateThrottle):
    rate = '30/min'


class TokenView(APIView):
    """Exchange a username and password (and the TOTP code for roles that need it) for an API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: inline_serializer('TokenResponse', {'token': serializers.CharField(),
                                                            'expires_at': serializers.DateTimeField()})},
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(django_request, username=data.validated_data['username'],
                            password=data.validated_data['password'])
        if getattr(django_request, 'axes_locked_out', False):
            return Response({'detail': _('This account is locked after too many failed logins. Try again later.')},
                            status=status.HTTP_403_FORBIDDEN)
        if user is None:
            return Response({'detail': _('Wrong username or password.')}, status=status.HTTP_401_UNAUTHORIZED)
        if settings.CLOUDMOVE_REQUIRE_2FA and user.needs_second_factor:
            if not user_has_device(user, confirmed=True):
                return Response({'detail': _('Set up the second factor in the web interface first.')},
                                status=status.HTTP_403_FORBIDDEN)
            code = (data.validated_data.get('otp') or '').strip()
            if not code or match_token(user, code) is None:
                return Response({'detail': _('A valid one-time code (otp) is required for this account.')},
                                status=status.HTTP_401_UNAUTHORIZED)
        django_request.user = user  # the audit trail attributes the new token to its owner
        days = int(getattr(settings, 'CLOUDMOVE_TOKEN_DAYS', 90))
        token, key = ApiToken.issue(user, name=data.validated_data.get('name') or 'api',
                                    expires_at=timezone.now() + timedelta(days=days))
        return Response({'token': key, 'expires_at': token.expires_at}, status=status.HTTP_201_CREATED)
