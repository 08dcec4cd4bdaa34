#!/usr/bin/env bash
# The threaded code under ThreadSanitizer: the shared RegexCache's suite, and
# `contentgate validate --jobs 8` end to end over a few hundred regex-heavy
# files (the CLI's worker pool sharing one schema and one regex cache).
# Uses the `tsan` CMake preset (clang); exits 0 with a reason when clang is
# absent. About two minutes on 2 cores.
#
# Environment (optional): CG_TSAN_BUILD_DIR (default build-tsan).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++ >/dev/null 2>&1; then
  echo "scripts/tsan.sh: clang++ not found: ThreadSanitizer run skipped"
  exit 0
fi
build=${CG_TSAN_BUILD_DIR:-build-tsan}
cmake --preset tsan -B "$build" -DCONTENTGATE_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target regex_test contentgate_cli
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
log="$build/regex_test.tsan.log"
if ! "$build/tests/regex_test" --gtest_brief=1 >"$log" 2>&1; then
  tail -n 80 "$log"
  echo "scripts/tsan.sh: regex_test FAILED under ThreadSanitizer (log: $log)"
  exit 1
fi
echo "scripts/tsan.sh: regex_test: $(grep -E '^\[  PASSED  \]' "$log")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/make_threaded_corpus.py --out "$work/files" --count 300
cg="$build/cli/contentgate"
schema=schemas/channel-291.schema.json
for f in "$work"/files/*.json; do
  case "$f" in *-bin.json) "$cg" compile --schema "$schema" -o "${f%.json}.bin" "$f" >/dev/null 2>&1 ;; esac
done
status=0
"$cg" validate --schema "$schema" --jobs 8 --format json "$work/files" >"$work/report.json" \
  2>"$work/tsan.log" || status=$?
if grep -q "ThreadSanitizer" "$work/tsan.log" || ((status > 1)); then
  tail -n 80 "$work/tsan.log"
  echo "scripts/tsan.sh: validate --jobs 8 FAILED under ThreadSanitizer (exit $status)"
  exit 1
fi
python3 - "$work/report.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
files = doc["files"]
bad = [f["path"] for f in files if f["valid"] != ("invalid" not in f["path"])]
assert not bad, f"unexpected verdicts: {bad[:5]}"
print(f"scripts/tsan.sh: validate --jobs 8: {len(files)} files, verdicts as expected, no race")
PY
