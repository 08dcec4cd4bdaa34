#!/usr/bin/env bash
# Builds the suites of the path a sensor links (channel-file validation, the
# view, the writer, the interpreter, UTF-8 and CRC) with ASan and UBSan, and
# runs them: every bounds check they exercise, also checked by the
# sanitizers. The fuzz step covers the same code with generated inputs; this
# covers the tests' hand-built edge cases. About a minute on 2 cores.
#
# Environment (optional): CG_SANITIZE_BUILD_DIR (default build-sanitize).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CG_SANITIZE_BUILD_DIR:-build-sanitize}
suites=(channel_file_test channel_file_robustness_test criterion_rules_test channel_view_test
        utf8_test crc32c_test content_test interpreter_test alloc_test signing_test)
cmake --preset asan -B "$build" -DCONTENTGATE_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${suites[@]}"
for suite in "${suites[@]}"; do
  if ! "$build/tests/$suite" --gtest_brief=1 >"$build/$suite.log" 2>&1; then
    tail -n 60 "$build/$suite.log"
    echo "scripts/sanitize.sh: $suite FAILED under ASan+UBSan (log: $build/$suite.log)"
    exit 1
  fi
  echo "scripts/sanitize.sh: $suite: $(grep -E '^\[  PASSED  \]' "$build/$suite.log")"
done
