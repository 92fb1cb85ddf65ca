#!/usr/bin/env bash
# The HA lab (docs/HIGH_AVAILABILITY.md, "The lab"): on one Linux machine, as root, hosts made of network namespaces
# on a private bridge — a pg_auto_failover monitor, three PostgreSQL data nodes (a primary and two synchronous
# standbys), an API host and two worker hosts running the service's jar. Traffic stays on the bridge (10.77.0.0/24)
# between these namespaces and the machine itself.
#
#   deploy/ha-lab/lab.sh           start everything, print the URL, and tear it all down on Ctrl-C or exit
#   deploy/ha-lab/lab.sh up        start everything and return (for scripts; `down` removes it)
#   deploy/ha-lab/lab.sh down      stop and remove everything the lab made
#   deploy/ha-lab/lab.sh status    the formation as the monitor sees it, and the service's readiness
#
# Settings for the failover proof (deploy/ha-lab/prove-failover.sh sources this file):
#   JOBS_LAB_LEDGER_DIR   the worker hosts run the `ledger` handler, appending to <dir>/ledger-<host>
#   JOBS_LAB_ASYNC=1      the service's commits do not wait for a standby (synchronous_commit=local): the negative
#                         control, which must lose acknowledged jobs in a crash
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB_DIR=${JOBS_LAB_DIR:-/var/lib/job-processor-ha-lab}
JAR=${JOBS_LAB_JAR:-$ROOT/bootstrap/target/job-processor.jar}
NET=10.77.0
BRIDGE=jplab0
PGBIN=/usr/lib/postgresql/15/bin
# Worker hosts: two by default; docs/SCALING.md's measurements use three (JOBS_LAB_WORKER_HOSTS=3).
WORKER_HOSTS=()
for ((i = 1; i <= ${JOBS_LAB_WORKER_HOSTS:-2}; i++)); do WORKER_HOSTS+=("worker$i"); done
HOSTS=(monitor node1 node2 node3 api "${WORKER_HOSTS[@]}")
DATA_NODES=(node1 node2 node3)
declare -A IP=([monitor]=$NET.10 [node1]=$NET.11 [node2]=$NET.12 [node3]=$NET.13 [api]=$NET.20 [worker1]=$NET.21 [worker2]=$NET.22
    [worker3]=$NET.23)
# One port per PostgreSQL: the namespaces share the file system, so each needs its own Unix socket file.
declare -A PORT=([monitor]=5441 [node1]=5442 [node2]=5443 [node3]=5444)
MONITOR_URI="postgres://autoctl_node@$NET.10:${PORT[monitor]}/pg_auto_failover?sslmode=disable"
DATABASE_URL="jdbc:postgresql://$NET.11:${PORT[node1]},$NET.12:${PORT[node2]},$NET.13:${PORT[node3]}/jobs?targetServerType=primary"
API_URL="http://${IP[api]}:8080"

log() { printf '%s lab: %s\n' "$(date +%T)" "$*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: the lab creates network namespaces and a bridge"

in_host() { local host=$1; shift; ip netns exec "jplab-$host" "$@"; }
as_postgres() {
    local host=$1; shift
    ip netns exec "jplab-$host" runuser -u postgres -- env PATH="$PGBIN:$PATH" HOME=/var/lib/postgresql "$@"
}

install_packages() {
    local missing=()
    command -v pg_autoctl >/dev/null || missing+=(postgresql-15-auto-failover pg-auto-failover-cli)
    command -v ip >/dev/null || missing+=(iproute2)
    [ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

build_jar() {
    if [ ! -f "$JAR" ]; then
        log "building the jar (the README's first command, without running it)"
        (cd "$ROOT" && ./with-jdk21 ./mvnw -q -DskipTests package)
    fi
}

network_up() {
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    for host in "${HOSTS[@]}"; do
        ip netns add "jplab-$host"
        ip link add "jplab-$host" type veth peer name eth0 netns "jplab-$host"
        ip link set "jplab-$host" master "$BRIDGE" up
        ip -n "jplab-$host" addr add "${IP[$host]}/24" dev eth0
        ip -n "jplab-$host" link set eth0 up
        ip -n "jplab-$host" link set lo up
    done
}

# Starts a long-running command in a host, in its own session (so `down` can end the whole group), logging to a file.
start_in() {
    local host=$1 name=$2; shift 2
    setsid ip netns exec "jplab-$host" "$@" >"$LAB_DIR/logs/$name.log" 2>&1 < /dev/null &
    echo $! >"$LAB_DIR/pids/$name"
    disown  # the pid file tracks it; a fault that kills it is not the shell's news
}

wait_for() {
    local what=$1 seconds=$2; shift 2
    for _ in $(seq "$seconds"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    die "$what did not happen within $seconds s; logs in $LAB_DIR/logs"
}

node_state() {
    as_postgres monitor psql -h "$NET.10" -p "${PORT[monitor]}" -d pg_auto_failover -U autoctl_node -Atc \
        "SELECT reportedstate FROM pgautofailover.node WHERE nodename = '$1'"
}

is_state() {
    [ "$(node_state "$1")" = "$2" ]
}

# The data node the monitor reports as primary, and assigns as one (empty while there is none).
primary_node() {
    as_postgres monitor psql -h "$NET.10" -p "${PORT[monitor]}" -d pg_auto_failover -U autoctl_node -Atc \
        "SELECT nodename FROM pgautofailover.node WHERE reportedstate = 'primary' AND goalstate = 'primary'" \
        2>/dev/null || true
}

postgres_up() {
    install -d -o postgres -g postgres "$LAB_DIR/data"
    # The monitor: fast failure detection, so a failover fits inside the service's lease (docs/HIGH_AVAILABILITY.md).
    start_in monitor monitor runuser -u postgres -- env PATH="$PGBIN:$PATH" HOME=/var/lib/postgresql \
        pg_autoctl create monitor --pgdata "$LAB_DIR/data/monitor" --pgport "${PORT[monitor]}" \
        --hostname "$NET.10" --auth trust --no-ssl --run
    wait_for "the monitor answering" 60 \
        as_postgres monitor psql -h "$NET.10" -p "${PORT[monitor]}" -d pg_auto_failover -U autoctl_node -c 'SELECT 1'
    # Faster detection than the defaults (5 s checks, 20 s before a node is unhealthy: a 54 s failover measured), and a
    # shorter wait for an unreachable primary to demote itself before a standby is promoted (30 s by default): 10 s,
    # still longer than the 5 s after which a primary cut off from the monitor and its standbys demotes itself (the
    # keepers' network_partition_timeout, below), so two primaries never accept writes at once. The values and the
    # failovers they gave are in docs/HIGH_AVAILABILITY.md ("Tuning the failover").
    as_postgres monitor psql -h /var/run/postgresql -p "${PORT[monitor]}" -d pg_auto_failover -Atq \
        -c "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" \
        -c "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" \
        -c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" \
        -c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" \
        -c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 5000" \
        -c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 10000" \
        -c "SELECT pg_reload_conf()" >/dev/null
    for node in "${DATA_NODES[@]}"; do
        start_in "$node" "$node" runuser -u postgres -- env PATH="$PGBIN:$PATH" HOME=/var/lib/postgresql \
            pg_autoctl create postgres --pgdata "$LAB_DIR/data/$node" --pgport "${PORT[$node]}" \
            --hostname "${IP[$node]}" --name "$node" --dbname jobs --monitor "$MONITOR_URI" \
            --auth trust --no-ssl --pg-hba-lan --run
        if [ "$node" = node1 ]; then
            # Alone, the first node is "single"; it becomes "primary" once a standby has joined.
            wait_for "node1 running alone" 120 is_state node1 single
        else
            # A standby's base backup waits for the primary's next checkpoint: ask for one now.
            sleep 2
            as_postgres node1 psql -h "$NET.11" -p "${PORT[node1]}" -d jobs -c CHECKPOINT >/dev/null 2>&1 || true
            wait_for "$node becoming a standby" 180 is_state "$node" secondary
        fi
    done
    # A primary cut off from the monitor and from every standby demotes itself after network_partition_timeout. Its
    # keeper counts the standbys in pg_stat_replication, where a vanished standby stays until wal_sender_timeout (60 s
    # by default) ends its connection: so that, too, must be short, or the cut-off primary keeps taking connections
    # and comes back as a second primary when the network heals (the proof's primary-partition saw it, for 22 s).
    for node in "${DATA_NODES[@]}"; do
        as_postgres "$node" pg_autoctl config set --pgdata "$LAB_DIR/data/$node" timeout.network_partition_timeout 5 \
            >/dev/null
        as_postgres "$node" pg_autoctl reload --pgdata "$LAB_DIR/data/$node" >/dev/null
        as_postgres "$node" psql -h "${IP[$node]}" -p "${PORT[$node]}" -d jobs -Atq \
            -c "ALTER SYSTEM SET wal_sender_timeout = '5s'" -c "SELECT pg_reload_conf()" >/dev/null
    done
    # Two synchronous standbys: a commit is acknowledged once one of them has it.
    as_postgres monitor psql -h "$NET.10" -p "${PORT[monitor]}" -d pg_auto_failover -U autoctl_node -Atq -c \
        "SELECT pgautofailover.set_formation_number_sync_standbys('default', 1)" >/dev/null
}

# The service's URL; with JOBS_LAB_ASYNC=1 its commits wait for no standby.
service_database_url() {
    if [ "${JOBS_LAB_ASYNC:-0}" = 1 ]; then
        echo "$DATABASE_URL&options=-c%20synchronous_commit%3Dlocal"
    else
        echo "$DATABASE_URL"
    fi
}

# The environment every service process shares, as `env` arguments.
service_environment() {
    SERVICE_ENV=(env JOBS_DATABASE_URL="$(service_database_url)" JOBS_DATABASE_USER=postgres JOBS_AUTH=none
        JOBS_LEASE_SECONDS=60 JOBS_EXPECTED_FAILOVER_SECONDS=30)
}

# Starts the jar's `worker` on a worker host (with the `ledger` handler when JOBS_LAB_LEDGER_DIR is set).
start_worker() {
    local worker=$1 ledger=()
    service_environment
    if [ -n "${JOBS_LAB_LEDGER_DIR:-}" ]; then ledger=(JOBS_LEDGER_FILE="$JOBS_LAB_LEDGER_DIR/ledger-$worker"); fi
    start_in "$worker" "$worker" "${SERVICE_ENV[@]}" "${ledger[@]}" JOBS_HTTP_HOST="${IP[$worker]}" \
        JOBS_METRICS_PORT=9464 JOBS_WORKER_ID="$worker" "$ROOT/with-jdk21" java -Xmx512m -jar "$JAR" worker
    wait_for "$worker answering /ready" 120 curl -sf "http://${IP[$worker]}:9464/ready"
}

service_up() {
    service_environment
    log "migrating the schema (the API and worker processes do not)"
    in_host api "${SERVICE_ENV[@]}" "$ROOT/with-jdk21" java -jar "$JAR" migrate >"$LAB_DIR/logs/migrate.log" 2>&1 \
        || die "migrate failed; see $LAB_DIR/logs/migrate.log"
    start_in api api "${SERVICE_ENV[@]}" JOBS_HTTP_HOST="${IP[api]}" JOBS_HTTP_PORT=8080 JOBS_WORKER_ID=api \
        "$ROOT/with-jdk21" java -Xmx512m -jar "$JAR" api
    wait_for "the API answering /ready" 120 curl -sf "$API_URL/ready"
    # JOBS_LAB_START_WORKERS=0 leaves the worker hosts idle, for a script that starts them itself (start_worker).
    if [ "${JOBS_LAB_START_WORKERS:-1}" = 1 ]; then
        for worker in "${WORKER_HOSTS[@]}"; do start_worker "$worker"; done
    fi
}

up() {
    [ ! -e "$LAB_DIR" ] || die "$LAB_DIR exists: a lab is up already (deploy/ha-lab/lab.sh down removes it)"
    install_packages
    build_jar
    install -d "$LAB_DIR/logs" "$LAB_DIR/pids"
    log "network: bridge $BRIDGE $NET.0/24, hosts ${HOSTS[*]}"
    network_up
    log "PostgreSQL: monitor on $NET.10, data nodes node1..3 (pg_auto_failover)"
    postgres_up
    log "service: API on ${IP[api]}, worker hosts ${WORKER_HOSTS[*]}"
    service_up
    log "up. API: $API_URL   database: $DATABASE_URL"
    echo "$API_URL"
}

down() {
    for pidfile in "$LAB_DIR"/pids/*; do
        [ -f "$pidfile" ] || continue
        kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
    done
    sleep 2
    for pidfile in "$LAB_DIR"/pids/*; do
        [ -f "$pidfile" ] || continue
        kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
    done
    for node in monitor "${DATA_NODES[@]}"; do
        if [ -d "$LAB_DIR/data/$node" ]; then
            runuser -u postgres -- "$PGBIN/pg_ctl" -D "$LAB_DIR/data/$node" -m immediate stop >/dev/null 2>&1 || true
        fi
    done
    # Whatever is left of the lab's processes, by their data directory or their namespace.
    pkill -KILL -f -- "$LAB_DIR" 2>/dev/null || true
    for host in "${!IP[@]}"; do  # every host a lab can have, whatever this one was started with
        ip netns pids "jplab-$host" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
        ip netns del "jplab-$host" 2>/dev/null || true
        ip link del "jplab-$host" 2>/dev/null || true
    done
    ip link del "$BRIDGE" 2>/dev/null || true
    # pg_autoctl keeps its state under the postgres user's XDG directories, keyed by the data directory.
    rm -rf "/var/lib/postgresql/.local/share/pg_autoctl$LAB_DIR" "/var/lib/postgresql/.config/pg_autoctl$LAB_DIR"
    rm -rf "$LAB_DIR"
    log "down"
}

status() {
    as_postgres monitor pg_autoctl show state --monitor "$MONITOR_URI" || true
    curl -s -o /dev/null -w "API /ready: %{http_code}\n" "$API_URL/ready" || true
}

# Sourced (by prove-failover.sh), the file only defines; run, it acts.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-run}" in
    up) up ;;
    down) down ;;
    status) status ;;
    run)
        trap down EXIT
        up
        log "Ctrl-C tears the lab down"
        while true; do sleep 3600; done
        ;;
    *) die "usage: $0 [up|down|status]" ;;
esac
