#!/usr/bin/env bash
# The main job on the shipped examples: check the shipped schemas, compile the
# example content, and run the pre-publish gate on it. The good example passes
# (with its CG401 warnings for sensor 7.11); the Channel-291 reproduction is
# rejected with CG400. Exits 0 when everything behaves as described.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/ccache_env.sh
bash scripts/build.sh --log-level=WARNING >/dev/null || exit 2
cg=${CONTENTGATE_BUILD_DIR:-build}/cli/contentgate
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
schema=schemas/channel-291.schema.json

run() { echo "\$ $*"; "$@"; }

run "$cg" check-schema schemas/*.schema.json || exit 1
echo
run "$cg" compile --schema "$schema" --sensor 7.16 -o "$out/good.bin" examples/channel-291.good.json || exit 1
run "$cg" compile --schema "$schema" --sensor 7.16 -o "$out/c291-repro.bin" examples/channel-291.c291-repro.json || exit 1
echo
run "$cg" validate --schema "$schema" "$out/good.bin" examples/channel-291.good.json || exit 1
echo
run "$cg" validate --schema "$schema" "$out/c291-repro.bin" examples/channel-291.c291-repro.json
status=$?
echo
if [ "$status" -eq 1 ]; then
  echo "examples: the Channel-291 reproduction is rejected (exit 1): it must not ship."
else
  echo "examples: expected the Channel-291 reproduction to be rejected, got exit $status" >&2
  exit 1
fi

# Release checks: what the reproduction changes against the good release
# (CG803 on the field no earlier release constrained), and the content tests.
echo
run "$cg" diff --schema "$schema" --sensor 7.16 examples/channel-291.good.json examples/channel-291.c291-repro.json || exit 1
echo
run "$cg" test --schema "$schema" --coverage --tests examples/channel-291.tests.json examples/channel-291.good.json || exit 1
run "$cg" test --schema "$schema" --sensor 7.16 --coverage --tests examples/channel-291.c291-repro.tests.json examples/channel-291.c291-repro.json || exit 1
