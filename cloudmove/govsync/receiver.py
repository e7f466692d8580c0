"""A stand-in for the Government cloud platform's receiving end, for tests and demonstrations on one machine.

POST /items takes one signed change: the signature and timestamp window are checked, the body validated
against the exchange schema, and the idempotency key acknowledged once (a repeat is acknowledged again as a
duplicate and counted, never taken twice). GET /received reports the distinct items and the duplicates and
refusals so far. With a store file the keys taken survive a restart of the receiver.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cloudmove.govsync.engine import protocol

MAX_BODY = 1024 * 1024


def load_schema(schema_dir):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((Path(schema_dir) / 'system-change.v1.schema.json').read_text(encoding='utf-8'))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


class Ledger:
    """What the receiver has taken: keys (and kinds), duplicates, refusals by reason."""

    def __init__(self, store=None):
        self.lock = threading.Lock()
        self.keys, self.kinds, self.duplicates, self.refused = {}, {}, 0, {}
        self.store = Path(store) if store else None
        if self.store and self.store.exists():
            for line in self.store.read_text(encoding='utf-8').splitlines():
                if line.strip():
                    entry = json.loads(line)
                    self.keys[entry['key']] = entry['kind']

    def take(self, key, kind):
        """True the first time a key is seen."""
        with self.lock:
            if key in self.keys:
                self.duplicates += 1
                return False
            self.keys[key] = kind
            if self.store:
                with self.store.open('a', encoding='utf-8') as f:
                    f.write(json.dumps({'key': key, 'kind': kind}) + '\n')
            return True

    def refuse(self, reason):
        with self.lock:
            self.refused[reason] = self.refused.get(reason, 0) + 1

    def report(self):
        with self.lock:
            kinds = {}
            for kind in self.keys.values():
                kinds[kind] = kinds.get(kind, 0) + 1
            return {'distinct': len(self.keys), 'duplicates': self.duplicates, 'by_kind': kinds,
                    'refused': dict(self.refused), 'refused_total': sum(self.refused.values())}


def make_server(host, port, secret, schema_dir, window=protocol.DEFAULT_WINDOW, store=None, delay=0.0):
    validator = load_schema(schema_dir)
    ledger = Ledger(store)

    class Handler(BaseHTTPRequestHandler):
        server_version = 'CloudMoveReceiver/1'

        def log_message(self, format, *args):  # quiet: the report says what happened
            pass

        def _answer(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode('utf-8')
            self.send_response(status)
            self.send_header('Content-Type', 'application/json; charset=utf-8')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path.rstrip('/') == '/received':
                return self._answer(200, ledger.report())
            if self.path.rstrip('/') == '/health':
                return self._answer(200, {'ok': True})
            return self._answer(404, {'error': 'not found'})

        def do_POST(self):
            if self.path.rstrip('/') != '/items':
                return self._answer(404, {'error': 'not found'})
            length = int(self.headers.get('Content-Length') or 0)
            if length <= 0 or length > MAX_BODY:
                ledger.refuse('size')
                return self._answer(413, {'error': 'body missing or too large'})
            body = self.rfile.read(length)
            reason = protocol.check(secret, self.headers.get(protocol.TIMESTAMP_HEADER),
                                    self.headers.get(protocol.SIGNATURE_HEADER), body, time.time(), window)
            if reason:
                ledger.refuse('signature' if 'signature' in reason else 'timestamp')
                return self._answer(401, {'error': reason})
            try:
                document = json.loads(body)
            except ValueError:
                ledger.refuse('json')
                return self._answer(400, {'error': 'not JSON'})
            errors = sorted(f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                            for e in validator.iter_errors(document))
            if errors:
                ledger.refuse('schema')
                return self._answer(422, {'error': 'schema', 'details': errors[:20]})
            key = self.headers.get(protocol.KEY_HEADER, '')
            if key != document.get('key'):
                ledger.refuse('key')
                return self._answer(400, {'error': 'the idempotency key differs from the document’s'})
            if delay:
                time.sleep(delay)
            first = ledger.take(key, document['kind'])
            return self._answer(200, {'received': key, 'duplicate': not first})

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.ledger = ledger
    return server
