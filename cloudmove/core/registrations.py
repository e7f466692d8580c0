"""Registry declarations of the core models."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import scoping
from cloudmove.core.api.serializers import UnitSerializer
from cloudmove.core.filters import AuditRecordFilterSet
from cloudmove.core.forms import UserCreateForm
from cloudmove.core.models import AuditRecord, Contact, Job, Unit, UnitKind, User
from cloudmove.core.registry import ModelConfig, register

register(ModelConfig(
    model=Unit,
    slug='units',
    section='admin',
    list_columns=('code', 'name_vi', 'kind', 'parent', 'is_programme_office', 'is_active'),
    search_fields=('code', 'name_vi', 'name_en', 'short_name'),
    filter_fields=('kind', 'parent', 'is_active', 'is_programme_office'),
    form_fields=('code', 'name_vi', 'name_en', 'short_name', 'kind', 'parent', 'is_active',
                 'is_programme_office', 'email', 'phone', 'address', 'description'),
    bulk_edit_fields=('kind', 'parent', 'is_active'),
    detail_fields=('code', 'name_vi', 'name_en', 'short_name', 'kind', 'parent', 'path', 'is_active',
                   'is_programme_office', 'email', 'phone', 'address', 'description', 'created_at', 'updated_at'),
    serializer_class=UnitSerializer,
    related=((_('Sub-units'), 'children', ('code', 'name_vi', 'kind', 'is_active')),
             (_('Contacts'), 'core_contact_set', ('full_name', 'role', 'phone', 'email')),
             (_('Users'), 'users', ('username', 'full_name', 'role', 'is_active'))),
))

register(ModelConfig(
    model=UnitKind,
    slug='unit-kinds',
    section='admin',
    list_columns=('code', 'name_vi', 'name_en', 'level', 'sort_order', 'is_active'),
    search_fields=('code', 'name_vi', 'name_en'),
    filter_fields=('level', 'is_active'),
    form_fields=('code', 'name_vi', 'name_en', 'level', 'sort_order', 'is_active'),
    bulk_edit_fields=('level', 'is_active'),
    related=((_('Units'), 'units', ('code', 'name_vi', 'parent')),),
))

register(ModelConfig(
    model=User,
    slug='users',
    section='admin',
    list_columns=('username', 'full_name', 'role', 'unit', 'provider_code', 'is_active', 'last_login'),
    search_fields=('username', 'full_name', 'email'),
    filter_fields=('role', 'unit', 'is_active'),
    form_fields=('full_name', 'email', 'role', 'unit', 'provider_code', 'language', 'is_active'),
    create_form_class=UserCreateForm,
    bulk_edit_fields=('role', 'unit', 'is_active'),
    detail_fields=('username', 'full_name', 'email', 'role', 'unit', 'provider_code', 'language', 'is_active',
                   'last_login', 'date_joined'),
    api_fields=('id', 'username', 'full_name', 'email', 'role', 'unit', 'provider_code', 'language', 'is_active'),
    api_writable=False,
    extra={'importable': False},  # accounts come with passwords: made one by one, never from a file
))

register(ModelConfig(
    model=Job,
    slug='jobs',
    section='admin',
    list_columns=('id', 'title', 'kind', 'state', 'percent', 'created_by', 'unit', 'created_at', 'finished_at'),
    search_fields=('title', 'kind', 'message'),
    filter_fields=('state', 'kind', 'unit'),
    detail_fields=('id', 'title', 'kind', 'state', 'message', 'created_by', 'unit', 'created_at', 'started_at',
                   'finished_at', 'worker', 'attempts'),
    detail_template='core/job_detail.html',
    api_fields=('id', 'kind', 'title', 'params', 'state', 'progress_done', 'progress_total', 'message', 'result',
                'error', 'created_by', 'unit', 'created_at', 'started_at', 'finished_at'),
    api_writable=False,
))

register(ModelConfig(
    model=AuditRecord,
    slug='audit',
    section='admin',
    menu_label=_('Audit trail'),
    list_columns=('seq', 'timestamp', 'username', 'source', 'action', 'object_type', 'object_repr', 'request_id'),
    search_fields=('object_repr', 'username', 'request_id', 'object_id'),
    filterset_class=AuditRecordFilterSet,
    detail_fields=('seq', 'timestamp', 'username', 'source', 'request_id', 'action', 'object_type', 'object_id',
                   'object_repr', 'unit_path', 'hash', 'prev_hash'),
    export_fields=('seq', 'timestamp', 'username', 'source', 'request_id', 'action', 'object_type', 'object_id',
                   'object_repr', 'first_id', 'last_id', 'unit_path', 'before', 'after', 'prev_hash', 'hash'),
    detail_template='core/audit_detail.html',
    list_template='core/audit_list.html',
    extra_context=lambda request: {'can_verify': scoping.sees_all(AuditRecord, request.user)},
    api_fields=('id', 'seq', 'timestamp', 'user_id', 'username', 'source', 'request_id', 'action', 'object_type',
                'object_id', 'object_repr', 'first_id', 'last_id', 'unit_path', 'before', 'after', 'prev_hash',
                'hash'),
    api_writable=False,
))

register(ModelConfig(
    model=Contact,
    slug='contacts',
    section='admin',
    list_columns=('full_name', 'unit', 'role', 'position', 'phone', 'email', 'is_primary'),
    search_fields=('full_name', 'position', 'email', 'phone', 'unit__code'),
    filter_fields=('unit', 'role', 'is_primary'),
    form_fields=('unit', 'full_name', 'role', 'position', 'phone', 'email', 'is_primary', 'notes'),
    bulk_edit_fields=('role', 'is_primary'),
))
