"""docs/planning.md states every objective weight with its default, and the defaults of the constraints."""

from dataclasses import fields
from pathlib import Path

from cloudmove.planning.engine.waves import CRITICALITY_WEIGHT, Weights
from cloudmove.planning.services import plans

DOC = Path(__file__).resolve().parents[3] / 'docs' / 'planning.md'


def test_every_weight_and_default_is_documented():
    text = DOC.read_text(encoding='utf-8')
    for f in fields(Weights):
        assert f'`{f.name}` {f.default}' in text, f.name
    assert ', '.join(f'{name} {weight}' for name, weight in CRITICALITY_WEIGHT.items()) in text


def test_constraint_defaults_are_the_documented_ones(db):
    defaults = plans.clean_constraints({})
    text = DOC.read_text(encoding='utf-8')
    assert (defaults['waves'], defaults['weeks'], defaults['slack'], defaults['time_limit']) == (12, 4, 1.5, 60)
    assert '12 waves of 4 weeks from next Monday' in text and '× slack 1.5' in text and '(60 s by default)' in text
    # Tết closed, the year-end closing (15–31 December) at half capacity.
    kinds = {(b['name'].startswith('Tết'), b['factor'], b['start'][5:] if b['factor'] else '') for b in
             defaults['blackouts']}
    assert kinds == {(True, 0.0, ''), (False, 0.5, '12-15')}
