"""API of providers and price books: the provider serializer with its exclusion, and
POST /api/catalog/price-books/import/ and GET /api/catalog/price-books/{id}/export/."""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cloudmove.catalog import models as m
from cloudmove.catalog.pricebook import spec
from cloudmove.catalog.services import evaluations, prices
from cloudmove.core import scoping
from cloudmove.core.api.base import ScopedModelSerializer
from cloudmove.core.imports import uploads as workbooks

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
PROVIDER_FIELDS = ['id', 'code', 'name', 'kind', 'website', 'description', 'mic_certified', 'mic_reference',
                   'max_security_level', 'iso27001', 'iso27001_valid_until', 'dc_tier', 'illustrative', 'notes',
                   'excluded', 'failing_criteria']


class ProviderSerializer(ScopedModelSerializer):
    excluded = serializers.SerializerMethodField(
        help_text=gettext_lazy('True when the provider fails a mandatory criterion of the published criteria set.'))
    failing_criteria = serializers.SerializerMethodField(
        help_text=gettext_lazy('Codes of the mandatory criteria the provider fails.'))

    class Meta:
        model = m.Provider
        fields = PROVIDER_FIELDS
        read_only_fields = ['excluded', 'failing_criteria']

    def _exclusions(self):
        # One evaluation per request, shared by every row of a list (the context is the list's).
        context = self.context
        if '_catalog_exclusions' not in context:
            context['_catalog_exclusions'] = evaluations.exclusions() or {}
        return context['_catalog_exclusions']

    def get_excluded(self, obj) -> bool:
        return bool(self._exclusions().get(obj.pk))

    def get_failing_criteria(self, obj) -> list[str]:
        return list(self._exclusions().get(obj.pk) or [])


class PriceImportSerializer(serializers.Serializer):
    provider = serializers.SlugRelatedField(slug_field='code', queryset=m.Provider.objects.all(),
                                            help_text=gettext_lazy('Provider code.'))
    file = serializers.FileField(allow_empty_file=True)
    version = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                    help_text=gettext_lazy('Version the file goes into (required for a CSV).'))
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    dry_run = serializers.BooleanField(required=False, default=False)


class PriceImportView(APIView):
    """Validate a price-book file (.xlsx, or one kind as CSV) and apply it unless it is a dry run.
    Answers 200 with the change set, or 400 with every problem when the file is refused."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id='catalog_price_books_import', tags=['catalog'],
                   request={'multipart/form-data': PriceImportSerializer},
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        if not scoping.role_allows(request.user, m.PriceBook, scoping.CHANGE):
            raise PermissionDenied()
        upload = PriceImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        name = workbooks.store_upload(data['file'])
        path = workbooks.upload_path(name)
        try:
            report = prices.import_file(path, data['provider'], request.user, dry_run=data['dry_run'],
                                        version=data.get('version') or None, valid_from=data.get('valid_from'),
                                        valid_to=data.get('valid_to'))
        except DjangoPermissionDenied:
            raise PermissionDenied()
        finally:
            Path(path).unlink(missing_ok=True)
        result = prices.result_of(report)
        result['dry_run'] = data['dry_run']
        return Response(result, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)


class PriceExportView(APIView):
    """One price-book version as .xlsx, or one kind of item as CSV (?kind=flavours|tiers|services)."""

    @extend_schema(operation_id='catalog_price_books_export', tags=['catalog'],
                   parameters=[OpenApiParameter('kind', OpenApiTypes.STR, required=False, enum=sorted(spec.KINDS))],
                   responses={(200, 'application/octet-stream'): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk):
        book = scoping.get_or_404(m.PriceBook.objects.select_related('provider'), request.user, pk=pk)
        kind = request.query_params.get('kind') or None
        if kind is not None and kind not in spec.KINDS:
            return Response({'kind': [f'one of {", ".join(sorted(spec.KINDS))}']},
                            status=status.HTTP_400_BAD_REQUEST)
        return price_book_file(book, kind)

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


def price_book_file(book, kind=None):
    """The export as a download (shared by the API and the UI)."""
    buffer = tempfile.TemporaryFile()
    prices.export(book, buffer, kind)
    buffer.seek(0)
    stem = f'bang-gia-{book.provider.code}-{book.version}-{timezone.localtime():%Y%m%d}'
    if kind:
        return FileResponse(buffer, as_attachment=True, filename=f'{stem}-{kind}.csv',
                            content_type='text/csv; charset=utf-8')
    return FileResponse(buffer, as_attachment=True, filename=f'{stem}.xlsx', content_type=XLSX)
