#!/usr/bin/env bash
# Load benchmark of the chat server beside a bare echo baseline, both in one run on this machine. Builds Release
# (agentdesk-server, agentdesk-sim, agentdesk-echo), creates a temporary data dir and agent accounts, then:
#   1. the echo baseline (skipped with ECHO=0): starts agentdesk-echo on an ephemeral 127.0.0.1 port, runs
#      `agentdesk-sim --scenario echo` with the load's connections and sending (CHATS senders, AGENTS idle, same
#      DURATION, RATE, IN_FLIGHT, MESSAGE_BYTES, SIM_THREADS; the echo gets SERVER_THREADS io threads), stops it;
#   2. the load: starts agentdesk-server on an ephemeral 127.0.0.1 port, runs `agentdesk-sim --scenario load`,
#      stops it.
# stdout holds only one JSON object: {"echo": <echo line or null>, "load": <load line or null>, "ratio": R or null},
# R = the server's CPU per delivered message / the echo server's CPU per echoed message (the issue's aim: R <= 3).
# stderr: progress, both tables, and `bench: server CPU/delivered msg X µs = R× echo CPU/echoed msg Y µs (aim ≤ 3×)`.
# Exit status: non-zero when either run failed (its JSON is still printed, as far as it got).
# Settings come from the environment (defaults in brackets):
#   CHATS [2000]  AGENTS [200]  DURATION [10] seconds  RATE [0 = as fast as acks allow]  IN_FLIGHT [1]
#   SIM_THREADS [1]  SERVER_THREADS [1]  MESSAGE_BYTES [100]  BUILD_DIR [build-bench]  SKIP_BUILD [0]
#   SETUP_TIMEOUT [120] seconds (logins hash passwords: slow on purpose)  ECHO [1]
#   SERVER_BIN, SIM_BIN, ECHO_BIN: use these binaries (with SKIP_BUILD=1) instead of the ones in BUILD_DIR
# Every wait is bounded: a server gets 10 s to print its port and 5 s to stop after SIGTERM (then SIGKILL), and a
# simulator run SETUP_TIMEOUT + DURATION + 60 s (then it is killed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CHATS=${CHATS:-2000}
AGENTS=${AGENTS:-200}
DURATION=${DURATION:-10}
RATE=${RATE:-0}
IN_FLIGHT=${IN_FLIGHT:-1}
SIM_THREADS=${SIM_THREADS:-1}
SERVER_THREADS=${SERVER_THREADS:-1}
MESSAGE_BYTES=${MESSAGE_BYTES:-100}
SETUP_TIMEOUT=${SETUP_TIMEOUT:-120}
BUILD_DIR=${BUILD_DIR:-$root/build-bench}
SKIP_BUILD=${SKIP_BUILD:-0}
ECHO=${ECHO:-1}
# Bounds of the waits (see the header).
listen_polls=200       # × 0.05 s for a server's "listening on" line
stop_polls=50          # × 0.1 s for a server to exit after SIGTERM
sim_limit_s=$((SETUP_TIMEOUT + DURATION + 60))

if [ "$SKIP_BUILD" != 1 ]; then
  # Build output goes to stderr: stdout holds only the JSON line.
  cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR" -j2 --target agentdesk-server agentdesk-sim agentdesk-echo >&2
fi
server_bin=${SERVER_BIN:-$BUILD_DIR/src/server/agentdesk-server}
sim_bin=${SIM_BIN:-$BUILD_DIR/src/simulator/agentdesk-sim}
echo_bin=${ECHO_BIN:-$BUILD_DIR/src/bench/agentdesk-echo}

work=$(mktemp -d /tmp/agentdesk-bench-XXXXXX)
server_pid=""
echo_pid=""
# SIGTERM, up to stop_polls × 0.1 s for the exit, then SIGKILL.
stop_process() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$stop_polls"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  stop_process "$echo_pid"
  stop_process "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# Prints the port of the "listening on http://127.0.0.1:PORT" line in file $1, written by process $2 (named $3,
# its stderr in $4), within listen_polls × 0.05 s. Fails with the reason on stderr.
wait_for_port() {
  local out=$1 pid=$2 name=$3 err=$4 port=""
  for _ in $(seq 1 "$listen_polls"); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$out" | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name exited:" >&2; cat "$err" >&2; return 1; }
    sleep 0.05
  done
  echo "bench: $name did not start listening" >&2
  return 1
}

# Every chat needs a seat: capacity = ceil(chats / agents), at least the protocol's default of 4.
capacity=$(( (CHATS + AGENTS - 1) / AGENTS ))
[ "$capacity" -lt 4 ] && capacity=4

echo "bench: creating $AGENTS agent accounts in $work/data" >&2
mkdir -p "$work/data"
: > "$work/agents.txt"
for i in $(seq 1 "$AGENTS"); do
  printf 'load%04d load-pass-%04d\n' "$i" "$i" >> "$work/agents.txt"
done
# One at a time: concurrent `agents add` processes may pick the same new agent id (UNIQUE constraint failed).
# Each add hashes a password (Argon2id, slow by design): ~0.2 s per agent. xargs gives sh: $0 the server binary,
# $1 the data dir, then one line of the file: $2 username, $3 password.
if ! xargs -P 1 -L 1 sh -c '"$0" agents add --data "$1" --username "$2" --name "Load Agent $2" --password "$3" >/dev/null' \
    "$server_bin" "$work/data" < "$work/agents.txt"; then
  echo "bench: creating agent accounts failed" >&2
  exit 1
fi
[ "$("$server_bin" agents list --data "$work/data" | wc -l)" -eq "$AGENTS" ] || { echo "bench: not every agent was created" >&2; exit 1; }

# The echo baseline runs right before the load, so both meet the machine in the same state.
echo_status=0
if [ "$ECHO" = 1 ]; then
  "$echo_bin" --port 0 --threads "$SERVER_THREADS" > "$work/echo.out" 2> "$work/echo.err" &
  echo_pid=$!
  echo_port=$(wait_for_port "$work/echo.out" "$echo_pid" "the echo server" "$work/echo.err") || exit 1
  echo "bench: echo server pid $echo_pid on port $echo_port (threads=$SERVER_THREADS)" >&2
  echo_cmd=("$sim_bin" --url "ws://127.0.0.1:$echo_port/ws" --scenario echo --chats "$CHATS" --agents "$AGENTS"
            --duration "$DURATION" --rate "$RATE" --in-flight "$IN_FLIGHT" --threads "$SIM_THREADS"
            --message-bytes "$MESSAGE_BYTES" --setup-timeout "$SETUP_TIMEOUT" --server-pid "$echo_pid")
  echo "bench: ${echo_cmd[*]}" >&2
  timeout --kill-after=5 "$sim_limit_s" "${echo_cmd[@]}" > "$work/echo.json" || echo_status=$?
  [ "$echo_status" = 0 ] || echo "bench: the echo baseline failed (exit $echo_status)" >&2
  stop_process "$echo_pid"
  echo_pid=""
fi

"$server_bin" serve --data "$work/data" --port 0 --threads "$SERVER_THREADS" \
  --set "agentCapacity=$capacity" > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
port=$(wait_for_port "$work/server.out" "$server_pid" "the server" "$work/server.err") || exit 1
echo "bench: server pid $server_pid on port $port (agentCapacity=$capacity, threads=$SERVER_THREADS)" >&2

cmd=("$sim_bin" --url "ws://127.0.0.1:$port/ws" --scenario load --chats "$CHATS" --agents "$AGENTS"
     --agents-file "$work/agents.txt" --duration "$DURATION" --rate "$RATE" --in-flight "$IN_FLIGHT"
     --threads "$SIM_THREADS" --message-bytes "$MESSAGE_BYTES" --setup-timeout "$SETUP_TIMEOUT"
     --server-pid "$server_pid")
echo "bench: ${cmd[*]}" >&2
load_status=0
timeout --kill-after=5 "$sim_limit_s" "${cmd[@]}" > "$work/load.json" || load_status=$?
[ "$load_status" = 0 ] || echo "bench: the load failed (exit $load_status)" >&2
stop_process "$server_pid"
server_pid=""

# Both tables and the summary on stderr, the combined JSON on stdout. A run that printed nothing is null.
node -e '
  const fs = require("fs");
  const lastLine = (path) => {
    const text = fs.existsSync(path) ? fs.readFileSync(path, "utf8").trim() : "";
    return text ? JSON.parse(text.split("\n").pop()) : null;
  };
  const [echoPath, loadPath, echoWanted] = process.argv.slice(1);
  const echo = echoWanted === "1" ? lastLine(echoPath) : null;
  const load = lastLine(loadPath);
  const row = (k, v) => console.error(k.padEnd(36) + String(v));
  const mib = (kib) => (kib / 1024).toFixed(1);
  const cpuPerMsg = (r) => (r && r.server && typeof r.server.cpuUsPerMsg === "number" ? r.server.cpuUsPerMsg : null);
  const cpuRows = (r, what) => {
    row(`server / sim CPU per ${what} msg`, `${cpuPerMsg(r) ?? "-"} / ${r.simulator.cpuUsPerMsg ?? "-"} µs`);
    if (r.server && r.server.vmHwmKiB !== undefined)
      row("server RSS now / peak", `${mib(r.server.vmRssKiB)} / ${mib(r.server.vmHwmKiB)} MiB`);
  };
  const errorsRow = (r) =>
    row("errors (disconnects)", `${r.errors.total} ${JSON.stringify(r.errors.byCode)} (${r.errors.disconnects})`);
  if (echo) {
    console.error("echo baseline (agentdesk-echo)");
    row("connections: sending / idle (open)",
        `${echo.setup.chats} / ${echo.setup.agents} (${echo.setup.chatsConnected} / ${echo.setup.agentsConnected})`);
    row("setup", `${(echo.setup.setupMs / 1000).toFixed(1)} s`);
    row("measured", `${echo.durationS} s`);
    row("sent / echoed", `${echo.sent} / ${echo.echoed}`);
    row("echoed msgs/s", echo.echoedPerSec);
    row("echo latency p50 / p99 / max", `${echo.latencyMs.p50} / ${echo.latencyMs.p99} / ${echo.latencyMs.max} ms`);
    errorsRow(echo);
    cpuRows(echo, "echoed");
  }
  if (load) {
    console.error("chat server load (agentdesk-server)");
    row("chats / agents (assigned)", `${load.setup.chats} / ${load.setup.agents} (${load.setup.chatsAssigned})`);
    row("setup", `${(load.setup.setupMs / 1000).toFixed(1)} s`);
    row("measured", `${load.durationS} s`);
    row("sent / acked / delivered", `${load.sent} / ${load.acked} / ${load.delivered}`);
    row("delivered msgs/s", load.deliveredPerSec);
    row("delivery latency p50 / p99 / max", `${load.latencyMs.p50} / ${load.latencyMs.p99} / ${load.latencyMs.max} ms`);
    row("ack latency p50 / p99", `${load.ackLatencyMs.p50} / ${load.ackLatencyMs.p99} ms`);
    errorsRow(load);
    cpuRows(load, "delivered");
  }
  const serverUs = cpuPerMsg(load);
  const echoUs = cpuPerMsg(echo);
  const ratio = serverUs !== null && echoUs ? Math.round((serverUs / echoUs) * 100) / 100 : null;
  if (ratio !== null) {
    console.error(`bench: server CPU/delivered msg ${serverUs.toFixed(1)} µs = ${ratio.toFixed(2)}× ` +
                  `echo CPU/echoed msg ${echoUs.toFixed(1)} µs (aim ≤ 3×)`);
  } else {
    const why = echoWanted !== "1" ? "the echo baseline was skipped (ECHO=0)" : "a CPU per message is missing";
    console.error(`bench: no ratio: ${why}`);
  }
  console.log(JSON.stringify({ echo, load, ratio }));
' "$work/echo.json" "$work/load.json" "$ECHO"
[ "$load_status" = 0 ] || exit "$load_status"
exit "$echo_status"
