"""Which providers may host a system: the question later steps (assessment, design) ask the catalogue.

A provider is left out when the current published criteria set excludes it (a mandatory criterion not
met), and, for a given system, when it cannot host the system's security level or its kind of data.
Every left-out provider comes with its reasons, so that pages can explain the choice.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cloudmove.catalog.choices import ProviderKind
from cloudmove.catalog.models import Provider
from cloudmove.catalog.services import evaluations

STATE_SECRET = 'state_secret'


@dataclass
class Eligibility:
    criteria_set: object
    eligible: list = field(default_factory=list)
    left_out: list = field(default_factory=list)   # [(provider, [reasons])]

    def __iter__(self):
        return iter(self.eligible)

    def reasons(self, provider):
        return next((r for p, r in self.left_out if p.pk == getattr(provider, 'pk', provider)), [])


def system_reasons(provider, system):
    """Why `provider` cannot host `system` (empty when it can). Unknown system values set no condition."""
    reasons = []
    level = getattr(system, 'security_level', None)
    if level:
        if provider.max_security_level is None:
            reasons.append(_('The highest security level it can host is not recorded; the system is level '
                             '%(level)s.') % {'level': level})
        elif provider.max_security_level < level:
            reasons.append(_('It hosts systems up to security level %(max)s; the system is level %(level)s.') % {
                'max': provider.max_security_level, 'level': level})
    if getattr(system, 'data_classification', '') == STATE_SECRET and provider.kind != ProviderKind.GOVERNMENT:
        reasons.append(_('The system holds state secrets: only a government cloud may host it.'))
    if getattr(system, 'personal_data', False) and provider.kind == ProviderKind.INTERNATIONAL:
        reasons.append(_('The system processes personal data, which must stay in Vietnam: an international cloud '
                         'is left out.'))
    return reasons


def eligible_providers(system=None, providers=None):
    """Providers not excluded by the current criteria set and, for `system`, able to host it."""
    criteria_set = evaluations.current_set()
    excluded = evaluations.exclusions()
    providers = Provider.objects.all() if providers is None else providers
    out = Eligibility(criteria_set)
    for provider in providers.order_by('name'):
        reasons = []
        if provider.pk in excluded:
            # Its latest evaluation decides, which may be on an earlier version than the current set.
            reasons.append(_('Fails mandatory criteria: %(codes)s.') % {'codes': ', '.join(excluded[provider.pk])})
        if system is not None:
            reasons += system_reasons(provider, system)
        if reasons:
            out.left_out.append((provider, reasons))
        else:
            out.eligible.append(provider)
    return out
