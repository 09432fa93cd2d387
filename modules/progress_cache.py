"""What the progress pages keep in Django's cache (local memory in development and tests, Redis
in production: ``leergang/settings/production.py``), and when it goes stale.

Two generations (counters kept in the cache) make every key: a shared **site** generation for
what is the same for everyone (the published modules and their steps, module changes, learning
paths), and one **person** generation per user for what is theirs (step and module completions,
certificates, attempts, profile, accreditation). Nothing is ever deleted: a change moves the
generation on, so the next read builds under a new key and old keys expire on their own.

- The site generation moves on when a page is saved, published, unpublished, moved or deleted,
  a view restriction changes, a module change, learning path or team is saved or deleted, or a
  path's teams change (the signal handlers in :mod:`modules.signal_handlers`).
- A person's generation moves on when one of their step completions, module completions,
  certificates, accreditation entries or their staff profile is saved or deleted, on erasure, and
  when an app above this one tells it (``progress_changed``; the quizzes do for every attempt).

A generation moves on at once and again when the transaction commits: a request that read the
database just before the commit may store what it found, but under the generation it started
with, which no one reads any more. What is read inside a transaction is not stored (it could
still be rolled back). A generation that fell out of the cache starts again from the
clock, never from a number an old key could still carry.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection, transaction

#: How long a built structure or a person's facts stay when nothing changes (a day).
TIMEOUT = 60 * 60 * 24
SITE_GENERATION = "progress:site-gen"


def person_generation_key(user_id) -> str:
    return f"progress:person-gen:{user_id}"


def _fresh():
    return time.time_ns()


def generations(user_id=None) -> tuple[int, int | None]:
    """(site generation, person generation of ``user_id`` or None): one cache round trip."""
    keys = [SITE_GENERATION] + ([person_generation_key(user_id)] if user_id is not None else [])
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _fresh()
            if not cache.add(key, value, timeout=None):
                value = cache.get(key, value)
        values.append(value)
    return values[0], (values[1] if user_id is not None else None)


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted): a fresh start
        cache.set(key, _fresh(), timeout=None)


def _bump_now_and_on_commit(key):
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def site_changed():
    """Published content, module changes, paths or teams changed: everyone's pages rebuild."""
    _bump_now_and_on_commit(SITE_GENERATION)


def person_changed(user_id):
    """Something that makes up ``user_id``'s progress changed: their pages rebuild."""
    if user_id is not None:
        _bump_now_and_on_commit(person_generation_key(user_id))


def structure_key(site_generation) -> str:
    return f"progress:structure:{site_generation}"


def facts_key(user_id, person_generation, site_generation) -> str:
    return f"progress:facts:{user_id}:{person_generation}:{site_generation}"


def get(key):
    return cache.get(key)


def _inside_a_transaction():
    """Whether this connection is inside a transaction of the code (not one a test wraps around
    everything): what it reads there may still be rolled back."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def put(key, value):
    """Keep ``value``, unless it was read inside a transaction: a rollback after the generation
    moved on would leave rows in the cache that never were."""
    if not _inside_a_transaction():
        cache.set(key, value, timeout=TIMEOUT)
