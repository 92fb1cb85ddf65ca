#!/usr/bin/env bash
# Our benchmark and the two reference benchmarks in one sitting (docs/BENCHMARKS.md): absolute figures on the shared
# machines move by 20–30 % from run to run, so they are compared as ratios of runs taken together, interleaved.
# Usage: benchmarks/sitting.sh [RUNS]   (3). Run i of RUNS is benchmarks/run.sh (CLAIM_ROWS=0, all other workloads),
# then graphile-worker with PROFILE=tuned, then the SQL-only limit (`limit/run.sh 100 8 20 keep`).
# Environment: REFERENCE_BENCH (the reference benchmarks' directory, holding graphile-worker/ and limit/, as described
#              by its README.md; relative to the current directory; unset: only ours runs and the references are
#              reported as skipped), JOBS (20000), CONCURRENCY (16), both passed to ours and to graphile-worker.
# The references create their databases on 127.0.0.1:5432 as postgres (limit/run.sh cannot be pointed elsewhere), so
# leave PGHOST and PGPORT unset. Each reference is run from a copy in a temporary directory removed at exit.
# Prints each run's machine-readable lines prefixed with `run i`, then one MEDIAN line per figure (median over the runs,
# min and max beside it), and a SITTING line last; all of it, with each benchmark's full output, is kept in a log
# directory under /tmp whose path it prints.
set -euo pipefail

if [ -n "${REFERENCE_BENCH:-}" ]; then
  # resolved before leaving the caller's directory, which a relative path is relative to
  if ! ref=$(cd "$REFERENCE_BENCH" 2>/dev/null && pwd) \
    || [ ! -f "$ref/graphile-worker/run.sh" ] || [ ! -f "$ref/limit/run.sh" ]; then
    echo "sitting: REFERENCE_BENCH=$REFERENCE_BENCH does not hold graphile-worker/run.sh and limit/run.sh" >&2
    exit 2
  fi
else
  ref=
fi
cd "$(dirname "$0")/.."

runs=${1:-3}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: benchmarks/sitting.sh [RUNS]   (RUNS a positive whole number, 3 by default)" >&2
  exit 2
fi
export JOBS=${JOBS:-20000} CONCURRENCY=${CONCURRENCY:-16}

logs=$(mktemp -d /tmp/job-processor-sitting.XXXXXX)
log=$logs/sitting.log
copies=
remove_copies() {
  if [ -n "$copies" ]; then rm -rf "$copies"; fi
}
trap remove_copies EXIT
if [ -n "$ref" ]; then
  # the references write beside themselves (graphile-worker's node_modules), and their directory may be read-only
  copies=$(mktemp -d /tmp/job-processor-sitting-references.XXXXXX)
  cp -r "$ref/graphile-worker" "$ref/limit" "$copies/"
  chmod -R u+w "$copies"
  echo "sitting: references from $ref, run from copies in $copies" >&2
else
  echo "sitting: REFERENCE_BENCH not set: only benchmarks/run.sh runs, the references are skipped" >&2
fi
echo "sitting: $runs runs, JOBS=$JOBS CONCURRENCY=$CONCURRENCY; log and full outputs in $logs" >&2

# bench RUN NAME PATTERN EXPECTED COMMAND...: runs COMMAND with its full output in $logs/runRUN-NAME.out, then prints
# and logs its lines matching PATTERN, prefixed with "run RUN"; stops the sitting when it fails or when any of the
# EXPECTED patterns (separated by "|") has no line.
bench() {
  local run=$1 name=$2 pattern=$3 expected=$4 out=$logs/run$1-$2.out lines want
  shift 4
  echo "# run $run $name started $(date +%H:%M:%S), load $(cut -d ' ' -f 1-3 /proc/loadavg)" | tee -a "$log" >&2
  if ! "$@" >"$out" 2>&1; then
    echo "sitting: run $run, $name failed; its output: $out" >&2
    tail -n 20 "$out" >&2
    exit 1
  fi
  lines=$(grep -E "$pattern" "$out" || true)
  IFS='|' read -ra want <<<"$expected"
  for w in "${want[@]}"; do
    if ! grep -qE "$w" <<<"$lines"; then
      echo "sitting: run $run, $name printed no line matching '$w'; its output: $out" >&2
      exit 1
    fi
  done
  grep -E "$pattern" "$out" | sed "s/^/run $run /" | tee -a "$log"
}

for ((i = 1; i <= runs; i++)); do
  bench "$i" job-processor '^(SUBMIT|IDLE_SUBMIT|PICKUP|FLOOR|CEILING|REMOTE_DRAIN|RESULT) ' \
    '^SUBMIT |^IDLE_SUBMIT |^PICKUP source=library |^PICKUP source=http |^FLOOR |^CEILING |^REMOTE_DRAIN |^RESULT peer=job-processor ' \
    env -u WORKLOADS CLAIM_ROWS=0 benchmarks/run.sh
  if [ -n "$ref" ]; then
    bench "$i" graphile-worker '^RESULT peer=graphile-worker' '^RESULT .* jobs_per_s=[0-9]' \
      env PROFILE=tuned "$copies/graphile-worker/run.sh"
    bench "$i" limit '^LIMIT ' '^LIMIT .* jobs_per_s=[0-9]' "$copies/limit/run.sh" 100 8 20 keep
  fi
done
echo "# sitting ended $(date +%H:%M:%S)" >>"$log"

# Medians of the logged lines. A figure is a numeric field; peer, source and mode name the line it belongs to. Of the
# references only what is compared is kept: graphile-worker's jobs_per_s and pickup percentiles, the limit's jobs_per_s.
python3 - "$log" "$runs" <<'PY' | tee -a "$log"
import re, statistics, sys

log, runs = sys.argv[1], int(sys.argv[2])
NAMES = ("peer", "source", "mode")
KEEP = {"graphile": ("jobs_per_s", "p50_pickup_ms", "p99_pickup_ms"), "LIMIT": ("jobs_per_s",)}
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
figures = {}  # (line name, field) -> [value text per run that printed it]
for raw in open(log):
    m = re.match(r"^run [0-9]+ (\S+)(.*)$", raw.rstrip("\n"))
    if not m:
        continue
    fields = [f.split("=", 1) for f in m.group(2).split() if "=" in f]
    label = " ".join([m.group(1)] + [f"{k}={v}" for k, v in fields if k in NAMES])
    peer = dict(fields).get("peer", "")
    keep = KEEP["LIMIT"] if m.group(1) == "LIMIT" else KEEP["graphile"] if peer.startswith("graphile-worker") else None
    for k, v in fields:
        if k not in NAMES and NUMBER.match(v) and (keep is None or k in keep):
            figures.setdefault((label, k), []).append(v)

def text(x, like):
    decimals = max(len(v.partition(".")[2]) for v in like)
    s = f"{x:.{decimals + 1}f}"  # one more place than the inputs, for the mean of an even number of runs
    return s.rstrip("0").rstrip(".") if "." in s else s

medians = {}
for (label, k), values in figures.items():
    numbers = [float(v) for v in values]
    medians[(label, k)] = statistics.median(numbers)
    print(f"MEDIAN {label} {k}={text(medians[(label, k)], values)} min={text(min(numbers), values)}"
          f" max={text(max(numbers), values)} runs={len(values)}")

def median(label, k):
    if label is None:
        return None
    if (label, k) not in medians:
        sys.exit(f"sitting: no {k} in any {label} line of {log}")
    return medians[(label, k)]

def ratio(a, b):
    return "skipped" if a is None or b is None else f"{a / b:.2f}" if b else "NA"

def plain(label, k):
    return text(median(label, k), figures[(label, k)])

graphile = next((label for label, _ in figures if label.startswith("RESULT peer=graphile-worker")), None)
limit = next((label for label, _ in figures if label.startswith("LIMIT")), None)
ours = median("RESULT peer=job-processor", "jobs_per_s")
print(f"SITTING runs={runs}"
      f" drain_vs_graphile={ratio(ours, median(graphile, 'jobs_per_s'))}"
      f" drain_vs_limit={ratio(ours, median(limit, 'jobs_per_s'))}"
      f" submit_ratio={plain('SUBMIT', 'ratio')}"
      f" idle_submit_p50_ms={plain('IDLE_SUBMIT', 'p50_ms')}"
      f" pickup_library_p50_ms={plain('PICKUP source=library', 'p50_ms')}"
      f" pickup_library_p99_ms={plain('PICKUP source=library', 'p99_ms')}"
      f" pickup_http_p50_ms={plain('PICKUP source=http', 'p50_ms')}"
      f" pickup_http_p99_ms={plain('PICKUP source=http', 'p99_ms')}"
      f" remote_ratio={plain('REMOTE_DRAIN', 'ratio')}"
      f" drain_vs_ceiling={plain('CEILING', 'drain_ratio')}"
      f" floor_idle_memory_p50_ms={plain('FLOOR', 'memory_submit_p50_ms')}"
      f" floor_sql_insert_p50_ms={plain('FLOOR', 'sql_insert_p50_ms')}"
      f" floor_sql_pickup_p50_ms={plain('FLOOR', 'sql_pickup_p50_ms')}"
      f" floor_sql_pickup_p99_ms={plain('FLOOR', 'sql_pickup_p99_ms')}")
PY
echo "sitting: log and full outputs in $logs" >&2
