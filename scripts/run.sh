#!/usr/bin/env bash
# Installs what is missing, builds, and starts the product on http://127.0.0.1:8080:
#   /            the agent desktop (log in with a demo account printed below)
#   /customer/   the mobile customer app (open it on a phone-sized window to start a chat)
# Data (SQLite, files) lives in ./data. A few simulated customers start chats so the desktop is alive at once;
# AGENTDESK_DEMO_CHATS=0 turns them off. AGENTDESK_PORT changes the port. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

port=${AGENTDESK_PORT:-8080}
demo_chats=${AGENTDESK_DEMO_CHATS:-3}
server=build/native/src/server/agentdesk-server
simulator=build/native/src/simulator/agentdesk-sim
mkdir -p data

"$server" serve --data data --bind 127.0.0.1 --port "$port" \
  --desktop-dir build/web/dist --customer-dir web/customer --demo &
server_pid=$!
trap 'kill -TERM $server_pid ${sim_pid:-} 2>/dev/null; wait $server_pid 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
echo
echo "Agent desktop:  http://127.0.0.1:$port/"
echo "Customer app:   http://127.0.0.1:$port/customer/"
if [ "$demo_chats" -gt 0 ] && [ -x "$simulator" ]; then
  echo "Starting $demo_chats simulated customers (AGENTDESK_DEMO_CHATS=0 to turn off)"
  "$simulator" --url "ws://127.0.0.1:$port/ws" --chats "$demo_chats" --scenario accident --duration 3600 &
  sim_pid=$!
fi
wait $server_pid
