"""The exchange's wire rules, shared by the sender and the stand-in receiver.

A message is a JSON body POSTed with three headers: the Unix time it was signed, an HMAC-SHA256 signature
over "<timestamp>.<body>" with the shared secret, and the item's idempotency key. The receiver refuses a
bad signature or a timestamp outside its window, and acknowledges each key once (a repeat is acknowledged
as a duplicate, so a sender that lost the first acknowledgement stops resending).
"""

import hashlib
import hmac
import json
import random

TIMESTAMP_HEADER = 'X-CloudMove-Timestamp'
SIGNATURE_HEADER = 'X-CloudMove-Signature'
KEY_HEADER = 'Idempotency-Key'
SCHEME = 'sha256='
DEFAULT_WINDOW = 300  # seconds a signed message stays acceptable, either side of the receiver's clock


def body_bytes(payload):
    """The canonical body: the same bytes for the same payload on every attempt."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(',', ':')).encode('utf-8')


def sign(secret, timestamp, body):
    mac = hmac.new(secret.encode('utf-8'), f'{int(timestamp)}.'.encode('ascii') + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


def headers(secret, timestamp, body, key):
    return {'Content-Type': 'application/json; charset=utf-8', TIMESTAMP_HEADER: str(int(timestamp)),
            SIGNATURE_HEADER: sign(secret, timestamp, body), KEY_HEADER: key}


def check(secret, timestamp_text, signature, body, now, window=DEFAULT_WINDOW):
    """None when the message is authentic and fresh, else the reason it is refused."""
    try:
        timestamp = int(timestamp_text or '')
    except ValueError:
        return 'timestamp missing or not a number'
    if abs(now - timestamp) > window:
        return 'timestamp outside the window'
    if not signature or not hmac.compare_digest(sign(secret, timestamp, body), signature):
        return 'signature does not match'
    return None


def backoff(attempt, base=2.0, cap=3600.0, rng=random.random):
    """Seconds before retry number `attempt` (1, 2, ...): exponential, capped, with half of it random so
    that many senders failing together do not retry together."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return ceiling / 2 + rng() * ceiling / 2


def permanent(status):
    """A refusal that retrying cannot mend (a malformed or unauthorised message): the item waits for a
    person. Time-outs, throttling and server errors are retried."""
    return status is not None and 400 <= status < 500 and status not in (408, 425, 429)
