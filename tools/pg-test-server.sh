#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback, for the PostgreSQL store's tests
# and benchmark: initdb in a temporary folder, a random free port on 127.0.0.1
# only, password (SCRAM) authentication, no Unix socket, no system service.
# Needs Debian's `postgresql` package (or initdb and pg_ctl on PATH).
#
#   tools/pg-test-server.sh run COMMAND [ARG…]   start a server, run COMMAND with
#                                                PARLEY_TEST_POSTGRES_URL and
#                                                PARLEY_TEST_POSTGRES_DIR set, stop
#                                                the server (also when COMMAND fails)
#   tools/pg-test-server.sh start [DIR]           start one in DIR (default: a new
#                                                temporary folder); prints the two
#                                                variables as `export` lines for eval
#   tools/pg-test-server.sh stop DIR              stop it and delete DIR
#   tools/pg-test-server.sh down DIR              stop the server, keep DIR (tests of
#                                                an outage)
#   tools/pg-test-server.sh up DIR                start it again on the same port
#
# initdb refuses to run as root: as root, the server runs as the `postgres`
# user (created by Debian's package) in a folder that user owns.
set -euo pipefail
shopt -s inherit_errexit

die() { echo "pg-test-server: $*" >&2; exit 1; }

bindir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        # Through links (a /usr/local/bin/pg_ctl may point into Debian's folder, which has psql too).
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian keeps the server's programs out of PATH, one folder per major version.
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$found" ] && [ -x "$found/pg_ctl" ] || die "no initdb/pg_ctl found; install Debian's postgresql package"
    echo "$found"
}

# Runs a command as the server's user: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_up() {
    local dir=$1 bin
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

start() {
    local dir=${1:-} bin password port tries
    bin=$(bindir)
    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/parley-pg.XXXXXX")
    else
        mkdir -p "$dir"
    fi
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the postgres user (Debian's postgresql package creates it)"
        chown postgres: "$dir"
    fi
    # A fresh password each run; it reaches initdb through a 0600 file, never a command line.
    password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    as_owner sh -c 'umask 077; cat > "$1"' sh "$dir/password" <<<"$password"
    as_owner "$bin/initdb" -D "$dir/data" -U parley --pwfile="$dir/password" --auth=scram-sha-256 \
        -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Loopback only, TCP only, and password authentication for it alone.
    as_owner sh -c 'printf "%s\n" "host all parley 127.0.0.1/32 scram-sha-256" > "$1"' sh "$dir/data/pg_hba.conf"
    for tries in 1 2 3 4 5; do
        port=$(free_port)
        as_owner sh -c 'cat >> "$1"' sh "$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
EOF
        if pg_up "$dir" 2>/dev/null; then break; fi
        # The port was taken between choosing it and binding it: choose again.
        [ "$tries" -lt 5 ] || { cat "$dir/server.log" >&2; die "the server did not start"; }
    done
    PGPASSWORD=$password "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U parley -d postgres \
        -c 'CREATE DATABASE parley' >/dev/null
    local url="postgresql://parley:$password@127.0.0.1:$port/parley"
    as_owner sh -c 'umask 077; cat > "$1"' sh "$dir/url" <<<"$url"
    echo "export PARLEY_TEST_POSTGRES_URL='$url'"
    echo "export PARLEY_TEST_POSTGRES_DIR='$dir'"
}

stop() {
    local dir=${1:?stop needs the server folder} bin
    bin=$(bindir)
    [ -f "$dir/data/PG_VERSION" ] || die "$dir holds no test server"
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir"
}

down() {
    local dir=${1:?down needs the server folder} bin
    bin=$(bindir)
    # Fast: open connections are cut at once, as in a server restart.
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

run() {
    [ $# -gt 0 ] || die "run needs a command"
    local setup status=0
    setup=$(start)
    eval "$setup"
    trap 'stop "$PARLEY_TEST_POSTGRES_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "pg-test-server: PostgreSQL on ${PARLEY_TEST_POSTGRES_URL##*@} in $PARLEY_TEST_POSTGRES_DIR" >&2
    "$@" || status=$?
    return $status
}

command=${1:-}
shift || true
case "$command" in
    run) run "$@" ;;
    start) start "$@" ;;
    stop) stop "$@" ;;
    down) down "$@" ;;
    up) pg_up "${1:?up needs the server folder}" ;;
    *) die "usage: $0 run COMMAND… | start [DIR] | stop DIR | down DIR | up DIR" ;;
esac
