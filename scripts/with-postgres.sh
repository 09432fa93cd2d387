#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster that lives only for this command.
# Installs Debian's postgresql when it is missing (root only). Exit code: the command's.
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== PostgreSQL is missing: installing Debian's postgresql" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  else
    echo "!! PostgreSQL is not installed and this user cannot install it (no root)." >&2
    exit 3
  fi
fi

# A free local port unless one was given.
PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
PGTMP=$(mktemp -d)
if [ "$(id -u)" = 0 ]; then chown postgres: "$PGTMP"; AS_PG=(runuser -u postgres --); else AS_PG=(); fi
cleanup() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT
"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
  -o "-k $PGTMP -p $PGPORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${AS_PG[@]}" "$PGBIN/createdb" -h "$PGTMP" -p "$PGPORT" -U postgres app
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/app"
echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (throwaway)" >&2
"$@"
