#!/usr/bin/env bash
# Debian's wrk and redis-server: `make bench` loads the site with wrk and caches in Redis; the
# suite runs wrk once (tests/perf/test_wrk.py) and the cache tests against a real redis-server.
set -euo pipefail
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== ${missing[*]} missing: installing Debian's ${missing[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "!! ${missing[*]} missing and cannot be installed without root: install them (make bench needs both; the suite's wrk and Redis tests skip, and fail under CI=true)." >&2
  exit 3
fi
