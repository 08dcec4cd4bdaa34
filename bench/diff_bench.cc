// File: bench/diff_bench.cc
// The cost of `diff` against its budget (release.md): diffing two files of
// N = 10,000 instances costs at most twice validating both of them, measured
// in the same binary and run on the same reference bytes.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "bench_util.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/content.h"
#include "contentgate/release.h"
#include "fixtures.h"

namespace contentgate::bench {
namespace {

// OLD: the mixed reference file; NEW: the same content one version later,
// so every instance is compared criterion by criterion (strings by bytes):
// the most work a diff does per instance.
struct DiffPair {
  std::string old_bytes;
  std::string new_bytes;
};

const DiffPair* PairOrSkip(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return nullptr;
  static DiffPair pair;
  pair.old_bytes = fixture->bytes;
  pair.new_bytes = fixture->bytes;
  const uint32_t version =
      static_cast<uint32_t>(static_cast<uint8_t>(pair.new_bytes[CG_HEADER_CONTENT_VERSION]) + 1);
  pair.new_bytes[CG_HEADER_CONTENT_VERSION] = static_cast<char>(version & 0xFF);
  uint8_t* bytes = reinterpret_cast<uint8_t*>(pair.new_bytes.data());
  internal::Store32(
      bytes + CG_HEADER_PAYLOAD_CRC,
      Crc32c(absl::MakeConstSpan(bytes + kHeaderSize, pair.new_bytes.size() - kHeaderSize)));
  internal::Store32(bytes + CG_HEADER_HEADER_CRC,
                    Crc32c(absl::MakeConstSpan(bytes, CG_HEADER_HEADER_CRC)));
  return &pair;
}

ValidateOptions NoTargets() {
  ValidateOptions options;
  options.target_sensors = std::vector<uint32_t>{};
  return options;
}

// Validating both files, as `diff` does before comparing.
void BM_ValidateBoth(benchmark::State& state) {
  const DiffPair* pair = PairOrSkip(state);
  if (pair == nullptr) return;
  const Schema& schema = *ReferenceSchema().schema;
  const ValidateOptions options = NoTargets();
  Report report;
  const Measurement measurement;
  for (auto _ : state) {
    ValidateChannelFile(AsBytes(pair->old_bytes), schema, options, &report);
    ValidateChannelFile(AsBytes(pair->new_bytes), schema, options, &report);
    benchmark::DoNotOptimize(report.errors());
  }
  measurement.Finish(state, pair->old_bytes.size() * 2, 2 * static_cast<uint64_t>(state.range(0)));
}
BENCHMARK(BM_ValidateBoth)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// DiffChannelFiles over the two views (opened once, outside the loop).
void BM_Diff(benchmark::State& state) {
  const DiffPair* pair = PairOrSkip(state);
  if (pair == nullptr) return;
  const Schema& schema = *ReferenceSchema().schema;
  const ValidateOptions options = NoTargets();
  absl::StatusOr<ChannelFileView> old_view =
      ChannelFileView::Open(AsBytes(pair->old_bytes), schema, options);
  absl::StatusOr<ChannelFileView> new_view =
      ChannelFileView::Open(AsBytes(pair->new_bytes), schema, options);
  if (!old_view.ok() || !new_view.ok()) {
    state.SkipWithError("reference files do not open");
    return;
  }
  DiffOptions diff;
  diff.old_schema = &schema;
  diff.new_schema = &schema;
  Report report;
  uint64_t operations = 0;
  const Measurement measurement;
  for (auto _ : state) {
    report.Clear();
    const DiffSummary summary = DiffChannelFiles(*old_view, *new_view, diff, &report);
    operations = summary.operations;
    benchmark::DoNotOptimize(summary.unchanged);
  }
  measurement.Finish(state, pair->old_bytes.size() * 2, 2 * static_cast<uint64_t>(state.range(0)));
  state.counters["operations"] = static_cast<double>(operations);
}
BENCHMARK(BM_Diff)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace contentgate::bench
