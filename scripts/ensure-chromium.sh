#!/usr/bin/env bash
# Browser tests use Debian's Chromium (browsers cannot be downloaded by Playwright here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== Chromium is missing: installing Debian's chromium" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "!! /usr/bin/chromium is missing and cannot be installed without root: browser tests will fail." >&2
  exit 3
fi
