"""The deployment-model guide as a service: facts from the inventory, rules from the table (or the
defaults), the engine's answer rendered in the active language.

`recommend_many` reads every system's facts in a fixed number of queries (systems, their dependencies,
the rules), so the assessment can run it over a whole province.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cloudmove.guidance.choices import DeploymentModel, RuleEffect
from cloudmove.guidance.engine import deployment as engine
from cloudmove.guidance.models import DeploymentRule
from cloudmove.guidance.services.default_rules import DEFAULT_RULES
from cloudmove.inventory.choices import DataClassification, ExternalPlatform, Lifecycle
from cloudmove.inventory.models import Dependency, InformationSystem

# Every named national or provincial platform counts as a national-platform integration; "other" does not.
NATIONAL_PLATFORMS = tuple(v for v in ExternalPlatform.values if v != ExternalPlatform.OTHER)
# Systems on their way out are not migrated: they stay on premises until they are switched off.
STAYING_LIFECYCLES = (Lifecycle.RETIRING, Lifecycle.RETIRED)
FACT_FIELDS = ('pk', 'security_level', 'personal_data', 'personal_data_subjects', 'data_classification',
               'internet_facing')


def default_rules():
    """The starting rule set, as unsaved DeploymentRule objects (texts in both languages, legal basis cited)."""
    return [DeploymentRule(**row) for row in DEFAULT_RULES]


@transaction.atomic
def load_default_rules():
    """Create the default rules that are missing (by code); rules already there, maybe edited by an admin,
    are left alone. Idempotent. Returns (created, kept)."""
    existing = set(DeploymentRule.objects.values_list('code', flat=True))
    created = 0
    for rule in default_rules():
        if rule.code in existing:
            continue
        rule.full_clean()
        rule.save()  # one save per rule (ten rows): each is audited by the central mechanism
        created += 1
    return created, len(existing)


def current_rules():
    """The active rules in order; the defaults when the table is empty, so the guide works out of the box."""
    rules = list(DeploymentRule.objects.order_by('order', 'code'))
    if not rules:
        rules = sorted(default_rules(), key=lambda r: (r.order, r.code))
    return [r for r in rules if r.active]


def facts_for_many(systems):
    """{system pk: engine.Facts} for a queryset of systems, in two queries whatever its size."""
    if systems.query.is_sliced:  # a page: few enough to name the ids
        rows = list(systems.values(*FACT_FIELDS))
        ids = [row['pk'] for row in rows]
    else:  # possibly the whole province: a subquery, not thousands of parameters
        rows = list(systems.order_by().values(*FACT_FIELDS))
        ids = systems.order_by().values('pk')
    platforms = {row['pk']: set() for row in rows}
    onprem = dict.fromkeys(platforms, 0)
    links = Dependency.objects.filter(
        Q(source_system__in=ids) | Q(target_system__in=ids),
        Q(target_external__in=NATIONAL_PLATFORMS) | Q(latency_sensitive=True),
    ).values_list('source_system_id', 'target_system_id', 'target_external', 'latency_sensitive',
                  'source_server_id', 'target_server_id', 'source_system__lifecycle', 'target_system__lifecycle')
    for source, target, external, latency, source_server, target_server, source_life, target_life in links:
        if source in platforms and external in NATIONAL_PLATFORMS:
            platforms[source].add(external)
        if not latency:
            continue
        if source in onprem and (target_server or target_life in STAYING_LIFECYCLES):
            onprem[source] += 1
        if target in onprem and (source_server or source_life in STAYING_LIFECYCLES):
            onprem[target] += 1
    return {
        row['pk']: engine.Facts(
            security_level=row['security_level'], personal_data=row['personal_data'],
            personal_data_subjects=row['personal_data_subjects'],
            data_classification=row['data_classification'] or '', internet_facing=row['internet_facing'],
            national_platforms=tuple(p for p in NATIONAL_PLATFORMS if p in platforms[row['pk']]),
            onprem_latency_links=onprem[row['pk']])
        for row in rows
    }


@dataclass
class ReasonView:
    rule: str  # the rule code, or '' for the guide's own remarks
    name: str
    text: str
    effect: str
    effect_text: str
    models: list = field(default_factory=list)

    def as_dict(self):
        return {'rule': self.rule, 'name': self.name, 'text': self.text, 'effect': self.effect,
                'effect_text': self.effect_text, 'models': self.models}


@dataclass
class Advice:
    """The guide's answer for one system, worded in the language active when it was made."""

    system_id: int
    model: str | None
    label: str
    conflict: bool
    allowed: list
    ruled_out: list  # [{'model', 'label', 'rules'}]
    reasons: list  # [ReasonView]
    facts: list  # [(label, value)] what the rules looked at

    def as_dict(self):
        return {'system': self.system_id, 'model': self.model, 'label': self.label, 'conflict': self.conflict,
                'allowed': self.allowed, 'ruled_out': self.ruled_out,
                'reasons': [r.as_dict() for r in self.reasons]}


def _labels(codes):
    labels = dict(DeploymentModel.choices)
    return ', '.join(str(labels[c]) for c in codes)


def _effect_text(reason):
    models = _labels(reason.models)
    if reason.effect == RuleEffect.REQUIRE:
        return _('Allows only: %(models)s') % {'models': models}
    if reason.effect == RuleEffect.EXCLUDE:
        return _('Rules out: %(models)s') % {'models': models}
    return _('Prefers %(models)s (weight %(weight)s)') % {'models': models, 'weight': reason.weight}


def _render_reason(reason, rules_by_code):
    if reason.key == 'rule':
        rule = rules_by_code[reason.rule]
        return ReasonView(rule=rule.code, name=rule.display_name, text=rule.explanation, effect=reason.effect,
                          effect_text=_effect_text(reason), models=list(reason.models))
    guide = _('Deployment-model guide')
    if reason.key == engine.CONFLICT:
        codes = ', '.join(reason.param_dict.get('rules', ())) or '—'
        text = _('The rules leave no deployment model for this system (rules %(rules)s). Review these rules '
                 'or the system\'s data.') % {'rules': codes}
        return ReasonView(rule='', name=guide, text=text, effect='conflict', effect_text=_('Conflict'))
    if reason.key == engine.TIE:
        text = _('%(models)s score the same; the safer one was chosen (community, then private, hybrid, '
                 'public).') % {'models': _labels(reason.models)}
    else:
        text = _('No rule applies to this system: the safest model still allowed was chosen (community, then '
                 'private, hybrid, public).')
    return ReasonView(rule='', name=guide, text=text, effect=reason.effect, effect_text=_('Tie-break'),
                      models=list(reason.models))


def _facts_display(facts):
    yes, no = _('Yes'), _('No')
    classifications = dict(DataClassification.choices)
    platforms = dict(ExternalPlatform.choices)
    subjects = facts.personal_data_subjects
    return [
        (_('Security level'), facts.security_level or _('Not determined')),
        (_('Personal data'), (number_format(subjects, force_grouping=True) if facts.personal_data and subjects
                              else yes if facts.personal_data else no)),
        (_('Data classification'), classifications.get(facts.data_classification) or '—'),
        (_('Internet-facing'), yes if facts.internet_facing else no),
        (_('National platforms'), ', '.join(str(platforms[p]) for p in facts.national_platforms) or '—'),
        (_('Latency-sensitive links to on-premises components'), facts.onprem_latency_links),
    ]


def advise(system_id, facts, rules):
    """Evaluate and word one answer. `rules` are DeploymentRule objects (saved or not)."""
    result = engine.evaluate(facts, [r.to_engine() for r in rules])
    by_code = {r.code: r for r in rules}
    labels = dict(DeploymentModel.choices)
    return Advice(
        system_id=system_id, model=result.model,
        label=str(labels[result.model]) if result.model else _('No model fits: the rules conflict'),
        conflict=result.conflict, allowed=list(result.allowed),
        ruled_out=[{'model': m, 'label': str(labels[m]), 'rules': list(codes)} for m, codes in result.ruled_out],
        reasons=[_render_reason(r, by_code) for r in result.reasons],
        facts=_facts_display(facts),
    )


def recommend_many(systems, rules=None):
    """{system pk: Advice} for a queryset of systems (already scoped by the caller); a fixed number of
    queries whatever the number of systems."""
    rules = current_rules() if rules is None else rules
    return {pk: advise(pk, facts, rules) for pk, facts in facts_for_many(systems).items()}


def allowed_many(systems, rules=None):
    """{system pk: (allowed models, conflict)}: the guide's bare answer for many systems, without the
    wording (what the assessment needs for every system of the province)."""
    rules = [r.to_engine() for r in (current_rules() if rules is None else rules)]
    out = {}
    for pk, facts in facts_for_many(systems).items():
        result = engine.evaluate(facts, rules)
        out[pk] = (tuple(result.allowed), bool(result.conflict))
    return out


def recommend(system, rules=None):
    """The Advice for one information system (already checked to be in the caller's scope)."""
    return recommend_many(InformationSystem.objects.filter(pk=system.pk), rules)[system.pk]
