# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the tests: `source` this file, then
#
#   pg_throwaway_start   # initdb in a temp dir, start on a free 127.0.0.1 port,
#                        # create a database, export TEST_DATABASE_URL
#   pg_throwaway_stop    # stop the server (fast mode) and delete the dir; safe to call twice
#
# The cluster trusts every local connection (it only listens on 127.0.0.1 and a unix socket
# inside its own temp dir) and runs with fsync off: it is for tests, never for data.
# Meant to be sourced by scripts/test.sh, which runs under `set -euo pipefail`, so nothing
# here sets shell options; every failure is reported and returned instead.

# Debian's PostgreSQL 15; PG_BINDIR overrides, and another installed major version is a fallback.
_pg_throwaway_bindir() {
  local d
  for d in "${PG_BINDIR:-}" /usr/lib/postgresql/15/bin; do
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  echo "pg-throwaway: PostgreSQL binaries not found (apt-get install postgresql-15, or set PG_BINDIR)" >&2
  return 1
}

# Runs a PostgreSQL program as the cluster's owner: PostgreSQL refuses to run as root, so
# as root (CI) that is the `postgres` system user; otherwise the current user.
_pg_throwaway_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_THROWAWAY_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_THROWAWAY_DIR" && "$@")
  fi
}

# A port the kernel just handed out on 127.0.0.1 (node is always there in this project).
_pg_throwaway_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

pg_throwaway_start() {
  if [ -n "${PG_THROWAWAY_DIR:-}" ] && [ -d "$PG_THROWAWAY_DIR" ]; then
    echo "pg-throwaway: already running in $PG_THROWAWAY_DIR" >&2
    return 0
  fi
  local bin port attempt db=oppen_vaxel_test
  bin=$(_pg_throwaway_bindir) || return 1
  PG_THROWAWAY_BIN=$bin
  PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pg-throwaway.XXXXXX") || return 1
  export PG_THROWAWAY_DIR PG_THROWAWAY_BIN
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-throwaway: running as root needs the 'postgres' system user (Debian's postgresql package creates it)" >&2
      pg_throwaway_stop; return 1
    fi
    chown postgres: "$PG_THROWAWAY_DIR"
  fi

  # The superuser is called postgres whoever runs the cluster, so the URL is always the same shape.
  if ! _pg_throwaway_as_owner "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres --auth=trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1; then
    echo "pg-throwaway: initdb failed:" >&2; cat "$PG_THROWAWAY_DIR/initdb.log" >&2
    pg_throwaway_stop; return 1
  fi

  # Another process may take the port between asking and binding: try a few.
  for attempt in 1 2 3 4 5; do
    port=$(_pg_throwaway_free_port) || { pg_throwaway_stop; return 1; }
    # pg_ctl -w waits until the server accepts connections, at most -t seconds.
    if _pg_throwaway_as_owner "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" \
        -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_THROWAWAY_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null 2>&1; then
      break
    fi
    echo "pg-throwaway: start on port $port failed (attempt $attempt)" >&2
    port=
  done
  if [ -z "$port" ]; then
    echo "pg-throwaway: the server did not start:" >&2; tail -n 20 "$PG_THROWAWAY_DIR/server.log" >&2
    pg_throwaway_stop; return 1
  fi

  if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" >/dev/null; then
    echo "pg-throwaway: createdb failed" >&2
    pg_throwaway_stop; return 1
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
  echo "pg-throwaway: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $TEST_DATABASE_URL"
}

pg_throwaway_stop() {
  local dir=${PG_THROWAWAY_DIR:-}
  case "$dir" in
    */pg-throwaway.*) ;;
    "") ;;
    *) echo "pg-throwaway: refusing to delete $dir (not made by pg_throwaway_start)" >&2; dir= ;;
  esac
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    if [ -f "$dir/data/postmaster.pid" ]; then
      _pg_throwaway_as_owner "${PG_THROWAWAY_BIN:-$(_pg_throwaway_bindir)}/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
        || echo "pg-throwaway: stopping the server in $dir failed" >&2
    fi
    rm -rf -- "$dir"
  fi
  unset PG_THROWAWAY_DIR PG_THROWAWAY_BIN TEST_DATABASE_URL
  return 0
}
