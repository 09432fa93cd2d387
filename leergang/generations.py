"""Generation counters in Django's cache: the one way this project keeps derived data cached
without ever deleting a key (used by :mod:`modules.progress_cache` and :mod:`leergang.menu`).

A key for derived data carries the generations it was built under. A change moves a generation
on (``bump``) at once and again when the transaction commits: a request that read the database
just before the commit may store what it found, but under the generation it started with, which
no one reads any more. What is read inside a transaction is not stored (``put``; it could still be
rolled back). A generation that fell out of the cache starts again from the clock, never from a
number an old key could still carry.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection, transaction


def _fresh():
    return time.time_ns()


def current(*keys) -> list[int]:
    """The generations under ``keys``, started where missing: one cache round trip when all
    are there."""
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _fresh()
            if not cache.add(key, value, timeout=None):
                value = cache.get(key, value)
        values.append(value)
    return values


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted): a fresh start
        cache.set(key, _fresh(), timeout=None)


def bump(key):
    """Move the generation under ``key`` on, now and when the transaction commits."""
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _inside_a_transaction():
    """Whether this connection is inside a transaction of the code (not one a test wraps around
    everything): what it reads there may still be rolled back."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def put(key, value, timeout):
    """Keep ``value``, unless it was read inside a transaction: a rollback after the generation
    moved on would leave rows in the cache that never were."""
    if not _inside_a_transaction():
        cache.set(key, value, timeout=timeout)
