#!/usr/bin/env bash
# fuzz/afl_smoke.sh: the AFL++ smoke test of CI.
#
# Builds one fuzz target with AFL++ through fuzz/build.sh
# (FUZZING_ENGINE=afl: afl-clang-fast++, ASan + UBSan, AFL++'s
# libFuzzer-compatible driver) and runs afl-fuzz on it for a few seconds from
# its seed corpus. Fails when afl-fuzz did not run, ran no executions, or saved
# a crash or hang; the crashing input stays under <build>/findings/. Prints
# why and exits 0 when AFL++ (Debian: afl++) or clang is absent.
#
# Environment (all optional):
#   CG_AFL_TARGET      the target (default channel_file_fuzzer)
#   CG_AFL_SECONDS     afl-fuzz's run time (default 20)
#   CG_AFL_BUILD_DIR   build folder (default <repo>/build-afl)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
target=${CG_AFL_TARGET:-channel_file_fuzzer}
seconds=${CG_AFL_SECONDS:-20}
build=${CG_AFL_BUILD_DIR:-$root/build-afl}

for tool in afl-clang-fast afl-clang-fast++ afl-fuzz; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fuzz/afl_smoke.sh: $tool not found (Debian package afl++): AFL++ smoke test skipped"
    exit 0
  fi
done
for tool in cmake ninja zip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fuzz/afl_smoke.sh: $tool not found: AFL++ smoke test skipped"
    exit 0
  fi
done

mkdir -p "$build/out" "$build/work"
FUZZING_ENGINE=afl OUT="$build/out" WORK="$build/work" CG_FUZZ_TARGETS="$target" \
  bash "$here/build.sh" >"$build/build.log" 2>&1 || {
  tail -n 40 "$build/build.log"
  echo "fuzz/afl_smoke.sh: FAILED: the AFL++ build of $target"
  exit 1
}

# afl-fuzz wants a fresh output folder and one seed per file.
seeds="$build/seeds"
findings="$build/findings"
rm -rf "$seeds" "$findings"
mkdir -p "$seeds"
cp "$root/corpus/$target"/* "$seeds/"
if [[ -d "$root/corpus/regressions/$target" ]]; then
  cp "$root/corpus/regressions/$target"/* "$seeds/"
fi
dict=$(sed -n 's/^dict = //p' "$here/$target.options")

status=0
AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=0 \
  nice -n 10 afl-fuzz -V "$seconds" -t 10000 -m none -i "$seeds" -o "$findings" \
  -x "$here/$dict" -- "$build/out/$target" >"$build/afl.log" 2>&1 || status=$?

stats="$findings/default/fuzzer_stats"
if (( status != 0 )) || [[ ! -f "$stats" ]]; then
  tail -n 40 "$build/afl.log"
  echo "fuzz/afl_smoke.sh: FAILED: afl-fuzz exited $status"
  exit 1
fi
field() { sed -n "s/^$1 *: *//p" "$stats"; }
execs=$(field execs_done)
crashes=$(field saved_crashes)
hangs=$(field saved_hangs)
echo "fuzz/afl_smoke.sh: $target: ${seconds}s, execs_done $execs, execs_per_sec $(field execs_per_sec)," \
  "edges_found $(field edges_found), corpus_count $(field corpus_count)," \
  "saved_crashes $crashes, saved_hangs $hangs, peak_rss_mb $(field peak_rss_mb)"
if [[ -z "$execs" ]] || (( execs == 0 )); then
  echo "fuzz/afl_smoke.sh: FAILED: afl-fuzz ran no executions"
  exit 1
fi
if (( ${crashes:-0} != 0 || ${hangs:-0} != 0 )); then
  echo "fuzz/afl_smoke.sh: FAILED: inputs under $findings/default/crashes and hangs"
  exit 1
fi
