#!/usr/bin/env bash
# Builds everything: the native programs and tests (build/native) and the agent desktop for the browser
# (build/web/dist). Incremental: a second run with nothing changed takes a few seconds.
#   AGENTDESK_BUILD_TYPE  Release (default) | Debug | RelWithDebInfo
#   AGENTDESK_JOBS        parallel compile jobs (default: number of cores)
set -euo pipefail
cd "$(dirname "$0")/.."
build_type=${AGENTDESK_BUILD_TYPE:-Release}
jobs=${AGENTDESK_JOBS:-$(nproc)}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # Debian's emcc needs it with this Node

configure() {  # dir, extra cmake args…
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    "$@" -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  fi
}

configure build/native cmake
cmake --build build/native -j"$jobs"

configure build/web emcmake cmake
cmake --build build/web -j"$jobs"
