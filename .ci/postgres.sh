# Start Debian's PostgreSQL on 127.0.0.1 and export SHAREWISE_TEST_POSTGRES_URL for the store tests.
start_postgres() {
    local ver
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
        pg_createcluster "$ver" main >/dev/null
    fi
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 30); do
        pg_isready -h 127.0.0.1 -q && break
        sleep 1
    done
    su postgres -c "psql -q -h 127.0.0.1 -tc \"SELECT 1 FROM pg_roles WHERE rolname='sharewise'\"" | grep -q 1 \
        || su postgres -c "psql -q -c \"CREATE ROLE sharewise LOGIN PASSWORD 'sharewise' CREATEDB\""
    su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='sharewise_test'\"" | grep -q 1 \
        || su postgres -c "psql -q -c \"CREATE DATABASE sharewise_test OWNER sharewise\""
    export SHAREWISE_TEST_POSTGRES_URL="postgresql+psycopg://sharewise:sharewise@127.0.0.1:5432/sharewise_test"
}
