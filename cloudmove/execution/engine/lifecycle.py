"""The migration lifecycle as one declared table: each transition names the states it leaves, the state it
reaches and the conditions that must hold. Adding a transition or a guard costs one line here (and, for a
new condition, one evaluator in the service). Pure Python: conditions are codes, their truth is supplied.
"""

from dataclasses import dataclass

PLANNED, PREPARING, MIGRATING, VERIFYING = 'planned', 'preparing', 'migrating', 'verifying'
TRIAL_RUN, LIVE, DECOMMISSIONING, CLOSED = 'trial_run', 'live', 'decommissioning', 'closed'
BLOCKED, ROLLED_BACK = 'blocked', 'rolled_back'

# The main line, in order (the board's columns); blocked and rolled back sit beside it.
MAIN_LINE = (PLANNED, PREPARING, MIGRATING, VERIFYING, TRIAL_RUN, LIVE, DECOMMISSIONING, CLOSED)
STATES = (*MAIN_LINE, BLOCKED, ROLLED_BACK)
# States in which the old system has started to move: a rollback is possible from them.
IN_FLIGHT = (MIGRATING, VERIFYING, TRIAL_RUN)


@dataclass(frozen=True)
class Transition:
    sources: tuple
    target: str
    conditions: tuple = ()


TRANSITIONS = (
    Transition((PLANNED,), PREPARING),
    Transition((PREPARING,), MIGRATING, ('design_approved', 'fallback_plan', 'risks_reviewed', 'runbook_ready')),
    Transition((MIGRATING,), VERIFYING, ('runbook_done',)),
    Transition((VERIFYING,), TRIAL_RUN, ('tests_planned',)),
    Transition((TRIAL_RUN,), LIVE, ('functional_passed', 'performance_passed', 'security_passed',
                                    'golive_approved')),
    Transition((LIVE,), DECOMMISSIONING, ('healthy_days', 'old_data_kept')),
    Transition((DECOMMISSIONING,), CLOSED, ('decommission_record',)),
    # Beside the main line: a block from any open state (with its reason), back to where it stood; a
    # rollback executes the design's fallback plan and returns the system to preparation.
    Transition(tuple(s for s in MAIN_LINE if s != CLOSED), BLOCKED, ('comment',)),
    *(Transition((BLOCKED,), s, ('resumes_here',)) for s in MAIN_LINE if s != CLOSED),
    Transition(IN_FLIGHT, ROLLED_BACK, ('comment', 'fallback_plan')),
    Transition((ROLLED_BACK,), PREPARING),
)


def find(source, target):
    """The declared transition from `source` to `target`, or None."""
    return next((t for t in TRANSITIONS if t.target == target and source in t.sources), None)


def targets(source):
    """The states a migration in `source` may be moved to (guards aside), in table order."""
    return [t.target for t in TRANSITIONS if source in t.sources]


def check(source, target, holds):
    """The condition codes that fail for `source` → `target`, in declared order: ['not_allowed'] when no
    transition is declared, [] when it may happen. `holds(code)` says whether a condition holds."""
    transition = find(source, target)
    if transition is None:
        return ['not_allowed']
    return [code for code in transition.conditions if not holds(code)]
