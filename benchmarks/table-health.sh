#!/usr/bin/env bash
# How the jobs table's storage settings (migration V3) behave under a queue workload, measured on a throwaway
# PostgreSQL cluster with stock settings (autovacuum on): docs/PERSISTENCE.md, "Table health".
#
# For each variant — V3 as migrated (fillfactor 85, vacuum/insert/analyze scale factors 0.02/0.05/0.02), fillfactor 100
# with V3's autovacuum settings, and the stock table (fillfactor 100, scale factors 0.2/0.2/0.1) — in a database of its
# own: apply the migrations, insert HISTORY completed jobs (then VACUUM FREEZE ANALYZE them, as long-vacuumed
# history) and JOBS pending jobs, then drain them at RATE claims of 100 jobs per second with two
# pgbench clients (benchmarks/table-health/drain.sql: claim, two heartbeats, complete), fold the count changes every
# second as the service's leader does, and sample pg_stat_user_tables every SAMPLE seconds until SETTLE seconds after
# the drain. Prints the samples and one summary line per variant; the cluster is created and removed by the script.
#
# Needs the PostgreSQL server binaries (initdb, pg_ctl, pgbench; PG_BIN or the newest /usr/lib/postgresql/*/bin).
# Run as root it runs the server as the user postgres. Environment: JOBS (200000), HISTORY (0), RATE (10),
# SAMPLE (10), SETTLE (70), PORT (5499), VARIANTS ("v3 ff100 stock").
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-200000} HISTORY=${HISTORY:-0} RATE=${RATE:-10} SAMPLE=${SAMPLE:-10} SETTLE=${SETTLE:-70} PORT=${PORT:-5499}
VARIANTS=${VARIANTS:-"v3 ff100 stock"}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
MIGRATIONS=adapters/postgres/src/main/resources/db/migration
DRAIN=$(pwd)/benchmarks/table-health/drain.sql

DATA=$(mktemp -d /tmp/table-health.XXXXXX)
as_server_user() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
cleanup() {
  as_server_user "$PG_BIN/pg_ctl" -D "$DATA/cluster" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

as_server_user "$PG_BIN/initdb" -D "$DATA/cluster" -U postgres --auth=trust >/dev/null
as_server_user "$PG_BIN/pg_ctl" -D "$DATA/cluster" -l "$DATA/cluster/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c log_autovacuum_min_duration=0" \
  start >/dev/null
psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }
echo "server: $(psql -d postgres -Atc 'SHOW server_version'), autovacuum $(psql -d postgres -Atc 'SHOW autovacuum'),"\
  "naptime $(psql -d postgres -Atc 'SHOW autovacuum_naptime'), $HISTORY completed and $JOBS pending jobs," \
  "$RATE claims of 100 per second"

STATS="SELECT n_live_tup, n_dead_tup, autovacuum_count, autoanalyze_count, n_tup_upd, n_tup_hot_upd,
  pg_total_relation_size('jobs'), pg_relation_size('jobs_claim_order') FROM pg_stat_user_tables WHERE relname = 'jobs'"

for variant in $VARIANTS; do
  db="health_$variant"
  psql -d postgres -c "CREATE DATABASE $db"
  for migration in $(ls "$MIGRATIONS"/V*.sql | sort -V); do psql -d "$db" -f "$migration"; done
  case $variant in
    v3) ;;
    ff100) psql -d "$db" -c "ALTER TABLE jobs SET (fillfactor = 100)" ;;
    stock) psql -d "$db" -c "ALTER TABLE jobs RESET (fillfactor, autovacuum_vacuum_scale_factor,
             autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)" ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  echo "== $variant: $(psql -d "$db" -Atc "SELECT coalesce(array_to_string(reloptions, ', '), 'stock')
                                              FROM pg_class WHERE relname = 'jobs'")"
  for ((done = 0; done < HISTORY; done += 10000)); do
    psql -d "$db" -c "INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at,
      timeout_seconds, result, lease_token, created_at, updated_at, started_at, finished_at)
      SELECT gen_random_uuid(), 'noop', 'default', '{}', 5, 'completed', 1, 5, now(), 300, '{}', md5(random()::text),
        now(), now(), now(), now()
      FROM generate_series(1, LEAST(10000, $HISTORY - $done))"
  done
  if (( HISTORY > 0 )); then
    psql -d "$db" -c "VACUUM (FREEZE, ANALYZE) jobs" -c "SELECT fold_job_count_changes()" >/dev/null
  fi
  for ((done = 0; done < JOBS; done += 1000)); do
    psql -d "$db" -c "INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at,
      timeout_seconds, created_at, updated_at)
      SELECT gen_random_uuid(), 'noop', 'default', '{}', 5, 'pending', 0, 5, now(), 300, now(), now()
      FROM generate_series(1, LEAST(1000, $JOBS - $done))"
  done
  transactions=$(( (JOBS + 199) / 200 ))  # per client: two clients, 100 jobs each
  start=$(date +%s)
  "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -c 2 -j 2 -R "$RATE" -t "$transactions" -f "$DRAIN" \
    "$db" >"$DATA/pgbench-$variant.log" 2>&1 &
  drain=$!
  echo "seconds live dead autovacuums autoanalyzes hot% total_MiB claim_index_MiB"
  max_dead=0 drained_at=""
  while true; do
    now=$(date +%s)
    if [ -z "$drained_at" ] && ! kill -0 "$drain" 2>/dev/null; then
      wait "$drain" || { cat "$DATA/pgbench-$variant.log" >&2; exit 1; }
      drained_at=$now
    fi
    if [ -n "$drained_at" ] && (( now - drained_at >= SETTLE )); then break; fi
    for ((i = 0; i < SAMPLE; i++)); do psql -d "$db" -Atc "SELECT fold_job_count_changes()" >/dev/null; sleep 1; done
    IFS='|' read -r live dead autovacuums autoanalyzes updates hot total claim \
      <<<"$(psql -d "$db" -Atc "$STATS")"
    (( dead > max_dead )) && max_dead=$dead
    printf '%5d %7d %7d %3d %3d %5.1f %7.1f %6.2f%s\n' $(( $(date +%s) - start )) "$live" "$dead" "$autovacuums" \
      "$autoanalyzes" "$(awk "BEGIN { print $updates ? 100 * $hot / $updates : 0 }")" \
      "$(awk "BEGIN { print $total / 1048576 }")" "$(awk "BEGIN { print $claim / 1048576 }")" \
      "$([ -n "$drained_at" ] && echo '  (drained)')"
  done
  vacuums=$(grep -c "automatic vacuum of table \"$db.public.jobs\"" "$DATA/cluster/server.log" || true)
  echo "SUMMARY $variant ($HISTORY + $JOBS jobs): drain $(( drained_at - start )) s; autovacuum of jobs ran $vacuums times;" \
    "dead tuples peaked at $max_dead (sampled every $SAMPLE s), $dead ${SETTLE} s after the drain;" \
    "HOT $(awk "BEGIN { printf \"%.1f\", $updates ? 100 * $hot / $updates : 0 }") % of $updates updates;" \
    "table $(awk "BEGIN { printf \"%.1f\", $total / 1048576 }") MiB with indexes;" \
    "$(grep -E '^latency average|^tps' "$DATA/pgbench-$variant.log" | tr '\n' ' ')"
done
