#!/usr/bin/env bash
# Fails when a C or C++ file under lib/, include/, cli/, fuzz/, bench/, tests/
# or examples/ differs from what clang-format-14 makes of it (the style is
# .clang-format at the top of the tree). Exits 77 (ctest: skipped) with a
# reason when clang-format-14 is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format-14 >/dev/null 2>&1; then
  echo "check_format: clang-format-14 not found (Debian: clang-format-14): format check skipped"
  exit 77
fi
mapfile -t files < <(find lib include cli fuzz bench tests examples -type f \
  \( -name '*.cc' -o -name '*.h' -o -name '*.c' \) -not -path '*/data/*' | sort)
drifted=()
for f in "${files[@]}"; do
  if ! clang-format-14 --dry-run -Werror "$f" >/dev/null 2>&1; then drifted+=("$f"); fi
done
if ((${#drifted[@]} > 0)); then
  printf 'check_format: not formatted with clang-format-14: %s\n' "${drifted[@]}"
  echo "check_format: fix with: clang-format-14 -i ${drifted[*]}"
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
