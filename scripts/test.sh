#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: native unit and integration tests (ctest), the JS
# client library's tests, and the browser end-to-end tests in headless Chromium against the real server.
# Screenshots of the browser tests land in test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

export AGENTDESK_SERVER=$PWD/build/native/src/server/agentdesk-server
export AGENTDESK_SIMULATOR=$PWD/build/native/src/simulator/agentdesk-sim
export AGENTDESK_DESKTOP_DIR=$PWD/build/web/dist
export AGENTDESK_CUSTOMER_DIR=$PWD/web/customer
mkdir -p test-artifacts

status=0
echo "== native tests (ctest)"
ctest --test-dir build/native --output-on-failure --timeout 300 || status=1

echo "== JavaScript and browser tests (node --test)"
shopt -s nullglob
js_tests=(tests/js/*.test.mjs tests/e2e/*.test.mjs)
node --test --test-concurrency=1 "${js_tests[@]}" || status=1

exit $status
