"""Generation counters in Django's cache: the one way this project keeps derived data cached
without ever deleting a key (used by :mod:`modules.progress_cache` and :mod:`leergang.menu`).

A key for derived data carries the generations it was built under. A change moves a generation
on (``bump``) at once and again when the transaction commits: a request that read the database
just before the commit may store what it found, but under the generation it started with, which
no one reads any more. What is read inside a transaction is not stored (``put``; it could still be
rolled back). A generation that fell out of the cache starts again from the clock, never from a
number an old key could still carry.

Within a request a generation is read from the cache once (:func:`current` remembers it until
the request ends, and :func:`bump` forgets it): a page that draws the menu, the structure and a
person's progress asks the cache for its generations in one round trip, not three.
"""

from __future__ import annotations

import copy
import threading
import time

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction

from .cache import kept


class _RequestMemo(threading.local):
    """The generations read during the current request of this thread; None outside a
    request (a command or a job reads the cache every time)."""

    values: dict | None = None


_memo = _RequestMemo()


def _request_started(**kwargs):
    _memo.values = {}


def _request_finished(**kwargs):
    _memo.values = None


request_started.connect(_request_started, dispatch_uid="generations_request_started")
request_finished.connect(_request_finished, dispatch_uid="generations_request_finished")


def _fresh():
    return time.time_ns()


def current(*keys) -> list[int]:
    """The generations under ``keys``, started where missing: at most one cache round trip
    when all are there, none for those read earlier in the same request."""
    memo = _memo.values
    missing = [key for key in keys if memo is None or key not in memo]
    found = cache.get_many(missing) if missing else {}
    for key in missing:
        value = found.get(key)
        if value is None:
            value = _fresh()
            if not cache.add(key, value, timeout=None):
                value = cache.get(key, value)
        found[key] = value
    if memo is not None:
        memo.update(found)
        return [memo[key] for key in keys]
    return [found[key] for key in keys]


def _forget(key):
    if _memo.values is not None:
        _memo.values.pop(key, None)


def _bump(key):
    _forget(key)
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


def person_key(user_id) -> str:
    """The generation of everything about one person: their account (name, password, whether
    it is active), their profile and organisation login, and what their progress is built from
    (:mod:`modules.progress_cache`). Moved on by :func:`person_changed`."""
    return f"progress:person-gen:{user_id}"


def person_changed(user_id):
    if user_id is not None:
        bump(person_key(user_id))


def get(key, *, family=None):
    """The value under a key built from generations: from this process when it read or wrote
    it before (:data:`leergang.cache.kept`), else from the cache."""
    return kept.get(key, family=family)


def put(key, value, timeout, *, family=None) -> bool:
    """Keep ``value``, unless it was read inside a transaction: a rollback after the generation
    moved on would leave rows in the cache that never were. Whether it was kept."""
    if _inside_a_transaction():
        return False
    kept.set(key, value, timeout, family=family)
    return True


def remember(key, value, *, into=kept) -> bool:
    """Keep ``value`` in this process only (``into``: a :class:`leergang.cache.KeptValues`),
    unless it was read inside a transaction; whether it was kept. For values that must not
    leave the process (an account with its password hash, a person's rendered page) or are
    only worth keeping close (a page's row)."""
    if _inside_a_transaction():
        return False
    into.remember(key, value)
    return True


def kept_copy(key, load, *, copy_of=copy.copy):
    """The value under ``key`` as this process keeps it, else ``load()`` (remembered unless None
    or read inside a transaction); a copy each time (``copy_of``), so what a request sets on it
    stays in that request."""
    found = kept.peek(key)
    if found is not None:
        return copy_of(found)
    value = load()
    if value is not None:
        remember(key, copy_of(value))
    return value
