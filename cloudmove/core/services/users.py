"""Use cases on user accounts."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cloudmove.core.choices import Role
from cloudmove.core.models import Unit, User

UNIT_BOUND_ROLES = {Role.UNIT_OFFICER, Role.UNIT_VIEWER}


@transaction.atomic
def add_user(username, password, role, unit_code=None, full_name='', email='', provider_code='', validate=True):
    if role not in Role.values:
        raise ValidationError(_('Unknown role: %(role)s. Choose one of: %(roles)s.')
                              % {'role': role, 'roles': ', '.join(Role.values)})
    unit = None
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ValidationError(_('Unknown unit: %(code)s.') % {'code': unit_code})
    if role in UNIT_BOUND_ROLES and unit is None:
        raise ValidationError(_('A unit officer or viewer needs a unit (--unit CODE).'))
    if role == Role.PROVIDER and not provider_code:
        raise ValidationError(_('A provider account needs a provider code.'))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_('The user %(username)s already exists.') % {'username': username})
    user = User(username=username, role=role, unit=unit, full_name=full_name, email=email,
                provider_code=provider_code)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
