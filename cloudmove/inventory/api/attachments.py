"""API for attachments: the read-only serializer of the registered viewset, upload and download."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.core import scoping
from cloudmove.core.api.base import _drf_error
from cloudmove.inventory import choices as c
from cloudmove.inventory.models import Attachment
from cloudmove.inventory.services import attachments as service
from cloudmove.inventory.views.attachments import file_response

FIELDS = ['id', 'unit', 'object_type', 'object_id', 'kind', 'title', 'filename', 'size_bytes', 'mime_type',
          'sha256', 'uploaded_by', 'notes', 'created_at', 'updated_at', 'download_url']


class AttachmentSerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = FIELDS
        read_only_fields = FIELDS

    def get_object_type(self, obj) -> str:
        return f'{obj.content_type.app_label}.{obj.content_type.model}'

    def get_download_url(self, obj) -> str:
        return reverse('api-attachment-download', args=[obj.pk])


class AttachmentUploadSerializer(serializers.Serializer):
    object_type = serializers.CharField(
        max_length=120, help_text=gettext_lazy('The model of the object, such as inventory.virtualmachine.'))
    object_id = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=c.AttachmentKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # Empty files reach the service, which refuses them with its own message.
    file = serializers.FileField(allow_empty_file=True)


class AttachmentUploadView(APIView):
    """Attach a file to an inventory object the caller may change (multipart/form-data)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id='inventory_attachments_upload',
        request={'multipart/form-data': AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    def post(self, request):
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        app_label, _dot, model_name = data['object_type'].strip().lower().rpartition('.')
        try:
            if app_label not in ('', 'inventory'):
                raise service.UnknownObjectType(model_name)
            target = service.resolve_target(request.user, model_name, data['object_id'])
        except service.UnknownObjectType:
            raise ValidationError({'object_type': [_('Files cannot be attached to this type of object.')]})
        try:
            attachment = service.attach(request.user, target, data['file'], data['kind'], data.get('title', ''))
        except DjangoValidationError as exc:
            raise _drf_error(exc)
        body = AttachmentSerializer(attachment, context={'request': request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class AttachmentDownloadView(APIView):
    """The stored file of an attachment in the caller's scope."""

    @extend_schema(
        operation_id='inventory_attachments_download',
        responses={(200, 'application/octet-stream'): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk):
        return file_response(scoping.get_or_404(Attachment.objects.all(), request.user, pk=pk))

    def perform_content_negotiation(self, request, force=False):
        # The file is sent whatever the client accepts; errors are rendered as JSON.
        return super().perform_content_negotiation(request, force=True)
