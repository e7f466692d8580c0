"""A short fuzz run of every write endpoint of the API schema (the long one: benchmarks/fuzz_api.py)."""

from cloudmove.conftest import api_client
from cloudmove.core.tests import isolation
from cloudmove.core.tests.fuzz import Fuzzer


def test_no_write_endpoint_fails_or_half_writes_on_drawn_bodies(tree, no_2fa, client, capsys):
    users = isolation.build(tree)
    schema = client.get('/api/schema/', {'format': 'json'}).json()
    fuzzer = Fuzzer({name: api_client(users[name]) for name in ('admin', 'officer_a', 'viewer_a')}, schema)
    operations = fuzzer.run()
    total = sum(fuzzer.cases.values())
    with capsys.disabled():
        print(f'\nAPI fuzz: {operations} write operations, {total} requests '
              f'({", ".join(f"{k.upper()} {v}" for k, v in sorted(fuzzer.cases.items()))}; '
              f'{", ".join(f"{k} {v}" for k, v in sorted(fuzzer.answers.items()))}), '
              f'{len(fuzzer.failures)} with a 500, a traceback or a partial write')
    assert operations > 200 and total >= operations * 2
    assert fuzzer.answers['2xx'] >= operations // 5, 'the drawn bodies hardly ever get past validation'
    assert fuzzer.failures == [], '\n'.join(fuzzer.failures[:30])
