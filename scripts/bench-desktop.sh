#!/usr/bin/env bash
# Performance budget of the agent desktop (issue 8): builds Release (server, simulator, the wasm desktop), then runs
# scripts/bench-desktop.mjs, which drives headless Chromium against the real server with the simulator for load.
# Prints ONE JSON object on stdout and a Markdown table on stderr (also written to $OUT_DIR/bench-desktop.{json,md}).
# Settings from the environment (defaults in brackets):
#   BUILD_DIR [build-bench-desktop]  (native in $BUILD_DIR/native, wasm in $BUILD_DIR/web)  SKIP_BUILD [0]
#   OUT_DIR [test-artifacts]  SCENARIOS [all: transfer,load,idle,chats50,history,images,heap,latency]
#   LOAD_RUNS [15]  LATENCY_CHATS [1000]  LATENCY_RATE [1000] msgs/s over those chats  LATENCY_SECONDS [30]
#   HISTORY_EVENTS [100000]  HISTORY_QUEUE_BYTES [256 MiB]  BUSY_CHATS [50]  HEAP_ROUNDS [6]  IMAGES [200]
#   AGENTDESK_SERVER, AGENTDESK_SIMULATOR, AGENTDESK_DESKTOP_DIR: use these builds (with SKIP_BUILD=1)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build-bench-desktop}
SKIP_BUILD=${SKIP_BUILD:-0}

export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # Debian's emcc needs it with this Node
if [ "$SKIP_BUILD" != 1 ]; then
  # Build output goes to stderr: stdout holds only the JSON.
  cmake -S "$root" -B "$BUILD_DIR/native" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR/native" -j2 --target agentdesk-server agentdesk-sim >&2
  NODE_PATH=/usr/share/nodejs emcmake cmake -S "$root" -B "$BUILD_DIR/web" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR/web" -j2 --target agentdesk-desktop >&2
fi
export AGENTDESK_SERVER=${AGENTDESK_SERVER:-$BUILD_DIR/native/src/server/agentdesk-server}
export AGENTDESK_SIMULATOR=${AGENTDESK_SIMULATOR:-$BUILD_DIR/native/src/simulator/agentdesk-sim}
export AGENTDESK_DESKTOP_DIR=${AGENTDESK_DESKTOP_DIR:-$BUILD_DIR/web/dist}
export AGENTDESK_CUSTOMER_DIR=${AGENTDESK_CUSTOMER_DIR:-$root/web/customer}
command -v brotli >/dev/null || { echo "bench-desktop: the brotli command is missing (scripts/setup.sh installs it)" >&2; exit 1; }
exec node "$root/scripts/bench-desktop.mjs"
