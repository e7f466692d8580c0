from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import Role
from cloudmove.core.models.base import AuditedModel, TimestampedModel

code_validator = RegexValidator(
    r'^[A-Z0-9][A-Z0-9_.-]*$',
    _('Use capital letters, digits, dot, dash or underscore, starting with a letter or digit.'),
)


class BilingualNameMixin:
    @property
    def name(self):
        if (get_language() or 'vi').startswith('en') and self.name_en:
            return self.name_en
        return self.name_vi


class UnitKind(BilingualNameMixin, AuditedModel):
    """A kind of unit (department, board, commune...). Data, so that reforms need no code change."""

    code = models.SlugField(_('code'), max_length=40, unique=True)
    name_vi = models.CharField(_('name (Vietnamese)'), max_length=200)
    name_en = models.CharField(_('name (English)'), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(
        _('level'), default=2, help_text=_('1 = province, 2 = provincial unit, 3 = commune level or sub-unit.')
    )
    sort_order = models.PositiveSmallIntegerField(_('sort order'), default=100)
    is_active = models.BooleanField(_('active'), default=True)

    scope_path_lookup = None  # reference data: everyone reads it
    scope_change_roles = frozenset({Role.ADMIN})

    class Meta:
        ordering = ['sort_order', 'code']
        verbose_name = _('unit kind')
        verbose_name_plural = _('unit kinds')

    def __str__(self):
        return self.name


class Unit(BilingualNameMixin, AuditedModel, TimestampedModel):
    """A unit in the province's tree. `path` ('/ROOT/CHILD/') makes subtree scoping one prefix test."""

    code = models.CharField(_('code'), max_length=40, unique=True, validators=[code_validator])
    name_vi = models.CharField(_('name (Vietnamese)'), max_length=255)
    name_en = models.CharField(_('name (English)'), max_length=255, blank=True)
    short_name = models.CharField(_('short name'), max_length=80, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name='units', verbose_name=_('kind'))
    parent = models.ForeignKey(
        'self', on_delete=models.PROTECT, null=True, blank=True, related_name='children', verbose_name=_('parent unit')
    )
    path = models.CharField(_('path'), max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_('depth'), default=0, editable=False)
    is_active = models.BooleanField(_('active'), default=True)
    is_programme_office = models.BooleanField(
        _('programme office'), default=False, help_text=_('The unit that runs the migration programme.')
    )
    email = models.EmailField(_('e-mail'), blank=True)
    phone = models.CharField(_('phone'), max_length=40, blank=True)
    address = models.CharField(_('address'), max_length=300, blank=True)
    description = models.TextField(_('description'), blank=True)

    scope_path_lookup = 'path'
    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['path']
        verbose_name = _('unit')
        verbose_name_plural = _('units')

    def __str__(self):
        return f'{self.code} – {self.name}'

    def compute_path(self):
        return f'{self.parent.path if self.parent_id else "/"}{self.code}/'

    def clean(self):
        super().clean()
        if self.parent_id and self.pk:
            if self.parent_id == self.pk:
                raise ValidationError({'parent': _('A unit cannot be its own parent.')})
            parent_path = Unit.objects.filter(pk=self.parent_id).values_list('path', flat=True).first() or ''
            own_path = Unit.objects.filter(pk=self.pk).values_list('path', flat=True).first() or ''
            if own_path and parent_path.startswith(own_path):
                raise ValidationError({'parent': _('A unit cannot be moved under one of its own sub-units.')})

    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Unit.objects.filter(pk=self.pk).values_list('path', flat=True).first()
        self.path = self.compute_path()
        self.depth = self.path.count('/') - 2
        if kwargs.get('update_fields') is not None:
            kwargs['update_fields'] = set(kwargs['update_fields']) | {'path', 'depth'}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def _move_descendants(self, old_path):
        # Derived columns of the subtree follow the moved unit in one bulk update.
        descendants = list(Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
        for unit in descendants:
            unit.path = self.path + unit.path[len(old_path):]
            unit.depth = unit.path.count('/') - 2
        Unit.objects.bulk_update(descendants, ['path', 'depth'], batch_size=500)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)
