"""The isolation matrix, generated from the URL conf and the registry: every endpoint (pages and API,
lists, details, edits, deletes, bulk actions, exports, downloads, reports, jobs) × every role × every
action, against the objects of another unit (B), of the user's parent unit and, for a sub-unit's officer,
of the unit above it. A read of an object out of scope must answer 403/404 and show nothing of it; a
write to one must change nothing (no row, no audit record); a page the user may open must name nothing
out of scope; a create pointing at an object out of scope must be refused. It prints how many cases it
ran and how many leaked, which must be 0."""

import io
import json
import re
import zipfile
from collections import Counter, defaultdict

import pytest
from django.urls import NoReverseMatch, reverse

from cloudmove.core import registry, scoping
from cloudmove.core.models import AuditRecord
from cloudmove.core.tests import isolation

# Objects visible beyond their unit by design, and what of them is shown (printed with the figures).
SHARED_BY_DESIGN = {
    'inventory.InformationSystem': 'shared platforms (is_shared): every unit reads them',
    'inventory.Cluster': 'shared clusters (is_shared): every unit reads them',
    'inventory.PhysicalServer': 'hosts of shared clusters: every unit reads them',
    'assessment.AssessmentRun': 'province-wide runs: every unit reads the run, each sees its own results',
    'guidance.GuidanceDocument': 'public documents and those published to the unit: read only',
    'surveys.Campaign': 'campaigns with an assignment for the unit: read only',
    'surveys.CampaignMilestone': 'milestones of those campaigns: read only',
    'reporting.ReportRequest': 'requests sent to the unit: read only',
    'planning.Task': 'tasks the unit coordinates',
    'execution.TrainingSession': 'sessions the unit attended: read only',
    'core.Unit': 'the units above the user\'s own: their names (the parent column, the letterhead)',
    'core.User': 'the person who uploaded, answered or changed something of the unit: name shown on its pages '
                 'and exports; the account itself stays out of reach (404)',
}
NAMED_BY_DESIGN = {'core.User'}
# Writes that need only the right to read, by design.
READ_IS_ENOUGH = {('guidance:library_action', 'acknowledge')}
FORBIDDEN = {400, 403, 404, 405, 409}


def body_text(response):
    """What a person would read in the response: text, or the XML inside a .docx/.xlsx/.zip."""
    raw = b''.join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b'PK':
        return _unzip(raw)
    return raw.decode('utf-8', 'replace')


def _unzip(raw, depth=0):
    parts = []
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            data = z.read(name)
            nested = data[:2] == b'PK' and depth < 2
            parts.append(_unzip(data, depth + 1) if nested else data.decode('utf-8', 'replace'))
    return '\n'.join(parts)


class Matrix:
    def __init__(self, users, tree):
        self.users = {name: users[name] for name in isolation.ROLES}
        self.tree = tree
        self.clients = {}
        self.cases = Counter()
        self.leaks = []
        self.objects = {}
        self.markers = {}

    def client(self, name, api):
        if (name, api) not in self.clients:
            self.clients[name, api] = isolation.session(self.users[name], api)
        return self.clients[name, api]

    def all_of(self, label):
        if label not in self.objects:
            self.objects[label] = list(isolation.objects_of(label).order_by('pk'))
        return self.objects[label]

    def forbidden(self, name, label, action=scoping.VIEW):
        """One object per owning unit that `name` may not read (or change), of model `label`."""
        user, out, seen = self.users[name], [], set()
        for obj in self.all_of(label):
            path = isolation.unit_of_path(obj)
            if path in seen or isolation.visible(user, obj, action):
                continue
            seen.add(path)
            out.append(obj)
        return out

    def friendly(self, name, label):
        user = self.users[name]
        return next((o for o in self.all_of(label) if isolation.visible(user, o)), None)

    # ---------------------------------------------------------- what must not show

    def marks(self, name):
        """Detail links and distinctive names of what `name` may not read, over every registered model."""
        if name in self.markers:
            return self.markers[name]
        user, hrefs, seen_names, hidden = self.users[name], [], [], []
        for config in registry.configs():
            if config.model._meta.label in NAMED_BY_DESIGN:
                continue
            for obj in self.all_of(config.model._meta.label):
                if isolation.visible(user, obj) or _above(obj, user):
                    seen_names.append(str(obj))
                    continue
                hrefs.append(reverse(config.url_name('detail'), args=[obj.pk]))
                hidden.append(str(obj))
        names = sorted({s for s in hidden if len(s) >= 8 and not any(s in v for v in seen_names)})
        pattern = '|'.join([re.escape(f'"{h}"') for h in hrefs] + [re.escape(s) + r'(?!\d)' for s in names])
        self.markers[name] = re.compile(pattern) if pattern else None
        return self.markers[name]

    def check_text(self, name, case, response):
        marks = self.marks(name)
        if marks is None:
            return
        found = marks.search(body_text(response))
        if found:
            self.leak(name, case, f'shows {found.group(0)!r}')

    def leak(self, name, case, what):
        self.leaks.append(f'{name} {case}: {what}')

    # ---------------------------------------------------------- the cases

    def url(self, endpoint, values):
        try:
            return reverse(endpoint.name, kwargs=values)
        except NoReverseMatch:
            return None

    def argument_sets(self, name, endpoint, target_arg, target):
        """The URLs of `endpoint` with `target` in `target_arg` and readable objects in the other arguments."""
        words = {a: m.split('|') for a, m in endpoint.arguments.items() if '.' not in m}
        base = {}
        for arg, label in endpoint.arguments.items():
            if arg == target_arg or arg in words:
                continue
            other = self.friendly(name, label)
            if other is None:
                return []
            base[arg] = other.pk
        base[target_arg] = target.pk
        sets = [base]
        for arg, values in words.items():
            sets = [dict(s, **{arg: v}) for s in sets for v in values]
        return [(s, self.url(endpoint, s)) for s in sets]

    def run(self, endpoint):
        ids = [a for a, m in endpoint.arguments.items() if '.' in m]
        if not ids:
            self.run_page(endpoint)
            return
        for name in self.users:
            for arg in ids:
                label = endpoint.arguments[arg]
                if 'get' in endpoint.methods:
                    for target in self.forbidden(name, label):
                        for _values, url in self.argument_sets(name, endpoint, arg, target):
                            self.read_refused(name, endpoint, url)
                writes = [m for m in endpoint.methods if m in isolation.WRITES]
                if writes:
                    for target in self.forbidden(name, label, scoping.CHANGE)[:2]:
                        for values, url in self.argument_sets(name, endpoint, arg, target):
                            if any((endpoint.name, v) in READ_IS_ENOUGH for v in values.values()) \
                                    and isolation.visible(self.users[name], target):
                                continue
                            for method in writes:
                                self.write_refused(name, endpoint, url, method, target)

    def read_refused(self, name, endpoint, url):
        if url is None:
            return
        self.cases['read'] += 1
        response = self.client(name, endpoint.api).get(url)
        if response.status_code not in FORBIDDEN:
            self.leak(name, f'GET {url}', f'answered {response.status_code}')
        else:
            self.check_text(name, f'GET {url}', response)

    def write_refused(self, name, endpoint, url, method, target):
        if url is None:
            return
        self.cases['write'] += 1
        client = self.client(name, endpoint.api)  # its token is issued (and audited) before counting
        config = registry.get(type(target))
        data = _payload(config, self.tree, endpoint.api)
        before = AuditRecord.objects.count(), _row(target)
        if endpoint.api:
            response = getattr(client, method)(url, data, format='json')
        else:
            response = getattr(client, method)(url, data)
        after = AuditRecord.objects.count(), _row(target)
        harmless = after == before and isolation.visible(self.users[name], target)
        if response.status_code not in FORBIDDEN and not harmless:
            # Out of reach: refused. Readable: it may answer (a download taking POST) as long as nothing changed.
            self.leak(name, f'{method.upper()} {url}', f'answered {response.status_code}')
        if after != before:
            self.leak(name, f'{method.upper()} {url}', 'changed the data')

    def run_page(self, endpoint):
        bulk = endpoint.name.endswith(('_bulk_delete', '_bulk_edit'))
        for name in self.users:
            client = self.client(name, endpoint.api)
            if bulk:
                self.bulk_refused(name, endpoint, client)
                continue
            if 'get' not in endpoint.methods:
                continue
            url = reverse(endpoint.name)
            queries = [{}, {'unit': self.tree['b'].pk}]
            if endpoint.name.endswith('_import_template'):  # the list's rows in the import file's columns
                queries = [{'rows': 'all'}, {'rows': 'all', 'unit': self.tree['b'].pk, 'format': 'csv'}]
            elif endpoint.name.endswith('_import'):  # the upload page: the user's own recent imports
                queries = [{}]
            elif endpoint.list_model is not None:
                queries += [{'unit': self.tree['root'].pk}, {'q': 'Hệ thống'}]
                queries += [] if endpoint.api else [{'export': 'csv'}, {'export': 'xlsx'}]
            for params in queries:
                self.cases['list'] += 1
                response = client.get(url, params)
                case = f'GET {url}?{"&".join(f"{k}={v}" for k, v in params.items())}'
                if response.status_code >= 500:
                    self.leak(name, case, f'answered {response.status_code}')
                if response.status_code != 200:
                    continue
                self.check_text(name, case, response)
                if endpoint.api and endpoint.list_model is not None:
                    self.check_ids(name, case, endpoint.list_model, response)

    def check_ids(self, name, case, model, response):
        rows = response.json()
        rows = rows.get('results', rows) if isinstance(rows, dict) else rows
        hidden = {o.pk for o in self.all_of(model._meta.label) if not isolation.visible(self.users[name], o)}
        shown = {r.get('id') for r in rows if isinstance(r, dict)} & hidden
        if shown:
            self.leak(name, case, f'lists {model._meta.label} {sorted(shown)}')

    def bulk_refused(self, name, endpoint, client):
        config = registry.get(endpoint.list_model)
        targets = self.forbidden(name, config.model._meta.label, scoping.CHANGE)
        if not targets:
            return
        self.cases['bulk'] += 1
        before = AuditRecord.objects.count(), [_row(t) for t in targets]
        data = dict(_payload(config, self.tree, False), pk=[t.pk for t in targets], confirm='1', apply='1')
        client.post(reverse(endpoint.name), data)
        if (AuditRecord.objects.count(), [_row(t) for t in targets]) != before:
            self.leak(name, f'POST {reverse(endpoint.name)}', 'changed objects out of scope')


def _above(obj, user):
    path = scoping.unit_path(user) or ''
    return getattr(obj, '_meta', None) and obj._meta.label == 'core.Unit' and path.startswith(obj.path)


def _row(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def _payload(config, tree, api):
    """A valid body for a change (a sample of the user's own unit), so that only the scope stops it."""
    if config is None or config.sample is None:
        return {}
    data = config.sample(tree['a'], 9)
    if api:
        return data
    return {k: (json.dumps(v) if isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], dict))
                else v) for k, v in data.items() if v is not None}


def creates_pointing_out(matrix, tree):
    """A new object of the user's unit that names an object out of scope (a VM on B's host, a dependency
    to B's system, an IP in B's prefix...), through the API and the pages: refused, nothing written."""
    for config in registry.configs():
        if config.sample is None or not scoping.is_scoped(config.model) or not config.editable:
            continue
        for name in ('officer_a', 'officer_a1'):
            unit = tree[isolation.ROLES[name][1]]
            base = config.sample(unit, 8)
            for field in config.model._meta.get_fields():
                if field.name not in base or not (field.many_to_one or field.many_to_many):
                    continue
                related = field.related_model
                if related is None or not scoping.is_scoped(related):
                    continue
                for target in matrix.forbidden(name, related._meta.label, scoping.CHANGE)[:1]:
                    if isolation.visible(matrix.users[name], target):
                        continue  # readable by design (a shared platform): linking to it is allowed
                    value = [target.pk] if field.many_to_many else target.pk
                    for api in (True, False):
                        matrix.cases['create'] += 1
                        client = matrix.client(name, api)
                        before = AuditRecord.objects.count()
                        if api:
                            url = f'/api/{config.get_api_prefix()}/'
                            response = client.post(url, dict(base, **{field.name: value}), format='json')
                        else:
                            url = reverse(config.url_name('add'))
                            response = client.post(url, _payload_of(dict(base, **{field.name: value})))
                        if AuditRecord.objects.count() != before or response.status_code in (201, 302):
                            matrix.leak(name, f'POST {url} {field.name}={target.pk}', 'created it')


def _payload_of(data):
    return {k: (json.dumps(v) if isinstance(v, dict | list) and v and not isinstance(v[0] if isinstance(v, list)
                                                                                    else 0, int) else v)
            for k, v in data.items() if v is not None}


@pytest.fixture
def province(tree, no_2fa):
    users = isolation.build(tree)
    isolation.province_wide_objects()
    return users


def test_isolation_matrix(province, tree, capsys):
    matrix = Matrix(province, tree)
    endpoints = isolation.endpoints()
    for endpoint in endpoints:
        matrix.run(endpoint)
    creates_pointing_out(matrix, tree)
    total = sum(matrix.cases.values())
    per_kind = defaultdict(int, matrix.cases)
    with capsys.disabled():
        print(f'\nisolation matrix: {len(endpoints)} endpoints × {len(matrix.users)} roles: {total} cases '
              f'({per_kind["read"]} reads, {per_kind["write"]} writes, {per_kind["list"]} lists/pages/exports, '
              f'{per_kind["bulk"]} bulk actions, {per_kind["create"]} creates pointing out of scope), '
              f'{len(matrix.leaks)} leaks')
        for label, what in SHARED_BY_DESIGN.items():
            print(f'  shared by design: {label}: {what}')
    assert total > 5000
    assert matrix.leaks == [], '\n'.join(matrix.leaks[:60])
