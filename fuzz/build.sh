#!/bin/bash -eu
# fuzz/build.sh: OSS-Fuzz / ClusterFuzzLite build script.
#
# Builds every fuzz target with $CC $CXX $CFLAGS $CXXFLAGS, links it with
# $LIB_FUZZING_ENGINE, and puts into $OUT: the binaries, their .options,
# the dictionaries, and <target>_seed_corpus.zip (corpus/<target>/ plus
# corpus/regressions/<target>/). The sanitizer and coverage flags come from
# CFLAGS/CXXFLAGS, as the OSS-Fuzz builder sets them.
#
# Abseil, RE2 and ISA-L come from the distribution's packages, which are
# built against libstdc++, so a -stdlib=libc++ in CXXFLAGS is dropped.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WORK:-/tmp}/contentgate-fuzz-build
cxxflags=${CXXFLAGS//-stdlib=libc++/}

targets=(channel_file_fuzzer roundtrip_fuzzer schema_fuzzer source_fuzzer)
if [[ -f "$root/include/contentgate/interpreter.h" ]]; then
  targets+=(interpreter_fuzzer)
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$cxxflags" \
  -DCONTENTGATE_BUILD_TESTS=OFF -DCONTENTGATE_BUILD_FUZZERS=ON \
  -DCONTENTGATE_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target "${targets[@]}"

cp "$root"/fuzz/*.dict "$OUT/"
for target in "${targets[@]}"; do
  cp "$build/fuzz/$target" "$OUT/"
  cp "$root/fuzz/$target.options" "$OUT/"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$root/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  if [[ -d "$root/corpus/regressions/$target" ]]; then
    (cd "$root/corpus/regressions/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
