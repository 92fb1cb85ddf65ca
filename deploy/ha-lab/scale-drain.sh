#!/usr/bin/env bash
# Drain throughput with one, two and three worker hosts against one primary (docs/SCALING.md). A lab with three
# worker hosts (lab.sh); for each count of hosts and each run: the queue paused, JOBS `noop` jobs submitted through
# the API, that many worker hosts started, the queue resumed, and the drain timed from the first start to the last
# finish as the jobs' own timestamps say. Meanwhile it reads, for the primary, the CPU its processes used, the WAL it
# wrote, and what its sessions waited on, sampled twice a second.
#
#   deploy/ha-lab/scale-drain.sh [jobs per run, default 30000] [runs per count, default 3]
#   JOBS_SCALE_HOSTS="1 3"        the counts of worker hosts to measure (default "1 2 3")
#   JOBS_LAB_ASYNC=1              the service's commits wait for no standby (lab.sh): what synchronous replication costs
#
# One line per run:  DRAIN hosts=<n> run=<i> jobs=<n> seconds=<s> jobs_per_s=<n> primary_cpu=<cores>
#                    machine_cpu=<cores> wal_mb_per_s=<n> waits=<event:share,...> host_cpu=<host:cores,...>
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
export JOBS_LAB_WORKER_HOSTS=3 JOBS_LAB_START_WORKERS=0
# shellcheck source=lab.sh
source "$HERE/lab.sh"

JOBS=${1:-30000}
RUNS=${2:-3}
OUT=${JOBS_SCALE_DIR:-/var/lib/job-processor-ha-scale}

scale_log() { printf '%s scale: %s\n' "$(date +%T)" "$*" >&2; }

on_primary() {
    psql -h "${IP[$PRIMARY]}" -p "${PORT[$PRIMARY]}" -U postgres -d jobs -Atq "$@"
}

# CPU seconds used so far by every process of a host (its network namespace), from /proc.
cpu_seconds() {
    local ticks=0
    for pid in $(ip netns pids "jplab-$1"); do
        # Fields 14 and 15 of /proc/<pid>/stat, counted after the command name's closing parenthesis.
        local stat
        stat=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        ticks=$((ticks + $(awk '{print $12 + $13}' <<<"$stat")))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# CPU seconds the whole machine has used so far (every core, idle and iowait excluded).
machine_cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

fill() {
    local batch
    batch=$(printf '{"type":"noop"},%.0s' $(seq 1000))
    batch="{\"jobs\":[${batch%,}]}"
    for _ in $(seq $((JOBS / 1000))); do
        curl -sf -o /dev/null -XPOST "$API_URL/jobs/batch" -H 'Content-Type: application/json' -d "$batch"
    done
}

drain_run() {
    local hosts=$1 run=$2
    # Every run starts from an empty table, as the first did: no dead rows left by the runs before (a trigger empties
    # the job counts with it).
    on_primary -c "TRUNCATE jobs CASCADE" -c "VACUUM ANALYZE jobs"
    curl -sf -o /dev/null -XPOST "$API_URL/queues/default/pause" -H 'Content-Type: application/json' -d '{}'
    fill
    for ((i = 1; i <= hosts; i++)); do start_worker "worker$i"; done

    local wal_before cpu_before machine_before started=$SECONDS
    declare -A host_before
    for host in "${HOSTS[@]}"; do host_before[$host]=$(cpu_seconds "$host"); done
    wal_before=$(on_primary -c "SELECT pg_current_wal_lsn()")
    cpu_before=$(cpu_seconds "$PRIMARY")
    machine_before=$(machine_cpu_seconds)
    : >"$OUT/waits"
    curl -sf -o /dev/null -XPOST "$API_URL/queues/default/resume" -H 'Content-Type: application/json' -d '{}'
    # One connection per sample, twice a second: the count of unfinished jobs, then what each active session waits on.
    while true; do
        on_primary -c "SELECT count(*) FROM jobs WHERE state <> 'completed'" \
            -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity
                WHERE datname = 'jobs' AND state = 'active' AND pid <> pg_backend_pid()" >"$OUT/sample"
        [ "$(head -1 "$OUT/sample")" != 0 ] || break
        tail -n +2 "$OUT/sample" >>"$OUT/waits"
        sleep 0.5
        [ $((SECONDS - started)) -lt 600 ] || die "the drain did not finish within 600 s"
    done
    local cpu_after machine_after wal_bytes seconds
    cpu_after=$(cpu_seconds "$PRIMARY")
    local host_cpu=""
    for host in "${HOSTS[@]}"; do
        host_cpu+=$(awk -v h="$host" -v a="$(cpu_seconds "$host")" -v b="${host_before[$host]}" -v e="$((SECONDS - started))" \
            'BEGIN { printf "%s:%.2f,", h, (a - b) / (e ? e : 1) }')
    done
    machine_after=$(machine_cpu_seconds)
    wal_bytes=$(on_primary -c "SELECT pg_current_wal_lsn() - '$wal_before'::pg_lsn")
    seconds=$(on_primary -c "SELECT extract(epoch FROM max(finished_at) - min(started_at)) FROM jobs")
    local waits
    waits=$(sort "$OUT/waits" | uniq -c | sort -rn | awk -v n="$(wc -l <"$OUT/waits")" \
        '{ printf "%s%s:%.0f%%", (NR > 1 ? "," : ""), $2, 100 * $1 / (n ? n : 1) }' | cut -c1-200)
    for ((i = 1; i <= hosts; i++)); do
        kill -TERM -- "-$(cat "$LAB_DIR/pids/worker$i")" 2>/dev/null || true
    done
    for ((i = 1; i <= hosts; i++)); do
        while kill -0 "$(cat "$LAB_DIR/pids/worker$i")" 2>/dev/null; do sleep 0.5; done
    done
    awk -v h="$hosts" -v r="$run" -v j="$JOBS" -v s="$seconds" \
        -v pc="$(awk -v a="$cpu_after" -v b="$cpu_before" -v e="$seconds" 'BEGIN { printf "%.2f", (a - b) / e }')" \
        -v mc="$(awk -v a="$machine_after" -v b="$machine_before" -v e="$seconds" 'BEGIN { printf "%.2f", (a - b) / e }')" \
        -v wal="$(awk -v w="$wal_bytes" -v e="$seconds" 'BEGIN { printf "%.1f", w / e / 1048576 }')" -v waits="$waits" \
        -v hc="${host_cpu%,}" \
        'BEGIN { printf "DRAIN hosts=%d run=%d jobs=%d seconds=%.2f jobs_per_s=%.0f primary_cpu=%s machine_cpu=%s wal_mb_per_s=%s waits=%s host_cpu=%s\n", h, r, j, s, j / s, pc, mc, wal, waits, hc }'
}

main() {
    [ -f "$JAR" ] || (cd "$ROOT" && ./with-jdk21 ./mvnw -q -B -DskipTests -Djacoco.skip=true -pl bootstrap -am package)
    down >/dev/null 2>&1 || true
    trap 'down >/dev/null 2>&1 || true' EXIT
    up >/dev/null
    rm -rf "$OUT" && install -d "$OUT"
    PRIMARY=$(primary_node)
    [ -n "$PRIMARY" ] || die "the monitor reports no primary"
    scale_log "primary $PRIMARY; $JOBS jobs per run, $RUNS runs per count of worker hosts"
    for hosts in ${JOBS_SCALE_HOSTS:-1 2 3}; do
        for ((run = 1; run <= RUNS; run++)); do
            drain_run "$hosts" "$run" | tee -a "$OUT/drain.txt"
        done
    done
}

main "$@"
