"""The users of the load test (run by benchmarks/load.py, which writes LOAD_USERS): officers and leaders
of the demo province browsing lists, details and dashboards, searching, and editing a system's
description through the API with its ETag. Each request is named by its page kind, which the figures
are given by. Every request goes through the TLS proxy's header, as behind the production proxy."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ['LOAD_USERS']).read())
PORTS = [int(p) for p in os.environ['LOAD_PORTS'].split(',')]
_next = itertools.count()
LISTS = ['/inventory/systems/', '/inventory/vms/', '/inventory/servers/', '/inventory/ip-addresses/',
         '/inventory/dependencies/', '/execution/migrations/', '/execution/risks/']
WORDS = ['hệ thống', 'cổng', 'web', 'db', 'srv', 'quản lý', '10.', 'dịch vụ']


class Officer(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        n = next(_next)
        self.me = SESSIONS[n % len(SESSIONS)]
        self.base = f'http://127.0.0.1:{PORTS[n % len(PORTS)]}'
        self.client.headers.update({'X-Forwarded-Proto': 'https', 'Accept-Language': 'vi'})
        self.client.cookies.set('sessionid', self.me['session'])
        self.token = {'Authorization': f'Token {self.me["token"]}'}

    def get(self, path, kind, **kw):
        with self.client.get(self.base + path, name=kind, catch_response=True, allow_redirects=False, **kw) as r:
            if r.status_code != 200:
                r.failure(f'{r.status_code} on {path}')

    @task(6)
    def browse_list(self):
        self.get(random.choice(LISTS) + f'?page={random.randint(1, 3)}', 'list')

    @task(6)
    def open_detail(self):
        kind, ids = random.choice([('systems', self.me['systems']), ('vms', self.me['vms'])])
        self.get(f'/inventory/{kind}/{random.choice(ids)}/', 'detail')

    @task(2)
    def dashboard(self):
        self.get(random.choice(['/', '/reporting/dashboard/']), 'dashboard')

    @task(3)
    def search(self):
        self.get(f'/inventory/vms/?q={random.choice(WORDS)}', 'search')

    @task(2)
    def api_list(self):
        self.get('/api/inventory/systems/?page_size=50', 'api list', headers=self.token)

    @task(1)
    def edit(self):
        if not self.me['editable']:
            return
        pk = random.choice(self.me['editable'])
        url = f'{self.base}/api/inventory/systems/{pk}/'
        current = self.client.get(url, headers=self.token, name='edit (read)')
        if current.status_code != 200:
            return
        body = {'description': f'Cập nhật khi thử tải {random.randint(1, 10 ** 9)}'}
        with self.client.patch(url, json=body, headers={**self.token, 'If-Match': current.headers.get('ETag', '')},
                               name='edit', catch_response=True) as r:
            if r.status_code == 412:
                r.success()  # another user saved first: refused as it must be, not an error of the server
            elif r.status_code != 200:
                r.failure(f'{r.status_code}')
