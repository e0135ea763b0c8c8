#!/usr/bin/env bash
# Runs a command (default: npm run bench) with DATABASE_URL pointing at a throw-away
# PostgreSQL server: initdb into a temp dir, loopback only, non-root, stopped and
# deleted afterwards (as .ci/run does). The server keeps its default durability
# settings (fsync, synchronous_commit on), as in production.
#   scripts/bench/with-postgres.sh                      # npm run bench
#   scripts/bench/with-postgres.sh npm run bench -- --json
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || set -- npm run bench

PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")
[ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(command -v initdb)")
[ -x "$PGBIN/initdb" ] || { echo "with-postgres: no initdb found (apt-get install postgresql)" >&2; exit 1; }

RUNAS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  RUNAS=(runuser -u postgres --)
fi

PGTMP=$(mktemp -d /tmp/xietong-bench-pg.XXXXXX)
chmod 755 "$PGTMP"
[ "$(id -u)" = 0 ] && chown postgres "$PGTMP"
PGDATA="$PGTMP/data"
PGPORT=${BENCH_PGPORT:-$(( 20000 + RANDOM % 20000 ))}
PGPID=""

cleanup() {
  [ -f "$PGDATA/postmaster.pid" ] && PGPID=$(head -n 1 "$PGDATA/postmaster.pid")
  if [ -n "$PGPID" ] && kill -0 "$PGPID" 2>/dev/null; then
    kill -INT "$PGPID" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 100); do kill -0 "$PGPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$PGPID" 2>/dev/null || true
  fi
  rm -rf "$PGTMP"
}
trap cleanup EXIT

"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U xietong --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$PGBIN/postgres" -D "$PGDATA" -h 127.0.0.1 -p "$PGPORT" -k "$PGTMP" -c max_connections=100 \
  >"$PGTMP/server.log" 2>&1 &
PGPID=$!
for _ in $(seq 1 100); do
  "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -U xietong >/dev/null 2>&1 && break
  kill -0 "$PGPID" 2>/dev/null || { cat "$PGTMP/server.log"; echo "with-postgres: postgres failed to start" >&2; exit 1; }
  sleep 0.2
done
"$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -U xietong >/dev/null || { cat "$PGTMP/server.log"; exit 1; }
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2

export DATABASE_URL="postgres://xietong@127.0.0.1:$PGPORT/postgres"
"$@"
