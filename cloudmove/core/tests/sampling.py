"""Test samples live in each app's `tests/samples.py`, not in the production registrations: `sample(Model,
function)` gives a registered model the function the generated tests create its objects with
(`function(unit, n)` → API-style fields of a new object owned by `unit`, number `n`). `load()` imports
every app's samples; the test suite's conftest calls it once."""

import importlib

from django.apps import apps

from cloudmove.core import registry


def sample(model, function):
    config = registry.get(model)
    assert config is not None, f'{model.__name__} is not registered'
    config.sample = function


def load():
    for app in apps.get_app_configs():
        if app.name.startswith('cloudmove.'):
            try:
                importlib.import_module(f'{app.name}.tests.samples')
            except ModuleNotFoundError as exc:
                if exc.name != f'{app.name}.tests.samples':
                    raise
