"""The rule engine on its own: combination semantics, tie order, conflicts, and properties over random
facts and rule sets."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cloudmove.guidance.engine import deployment as e

LEVEL1_PUBLIC = e.Facts(security_level=1, data_classification='public')


def rule(code, effect, models, weight=1, **condition):
    return e.Rule(code=code, effect=effect, models=tuple(models), weight=weight, condition=e.Condition(**condition))


def test_no_rule_fired_takes_the_safest_model_and_says_so():
    result = e.evaluate(LEVEL1_PUBLIC, [rule('R1', e.REQUIRE, [e.PRIVATE], min_level=4)])
    assert result.model == e.COMMUNITY
    assert [r.key for r in result.reasons] == [e.NO_RULE]


def test_requirements_intersect_and_exclusions_remove():
    rules = [rule('A', e.REQUIRE, [e.PRIVATE, e.COMMUNITY, e.HYBRID]),
             rule('B', e.REQUIRE, [e.COMMUNITY, e.HYBRID, e.PUBLIC]),
             rule('C', e.EXCLUDE, [e.COMMUNITY])]
    result = e.evaluate(LEVEL1_PUBLIC, rules)
    assert result.model == e.HYBRID and result.allowed == (e.HYBRID,)
    assert dict(result.ruled_out) == {e.PRIVATE: ('B',), e.COMMUNITY: ('C',), e.PUBLIC: ('A',)}
    assert [r.rule for r in result.reasons] == ['A', 'B', 'C']


def test_highest_preference_wins_and_ties_follow_the_safety_order():
    prefer_public = rule('P', e.PREFER, [e.PUBLIC], weight=3)
    assert e.evaluate(LEVEL1_PUBLIC, [prefer_public]).model == e.PUBLIC
    both = [prefer_public, rule('H', e.PREFER, [e.HYBRID], weight=3)]
    result = e.evaluate(LEVEL1_PUBLIC, both)
    assert result.model == e.HYBRID  # hybrid before public in the safety order
    assert result.reasons[-1].key == e.TIE and result.reasons[-1].models == (e.HYBRID, e.PUBLIC)
    assert e.evaluate(LEVEL1_PUBLIC, [*both, rule('X', e.EXCLUDE, [e.HYBRID])]).model == e.PUBLIC


def test_conflict_is_explicit_and_names_its_rules():
    rules = [rule('ONLY-PRIVATE', e.REQUIRE, [e.PRIVATE]), rule('NO-PRIVATE', e.EXCLUDE, [e.PRIVATE])]
    result = e.evaluate(LEVEL1_PUBLIC, rules)
    assert result.model is None and result.conflict and result.allowed == ()
    assert result.reasons[-1].key == e.CONFLICT
    assert set(result.reasons[-1].param_dict['rules']) == {'ONLY-PRIVATE', 'NO-PRIVATE'}


def test_conditions():
    facts = e.Facts(security_level=3, personal_data=True, personal_data_subjects=50_000, data_classification='private',
                    internet_facing=True, national_platforms=('lgsp',), onprem_latency_links=2)
    assert e.Condition(min_level=3, max_level=3, level_determined=True).holds(facts)
    assert not e.Condition(min_level=4).holds(facts)
    assert not e.Condition(max_level=2).holds(facts)
    assert not e.Condition(level_determined=False).holds(facts)
    assert e.Condition(personal_data=True, min_subjects=10_000).holds(facts)
    assert not e.Condition(min_subjects=50_001).holds(facts)
    assert not e.Condition(min_subjects=1).holds(e.Facts(personal_data=True))  # unknown number of people
    assert not e.Condition(min_subjects=1).holds(e.Facts(personal_data=False, personal_data_subjects=99))
    assert e.Condition(classifications=frozenset({'private', 'internal'})).holds(facts)
    assert not e.Condition(classifications=frozenset({'public'})).holds(facts)
    assert e.Condition(internet_facing=True, national_platform=True, onprem_latency=True).holds(facts)
    assert not e.Condition(national_platform=False).holds(facts)
    assert not e.Condition(onprem_latency=False).holds(facts)
    unknown = e.Facts()
    assert e.Condition(level_determined=False).holds(unknown)
    assert not e.Condition(min_level=1).holds(unknown) and not e.Condition(max_level=5).holds(unknown)


facts_strategy = st.builds(
    e.Facts,
    security_level=st.one_of(st.none(), st.integers(1, 5)),
    personal_data=st.booleans(),
    personal_data_subjects=st.one_of(st.none(), st.integers(0, 200_000)),
    data_classification=st.sampled_from(['', 'public', 'internal', 'private', 'state_secret']),
    internet_facing=st.booleans(),
    national_platforms=st.lists(st.sampled_from(['ndxp', 'lgsp', 'vneid']), max_size=2, unique=True).map(tuple),
    onprem_latency_links=st.integers(0, 3),
)
tristate = st.one_of(st.none(), st.booleans())
condition_strategy = st.builds(
    e.Condition,
    min_level=st.one_of(st.none(), st.integers(1, 5)),
    max_level=st.one_of(st.none(), st.integers(1, 5)),
    level_determined=tristate,
    personal_data=tristate,
    min_subjects=st.one_of(st.none(), st.integers(0, 100_000)),
    classifications=st.frozensets(st.sampled_from(['public', 'internal', 'private', 'state_secret']), max_size=2),
    internet_facing=tristate,
    national_platform=tristate,
    onprem_latency=tristate,
)
rule_strategy = st.builds(
    e.Rule,
    code=st.text('ABCDEFGH', min_size=1, max_size=3),
    effect=st.sampled_from(e.EFFECTS),
    models=st.lists(st.sampled_from(e.MODELS), min_size=1, max_size=4, unique=True).map(tuple),
    condition=condition_strategy,
    weight=st.integers(1, 5),
)


@settings(max_examples=300, deadline=None)
@given(facts_strategy, st.lists(rule_strategy, max_size=8))
def test_always_an_allowed_model_or_an_explicit_conflict_and_always_a_reason(facts, rules):
    result = e.evaluate(facts, rules)
    assert result.reasons, 'every answer is explained'
    fired = [r for r in rules if r.condition.holds(facts)]
    assert [r.rule for r in result.reasons if r.key == 'rule'] == [r.code for r in fired]
    allowed = set(e.MODELS)
    for r in fired:
        if r.effect == e.REQUIRE:
            allowed &= set(r.models)
        elif r.effect == e.EXCLUDE:
            allowed -= set(r.models)
    assert set(result.allowed) == allowed
    assert {m for m, _codes in result.ruled_out} == set(e.MODELS) - allowed
    assert all(codes for _m, codes in result.ruled_out), 'every ruled-out model names the rules behind it'
    if not allowed:
        assert result.model is None and result.reasons[-1].key == e.CONFLICT
        return
    assert result.model in allowed
    score = {m: sum(r.weight for r in fired if r.effect == e.PREFER and m in r.models) for m in allowed}
    best = max(score.values())
    assert score[result.model] == best
    assert result.model == next(m for m in e.SAFETY_ORDER if m in allowed and score[m] == best)
