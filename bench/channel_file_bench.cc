// Benchmarks of the channel-file hot path (validation, the zero-copy view)
// and the baselines that give its numbers a meaning: memcpy, CRC-32C and a
// plain read of the very same bytes, in the same binary and run.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bench_util.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/regex_cache.h"
#include "fixtures.h"

namespace contentgate::bench {
namespace {

// The reference file of `mix` with state.range(0) instances, labelled with
// its size and mix, or null after marking the benchmark skipped.
const ReferenceFixture* Setup(benchmark::State& state, ReferenceMix mix) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, mix);
  if (fixture == nullptr) return nullptr;
  state.SetLabel(absl::StrFormat("%.2f MB, %.1f%% string, %.1f%% regex",
                                 fixture->bytes.size() / 1e6,
                                 100.0 * fixture->stats.string / fixture->criteria,
                                 100.0 * fixture->stats.regex / fixture->criteria));
  return fixture;
}

// Validation as the gate and a sensor run it: all three phases, a Report
// reused across files (so it stops allocating once grown).
void Validate(benchmark::State& state, const ReferenceFixture& fixture,
              const ValidateOptions& options) {
  const Schema& schema = *ReferenceSchema().schema;
  const absl::Span<const uint8_t> bytes = AsBytes(fixture.bytes);

  const uint64_t before = AllocationCount();
  Report report;
  ValidateChannelFile(bytes, schema, options, &report);
  state.counters["allocs_fresh_report"] = static_cast<double>(AllocationCount() - before);
  state.counters["warnings"] = static_cast<double>(report.warnings());
  if (!report.valid()) {
    state.SkipWithError("reference file has errors for these target sensors");
    return;
  }

  const Measurement measurement;
  for (auto _ : state) {
    ValidateChannelFile(bytes, schema, options, &report);
    benchmark::DoNotOptimize(report.errors());
  }
  measurement.Finish(state, bytes.size(), fixture.criteria);
}

// Every target sensor of the schema (the default and the gate's case).
void BM_Validate(benchmark::State& state, ReferenceMix mix) {
  const ReferenceFixture* fixture = Setup(state, mix);
  if (fixture == nullptr) return;
  Validate(state, *fixture, ValidateOptions{});
}
BENCHMARK_CAPTURE(BM_Validate, mixed, ReferenceMix::kMixed)->Apply(AtReferenceSizes);
BENCHMARK_CAPTURE(BM_Validate, int, ReferenceMix::kIntegerOnly)->Apply(AtReferenceSizes);

// Only sensor 7.16, which supplies all 21 inputs: the file has no
// diagnostic at all, the allocation-free path even with a fresh Report.
void BM_ValidateSensor716(benchmark::State& state, ReferenceMix mix) {
  const ReferenceFixture* fixture = Setup(state, mix);
  if (fixture == nullptr) return;
  const std::string version = "7.16";
  absl::StatusOr<std::vector<uint32_t>> targets =
      ReferenceSchema().schema->ResolveTargetSensors(absl::MakeConstSpan(&version, 1));
  if (!targets.ok()) {
    state.SkipWithError("schema has no sensor 7.16");
    return;
  }
  ValidateOptions options;
  options.target_sensors = *std::move(targets);
  Validate(state, *fixture, options);
}
BENCHMARK_CAPTURE(BM_ValidateSensor716, mixed, ReferenceMix::kMixed)
    ->Arg(kReferenceN)
    ->Unit(benchmark::kMicrosecond);

// 2 % regex criteria, every pattern distinct. Cold: no cache, so every
// pattern is compiled with RE2 on every file (a one-file CLI run). Warm: one
// RegexCache shared across iterations (a long-running gate re-checking).
void BM_ValidateRegexCold(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kRegex);
  if (fixture == nullptr) return;
  Validate(state, *fixture, ValidateOptions{});
}
BENCHMARK(BM_ValidateRegexCold)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

void BM_ValidateRegexWarm(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kRegex);
  if (fixture == nullptr) return;
  RegexCache cache;
  ValidateOptions options;
  options.regex_cache = &cache;
  Validate(state, *fixture, options);
}
BENCHMARK(BM_ValidateRegexWarm)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// Baseline: copying the bytes once.
void BM_BaselineMemcpy(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  std::vector<uint8_t> copy(fixture->bytes.size());
  const Measurement measurement;
  for (auto _ : state) {
    std::memcpy(copy.data(), fixture->bytes.data(), fixture->bytes.size());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  measurement.Finish(state, fixture->bytes.size(), fixture->criteria);
}
BENCHMARK(BM_BaselineMemcpy)->Apply(AtReferenceSizes);

// Baseline: the CRC-32C of the bytes (ISA-L), which validation computes too.
void BM_BaselineCrc32c(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const absl::Span<const uint8_t> bytes = AsBytes(fixture->bytes);
  const Measurement measurement;
  for (auto _ : state) benchmark::DoNotOptimize(Crc32c(bytes));
  measurement.Finish(state, bytes.size(), fixture->criteria);
}
BENCHMARK(BM_BaselineCrc32c)->Apply(AtReferenceSizes);

// Baseline: reading every byte once, as the sum of its 64-bit words.
void BM_BaselineReadWords(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const uint8_t* data = reinterpret_cast<const uint8_t*>(fixture->bytes.data());
  const size_t words = fixture->bytes.size() / 8;
  const Measurement measurement;
  for (auto _ : state) {
    uint64_t sum = 0;
    for (size_t i = 0; i < words; ++i) sum += internal::Load64(data + 8 * i);
    for (size_t i = 8 * words; i < fixture->bytes.size(); ++i) sum += data[i];
    benchmark::DoNotOptimize(sum);
  }
  measurement.Finish(state, fixture->bytes.size(), fixture->criteria);
}
BENCHMARK(BM_BaselineReadWords)->Apply(AtReferenceSizes);

// The zero-copy view of an already validated file: every criterion of every
// instance, its operator, operands and the first byte of its text, as a
// sensor loading content reads them. Open (which validates) is not timed.
void BM_ViewIterate(benchmark::State& state) {
  const ReferenceFixture* fixture = Setup(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(fixture->bytes), *ReferenceSchema().schema);
  if (!view.ok()) {
    state.SkipWithError(std::string(view.status().message()).c_str());
    return;
  }
  const Measurement measurement;
  for (auto _ : state) {
    uint64_t sum = 0;
    const uint32_t instances = view->instance_count();
    for (uint32_t k = 0; k < instances; ++k) {
      const InstanceView instance = view->instance(k);
      sum += instance.id() + instance.disabled();
      const uint32_t criteria = instance.criterion_count();
      for (uint32_t i = 0; i < criteria; ++i) {
        const CriterionView c = instance.criterion(i);
        const std::string_view text = c.text();
        sum += static_cast<uint64_t>(c.op()) + c.nocase() + c.arg0() + c.arg1() + text.size() +
               (text.empty() ? 0 : static_cast<uint8_t>(text[0]));
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  measurement.Finish(state, fixture->bytes.size(), fixture->criteria);
}
BENCHMARK(BM_ViewIterate)->Apply(AtReferenceSizes);

}  // namespace
}  // namespace contentgate::bench
