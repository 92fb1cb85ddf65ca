#!/usr/bin/env bash
# The benchmark command (docs/BENCHMARKS.md). Builds what it needs when missing, creates and drops its own database.
# Environment: JOBS (20000), CONCURRENCY (16), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
#              CLAIM_ROWS (1000000; 0 skips the claim-latency workload). The last line printed is the RESULT line.
set -euo pipefail
cd "$(dirname "$0")/.."

export JOBS=${JOBS:-20000} CONCURRENCY=${CONCURRENCY:-16}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

if ! command -v pgbench >/dev/null; then
  # The HTTP submit workload runs the service's INSERT through pgbench beside it (docs/BENCHMARKS.md).
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "benchmark: installing pgbench (postgresql-contrib)" >&2
    apt-get install -y -q postgresql-contrib >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql-contrib >/dev/null; }
  else
    echo "benchmark: pgbench is missing: install PostgreSQL's contrib package (Debian: postgresql-contrib)" >&2
    exit 2
  fi
fi

JAR=benchmarks/target/job-processor-benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find . -path ./benchmarks/target -prune -o -name '*.java' -newer "$JAR" -print -quit)" ]; then
  echo "benchmark: building $JAR" >&2
  ./with-jdk21 ./mvnw -q -B -ntp -DskipTests -pl benchmarks -am package >&2
fi
exec ./with-jdk21 java -Xms1g -Xmx1g -jar "$JAR"
