#!/usr/bin/env bash
# fuzz/speed.sh: measures fuzzing speed the way bench/RESULTS.md reports it.
#
# Usage: fuzz/speed.sh SECONDS BINARY_DIR TARGET...
# Runs each TARGET (BINARY_DIR/TARGET, one job, one at a time) for SECONDS
# from a scratch copy of its seed corpus and regressions, with the options
# fuzz/run_ci.sh gives it (its .options file's [libfuzzer] flags and [asan]
# options, -seed=7), and
# prints one line per target: the load average at the start, executions,
# execs/s, user+system CPU seconds (/usr/bin/time), execs per CPU second,
# cov and ft of libFuzzer's DONE line and its peak RSS. A TARGET named
# NAME=PATH runs the binary PATH with NAME's corpus and options.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seconds=$1
bin=$(cd "$2" && pwd)
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# shellcheck source=fuzz/sanitizer_options.sh
source "$here/sanitizer_options.sh"

for spec in "$@"; do
  target=${spec%%=*}
  binary=$bin/$target
  if [[ "$spec" == *=* ]]; then binary=${spec#*=}; fi
  work="$scratch/$target"
  rm -rf "$work" && mkdir -p "$work/corpus"
  corpora=("$root/corpus/$target")
  if [[ -d "$root/corpus/regressions/$target" ]]; then
    corpora+=("$root/corpus/regressions/$target")
  fi
  mapfile -t flags < <(cg_fuzz_libfuzzer_flags "$target")
  load=$(cut -d' ' -f1 /proc/loadavg)
  asan=$(cg_fuzz_asan_options "$target")
  (cd "$work" && ASAN_OPTIONS=$asan /usr/bin/time -f '%U %S' -o "$work/time" "$binary" "${flags[@]}" -seed=7 \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
      "$work/corpus" "${corpora[@]}") >"$work/log" 2>&1 || {
    tail -n 30 "$work/log"
    exit 1
  }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/log")
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  read -r user sys <"$work/time"
  awk -v t="$spec" -v l="$load" -v r="$runs" -v s="$seconds" -v u="$user" -v y="$sys" \
      -v c="$cov" -v f="$ft" -v m="$rss" 'BEGIN {
        cpu = u + y
        printf "%s load %s runs %d execs/s %d cpu %.2f execs/cpu-s %d cov %s ft %s rss %s MB\n",
               t, l, r, r / s, cpu, (cpu > 0 ? r / cpu : 0), c, f, m
      }'
done
