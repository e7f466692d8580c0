"""The one place that decides which objects a user may view or change.

Every list, detail, edit, search, export, API endpoint, import and job filters through `scope()`
(querysets) or `allowed()` (one instance, also before it is saved). A model takes part by declaring
`scope_path_lookup` (the lookup from it to its owning unit's path) and, optionally,
`scope_via_lookups` (lookups through many-valued relations to further unit paths whose units also see
the row, matched through a subquery so lists hold each row once; with `scope_via_view_only` they only
read it), `scope_owner_lookup`,
`scope_provider_lookup`, `scope_public_lookup` (rows everyone may read, such as the province's shared
platforms), `scope_view_roles` and `scope_change_roles`.
Models with no path lookup are reference data: every signed-in user reads them.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from cloudmove.core.choices import PROVINCE_WIDE_ROLES, Role

VIEW, CHANGE = 'view', 'change'
ALL_ROLES = frozenset(Role.values)
UNIT_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_VIEWER})
DEFAULT_CHANGE_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER, Role.PROVIDER})


class OutOfScope(Http404):
    """Raised for an object outside the user's scope: it answers 404, as if it did not exist."""


def is_scoped(model):
    return getattr(model, 'scope_path_lookup', None) is not None


def roles_for(model, action):
    if action == VIEW:
        return frozenset(getattr(model, 'scope_view_roles', ALL_ROLES))
    return frozenset(getattr(model, 'scope_change_roles', DEFAULT_CHANGE_ROLES))


def role_of(user):
    """The role a signed-in, active user acts with; None for anyone else."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.effective_role


def unit_path(user):
    """The path of the user's unit, cached on the user object for the request."""
    if not getattr(user, 'unit_id', None):
        return None
    if not hasattr(user, '_scope_unit_path'):
        user._scope_unit_path = user.unit.path if user.unit.is_active else None
    return user._scope_unit_path


def role_allows(user, model, action=VIEW):
    role = role_of(user)
    return role is not None and role in roles_for(model, action)


def scope_q(model, user, action=VIEW):
    """A Q object for the rows `user` may act on, or None for every row; Q(pk__in=[]) for none."""
    role = role_of(user)
    nothing = Q(pk__in=[])
    if role is None:
        return nothing
    owner_lookup = getattr(model, 'scope_owner_lookup', None)
    if role not in roles_for(model, action):
        # The owner always reads what is theirs (their tokens, their jobs), whatever their role.
        return Q(**{owner_lookup: user.pk}) if owner_lookup and action == VIEW else nothing
    path_lookup = getattr(model, 'scope_path_lookup', None)
    if role in PROVINCE_WIDE_ROLES or path_lookup is None:
        return None
    q = nothing
    path = unit_path(user)
    if role in UNIT_ROLES and path:
        q |= Q(**{f'{path_lookup}__startswith': path})
        for via in _vias(model, action):
            q |= Q(pk__in=model._default_manager.filter(**{f'{via}__startswith': path}).values('pk'))
    provider_lookup = getattr(model, 'scope_provider_lookup', None)
    if role == Role.PROVIDER and provider_lookup and user.provider_code:
        q |= Q(**{provider_lookup: user.provider_code})
    if owner_lookup:
        q |= Q(**{owner_lookup: user.pk})
    public_lookup = getattr(model, 'scope_public_lookup', None)
    if public_lookup and action == VIEW:
        q |= Q(**{public_lookup: True})
    return q


def sees_all(model, user, action=VIEW):
    """Whether the user's scope for `model` is every row (for actions on the whole table, such as
    verifying the audit chain)."""
    return role_allows(user, model, action) and scope_q(model, user, action) is None


def scope(queryset, user, action=VIEW):
    q = scope_q(queryset.model, user, action)
    if q is None:
        return queryset
    return queryset.filter(q)


def trusted_or_scoped(queryset, user, action=VIEW):
    """`scope()` for a person; every row for None, which services take to mean the command line (run by
    the programme's operator)."""
    return queryset if user is None else scope(queryset, user, action)


def _vias(model, action):
    """The further paths that let a unit's users act on a row; with `scope_via_view_only` they only read
    it (a document published to a unit, a training it attended: its owner alone changes it)."""
    if action != VIEW and getattr(model, 'scope_via_view_only', False):
        return ()
    return getattr(model, 'scope_via_lookups', ())


def _resolve(instance, lookup):
    value = instance
    for part in lookup.split('__'):
        if value is None:
            return None
        value = getattr(value, 'pk' if part == 'pk' else part)
    return getattr(value, 'pk', value)


def allowed(user, instance, action=VIEW):
    """The same rule as `scope()`, evaluated on one instance (which may not be saved yet)."""
    model = type(instance)
    role = role_of(user)
    if role is None:
        return False
    owner_lookup = getattr(model, 'scope_owner_lookup', None)
    if role not in roles_for(model, action):
        return bool(owner_lookup and action == VIEW and _resolve(instance, owner_lookup) == user.pk)
    path_lookup = getattr(model, 'scope_path_lookup', None)
    if role in PROVINCE_WIDE_ROLES or path_lookup is None:
        return True
    path = unit_path(user)
    if role in UNIT_ROLES and path:
        own = _resolve(instance, path_lookup) if path_lookup != 'path' else instance.compute_path()
        if own and own.startswith(path):
            return True
        vias = _vias(model, action)
        if vias and instance.pk is not None:
            q = Q(pk__in=[])
            for via in vias:
                q |= Q(**{f'{via}__startswith': path})
            if model._default_manager.filter(q, pk=instance.pk).exists():
                return True
    provider_lookup = getattr(model, 'scope_provider_lookup', None)
    if (role == Role.PROVIDER and provider_lookup and user.provider_code
            and _resolve(instance, provider_lookup) == user.provider_code):
        return True
    if owner_lookup and _resolve(instance, owner_lookup) == user.pk:
        return True
    public_lookup = getattr(model, 'scope_public_lookup', None)
    return bool(public_lookup and action == VIEW and _resolve(instance, public_lookup))


def get_or_404(queryset, user, action=VIEW, **lookup):
    """The object if it is in the user's view scope; 404 otherwise. For CHANGE, 403 if visible only."""
    from django.core.exceptions import PermissionDenied

    obj = scope(queryset, user, VIEW).filter(**lookup).first()
    if obj is None:
        raise OutOfScope(_('Not found.'))
    if action != VIEW and not allowed(user, obj, action):
        raise PermissionDenied(_('You may view this object but not change it.'))
    return obj


def ensure(user, instance, action=CHANGE):
    """Raise unless `user` may act on `instance`: 404 when it is outside the scope altogether."""
    from django.core.exceptions import PermissionDenied

    if allowed(user, instance, action):
        return
    if instance.pk is not None and not allowed(user, instance, VIEW):
        raise OutOfScope(_('Not found.'))
    raise PermissionDenied(_('You are not allowed to change this object.'))


def reader_of(unit):
    """An unsaved reader of `unit`'s subtree, for what a unit's own document states: its figures are
    counted in the unit's scope, whoever drafts or exports it."""
    from cloudmove.core.models import User

    return User(role=Role.UNIT_VIEWER, unit=unit, is_active=True)


def assignable_units(user):
    """Units a user may put objects into: the whole tree for admins, the own subtree for unit officers."""
    from cloudmove.core.models import Unit

    role = role_of(user)
    units = Unit.objects.filter(is_active=True)
    if role == Role.ADMIN:
        return units
    path = unit_path(user)
    if role == Role.UNIT_OFFICER and path:
        return units.filter(path__startswith=path)
    return units.none()
