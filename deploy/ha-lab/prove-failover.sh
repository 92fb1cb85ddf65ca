#!/usr/bin/env bash
# The failover proof (docs/HIGH_AVAILABILITY.md, "The failover proof"): for each fault, a fresh lab (lab.sh), a
# producer submitting `ledger` jobs at a fixed rate with one idempotency key each, the fault mid-run, a drain, and a
# verdict that counts acknowledged jobs against the executions the worker hosts appended to their ledgers, outside
# the database:
#
#   RESULT scenario=<name> acknowledged=<n> lost=<n> duplicates=<n> http_5xx=<n> write_outage_s=<s> ready_503_s=<s> restarts=<n>
#
#   deploy/ha-lab/prove-failover.sh                 every scenario; fails if any fails
#   deploy/ha-lab/prove-failover.sh primary-kill    one scenario: primary-kill, primary-partition, switchover,
#                                                   async-control (the negative control: it passes when it sees loss)
#
# Run as root on Linux; it installs what it needs (lab.sh) and builds the jars when they are missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab.sh
source "$HERE/lab.sh"

PROOF_DIR=${JOBS_PROOF_DIR:-/var/lib/job-processor-ha-proof}
PROOF_JAR=$ROOT/deploy/ha-lab/target/ha-lab.jar
SCENARIOS=(primary-kill primary-partition switchover async-control)
RATE=${JOBS_PROOF_RATE:-25}                  # jobs submitted per second
BEFORE_FAULT=${JOBS_PROOF_BEFORE_FAULT:-15}  # seconds of steady load before the fault
AFTER_WRITES=${JOBS_PROOF_AFTER_WRITES:-15}  # seconds of load once writes are back
WORKER_SLOTS=16                              # two worker hosts, 8 slots each: the most jobs running at a fault

proof_log() { printf '%s proof: %s\n' "$(date +%T)" "$*" >&2; }

build_proof_jars() {
    if [ ! -f "$JAR" ] || [ ! -f "$PROOF_JAR" ]; then
        proof_log "building the service's jar and the proof's client"
        (cd "$ROOT" && ./with-jdk21 ./mvnw -q -B -DskipTests -Djacoco.skip=true -pl bootstrap,deploy/ha-lab -am package)
    fi
}

# Every half second, which data nodes accept writes (not in recovery, not read-only), as this machine sees them: a
# line with more than one name is two primaries at once.
watch_primaries() {
    local out=$1
    while [ ! -f "$out/stop" ]; do
        local writable=()
        for node in "${DATA_NODES[@]}"; do
            local answer
            answer=$(PGCONNECT_TIMEOUT=1 timeout 2 psql -h "${IP[$node]}" -p "${PORT[$node]}" -U postgres -d jobs -Atc \
                "SELECT NOT pg_is_in_recovery() AND current_setting('default_transaction_read_only') = 'off'" \
                2>/dev/null || true)
            if [ "$answer" = t ]; then writable+=("$node"); fi
        done
        echo "$(date +%s.%N | cut -c1-14) ${writable[*]}" >>"$out/primaries.log"
        sleep 0.5
    done
}

# Waits for the service to take writes again after a fault: /ready answers 200 and new acknowledgements arrive.
wait_for_writes() {
    local out=$1 before
    for _ in $(seq 240); do
        before=$(wc -l <"$out/acknowledged.log")
        sleep 1
        if curl -sf -o /dev/null --max-time 2 "$API_URL/ready" && [ "$(wc -l <"$out/acknowledged.log")" -gt "$before" ]; then
            return 0
        fi
    done
    proof_log "writes did not come back within 240 s"
}

fault_primary_kill() {
    local primary=$1
    proof_log "kill -9 of every process on $primary (the primary)"
    ip netns pids "jplab-$primary" | xargs -r kill -KILL 2>/dev/null || true  # some exit on their own meanwhile
}

fault_primary_partition() {
    local primary=$1 out=$2
    proof_log "cutting $primary (the primary) off the network"
    ip link set "jplab-$primary" down
    wait_for "a new primary" 180 new_primary_other_than "$primary"
    wait_for_writes "$out"
    sleep 10
    proof_log "healing $primary's link"
    ip link set "jplab-$primary" up
    # The old primary must come back as a standby, never as a second primary (watch_primaries would see it).
    wait_for "$primary rejoining as a standby" 180 is_state "$primary" secondary
}

fault_switchover() {
    proof_log "planned switchover"
    as_postgres monitor pg_autoctl perform switchover --monitor "$MONITOR_URI" >>"$LAB_DIR/logs/switchover.log" 2>&1
}

fault_async_control() {
    local primary=$1
    # Asynchronous replication (JOBS_LAB_ASYNC=1) loses what the standbys had not received when the primary crashed.
    # On one machine they receive within a millisecond, so hold the primary's stream to them back for a few seconds
    # first (a slow replication link), while the producer goes on, then crash it.
    proof_log "holding back replication from $primary for 3 s, then kill -9 of every process on it"
    for node in "${DATA_NODES[@]}"; do
        if [ "$node" != "$primary" ]; then ip -n "jplab-$primary" route add blackhole "${IP[$node]}/32"; fi
    done
    sleep 3
    ip netns pids "jplab-$primary" | xargs -r kill -KILL 2>/dev/null || true  # some exit on their own meanwhile
}

new_primary_other_than() {
    local now
    now=$(primary_node)
    [ -n "$now" ] && [ "$now" != "$1" ]
}

# Service processes (API, worker hosts) that are no longer running: the lab restarts nothing, so a process that
# died stays dead and is counted.
restarts() {
    local dead=0
    for name in api worker1 worker2; do
        kill -0 "$(cat "$LAB_DIR/pids/$name")" 2>/dev/null || dead=$((dead + 1))
    done
    echo "$dead"
}

run_scenario() {
    local scenario=$1 out="$PROOF_DIR/$1" expectation=nothing-lost
    [ "$scenario" = async-control ] && expectation=loss-detected
    proof_log "=== $scenario"
    down >/dev/null 2>&1 || true
    rm -rf "$out" && install -d "$out"
    if [ "$scenario" = async-control ]; then export JOBS_LAB_ASYNC=1; else export JOBS_LAB_ASYNC=0; fi
    export JOBS_LAB_LEDGER_DIR=$out
    up >/dev/null
    touch "$out/acknowledged.log"

    "$ROOT/with-jdk21" java -cp "$PROOF_JAR" dev.jobprocessor.halab.Producer "$API_URL" "$RATE" "$out" \
        >"$out/producer.out" 2>&1 &
    local producer=$!
    watch_primaries "$out" &
    local watcher=$!
    sleep "$BEFORE_FAULT"

    local primary
    primary=$(primary_node)
    [ -n "$primary" ] || die "no primary before the fault"
    date +%s >"$out/fault-at"
    case "$scenario" in
        primary-kill) fault_primary_kill "$primary" ;;
        primary-partition) fault_primary_partition "$primary" "$out" ;;
        switchover) fault_switchover ;;
        async-control) fault_async_control "$primary" ;;
    esac
    wait_for_writes "$out"
    proof_log "writes are back; $AFTER_WRITES s more of load"
    sleep "$AFTER_WRITES"
    touch "$out/stop"
    wait "$producer" || proof_log "the producer failed: $(tail -3 "$out/producer.out")"
    wait "$watcher" || true

    local verdict=0 two
    "$ROOT/with-jdk21" java -cp "$PROOF_JAR" dev.jobprocessor.halab.Verdict "$scenario" "$out" "$API_URL" \
        "$(restarts)" "$expectation" "$WORKER_SLOTS" 180 | tee "$out/verdict.out" || verdict=1
    two=$(awk 'NF > 2' "$out/primaries.log" | head -1)
    if [ -n "$two" ]; then
        echo "FAILED: two primaries at once: $two"
        verdict=1
    fi
    as_postgres monitor pg_autoctl show state --monitor "$MONITOR_URI" >"$out/formation.txt" 2>&1 || true
    cp -r "$LAB_DIR/logs" "$out/logs"
    down >/dev/null 2>&1 || true
    return "$verdict"
}

main() {
    local chosen=("$@") failed=()
    [ ${#chosen[@]} -gt 0 ] || chosen=("${SCENARIOS[@]}")
    for scenario in "${chosen[@]}"; do
        [[ " ${SCENARIOS[*]} " == *" $scenario "* ]] || die "unknown scenario $scenario (${SCENARIOS[*]})"
    done
    install_packages
    build_proof_jars
    trap 'down >/dev/null 2>&1 || true' EXIT
    for scenario in "${chosen[@]}"; do
        run_scenario "$scenario" || failed+=("$scenario")
    done
    if [ ${#failed[@]} -gt 0 ]; then
        proof_log "FAILED: ${failed[*]} (details in $PROOF_DIR/<scenario>)"
        exit 1
    fi
    proof_log "every scenario passed: ${chosen[*]}"
}

main "$@"
