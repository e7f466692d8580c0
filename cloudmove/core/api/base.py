"""API machinery: scoped viewsets and serializers built from the registry."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from cloudmove.core import registry, scoping
from cloudmove.core.filters import filterset_for
from cloudmove.core.services import objects


def _drf_error(exc):
    if hasattr(exc, 'error_dict'):
        return ValidationError({k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()})
    return ValidationError({'non_field_errors': exc.messages})


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related-object fields accept only objects in the requester's scope; writes go through services."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get('request')
        user = getattr(request, 'user', None)
        for name, field in fields.items():
            target = getattr(field, 'child_relation', field)
            qs = getattr(target, 'queryset', None)
            if qs is None or field.read_only:
                continue
            if name == 'unit' and qs.model._meta.label == 'core.Unit':
                target.queryset = scoping.assignable_units(user)
            elif scoping.is_scoped(qs.model):
                target.queryset = scoping.scope(qs, user)
        return fields

    def create(self, validated_data):
        user = self.context['request'].user
        config = registry.get(self.Meta.model)
        try:
            if config is not None and config.create_with is not None:
                return config.create_with(user, validated_data)
            return objects.create_object(user, self.Meta.model, validated_data)
        except DjangoValidationError as exc:
            raise _drf_error(exc)

    def update(self, instance, validated_data):
        view = self.context.get('view')
        try:
            return objects.update_object(self.context['request'].user, instance, validated_data,
                                         version=getattr(view, '_version', None))
        except objects.StaleEdit:
            raise
        except DjangoValidationError as exc:
            raise _drf_error(exc)


def serializer_for(config):
    if config.serializer_class is not None:
        return config.serializer_class
    names = config.api_fields or ('id', *[n for n in config.get_detail_fields() if '__' not in n])
    model_fields = {f.name for f in config.model._meta.get_fields()}
    names = [n for n in names if n in model_fields or n == 'id']
    meta = type('Meta', (), {'model': config.model, 'fields': names})
    return type(f'{config.model.__name__}Serializer', (ScopedModelSerializer,), {'Meta': meta})


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads see the requester's scope; out-of-scope objects answer 404."""

    config = None

    def get_queryset(self):
        return scoping.scope(self.config.base_queryset(), self.request.user, scoping.VIEW).order_by(
            *(self.config.model._meta.ordering or ['pk'])
        )



def etag(obj):
    version = objects.version_of(obj)
    return f'"{version}"' if version else None


class ScopedModelViewSet(ScopedReadOnlyViewSet, viewsets.ModelViewSet):
    """Writes go through the services; visible-but-locked objects answer 403. An object's ETag is its
    version: a PUT or PATCH with an If-Match that is no longer current answers 412 with what changed."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        tag = etag(self.get_object())
        if tag:
            response['ETag'] = tag
        return response

    def update(self, request, *args, **kwargs):
        match = request.headers.get('If-Match')
        self._version = match.strip().removeprefix('W/').strip('"') if match and match.strip() != '*' else None
        try:
            response = super().update(request, *args, **kwargs)
        except objects.StaleEdit as exc:
            return Response({'detail': exc.messages[0], 'changed': exc.changes},
                            status=status.HTTP_412_PRECONDITION_FAILED)
        tag = etag(self.config.model._default_manager.get(pk=self.get_object().pk))
        if tag:
            response['ETag'] = tag
        return response

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS and not scoping.allowed(self.request.user, obj, scoping.CHANGE):
            raise PermissionDenied()
        return obj

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == 'create' and not scoping.role_allows(request.user, self.config.model, scoping.CHANGE):
            raise PermissionDenied()

    def perform_destroy(self, instance):
        try:
            objects.delete_object(self.request.user, instance)
        except DjangoValidationError as exc:
            raise _drf_error(exc)


def viewset_for(config):
    attrs = {
        'config': config,
        'serializer_class': serializer_for(config),
        'filterset_class': filterset_for(config),
        'search_fields': list(config.search_fields),
        'ordering_fields': [n for n in config.list_columns if '__' not in n],
        'queryset': config.model._default_manager.none(),
    }
    base = ScopedModelViewSet if config.api_writable else ScopedReadOnlyViewSet
    return type(f'{config.model.__name__}ViewSet', (base,), attrs)
