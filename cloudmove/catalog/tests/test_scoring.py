"""The scoring engine: pass rule per feature, weighted score, exclusion and ranking (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloudmove.catalog.engine import scoring as s

ANSWER = st.sampled_from(s.ANSWERS)


def spec(key, feature='F1', group='G1', mandatory=True, weight=1):
    return s.CriterionSpec(key=key, code=f'C{key}', group=group, feature=feature, mandatory=mandatory, weight=weight)


@st.composite
def criteria_and_answers(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    criteria = [spec(i, feature=f'F{draw(st.integers(0, 3))}', group=f'G{draw(st.integers(0, 1))}',
                     mandatory=draw(st.booleans()), weight=draw(st.integers(0, 5))) for i in range(n)]
    answers = {c.key: draw(ANSWER) for c in criteria}
    return criteria, answers


def test_a_feature_passes_only_when_every_criterion_is_met():
    criteria = [spec(1), spec(2), spec(3)]
    assert s.evaluate(criteria, {1: 'met', 2: 'met', 3: 'met'}).features[('G1', 'F1')].result == s.PASS
    assert s.evaluate(criteria, {1: 'met', 2: 'partial', 3: 'met'}).features[('G1', 'F1')].result == s.FAIL
    assert s.evaluate(criteria, {1: 'met', 2: 'not_met', 3: ''}).features[('G1', 'F1')].result == s.FAIL
    assert s.evaluate(criteria, {1: 'met', 2: 'met'}).features[('G1', 'F1')].result == s.OPEN
    assert s.evaluate(criteria, {1: 'met', 2: 'na', 3: 'met'}).features[('G1', 'F1')].result == s.PASS
    assert s.evaluate(criteria, {1: 'na', 2: 'na', 3: 'na'}).features[('G1', 'F1')].result == s.NOT_APPLICABLE


def test_weighted_score_counts_partial_as_half_and_ignores_not_applicable():
    criteria = [spec(1, weight=2), spec(2, weight=1, mandatory=False), spec(3, weight=1, mandatory=False),
                spec(4, weight=4, mandatory=False)]
    outcome = s.evaluate(criteria, {1: 'met', 2: 'partial', 3: 'not_met', 4: 'na'})
    assert (outcome.earned, outcome.possible) == (2.5, 4)
    assert outcome.score == 62.5
    assert not outcome.excluded


def test_a_failed_mandatory_criterion_excludes_and_is_named():
    criteria = [spec(1), spec(2, mandatory=False), spec(3, feature='F2')]
    outcome = s.evaluate(criteria, {1: 'met', 2: 'not_met', 3: 'partial'})
    assert outcome.excluded and outcome.failing_mandatory == ['C3']
    assert outcome.groups['G1'].result == s.FAIL and outcome.groups['G1'].failed == 2


def test_an_unanswered_mandatory_criterion_is_pending_not_excluded():
    outcome = s.evaluate([spec(1), spec(2)], {1: 'met'})
    assert not outcome.excluded and not outcome.complete
    assert outcome.groups['G1'].result == s.OPEN and outcome.score == 50.0


@given(criteria_and_answers())
def test_score_bounds_and_exclusion_rule(data):
    criteria, answers = data
    outcome = s.evaluate(criteria, answers)
    assert outcome.score is None or 0 <= outcome.score <= 100
    assert outcome.excluded == any(c.mandatory and answers[c.key] in ('partial', 'not_met') for c in criteria)
    for (_group, code), feature in outcome.features.items():
        mine = [answers[c.key] for c in criteria if c.feature == code and c.group == _group]
        applicable = [a for a in mine if a != 'na']
        assert (feature.result == s.PASS) == (bool(applicable) and all(a == 'met' for a in applicable))
    for group in outcome.groups.values():
        assert (group.result == s.FAIL) == (group.failed > 0)


@given(criteria_and_answers(), st.data())
def test_meeting_one_more_criterion_never_lowers_the_score(data, more):
    criteria, answers = data
    key = more.draw(st.sampled_from([c.key for c in criteria]))
    if answers[key] == 'na':
        return
    before = s.evaluate(criteria, answers).score
    after = s.evaluate(criteria, {**answers, key: 'met'}).score
    assert before is None or after >= before


@given(criteria_and_answers())
def test_not_applicable_criteria_do_not_change_the_score(data):
    criteria, answers = data
    kept = [c for c in criteria if answers[c.key] != 'na']
    assert s.evaluate(criteria, answers).score == s.evaluate(kept, answers).score


def test_ranking_puts_excluded_providers_last_then_orders_by_score():
    criteria = [spec(1), spec(2, mandatory=False, weight=3)]
    outcomes = {
        'excluded-but-high': s.evaluate(criteria, {1: 'not_met', 2: 'met'}),
        'low': s.evaluate(criteria, {1: 'met', 2: 'not_met'}),
        'high': s.evaluate(criteria, {1: 'met', 2: 'met'}),
        'unanswered': s.evaluate([], {}),
    }
    assert s.rank(outcomes) == ['high', 'low', 'unanswered', 'excluded-but-high']


def test_an_unknown_answer_is_refused():
    with pytest.raises(ValueError):
        s.evaluate([spec(1)], {1: 'maybe'})
