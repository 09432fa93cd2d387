"""What this project adds to Django's cache: a Redis backend that keeps one client per connection
pool, and :data:`kept`, a small per-process memory in front of the cache for values that never
change under their key.

Django's ``RedisCache`` makes a new ``redis.Redis`` client for every operation; a logged-in page
does a handful of them, and building the client costs more than the round trip to a local Redis.
The client is thread-safe (connections come from its pool), so one per pool is enough.

A key that carries the generations its value was built under (:mod:`leergang.generations`) never
gets another value: a change moves a generation on and so makes a new key. Such a value can stay
in the process that read it, as long as nobody changes it in place; :data:`kept` holds the last
few hundred of them (least recently used first out) and asks the cache only for the others.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _PooledClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with one client per connection pool (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PooledClient


class KeptValues:
    """Values that never change under their key, kept in this process after the first read or
    write, and in Django's cache for the other processes. Callers must not change a value they
    get. ``size``: how many are kept. ``family``: a value of which only the newest is worth
    keeping (the site structure of the current generation): keeping one drops the one before."""

    def __init__(self, size=512, *, cleared_with: KeptValues | None = None):
        self.size = size
        self._companions = []  # cleared with this one
        if cleared_with is not None:
            cleared_with._companions.append(self)
        self._values = OrderedDict()
        self._families = {}
        self._lock = threading.Lock()

    def get(self, key, *, family=None):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = cache.get(key)
        if value is not None:
            self.remember(key, value, family=family)
        return value

    def peek(self, key):
        """The value under ``key`` if this process keeps it, else None (the cache is not asked)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return None

    def set(self, key, value, timeout, *, family=None):
        cache.set(key, value, timeout=timeout)
        self.remember(key, value, family=family)

    def remember(self, key, value, *, family=None):
        """Keep ``value`` in this process only (it is in the cache already)."""
        with self._lock:
            if family is not None:
                before = self._families.get(family)
                if before is not None and before != key:
                    self._values.pop(before, None)
                self._families[family] = key
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self):
        with self._lock:
            self._values.clear()
            self._families.clear()
        for companion in self._companions:
            companion.clear()


#: The one per process (cleared by the tests whenever they clear the cache).
kept = KeptValues()

#: Whole pages of one person (:mod:`modules.page_cache`): larger values, kept in the process
#: only, a few hundred at most; cleared with :data:`kept`.
pages = KeptValues(size=256, cleared_with=kept)
