#!/bin/sh
# CLI throughput: `contentgate validate --jobs 1` and `--jobs 2` over a
# folder of 1,000 small (about 2 KB) valid channel files, in files/s. Each
# run is a whole process (start-up, schema load, folder walk, output).
#
#   bench/cli_throughput.sh BUILD_DIR [FILES]
#
# BUILD_DIR must hold cli/contentgate and bench/contentgate_make_reference
# (configure with -DCONTENTGATE_BUILD_BENCHMARKS=ON). Uses hyperfine when it
# is installed, else a timing loop of 10 runs per setting.
set -eu

build=${1:?usage: bench/cli_throughput.sh BUILD_DIR [FILES]}
files=${2:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
schema="$root/schemas/channel-291.schema.json"
cli="$build/cli/contentgate"
gen="$build/bench/contentgate_make_reference"
runs=10

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/small"
"$gen" --schema "$schema" --out "$work/small" --small "$files"
bytes=$(cat "$work"/small/*.bin | wc -c)
echo "$files files, $bytes bytes ($((bytes / files)) bytes/file)"

# Every file is valid: a nonzero status is a failure of the tool, not data.
for jobs in 1 2; do
  "$cli" validate --schema "$schema" --jobs "$jobs" "$work/small" > /dev/null
done

if command -v hyperfine > /dev/null; then
  hyperfine --warmup 2 --runs "$runs" --export-json "$work/runs.json" \
    "$cli validate --schema $schema --jobs 1 $work/small" \
    "$cli validate --schema $schema --jobs 2 $work/small"
  python3 - "$work/runs.json" "$files" <<'PY'
import json, sys
runs, files = json.load(open(sys.argv[1]))["results"], int(sys.argv[2])
for jobs, r in zip((1, 2), runs):
    print(f"--jobs {jobs}: mean {r['mean'] * 1e3:.1f} ms ± {r['stddev'] * 1e3:.1f} ms, "
          f"min {r['min'] * 1e3:.1f} ms -> {files / r['mean']:.0f} files/s "
          f"(best {files / r['min']:.0f} files/s)")
PY
else
  for jobs in 1 2; do
    start=$(date +%s%N)
    i=0
    while [ "$i" -lt "$runs" ]; do
      "$cli" validate --schema "$schema" --jobs "$jobs" "$work/small" > /dev/null
      i=$((i + 1))
    done
    end=$(date +%s%N)
    ns=$(((end - start) / runs))
    echo "--jobs $jobs: mean $((ns / 1000000)) ms -> $((files * 1000000000 / ns)) files/s"
  done
fi
