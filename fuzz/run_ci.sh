#!/usr/bin/env bash
# fuzz/run_ci.sh: the fuzzing step of CI.
#
# When clang and libFuzzer's runtime (Debian: clang, libclang-rt-14-dev) are
# present, builds every fuzz target with ASan + UBSan and runs each for a
# short fixed time, two at a time, starting from its seed corpus (and its
# regressions) in a scratch folder; fails when any target crashes, leaks,
# times out or runs out of memory, and leaves the input that did it under
# the artifacts folder. When clang is absent it says so and exits 0: the
# corpora are still replayed by ctest with any compiler.
#
# Environment (all optional):
#   CG_FUZZ_SECONDS    seconds per target (default 30)
#   CG_FUZZ_PARALLEL   targets run at once (default 2)
#   CG_FUZZ_BUILD_DIR  build folder (default <repo>/build-fuzz-ci)
#   CG_FUZZ_ARTIFACTS  where crashing inputs go (default <build>/artifacts)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seconds=${CG_FUZZ_SECONDS:-30}
parallel=${CG_FUZZ_PARALLEL:-2}
build=${CG_FUZZ_BUILD_DIR:-$root/build-fuzz-ci}
artifacts=${CG_FUZZ_ARTIFACTS:-$build/artifacts}
# shellcheck source=fuzz/sanitizer_options.sh
source "$here/sanitizer_options.sh"

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz/run_ci.sh: clang++ not found: fuzzing skipped (corpora are replayed by ctest)"
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
  > "$scratch/probe.cc"
if ! clang++ -fsanitize=fuzzer,address,undefined "$scratch/probe.cc" -o "$scratch/probe" 2>/dev/null; then
  echo "fuzz/run_ci.sh: clang's libFuzzer runtime not found (libclang-rt-14-dev): fuzzing skipped"
  exit 0
fi

targets=(channel_file_fuzzer roundtrip_fuzzer interpreter_fuzzer schema_fuzzer source_fuzzer
         signature_fuzzer core_agreement_fuzzer)

cmake -S "$root" --preset fuzz -B "$build" >/dev/null
cmake --build "$build" -j 2 --target "${targets[@]}"
mkdir -p "$artifacts"

# Runs one target for $seconds; its log goes to $scratch/<target>.log.
run_one() {
  local target=$1
  local work="$scratch/$target"
  mkdir -p "$work/corpus"
  # The flags (dictionary, schedule) and ASan options of the target's
  # .options, as ClusterFuzzLite reads them (fuzz/README.md, "Speed").
  local flags asan
  mapfile -t flags < <(cg_fuzz_libfuzzer_flags "$target")
  asan=$(cg_fuzz_asan_options "$target")
  local corpora=("$root/corpus/$target")
  if [[ -d "$root/corpus/regressions/$target" ]]; then
    corpora+=("$root/corpus/regressions/$target")
  fi
  # New inputs go to the scratch folder (the first corpus), never to the
  # committed seeds.
  (cd "$work" && ASAN_OPTIONS=$asan nice -n 10 "$build/fuzz/$target" "${flags[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=8192 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
      "$work/corpus" "${corpora[@]}") >"$scratch/$target.log" 2>&1
}

declare -A pids
failed=()
for target in "${targets[@]}"; do
  while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
  run_one "$target" &
  pids[$target]=$!
done
for target in "${targets[@]}"; do
  status=0
  wait "${pids[$target]}" || status=$?
  summary=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$scratch/$target.log" | tail -1 || true)
  echo "fuzz/run_ci.sh: $target: exit $status ${summary:-}"
  if (( status != 0 )); then
    failed+=("$target")
    tail -n 60 "$scratch/$target.log"
  fi
done

if (( ${#failed[@]} > 0 )); then
  echo "fuzz/run_ci.sh: FAILED: ${failed[*]} (inputs under $artifacts)"
  exit 1
fi
echo "fuzz/run_ci.sh: ${#targets[@]} targets ran ${seconds}s each without a crash"
