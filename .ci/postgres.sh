# Start Debian's PostgreSQL on 127.0.0.1 and export SHAREWISE_TEST_POSTGRES_URL for the store tests.
#
# Source this file, then call `start_postgres`. It is safe under `set -euo pipefail` and safe to run
# more than once (an existing cluster, role or database is reused). The test role is deliberately NOT a
# superuser: a superuser ignores REVOKE, so the append-only privilege tests would prove nothing.

# Run psql as the postgres superuser over the local socket (peer authentication, no password).
_sharewise_pg_psql() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- psql -X -Atq -p "$_sharewise_pg_port" "$@")
    else
        (cd / && sudo -u postgres psql -X -Atq -p "$_sharewise_pg_port" "$@")
    fi
}

start_postgres() {
    local ver ready=""
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ -z "$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main"')" ]; then
        pg_createcluster "$ver" main >/dev/null
    fi
    _sharewise_pg_port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
    # "Cluster is already running" is not an error here.
    pg_ctlcluster "$ver" main start >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do
        if pg_isready -h 127.0.0.1 -p "$_sharewise_pg_port" -q; then
            ready=1
            break
        fi
        sleep 1
    done
    if [ -z "$ready" ]; then
        echo "start_postgres: PostgreSQL $ver did not accept connections on 127.0.0.1:$_sharewise_pg_port" >&2
        return 1
    fi
    if [ "$(_sharewise_pg_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'sharewise'")" != 1 ]; then
        _sharewise_pg_psql -c "CREATE ROLE sharewise LOGIN PASSWORD 'sharewise' NOSUPERUSER"
    fi
    if [ "$(_sharewise_pg_psql -c "SELECT 1 FROM pg_database WHERE datname = 'sharewise_test'")" != 1 ]; then
        _sharewise_pg_psql -c "CREATE DATABASE sharewise_test OWNER sharewise"
    fi
    export SHAREWISE_TEST_POSTGRES_URL="postgresql+psycopg://sharewise:sharewise@127.0.0.1:$_sharewise_pg_port/sharewise_test"
}
