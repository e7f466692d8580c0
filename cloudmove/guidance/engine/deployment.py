"""Deployment-model rules: the facts of one information system + an ordered rule list -> a recommendation.

Pure Python (no Django), so the rule semantics can be tested exhaustively and reused by the assessment.

Semantics:
- every rule whose condition holds on the facts "fires" and becomes a reason;
- `require` rules intersect: the answer must be in every required set;
- `exclude` rules remove models;
- `prefer` rules add their weight to each model they name;
- the answer is the allowed model with the highest score, ties broken by SAFETY_ORDER
  (community > private > hybrid > public: the more controlled option wins when nothing decides);
- if the requirements and exclusions leave nothing, the answer is an explicit conflict, with the rules
  that caused it, so that an admin can fix the rule set or the system's data.
"""

from dataclasses import dataclass, field

PRIVATE, COMMUNITY, PUBLIC, HYBRID = 'private', 'community', 'public', 'hybrid'
MODELS = (PRIVATE, COMMUNITY, PUBLIC, HYBRID)
SAFETY_ORDER = (COMMUNITY, PRIVATE, HYBRID, PUBLIC)

REQUIRE, EXCLUDE, PREFER = 'require', 'exclude', 'prefer'
EFFECTS = (REQUIRE, EXCLUDE, PREFER)

# Reasons the engine adds itself (not from a rule).
NO_RULE = 'no_rule'  # nothing fired: the safety order decided
CONFLICT = 'conflict'  # the rules leave no model
TIE = 'tie'  # several allowed models share the top score: the safety order decided between them
SYSTEM_RULE = '_engine'


@dataclass(frozen=True)
class Facts:
    """What the rules may look at. `security_level` None = not determined yet."""

    security_level: int | None = None
    personal_data: bool = False
    personal_data_subjects: int | None = None
    data_classification: str = ''
    internet_facing: bool = False
    national_platforms: tuple = ()  # codes of the national/provincial platforms it connects to
    onprem_latency_links: int = 0  # latency-sensitive links to components that stay on premises


@dataclass(frozen=True)
class Condition:
    """Every given criterion must hold; None (or an empty set) means "any"."""

    min_level: int | None = None
    max_level: int | None = None
    level_determined: bool | None = None
    personal_data: bool | None = None
    min_subjects: int | None = None
    classifications: frozenset = frozenset()
    internet_facing: bool | None = None
    national_platform: bool | None = None
    onprem_latency: bool | None = None

    def holds(self, f: Facts) -> bool:
        level = f.security_level
        if self.level_determined is not None and (level is not None) != self.level_determined:
            return False
        # A level criterion never matches an undetermined level: the level is what it asks about.
        if self.min_level is not None and (level is None or level < self.min_level):
            return False
        if self.max_level is not None and (level is None or level > self.max_level):
            return False
        if self.personal_data is not None and f.personal_data != self.personal_data:
            return False
        subjects = f.personal_data_subjects if f.personal_data else None
        if self.min_subjects is not None and (subjects is None or subjects < self.min_subjects):
            return False
        if self.classifications and f.data_classification not in self.classifications:
            return False
        if self.internet_facing is not None and f.internet_facing != self.internet_facing:
            return False
        if self.national_platform is not None and bool(f.national_platforms) != self.national_platform:
            return False
        return self.onprem_latency is None or (f.onprem_latency_links > 0) == self.onprem_latency


@dataclass(frozen=True)
class Rule:
    code: str
    effect: str
    models: tuple
    condition: Condition = field(default_factory=Condition)
    weight: int = 1

    def __post_init__(self):
        if self.effect not in EFFECTS:
            raise ValueError(f'unknown effect {self.effect!r}')
        unknown = set(self.models) - set(MODELS)
        if unknown or not self.models:
            raise ValueError(f'rule {self.code}: bad models {self.models!r}')


@dataclass(frozen=True)
class Reason:
    """One line of the explanation. `key` says how to word it: a rule's own text ('rule') or an engine
    message (NO_RULE, CONFLICT); `params` holds what the wording needs."""

    rule: str
    effect: str
    key: str
    models: tuple = ()
    weight: int = 0
    params: tuple = ()  # (name, value) pairs: hashable, so reasons can be compared and cached

    @property
    def param_dict(self):
        return dict(self.params)


@dataclass(frozen=True)
class Recommendation:
    model: str | None  # None when the rules conflict
    allowed: tuple  # models neither excluded nor outside a requirement, in safety order
    ruled_out: tuple  # ((model, (rule codes...)), ...) in MODELS order
    scores: tuple  # ((model, score), ...) for the allowed models
    reasons: tuple

    @property
    def conflict(self):
        return self.model is None


def _sorted(models):
    return tuple(m for m in SAFETY_ORDER if m in models)


def evaluate(facts: Facts, rules) -> Recommendation:
    allowed = set(MODELS)
    blame = {m: [] for m in MODELS}
    scores = dict.fromkeys(MODELS, 0)
    reasons = []
    for rule in rules:
        if not rule.condition.holds(facts):
            continue
        chosen = tuple(m for m in MODELS if m in rule.models)
        reasons.append(Reason(rule=rule.code, effect=rule.effect, key='rule', models=chosen,
                              weight=rule.weight if rule.effect == PREFER else 0))
        if rule.effect == REQUIRE:
            out = set(MODELS) - set(chosen)
        elif rule.effect == EXCLUDE:
            out = set(chosen)
        else:
            for m in chosen:
                scores[m] += rule.weight
            continue
        for m in out:
            blame[m].append(rule.code)
        allowed -= out
    ruled_out = tuple((m, tuple(dict.fromkeys(blame[m]))) for m in MODELS if m not in allowed)
    if not allowed:
        causes = tuple(dict.fromkeys(code for _m, codes in ruled_out for code in codes))
        reasons.append(Reason(rule=SYSTEM_RULE, effect=CONFLICT, key=CONFLICT, params=(('rules', causes),)))
        return Recommendation(None, (), ruled_out, (), tuple(reasons))
    ordered = _sorted(allowed)
    # max() keeps the first of equal scores, and `ordered` is in safety order: that is the tie-break.
    model = max(ordered, key=lambda m: scores[m])
    tied = tuple(m for m in ordered if scores[m] == scores[model])
    if not reasons:
        reasons.append(Reason(rule=SYSTEM_RULE, effect=PREFER, key=NO_RULE, models=(model,)))
    elif len(tied) > 1:
        reasons.append(Reason(rule=SYSTEM_RULE, effect=PREFER, key=TIE, models=tied))
    return Recommendation(model, ordered, ruled_out, tuple((m, scores[m]) for m in ordered), tuple(reasons))
