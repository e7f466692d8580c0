"""The sentences of the cross-field rules (engine/invariants.py) and the two ways they are enforced: as a
ValidationError from a model's clean(), and as messages for an importer's rows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cloudmove.inventory.engine import invariants

MESSAGES = {
    'one_source': _('Choose exactly one source: a system, a VM or a server.'),
    'one_target': _('Choose exactly one target: a system, a VM, a server or an external platform.'),
    'name_other': _('Name the external system.'),
    'vm_or_server': _('Choose either a virtual machine or a physical server.'),
    'one_holder': _('Assign the address to one server, VM NIC or device at most.'),
    'bad_prefix': _('Not a valid prefix, e.g. 10.20.30.0/24.'),
    'gateway_outside': _('The gateway is outside the prefix.'),
}


def values_of(instance, fields):
    """A model instance's values for the rules: foreign keys by id (no query), other fields as they are."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        out[name] = getattr(instance, field.attname)
    return out


def check(instance, fields):
    """Raise the ValidationError clean() raises when the instance breaks a rule of its model."""
    found = invariants.problems(instance._meta.model_name, values_of(instance, fields))
    if not found:
        return
    errors = {}
    for field, code in found:
        errors.setdefault(field or '__all__', []).append(MESSAGES[code])
    raise ValidationError(errors)


def row_checker(model):
    """values (by field name) -> the sentences for an imported row that breaks a rule of `model`; None when
    the model has no cross-field rule (most have none: their rows need no call at all)."""
    rule = invariants.RULES.get(model._meta.model_name)
    if rule is None:
        return None
    return lambda values: [str(MESSAGES[code]) for _field, code in rule(values)]
