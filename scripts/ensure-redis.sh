#!/usr/bin/env bash
# The cache tests (tests/test_cache_redis.py) start Debian's redis-server on a free port.
set -euo pipefail
if command -v redis-server >/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== redis-server is missing: installing Debian's redis-server" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
else
  echo "!! redis-server is missing and cannot be installed without root: the Redis cache tests will skip (and fail under CI=true)." >&2
  exit 3
fi
