#!/usr/bin/env bash
# Installs what is missing (setup.sh), then configures (CMake preset
# `default`) and builds contentgate into build/ (or $CONTENTGATE_BUILD_DIR).
# Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${CONTENTGATE_BUILD_DIR:-build}
cmake --preset default -B "$build" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
