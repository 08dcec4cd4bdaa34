# shellcheck shell=bash
# fuzz/sanitizer_options.sh: sourced by run_ci.sh and speed.sh. Reads a
# target's fuzz/<target>.options (OSS-Fuzz format, which ClusterFuzzLite
# reads too) so that local and CI runs use the same flags and sanitizer
# options as ClusterFuzzLite.

# CG_FUZZ_OPTIONS_DIR overrides where the .options files are read from (to
# measure an older build with its own options).
cg_fuzz_options_dir=${CG_FUZZ_OPTIONS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

# Prints the "key = value" lines of [SECTION] in TARGET's .options as key=value.
cg_fuzz_options_section() {
  local target=$1 section=$2
  awk -v want="[$section]" '
    /^\[/ { in_section = ($0 == want); next }
    in_section && /=/ {
      key = $0; sub(/[[:space:]]*=.*/, "", key)
      value = $0; sub(/^[^=]*=[[:space:]]*/, "", value)
      print key "=" value
    }' "$cg_fuzz_options_dir/$target.options"
}

# Prints TARGET's [libfuzzer] options as libFuzzer flags, one a line, the
# dictionary as a path.
cg_fuzz_libfuzzer_flags() {
  local line
  while IFS= read -r line; do
    if [[ "$line" == dict=* ]]; then line="dict=$cg_fuzz_options_dir/${line#dict=}"; fi
    printf -- '-%s\n' "$line"
  done < <(cg_fuzz_options_section "$1" libfuzzer)
}

# Prints TARGET's [asan] options joined for ASAN_OPTIONS, followed by any
# ASAN_OPTIONS already in the environment (which win).
cg_fuzz_asan_options() {
  local joined
  joined=$(cg_fuzz_options_section "$1" asan | paste -sd: -)
  if [[ -n "${ASAN_OPTIONS:-}" ]]; then joined="${joined:+$joined:}$ASAN_OPTIONS"; fi
  printf '%s\n' "$joined"
}
