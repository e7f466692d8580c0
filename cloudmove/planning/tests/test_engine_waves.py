"""The wave planner's engine on problems small enough to solve by hand: graph parts, the greedy baseline,
CP-SAT's optimum, the independent checker catching each kind of violation, the reasons for a wave and the
conflicts of an impossible problem."""

from datetime import date, timedelta

import pytest

from cloudmove.planning.engine import graph, sample
from cloudmove.planning.engine.construct import affinity, greedy
from cloudmove.planning.engine.explain import conflicts, why
from cloudmove.planning.engine.solver import solve
from cloudmove.planning.engine.waves import Blackout, Item, Link, Problem, Wave, Weights, check, evaluate

START = date(2027, 3, 1)


def waves(count, systems=None, vms=None, effort=None, per_unit=None, weeks=4):
    return [Wave(k + 1, START + timedelta(weeks=weeks * k), START + timedelta(weeks=weeks * (k + 1), days=-1),
                 systems=systems, vms=vms, effort=effort, per_unit=per_unit) for k in range(count)]


def items(*priorities, **extra):
    return [Item(id=k + 1, code=f'S{k + 1}', priority=p, **extra) for k, p in enumerate(priorities)]


ONLY_PRIORITY = Weights(priority=1, crossing=0, length=0, balance=0)


# ---------------------------------------------------------------- graph

def test_cycles_are_the_strongly_connected_parts():
    # 0 → 1 → 2 → 0 is a cycle; 3 → 0 is not part of it; 4 depends on itself.
    assert graph.strongly_connected(5, [(0, 1), (1, 2), (2, 0), (3, 0), (4, 4)]) == [[0, 1, 2], [4]]
    assert graph.strongly_connected(3, [(0, 1), (1, 2)]) == []


def test_a_long_chain_does_not_overflow_the_stack():
    n = 20_000
    edges = [(k, k + 1) for k in range(n - 1)] + [(n - 1, 0)]
    assert graph.strongly_connected(n, edges) == [list(range(n))]


def test_hubs_are_reached_by_many_distinct_systems():
    edges = [(k, 0) for k in range(1, 7)] + [(1, 2), (1, 2), (3, 2)]
    assert graph.hubs(8, edges, threshold=5) == {0}
    assert graph.default_hub_threshold(40) == 5 and graph.default_hub_threshold(1000) == 50


def test_move_groups_join_pairs_skip_hubs_and_obey_edits():
    together = [(0, 1), (1, 2), (3, 4), (5, 6), (6, 9)]
    of, groups = graph.move_groups(10, together, hub_nodes={9}, cut=[(3, 4)], add=[(7, 8)])
    assert groups == [[0, 1, 2], [5, 6], [7, 8]]
    assert of[0] == of[2] == 0 and of[3] == of[4] == -1 and of[9] == -1


# ---------------------------------------------------------------- greedy and CP-SAT

def test_highest_priority_goes_first_when_capacity_is_short():
    p = Problem(items(10, 90, 5, 80), [], waves(2, systems=2), weights=ONLY_PRIORITY)
    plan, unplaced = greedy(p)
    assert unplaced == [] and plan == {1: 1, 3: 1, 0: 2, 2: 2}
    result = solve(p, time_limit=10)
    # Σ priority × wave index: 10 + 5 in the second wave (index 1) → 15, and nothing can do better.
    assert result.status == 'OPTIMAL' and result.objective == 15 and result.bound == 15
    assert result.waves == plan and check(p, result.waves) == []


def test_a_system_never_moves_before_what_it_hard_depends_on():
    # S1 (priority 90) depends hard on S3 (priority 1); one system per wave.
    p = Problem(items(90, 50, 1), [Link(0, 2, hard=True)], waves(3, systems=1), weights=ONLY_PRIORITY)
    result = solve(p, time_limit=10)
    at = result.waves
    assert at[2] < at[0] and check(p, at) == []
    assert result.status == 'OPTIMAL'
    # The optimum among the orders that keep S3 before S1.
    assert result.objective == min(evaluate(p, {0: a, 1: b, 2: c})[0]
                                   for a, b, c in ((2, 3, 1), (3, 1, 2), (3, 2, 1)))


def test_same_wave_is_allowed_for_a_dependency():
    p = Problem(items(90, 1), [Link(0, 1, hard=True)], waves(2, systems=2), weights=ONLY_PRIORITY)
    assert solve(p, time_limit=5).waves == {0: 1, 1: 1}


def test_a_move_group_moves_in_one_wave():
    its = items(90, 80, 10, 5)
    its[0].group = its[2].group = 0
    p = Problem(its, [], waves(2, systems=2), weights=ONLY_PRIORITY)
    result = solve(p, time_limit=5)
    assert result.waves[0] == result.waves[2] and check(p, result.waves) == []


def test_crossing_links_pull_linked_systems_together():
    # Two pairs of linked systems; the priorities alone would split each pair.
    its = items(90, 10, 80, 20)
    links = [Link(0, 1, weight=8), Link(2, 3, weight=8)]
    p = Problem(its, links, waves(2, systems=2), weights=Weights(priority=1, crossing=20, length=0, balance=0))
    result = solve(p, time_limit=5)
    assert result.waves[0] == result.waves[1] and result.waves[2] == result.waves[3]
    assert result.terms['crossing'] == 0
    base, _ = greedy(p)
    assert evaluate(p, base)[1]['crossing'] == 16 and result.objective < evaluate(p, base)[0]


def test_capacities_in_machines_effort_and_per_unit_hold():
    its = [Item(1, 'A', 90, effort=8, vms=3, unit=1), Item(2, 'B', 80, effort=8, vms=3, unit=1),
           Item(3, 'C', 70, effort=3, vms=1, unit=2), Item(4, 'D', 60, effort=2.2, vms=1, unit=1)]
    p = Problem(its, [], waves(3, vms=4, effort=12, per_unit=1))
    result = solve(p, time_limit=5)
    assert check(p, result.waves) == []
    by_wave = {}
    for i, w in result.waves.items():
        by_wave.setdefault(w, []).append(i)
    for members in by_wave.values():
        assert sum(its[i].vms for i in members) <= 4
        assert sum(its[i].effort for i in members) <= 12
        assert len([i for i in members if its[i].unit == 1]) <= 1


def test_closed_and_reduced_waves_under_blackouts():
    w = waves(3, systems=4)
    tet = Blackout('Tết', w[0].start + timedelta(days=3), w[0].start + timedelta(days=10), 0.0)
    closing = Blackout('Year-end closing', w[1].start, w[1].start + timedelta(days=5), 0.5)
    p = Problem(items(90, 80, 70, 60, 50), [], w, [tet, closing], weights=ONLY_PRIORITY)
    result = solve(p, time_limit=5)
    assert 1 not in result.waves.values()
    assert list(result.waves.values()).count(2) == 2        # half of 4
    assert check(p, result.waves) == []


def test_pins_windows_and_deadlines():
    its = items(10, 90, 50, 40)
    its[0].pin = 1                                  # low priority, but pinned first
    its[1].not_before = 2
    its[3].deadline = START + timedelta(weeks=4, days=-1)   # the end of wave 1
    p = Problem(its, [], waves(3, systems=2), weights=ONLY_PRIORITY)
    result = solve(p, time_limit=5)
    assert result.waves[0] == 1 and result.waves[1] >= 2 and result.waves[3] == 1
    assert check(p, result.waves) == []


def test_greedy_pulls_a_prerequisite_forward_for_a_dependants_deadline():
    its = items(100, 100, 1, 50)
    its[2].effort = 1
    its[3].deadline = START + timedelta(weeks=4, days=-1)
    # S4 (deadline wave 1) depends hard on S3, whose priority is lowest.
    p = Problem(its, [Link(3, 2, hard=True)], waves(2, systems=2))
    plan, unplaced = greedy(p)
    assert unplaced == [] and plan[2] == plan[3] == 1 and check(p, plan) == []


def test_the_solver_is_never_worse_than_the_greedy_plan():
    p = sample.programme(systems=150, links=500, groups=12, waves=8, seed=3)
    base, unplaced = greedy(p)
    assert unplaced == [] and check(p, base) == []
    other, missing = affinity(p)
    assert missing == [] and check(p, other) == []
    result = solve(p, time_limit=5)
    assert result.status in ('OPTIMAL', 'FEASIBLE') and check(p, result.waves) == []
    assert result.objective <= result.greedy_objective == evaluate(p, base)[0]
    assert result.bound <= result.objective
    assert result.solutions and result.solutions[-1][1] == result.objective


# ---------------------------------------------------------------- the checker reads only the problem

def test_the_checker_names_every_kind_of_violation():
    w = waves(3, systems=1, vms=2, effort=5, per_unit=1)
    its = [Item(1, 'A', vms=3, effort=6, unit=1, pin=2), Item(2, 'B', unit=1, group=0, not_before=3),
           Item(3, 'C', unit=1, group=0, not_after=1), Item(4, 'D', deadline=START)]
    p = Problem(its, [Link(0, 3, hard=True)], w,
                [Blackout('Tết', w[2].start, w[2].start + timedelta(days=2), 0.0)])
    plan = {0: 1, 1: 1, 2: 2, 3: 3}
    families = {family for family, _ in check(p, plan)}
    assert families == {'pin', 'not_before', 'not_after', 'deadline', 'capacity', 'unit_capacity', 'group',
                        'dependency', 'blackout'}
    assert check(p, {0: 1}) == [('placement', 'B: no wave'), ('placement', 'C: no wave'),
                                ('placement', 'D: no wave')]


# ---------------------------------------------------------------- why a system is where it is

def test_why_names_the_binding_constraint_of_each_earlier_wave():
    w = waves(4, systems=2)
    tet = Blackout('Tết', w[1].start, w[1].start + timedelta(days=4), 0.0)
    its = items(90, 80, 70, 60, 10)
    its[3].not_before = 4
    p = Problem(its, [Link(4, 2, hard=True)], w, [tet], weights=ONLY_PRIORITY)
    plan = {0: 1, 1: 1, 2: 3, 3: 4, 4: 3}
    assert check(p, plan) == []
    reasons = {e['wave']: {r['code'] for r in e['reasons']} for e in why(p, plan, 4)}
    # Wave 1 is full, wave 2 is closed, and S3 (which S5 depends on) moves in wave 3.
    assert reasons[1] == {'dependency'} and reasons[2] == {'blackout', 'dependency'}
    s3 = {e['wave']: {r['code'] for r in e['reasons']} for e in why(p, plan, 2)}
    assert s3[1] == {'capacity'} and s3[2] == {'blackout'}
    s4 = {e['wave']: {r['code'] for r in e['reasons']} for e in why(p, plan, 3)}
    assert s4[1] == {'not_before'} and s4[3] == {'not_before'}
    assert why(p, plan, 0) == []


def test_why_says_when_only_the_objective_keeps_it_later():
    p = Problem(items(90, 10), [], waves(2, systems=2), weights=Weights(priority=1, crossing=0, length=0,
                                                                           balance=100))
    plan = {0: 1, 1: 2}
    [entry] = why(p, plan, 1)
    [reason] = entry['reasons']
    assert reason['code'] == 'objective'
    # Moving S2 into wave 1: priority −10, busiest wave +5 person-days × 100 → +490.
    assert reason['delta'] == evaluate(p, {0: 1, 1: 1})[0] - evaluate(p, plan)[0] == 490


# ---------------------------------------------------------------- impossible problems are explained

def test_a_group_larger_than_every_wave_is_explained():
    its = items(50, 50, 50, 50)
    for it in its[:3]:
        it.group = 0
    p = Problem(its, [], waves(3, systems=2))
    result = solve(p, time_limit=10)
    assert result.status == 'INFEASIBLE' and result.waves == {}
    codes = [c['code'] for c in result.conflicts]
    assert 'group' in codes and codes.count('capacity') == 3
    group = next(c for c in result.conflicts if c['code'] == 'group')
    assert group['systems'] == ['S1', 'S2', 'S3']


def test_a_deadline_before_every_wave_is_the_only_conflict():
    its = items(50, 50)
    its[1].deadline = START - timedelta(days=1)
    p = Problem(its, [], waves(3, systems=5))
    result = solve(p, time_limit=5)
    assert result.status == 'INFEASIBLE'
    assert result.conflicts == [{'code': 'deadline', 'system': 'S2', 'value': its[1].deadline.isoformat()}]


def test_a_pin_into_a_closed_wave_names_the_pin_and_the_blackout():
    w = waves(3, systems=5)
    its = items(50, 50)
    its[0].pin = 2
    p = Problem(its, [], w, [Blackout('Tết', w[1].start, w[1].end, 0.0)])
    found = {c['code'] for c in conflicts(p)}
    assert found == {'pin', 'blackout'}


def test_dependency_against_pins_is_a_minimal_conflict():
    its = items(50, 50, 50)
    its[0].pin, its[1].pin = 1, 2
    # S1 pinned to wave 1 depends hard on S2 pinned to wave 2: the three together cannot hold; S3 is free.
    p = Problem(its, [Link(0, 1, hard=True)], waves(3))
    found = sorted((c['code'], c.get('system')) for c in conflicts(p))
    assert found == [('dependency', 'S1'), ('pin', 'S1'), ('pin', 'S2')]


def test_a_feasible_problem_has_no_conflicts():
    assert conflicts(Problem(items(1, 2), [], waves(2, systems=1))) == []


@pytest.mark.parametrize('seed', [1, 2])
def test_generated_programmes_are_planned_without_violation(seed):
    p = sample.programme(systems=300, links=1200, groups=25, waves=10, seed=seed)
    result = solve(p, time_limit=4)
    assert result.status in ('OPTIMAL', 'FEASIBLE') and check(p, result.waves) == []
    assert len(result.waves) == 300


# ---------------------------------------------------------------- local search

def _improved(p, plan, seconds=5):
    from time import perf_counter

    from cloudmove.planning.engine.improve import improve
    from cloudmove.planning.engine.waves import contract

    nodes, _node_of, prec, cross = contract(p)
    at = improve(p, nodes, prec, cross, [p.wave_index[plan[n.items[0]]] for n in nodes], perf_counter() + seconds)
    return {i: p.waves[at[v]].number for v, n in enumerate(nodes) for i in n.items}


def test_local_search_swaps_to_join_linked_systems_in_full_waves():
    # Waves of two: the greedy plan splits both pairs by priority; only a swap (both waves full) joins them.
    its = items(90, 10, 80, 20)
    p = Problem(its, [Link(0, 1, weight=8), Link(2, 3, weight=8)], waves(2, systems=2),
                weights=Weights(priority=1, crossing=20, length=0, balance=0))
    base, _ = greedy(p)
    assert (base[0], base[2]) == (1, 1) and (base[1], base[3]) == (2, 2)
    better = _improved(p, base)
    assert better[0] == better[1] and better[2] == better[3] and check(p, better) == []
    assert evaluate(p, better)[1]['crossing'] == 0


def test_local_search_keeps_dependencies_and_never_worsens():
    # S2 hard-depends on S1: S1 may not follow S2 into a later wave for the link's sake.
    its = items(10, 90)
    p = Problem(its, [Link(1, 0, weight=1, hard=True)], waves(3, systems=1),
                weights=Weights(priority=1, crossing=20, length=0, balance=0))
    base, _ = greedy(p)
    better = _improved(p, base)
    assert check(p, better) == [] and better[1] >= better[0]
    assert evaluate(p, better)[0] <= evaluate(p, base)[0]


@pytest.mark.parametrize('seed', [3, 4])
def test_local_search_improves_generated_programmes_without_violation(seed):
    p = sample.programme(systems=300, links=1200, groups=22, waves=12, seed=seed, slack=1.6)
    for start, missing in (greedy(p), affinity(p)):
        assert missing == []
        better = _improved(p, start, seconds=10)
        assert check(p, better) == []
        assert evaluate(p, better)[0] < evaluate(p, start)[0]
