"""Hash chain of the audit trail: pure functions, no Django.

Each record's hash is SHA-256 over the previous hash and the canonical JSON of its payload, so
editing a row changes its hash, and deleting or inserting one breaks the link or the sequence.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import orjson

GENESIS = '0' * 64


def canonical_json(value) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept. Stored as is and hashed.

    orjson, not the standard library: the audit trail of a large import serialises hundreds of
    thousands of records, and writer and verifier must use the same encoder.
    """
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str).decode()


def digest(prev_hash: str, fields: list, before_json: str, after_json: str) -> str:
    """SHA-256 over the previous hash, the record's scalar fields and its before/after JSON texts."""
    h = hashlib.sha256(prev_hash.encode('ascii'))
    h.update(orjson.dumps(fields, default=str))
    h.update(b'\x1f')
    h.update(before_json.encode())
    h.update(b'\x1f')
    h.update(after_json.encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    fields: list
    before_json: str
    after_json: str


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify(links: Iterable[Link], head_seq: int | None = None,
           head_hash: str | None = None) -> tuple[int, Break | None]:
    """Walk the chain in sequence order; return (records checked, first break or None)."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for link in links:
        count += 1
        if link.seq != expected_seq:
            return count, Break(link.seq, f'sequence gap: expected {expected_seq}, found {link.seq}')
        if link.prev_hash != expected_prev:
            return count, Break(link.seq, 'previous-hash link does not match the record before it')
        if digest(link.prev_hash, link.fields, link.before_json, link.after_json) != link.hash:
            return count, Break(link.seq, 'content does not match its hash (the record was altered)')
        expected_prev, expected_seq = link.hash, link.seq + 1
    if head_seq is not None and head_seq != expected_seq - 1:
        return count, Break(expected_seq, f'the chain ends at {expected_seq - 1} but the head records {head_seq}')
    if head_hash is not None and head_seq and head_hash != expected_prev:
        return count, Break(expected_seq - 1, 'the last record does not match the chain head')
    return count, None
