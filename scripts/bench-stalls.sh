#!/usr/bin/env bash
# Stall hunt: RUNS separate latency runs of the chat server at a moderate steady load (the load of the desktop's
# screen-latency scenario: 1,000 chats at 1,000 msgs/s for 30 s), each against a freshly started server on a copy
# of one data dir, and the largest delivery latency of each run. A server stall (a checkpoint, a long sync, a
# blocking call on the io thread) shows as a max far above p99. Prints one JSON line per run and a summary
# (stdout: the summary JSON; stderr: progress and a table). Settings from the environment (defaults in brackets):
#   RUNS [10]  CHATS [1000]  AGENTS [20]  RATE [1000] msgs/s  DURATION [30] s  STALL_MS [50]
#   BUILD_DIR [build-bench]  SKIP_BUILD [0]  SERVER_BIN, SIM_BIN (with SKIP_BUILD=1)
# Exit status 0 when every run finished without errors; the stall verdict is in the summary ("stalls").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-10}
CHATS=${CHATS:-1000}
AGENTS=${AGENTS:-20}
RATE=${RATE:-1000}
DURATION=${DURATION:-30}
STALL_MS=${STALL_MS:-50}
BUILD_DIR=${BUILD_DIR:-$root/build-bench}
SKIP_BUILD=${SKIP_BUILD:-0}

if [ "$SKIP_BUILD" != 1 ]; then
  cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR" -j2 --target agentdesk-server agentdesk-sim >&2
fi
server_bin=${SERVER_BIN:-$BUILD_DIR/src/server/agentdesk-server}
sim_bin=${SIM_BIN:-$BUILD_DIR/src/simulator/agentdesk-sim}

work=$(mktemp -d /tmp/agentdesk-stalls-XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

capacity=$(( (CHATS + AGENTS - 1) / AGENTS ))
[ "$capacity" -lt 4 ] && capacity=4
echo "stalls: creating $AGENTS agent accounts once" >&2
mkdir -p "$work/template"
: > "$work/agents.txt"
for i in $(seq 1 "$AGENTS"); do printf 'load%04d load-pass-%04d\n' "$i" "$i" >> "$work/agents.txt"; done
xargs -P 1 -L 1 sh -c '"$0" agents add --data "$1" --username "$2" --name "Load Agent $2" --password "$3" >/dev/null' \
  "$server_bin" "$work/template" < "$work/agents.txt"

: > "$work/runs.jsonl"
failed=0
for run in $(seq 1 "$RUNS"); do
  rm -rf "$work/data"
  cp -r "$work/template" "$work/data"
  "$server_bin" serve --data "$work/data" --port 0 --set "agentCapacity=$capacity" \
    > "$work/server.out" 2> "$work/server.err" &
  server_pid=$!
  port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/server.out" | head -1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "stalls: run $run: the server did not start" >&2; cat "$work/server.err" >&2; exit 1; }
  if ! "$sim_bin" --url "ws://127.0.0.1:$port/ws" --scenario load --chats "$CHATS" --agents "$AGENTS" \
      --agents-file "$work/agents.txt" --duration "$DURATION" --rate "$RATE" --in-flight 1 --threads 1 \
      --message-bytes 100 --setup-timeout 120 --server-pid "$server_pid" > "$work/run.json" 2> "$work/sim.err"; then
    failed=1
  fi
  stop_server
  if [ -s "$work/run.json" ]; then
    tail -1 "$work/run.json" | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const run = { run: Number(process.argv[1]), deliveredPerSec: r.deliveredPerSec, p50: r.latencyMs.p50,
        p99: r.latencyMs.p99, max: r.latencyMs.max, ackP99: r.ackLatencyMs.p99, errors: r.errors.total,
        lost: r.acked - r.delivered };
      console.log(JSON.stringify(run));' "$run" | tee -a "$work/runs.jsonl" >&2
  else
    echo "stalls: run $run produced no report" >&2
    tail -5 "$work/sim.err" >&2
    failed=1
  fi
done

node -e '
  const runs = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const stallMs = Number(process.argv[2]);
  const stalls = runs.filter((r) => r.max > stallMs).length;
  for (const r of runs)
    console.error(`run ${String(r.run).padStart(2)}: ${r.deliveredPerSec} msgs/s  p50 ${r.p50}  p99 ${r.p99}  max ${r.max} ms` +
      `  errors ${r.errors}${r.max > stallMs ? "  STALL" : ""}`);
  console.error(`stalls: ${stalls} of ${runs.length} runs had a delivery over ${stallMs} ms`);
  const maxes = runs.map((r) => r.max);
  console.log(JSON.stringify({ runs: runs.length, stallMs, stalls, worstMaxMs: Math.max(...maxes), runsDetail: runs }));
' "$work/runs.jsonl" "$STALL_MS"
exit "$failed"
