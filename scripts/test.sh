#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the GoogleTest suites,
# corpus replays, end-to-end CLI tests and (when ../shared is present) the
# public conformance cases, all under ctest; then the sensor-path suites
# again under ASan+UBSan, and a short libFuzzer run of every fuzz target
# under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
bash scripts/build.sh
build=${CONTENTGATE_BUILD_DIR:-build}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
bash scripts/sanitize.sh
bash fuzz/run_ci.sh
