"""The import directions of the code base, read from the source (no Django needed):

- `core` imports no app: apps register themselves with core (panels, demo loaders, formats, job kinds);
- no module under an `engine/` package imports Django, DRF or any non-engine module of the project;
- no `services` module imports a management command (commands are thin over services, not the reverse);
- `catalog` imports nothing of the apps above it (inventory, surveys, guidance).

Each rule is also tried on a small made-up tree, so that a rule that can no longer fail is noticed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the cloudmove package
FRAMEWORKS = ('django', 'rest_framework', 'drf_spectacular', 'django_filters')


def apps_of(root):
    return {p.parent.name for p in root.glob('*/apps.py')}


def modules(root):
    """(dotted name, path) of every non-test module of the package."""
    for path in sorted(root.rglob('*.py')):
        rel = path.relative_to(root.parent)
        parts = rel.with_suffix('').parts
        if 'tests' in parts or 'migrations' in parts or parts[-1] == 'conftest':
            continue
        if parts[-1] == '__init__':
            parts = parts[:-1]
        yield '.'.join(parts), path


def imported(name, path):
    """Every module `path` imports, absolute, wherever the import statement is (also inside functions)."""
    tree = ast.parse(path.read_text(encoding='utf-8'), str(path))
    package = name if path.name == '__init__.py' else name.rpartition('.')[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split('.')[:len(package.split('.')) - node.level + 1]
                target = '.'.join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield target, node.lineno
            for alias in node.names:  # `from pkg import module` names a module too
                yield f'{target}.{alias.name}', node.lineno


def violations(root):
    top = root.name
    apps = apps_of(root)
    found = []
    for name, path in modules(root):
        parts = name.split('.')
        app = parts[1] if len(parts) > 1 else None
        for target, line in imported(name, path):
            tparts = target.split('.')
            where = f'{path.relative_to(root.parent)}:{line} imports {target}'
            inner = tparts[0] == top and len(tparts) > 1
            target_app = tparts[1] if inner and tparts[1] in apps else None
            if app == 'core' and target_app and target_app != 'core':
                found.append(f'core imports an app: {where}')
            if 'engine' in parts:
                if tparts[0] in FRAMEWORKS:
                    found.append(f'engine imports a framework: {where}')
                elif inner and 'engine' not in tparts:
                    found.append(f'engine imports a non-engine module: {where}')
            if 'services' in parts and inner and 'management' in tparts:
                found.append(f'a service imports a management command: {where}')
            if app == 'catalog' and target_app in ('inventory', 'surveys', 'guidance'):
                found.append(f'catalog imports an app above it: {where}')
    # An `from x import a, b` adds x.a and x.b even when they are names, not modules: the same line
    # may then be reported twice for one import; once is enough.
    return sorted(set(found))


def test_the_code_base_keeps_its_import_directions():
    assert violations(ROOT) == []


def test_every_rule_catches_a_violation(tmp_path):
    pkg = tmp_path / 'proj'
    files = {
        'core/apps.py': '',
        'core/services/demo.py': 'from proj.inventory.models import Vm\n',
        'core/views.py': 'def f():\n    from ..inventory import views\n',
        'inventory/apps.py': '',
        'inventory/engine/rules.py': 'import django.db\nfrom proj.inventory import models\n'
                                     'from proj.inventory.engine import cells\n',
        'inventory/engine/cells.py': 'import math\n',
        'inventory/services/imports.py': 'from proj.inventory.management.commands import run\n',
        'catalog/apps.py': '',
        'catalog/api.py': 'from proj.inventory.services import attachments\nfrom proj.core import scoping\n',
        'inventory/tests/test_x.py': 'from proj.catalog import api\n',
    }
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(tmp_path).parents:
            (tmp_path / parent / '__init__.py').touch()
        path.write_text(text)
    found = violations(pkg)
    kinds = {f.split(':')[0] for f in found}
    assert kinds == {'core imports an app', 'engine imports a framework', 'engine imports a non-engine module',
                     'a service imports a management command', 'catalog imports an app above it'}
    text = '\n'.join(found)
    assert 'core/services/demo.py:1' in text and 'core/views.py:2' in text  # relative imports resolved
    assert 'engine/cells' not in text and 'tests/test_x' not in text  # engine → engine and tests are fine
