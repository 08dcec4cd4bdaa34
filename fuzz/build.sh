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
#
# $FUZZING_ENGINE picks the engine, as on OSS-Fuzz: libfuzzer (the default)
# or afl (AFL++: afl-clang-fast instruments every object, and
# -fsanitize=fuzzer under afl-clang-fast++ links AFL++'s libFuzzer-compatible
# driver, libAFLDriver.a, so the same LLVMFuzzerTestOneInput runs under
# afl-fuzz). The OSS-Fuzz builder sets CC, CXX, CFLAGS, CXXFLAGS and
# LIB_FUZZING_ENGINE itself; outside it, unset ones default to the engine's
# compilers with ASan + UBSan, and $OUT must name the output folder.
# $CG_FUZZ_TARGETS (space-separated) builds only those targets.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
engine=${FUZZING_ENGINE:-libfuzzer}
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all"
case "$engine" in
  libfuzzer)
    : "${CC:=clang}" "${CXX:=clang++}"
    : "${CFLAGS:=-O1 -gline-tables-only -fno-omit-frame-pointer $sanitizers -fsanitize=fuzzer-no-link}"
    ;;
  afl)
    : "${CC:=afl-clang-fast}" "${CXX:=afl-clang-fast++}"
    : "${CFLAGS:=-O1 -gline-tables-only -fno-omit-frame-pointer $sanitizers}"
    ;;
  *)
    echo "fuzz/build.sh: FUZZING_ENGINE=$engine is not supported (libfuzzer or afl)" >&2
    exit 1
    ;;
esac
: "${CXXFLAGS:=$CFLAGS}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
build=${WORK:-/tmp}/contentgate-fuzz-build-$engine
cxxflags=${CXXFLAGS//-stdlib=libc++/}

if [[ -n "${CG_FUZZ_TARGETS:-}" ]]; then
  read -r -a targets <<<"$CG_FUZZ_TARGETS"
else
  targets=(channel_file_fuzzer roundtrip_fuzzer schema_fuzzer source_fuzzer)
  if [[ -f "$root/include/contentgate/interpreter.h" ]]; then
    targets+=(interpreter_fuzzer)
  fi
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
