"""Load the demo province and its accounts. Idempotent: a second run changes nothing."""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from cloudmove.core import demo_data
from cloudmove.core.choices import Role
from cloudmove.core.models import SiteSetting, Unit, UnitKind, User
from cloudmove.core.services.units import sync

DEMO_ACCOUNTS = [
    ('admin', Role.ADMIN, 'Quản trị chương trình (demo)'),
    ('lanhdao', Role.LEADER, 'Lãnh đạo UBND tỉnh (demo)'),
    ('kiemtoan', Role.AUDITOR, 'Kiểm toán viên (demo)'),
]


def demo_password():
    """DEMO_PASSWORD from the environment, else one generated once into var/ (so reruns agree)."""
    import os

    given = os.environ.get('DEMO_PASSWORD')
    if given:
        return given, False
    path = settings.VAR_DIR / 'demo_password'
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip(), True


def officer_username(unit_code):
    return f'cb.{unit_code.lower()}'


# Further demo content registered by other apps (the catalogue, the guidance rules): each a function
# returning {name: (created, updated)}, run after the units and accounts, idempotent like the rest.
LOADERS = []


def add_loader(function=None, *, inventory=False):
    """Register an app's demo content: `function(progress=None)` returns {name: (created, updated)}.
    `inventory=True`: the demo inventory, which `load_demo(inventory=False)` leaves out."""
    def register(fn):
        LOADERS.append((fn, inventory))
        return fn
    return register(function) if function is not None else register


@transaction.atomic
def load_demo(password, progress=None, inventory=True):
    """Returns a summary dict of what was created or updated. `inventory=False`: the units and accounts only."""
    summary = {}
    kinds = [dict(code=c, name_vi=vi, name_en=en, level=lvl, sort_order=order)
             for c, vi, en, lvl, order in demo_data.UNIT_KINDS]
    summary['unit_kinds'] = sync(UnitKind, 'code', kinds)
    kind_ids = dict(UnitKind.objects.values_list('code', 'id'))
    rows = demo_data.all_units()
    created = updated = 0
    for i, (code, name_vi, name_en, kind, parent) in enumerate(rows):
        parent_id = Unit.objects.filter(code=parent).values_list('id', flat=True).first() if parent else None
        c, u = sync(Unit, 'code', [dict(code=code, name_vi=name_vi, name_en=name_en, kind_id=kind_ids[kind],
                                        parent_id=parent_id, is_active=True,
                                        is_programme_office=(code == demo_data.PROGRAMME_OFFICE))])
        created, updated = created + c, updated + u
        if progress:
            progress(i + 1, len(rows))
    summary['units'] = (created, updated)
    summary['users'] = _sync_accounts(password, [code for code, *_ in rows])
    SiteSetting.put('demo_data', True)
    for function, is_inventory in LOADERS:  # in the order the apps registered them (INSTALLED_APPS)
        if inventory or not is_inventory:
            summary.update(function(progress=progress))
    return summary


def _sync_accounts(password, unit_codes):
    # One hash for every demo account: hashing the same password 70 times would take most of a minute.
    existing = {u.username: u for u in User.objects.filter(
        username__in=[a[0] for a in DEMO_ACCOUNTS] + [officer_username(c) for c in unit_codes])}
    sample = next(iter(existing.values()), None)
    hashed = sample.password if sample and check_password(password, sample.password) else make_password(password)
    units = dict(Unit.objects.values_list('code', 'id'))
    wanted = [(name, role, full_name, None) for name, role, full_name in DEMO_ACCOUNTS]
    wanted += [(officer_username(c), Role.UNIT_OFFICER, f'Cán bộ {c}', units[c]) for c in unit_codes]
    created = updated = 0
    for username, role, full_name, unit_id in wanted:
        user = existing.get(username)
        values = dict(role=role, full_name=full_name, unit_id=unit_id, is_active=True)
        if user is None:
            User.objects.create(username=username, password=hashed, **values)
            created += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(user, k) != v}
        if user.password != hashed:
            changed['password'] = hashed
        if changed:
            for k, v in changed.items():
                setattr(user, k, v)
            user.save()
            updated += 1
    return created, updated
