#!/usr/bin/env bash
# Load benchmark of the chat server: builds Release, creates a temporary data dir and agent accounts, starts
# agentdesk-server on an ephemeral 127.0.0.1 port, runs `agentdesk-sim --scenario load`, prints its JSON line and
# a table, and stops the server. Settings come from the environment (defaults in brackets):
#   CHATS [2000]  AGENTS [200]  DURATION [10] seconds  RATE [0 = as fast as acks allow]  IN_FLIGHT [1]
#   SIM_THREADS [1]  SERVER_THREADS [1]  MESSAGE_BYTES [100]  BUILD_DIR [build-bench]  SKIP_BUILD [0]
#   SETUP_TIMEOUT [120] seconds (logins hash passwords: slow on purpose)
#   SERVER_BIN, SIM_BIN: use these binaries (with SKIP_BUILD=1) instead of the ones in BUILD_DIR
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

if [ "$SKIP_BUILD" != 1 ]; then
  # Build output goes to stderr: stdout holds only the JSON line.
  cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR" -j2 --target agentdesk-server agentdesk-sim >&2
fi
server_bin=${SERVER_BIN:-$BUILD_DIR/src/server/agentdesk-server}
sim_bin=${SIM_BIN:-$BUILD_DIR/src/simulator/agentdesk-sim}

work=$(mktemp -d /tmp/agentdesk-bench-XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

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

"$server_bin" serve --data "$work/data" --port 0 --threads "$SERVER_THREADS" \
  --set "agentCapacity=$capacity" > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/server.out" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench: the server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "bench: the server did not start listening" >&2; exit 1; }
echo "bench: server pid $server_pid on port $port (agentCapacity=$capacity, threads=$SERVER_THREADS)" >&2

cmd=("$sim_bin" --url "ws://127.0.0.1:$port/ws" --scenario load --chats "$CHATS" --agents "$AGENTS"
     --agents-file "$work/agents.txt" --duration "$DURATION" --rate "$RATE" --in-flight "$IN_FLIGHT"
     --threads "$SIM_THREADS" --message-bytes "$MESSAGE_BYTES" --setup-timeout "$SETUP_TIMEOUT"
     --server-pid "$server_pid")
echo "bench: ${cmd[*]}" >&2
status=0
"${cmd[@]}" > "$work/result.json" || status=$?
cat "$work/result.json"
if [ -s "$work/result.json" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
    const row = (k, v) => console.log(k.padEnd(34) + String(v));
    row("chats / agents (assigned)", `${r.setup.chats} / ${r.setup.agents} (${r.setup.chatsAssigned})`);
    row("setup", `${(r.setup.setupMs / 1000).toFixed(1)} s`);
    row("measured", `${r.durationS} s`);
    row("sent / acked / delivered", `${r.sent} / ${r.acked} / ${r.delivered}`);
    row("delivered msgs/s", r.deliveredPerSec);
    row("delivery latency p50 / p99 / max", `${r.latencyMs.p50} / ${r.latencyMs.p99} / ${r.latencyMs.max} ms`);
    row("ack latency p50 / p99", `${r.ackLatencyMs.p50} / ${r.ackLatencyMs.p99} ms`);
    row("errors (disconnects)", `${r.errors.total} ${JSON.stringify(r.errors.byCode)} (${r.errors.disconnects})`);
    if (r.server && r.server.vmHwmKiB !== undefined)
      row("server RSS now / peak", `${(r.server.vmRssKiB / 1024).toFixed(1)} / ${(r.server.vmHwmKiB / 1024).toFixed(1)} MiB`);
  ' "$work/result.json" >&2
fi
exit "$status"
