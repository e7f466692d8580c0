"""docs/assessment.md names every readiness and strategy rule the engine has."""

from pathlib import Path

from cloudmove.assessment.engine.decisions import STRATEGY_RULES
from cloudmove.assessment.engine.rules import RULES

DOC = Path(__file__).resolve().parents[3] / 'docs' / 'assessment.md'


def test_every_rule_is_documented():
    text = DOC.read_text(encoding='utf-8')
    missing = [rid for rid in [*RULES, *(r.id for r in STRATEGY_RULES)] if f'`{rid}`' not in text]
    assert missing == []
