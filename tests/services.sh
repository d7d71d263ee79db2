#!/usr/bin/env bash
# Private PostgreSQL and Redis servers on loopback for the tests, sourced by tests/run.sh (or by hand:
# `source tests/services.sh && start_postgres && echo "$SUPPORTBOT_TEST_POSTGRES"`). Each lives in its own temporary
# folder, on a free port, and is stopped and removed when the shell that started it exits.
#
# PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to the 'postgres' account that Debian's
# package creates and is started through runuser; any other user owns it directly. Authentication is 'trust' on
# 127.0.0.1 only, durability is off (fsync): the data is thrown away.

SERVICES_CLEANUP=()

services_cleanup() {
  local step
  for step in "${SERVICES_CLEANUP[@]+"${SERVICES_CLEANUP[@]}"}"; do
    eval "$step" > /dev/null 2>&1 || true
  done
}
trap services_cleanup EXIT

services_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo > /dev/null 2>&1; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    echo "services.sh: not root and no sudo; cannot run: $*" >&2
    return 1
  fi
}

# free_port FIRST -> the first port from FIRST on that nothing listens on at 127.0.0.1.
free_port() {
  local port="$1"
  while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1
}

# start_postgres: exports SUPPORTBOT_TEST_POSTGRES (an Npgsql connection string) or returns non-zero.
start_postgres() {
  local bin dir port owner=()
  bin="$(postgres_bin)"
  if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "== Installing PostgreSQL (apt-get install postgresql)"
    services_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && services_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql < /dev/null \
      || { echo "services.sh: could not install postgresql" >&2; return 1; }
    bin="$(postgres_bin)"
  fi
  dir="$(mktemp -d /tmp/supportbot-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    owner=(runuser -u postgres --)
  fi
  port="$(free_port 55432)"
  "${owner[@]}" "$bin/initdb" -D "$dir/data" -U supportbot --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync > "$dir/initdb.log" 2>&1 \
    || { echo "services.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; return 1; }
  "${owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
    start > /dev/null \
    || { echo "services.sh: PostgreSQL did not start:" >&2; cat "$dir/server.log" >&2; return 1; }
  SERVICES_CLEANUP+=("${owner[*]} '$bin/pg_ctl' -D '$dir/data' -m immediate stop; rm -rf '$dir'")
  "$bin/psql" -h 127.0.0.1 -p "$port" -U supportbot -d postgres -qc "CREATE DATABASE supportbot" \
    || { echo "services.sh: could not create the database" >&2; return 1; }
  export SUPPORTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=supportbot;Database=supportbot"
  echo "== PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port ($dir)"
}
