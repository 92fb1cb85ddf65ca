#!/usr/bin/env bash
# Claim latency as the history of finished jobs grows (docs/BENCHMARKS.md, "Claims behind a long history"). Creates and
# drops its own database on the server it is pointed at; autovacuum does not matter here (the history is vacuumed
# explicitly once it is in), so the machine's shared server will do.
# Environment: ROWS ("0 10000000": history sizes to measure, smallest first), RUNS (3 rounds per size, medians),
#              CONCURRENCY (16: the batch claim's size), PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres).
# 10 million rows take about 4 GB of disk while it runs. Prints one CLAIM line per round and size, RESULT last.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

JAR=benchmarks/target/job-processor-benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find . -path ./benchmarks/target -prune -o -name '*.java' -newer "$JAR" -print -quit)" ]; then
  echo "claim-history: building $JAR" >&2
  ./with-jdk21 ./mvnw -q -B -ntp -DskipTests -pl benchmarks -am package >&2
fi
exec ./with-jdk21 java -Xms1g -Xmx1g -cp "$JAR" dev.jobprocessor.benchmarks.ClaimHistory
