#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), and runs every test:
# the GoogleTest suites, corpus replays, end-to-end CLI tests, the format
# check and (when ../shared is present) the public conformance cases, all
# under ctest; then the sensor-path suites again under ASan+UBSan, the
# threaded code under ThreadSanitizer, and a short libFuzzer run of every
# fuzz target under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ccache_env.sh
bash scripts/setup.sh --tests
bash scripts/build.sh -DCONTENTGATE_WERROR=ON
build=${CONTENTGATE_BUILD_DIR:-build}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
bash scripts/sanitize.sh
bash scripts/tsan.sh
bash fuzz/run_ci.sh
bash fuzz/afl_smoke.sh
