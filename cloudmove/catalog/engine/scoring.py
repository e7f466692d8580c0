"""Scoring a provider's answers against a criteria set (pure: no Django, no database).

Rules (the MIC cloud-platform criteria, 1145/BTTTT-CATTT, Annex 1): a feature passes only if every one
of its applicable criteria is met. Beyond that pass rule the programme keeps a weighted score:
- 'met' earns the criterion's weight, 'partial' half of it, 'not_met' nothing;
- 'partial' does not pass (a feature with a partial criterion fails);
- 'na' (not applicable) counts neither for the pass rule nor in the score;
- '' (not assessed yet) is pending: the feature cannot pass yet, and the weight counts as possible
  but unearned, so an unfinished evaluation never ranks above a finished one with the same answers.
A provider is excluded when any mandatory criterion is not met or only partially met.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

MET, PARTIAL, NOT_MET, NA, PENDING = 'met', 'partial', 'not_met', 'na', ''
ANSWERS = (MET, PARTIAL, NOT_MET, NA, PENDING)
FAILING = frozenset({PARTIAL, NOT_MET})

# Results of features and groups.
PASS, FAIL, OPEN, NOT_APPLICABLE = 'pass', 'fail', 'pending', 'na'


@dataclass(frozen=True)
class CriterionSpec:
    key: Hashable        # what the answers are keyed by (a database id, or the code)
    code: str
    group: str
    feature: str
    mandatory: bool = True
    weight: int = 1


@dataclass
class FeatureResult:
    group: str
    code: str
    result: str
    criteria: list = field(default_factory=list)   # keys, in order


@dataclass
class GroupResult:
    code: str
    result: str
    passed: int = 0
    failed: int = 0
    pending: int = 0
    features: int = 0


@dataclass
class Outcome:
    answers: dict                 # key -> answer
    features: dict                # (group, feature) -> FeatureResult
    groups: dict                  # group -> GroupResult
    earned: float
    possible: int
    score: float | None           # 0-100, one decimal; None when nothing is applicable
    failing_mandatory: list       # codes of the mandatory criteria not met (or partially met)
    excluded: bool
    answered: int
    total: int

    @property
    def complete(self):
        return self.answered == self.total

    def below(self, pass_score):
        """Whether the score falls under the set's pass score (not recommended, but not excluded)."""
        return bool(pass_score) and (self.score is None or self.score < pass_score)


def normalise(answer):
    answer = (answer or '').strip()
    if answer not in ANSWERS:
        raise ValueError(f'unknown answer {answer!r}')
    return answer


def combine(results):
    """One result from several: any failure fails; then anything open is pending; all n/a is n/a."""
    results = list(results)
    if FAIL in results:
        return FAIL
    if OPEN in results:
        return OPEN
    if not results or all(r == NOT_APPLICABLE for r in results):
        return NOT_APPLICABLE
    return PASS


def feature_result(answers):
    """The result of one feature from its criteria's answers."""
    return combine({MET: PASS, PARTIAL: FAIL, NOT_MET: FAIL, NA: NOT_APPLICABLE, PENDING: OPEN}[a]
                   for a in answers)


def evaluate(criteria: Iterable[CriterionSpec], answers: Mapping) -> Outcome:
    """Feature and group results, weighted score and exclusion; criteria without an answer are pending."""
    criteria = list(criteria)
    given = {c.key: normalise(answers.get(c.key)) for c in criteria}
    features, groups_order = {}, {}
    earned, possible, failing = 0.0, 0, []
    for c in criteria:
        answer = given[c.key]
        features.setdefault((c.group, c.feature), FeatureResult(c.group, c.feature, '')).criteria.append(c.key)
        groups_order.setdefault(c.group, None)
        if answer != NA:
            possible += c.weight
            earned += c.weight if answer == MET else c.weight / 2 if answer == PARTIAL else 0
        if c.mandatory and answer in FAILING:
            failing.append(c.code)
    for feature in features.values():
        feature.result = feature_result(given[k] for k in feature.criteria)
    groups = {}
    for group in groups_order:
        results = [f.result for (g, _code), f in features.items() if g == group]
        groups[group] = GroupResult(group, combine(results), passed=results.count(PASS),
                                    failed=results.count(FAIL), pending=results.count(OPEN), features=len(results))
    score = round(100 * earned / possible, 1) if possible else None
    return Outcome(answers=given, features=features, groups=groups, earned=earned, possible=possible, score=score,
                   failing_mandatory=failing, excluded=bool(failing),
                   answered=sum(1 for a in given.values() if a != PENDING), total=len(criteria))


def rank(outcomes: Mapping, name=str) -> list:
    """Keys of `outcomes` best first: eligible before excluded, then by score (none last), then by name."""
    def order(key):
        o = outcomes[key]
        return (o.excluded, o.score is None, -(o.score or 0), name(key))

    return sorted(outcomes, key=order)
