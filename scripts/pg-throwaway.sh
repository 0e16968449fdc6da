#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL on 127.0.0.1 for tests: bash scripts/pg-throwaway.sh start|stop
# Uses the PostgreSQL server binaries in /usr/local/bin, else Debian's (installed if missing).
# PostgreSQL refuses to run as root, so it runs as a dedicated user, pgrun.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGROOT=${PGROOT:-/tmp/tollgate-pg-$PGPORT}

find_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  for d in /usr/local/bin /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  return 1
}

case "${1:-start}" in
  start)
    if ! BIN=$(find_bin); then
      echo "[pg] installing PostgreSQL from Debian" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
      BIN=$(find_bin)
    fi
    id pgrun >/dev/null 2>&1 || useradd -m pgrun
    [ -f "$PGROOT/data/postmaster.pid" ] && runuser -u pgrun -- "$BIN/pg_ctl" -D "$PGROOT/data" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$PGROOT"; mkdir -p "$PGROOT"; chown pgrun "$PGROOT"
    runuser -u pgrun -- "$BIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust >/dev/null
    runuser -u pgrun -- "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
      -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    BIN=$(find_bin) && runuser -u pgrun -- "$BIN/pg_ctl" -D "$PGROOT/data" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
