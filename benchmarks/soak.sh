#!/usr/bin/env bash
# The soak (docs/BENCHMARKS.md, "Soak"): a fixed submit rate drained for MINUTES, with a transaction held open doing
# nothing through the middle third. It runs on a PostgreSQL cluster it creates, owns and removes, with stock settings
# (autovacuum on): the machine's shared server may run with autovacuum off, which would make the figures meaningless.
# Environment: MINUTES (20, at least 3), RATE (jobs/s, 1000, a multiple of 100), CONCURRENCY (16),
#              RETENTION (how long finished jobs are kept, 2m; 0 keeps them), RETENTION_INTERVAL_MS (10000),
#              SOAK_PGPORT (55432), PGBIN (the oldest installed /usr/lib/postgresql/*/bin, so 15 here),
#              SOAK_PG_OPTIONS (extra server options for a diagnosis, e.g. "-c shared_preload_libraries=pg_stat_statements";
#              figures for docs/BENCHMARKS.md are taken without any), SOAK_SERVER_LOG (a file to copy the server's log to).
# Prints one MINUTE line per minute and a RESULT line last.
set -euo pipefail
cd "$(dirname "$0")/.."

export MINUTES=${MINUTES:-20} RATE=${RATE:-1000} CONCURRENCY=${CONCURRENCY:-16}
port=${SOAK_PGPORT:-55432}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | head -n 1)}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "soak: no PostgreSQL server binaries found (initdb); install postgresql-15 or set PGBIN" >&2
  exit 1
fi

JAR=benchmarks/target/job-processor-benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find . -path ./benchmarks/target -prune -o -name '*.java' -newer "$JAR" -print -quit)" ]; then
  echo "soak: building $JAR" >&2
  ./with-jdk21 ./mvnw -q -B -ntp -DskipTests -pl benchmarks -am package >&2
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
work=$(mktemp -d /tmp/job-processor-soak.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
stop_cluster() {
  as_owner "$PGBIN/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
  if [ -n "${SOAK_SERVER_LOG:-}" ] && [ -f "$work/postgres.log" ]; then cp "$work/postgres.log" "$SOAK_SERVER_LOG"; fi
  rm -rf "$work"
}
trap stop_cluster EXIT
as_owner "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 ${SOAK_PG_OPTIONS:-}" start >/dev/null
echo "soak: PostgreSQL cluster of its own in $work on port $port ($PGBIN)" >&2

PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres ./with-jdk21 java -Xms1g -Xmx1g -cp "$JAR" dev.jobprocessor.benchmarks.Soak
