"""OpenAPI description of the token authentication (registered on import)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = 'cloudmove.core.api.authentication.HashedTokenAuthentication'
    name = 'tokenAuth'

    def get_security_definition(self, auto_schema):
        return {
            'type': 'apiKey',
            'in': 'header',
            'name': 'Authorization',
            'description': 'Token from POST /api/auth/token/, sent as `Authorization: Token <key>`.',
        }
