#!/usr/bin/env bash
# Checks that every tracked C++ file follows .clang-format (clang-format-14, Debian 12's). With --fix, applies it.
# Outside a git checkout (a source tarball) it checks the files under src/ and tests/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=${CLANG_FORMAT:-clang-format-14}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
else
  mapfile -t files < <(find src tests -name '*.cpp' -o -name '*.hpp' | sort)
fi
if [ "${1:-}" = --fix ]; then
  "$formatter" -i "${files[@]}"
  exit 0
fi
if ! "$formatter" --dry-run -Werror "${files[@]}"; then
  echo "check-format: the files above do not follow .clang-format; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"
