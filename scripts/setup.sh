#!/usr/bin/env bash
# Installs what is missing for building and testing, on Debian 12 as root. Idempotent: a second run that finds
# everything in place does no network work. Everything comes from Debian packages and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

debian_packages=(
  build-essential cmake ninja-build pkg-config dpkg-dev
  emscripten
  nlohmann-json3-dev doctest-dev libboost1.81-dev libsqlite3-dev libsodium-dev
  chromium sqlite3 curl ca-certificates
  # UI and icon fonts (subset at build time), and the system fonts the browser rasterises CJK and emoji glyphs with.
  fonts-dejavu-core fonts-font-awesome python3-fonttools fonts-noto-cjk fonts-noto-color-emoji
  # Firefox e2e (WebGL2 needs a real X display: Xvfb + Mesa llvmpipe) and brotli sizes for the performance bench.
  firefox-esr xvfb xauth libgl1-mesa-dri brotli
  # Hosting: https/wss in the server (OpenSSL), gzip for the dist's precompressed files, and the web servers the
  # hosting e2e test serves the desktop with (docs/deployment.md; Debian's nginx has brotli_static as a module).
  libssl-dev openssl gzip nginx libnginx-mod-http-brotli-static apache2
  # The C++ layout (.clang-format), checked by the `format` test.
  clang-format-14 git
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

apt_updated=0
apt_update() { [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }; }

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dear ImGui 1.90.1: bookworm has only 1.86 (its GLFW backend lacks Emscripten support), so the sources come from
# Debian's source package in trixie. Only the deb-src entry is added: no trixie binary ever gets installed.
imgui_dir="$root/deps/imgui"
if [ ! -f "$imgui_dir/imgui.h" ]; then
  src_list=/etc/apt/sources.list.d/agentdesk-trixie-src.sources
  if [ ! -f "$src_list" ]; then
    cat > "$src_list" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  apt_update
  work=$(mktemp -d)
  (cd "$work" && apt-get source -qq --download-only imgui >/dev/null && dpkg-source -x --no-check ./imgui_*.dsc src >/dev/null)
  rm -rf "$imgui_dir"; mkdir -p "$root/deps"
  mv "$work/src" "$imgui_dir"
  rm -rf "$work"
  grep -q 'IMGUI_VERSION_NUM' "$imgui_dir/imgui.h"
  echo "setup: Dear ImGui $(grep -m1 '#define IMGUI_VERSION ' "$imgui_dir/imgui.h" | cut -d'"' -f2) in deps/imgui"
fi

# npm packages (leaflet, playwright-core, ...) pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
