import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudmove.core.choices import SECOND_FACTOR_ROLES, Language, Role
from cloudmove.core.models.base import AuditedModel, ScopedQuerySet


class CloudMoveUserManager(UserManager.from_queryset(ScopedQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault('role', Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AuditedModel, AbstractUser):
    """A person (or provider account). The role and unit decide what the scoping mechanism lets through."""

    full_name = models.CharField(_('full name'), max_length=200, blank=True)
    role = models.CharField(_('role'), max_length=20, choices=Role.choices, default=Role.UNIT_VIEWER)
    unit = models.ForeignKey(
        'core.Unit', on_delete=models.PROTECT, null=True, blank=True, related_name='users', verbose_name=_('unit')
    )
    provider_code = models.CharField(
        _('provider code'), max_length=40, blank=True, help_text=_('For provider accounts: the provider they work for.')
    )
    language = models.CharField(_('language'), max_length=5, choices=Language.choices, blank=True)

    objects = CloudMoveUserManager()

    scope_path_lookup = 'unit__path'
    scope_owner_lookup = 'pk'
    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('last_login',)
    audit_masked = ('password',)

    class Meta:
        ordering = ['username']
        verbose_name = _('user')
        verbose_name_plural = _('users')

    def __str__(self):
        return self.full_name and f'{self.full_name} ({self.username})' or self.username

    @property
    def effective_role(self):
        return Role.ADMIN if self.is_superuser else self.role

    @property
    def needs_second_factor(self):
        return self.effective_role in SECOND_FACTOR_ROLES

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(ScopedQuerySet):
    def active(self):
        now = timezone.now()
        unexpired = models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        return self.filter(unexpired, revoked_at__isnull=True)


class ApiToken(AuditedModel):
    """An API token. Only its SHA-256 is stored; the key is shown once, when it is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name='api_tokens', verbose_name=_('user'))
    name = models.CharField(_('name'), max_length=100, blank=True)
    prefix = models.CharField(_('prefix'), max_length=12, editable=False)
    key_hash = models.CharField(_('key hash'), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_('created at'), auto_now_add=True)
    last_used_at = models.DateTimeField(_('last used'), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_('expires at'), null=True, blank=True)
    revoked_at = models.DateTimeField(_('revoked at'), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    scope_path_lookup = 'user__unit__path'
    scope_owner_lookup = 'user'
    scope_view_roles = frozenset({Role.ADMIN})
    scope_change_roles = frozenset({Role.ADMIN})
    audit_exclude = ('last_used_at', 'key_hash', 'created_at')

    class Meta:
        ordering = ['-created_at']
        verbose_name = _('API token')
        verbose_name_plural = _('API tokens')

    def __str__(self):
        return f'{self.prefix}… ({self.user.username})'

    @classmethod
    def issue(cls, user, name='', expires_at=None):
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:8], key_hash=hash_token(key), expires_at=expires_at
        )
        return token, key

    @property
    def is_active(self):
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
