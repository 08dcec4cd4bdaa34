// File: bench/worst_case_bench.cc
// Issue 12's worst cases: validation of adversarial channel files and
// compilation of adversarial sources, each reported as a ratio to typical
// content measured in the same benchmark (x_mixed, x_typical), and the regex
// shapes also to literal patterns of the same lengths (x_literal) and, for
// the patterns within every rule, to RE2 alone compiling them (x_re2_alone).

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "bench_util.h"
#include "contentgate/channel_file.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "fixtures.h"
#include "re2/re2.h"
#include "regex_check.h"
#include "worst_case_content.h"

namespace contentgate::bench {
namespace {

// The size of typical content the shapes are compared with (about 0.5 MB).
constexpr uint32_t kTypicalN = 1000;

double ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Thread CPU ns per call of f, over at least `min_ns` and 2 calls.
template <typename F>
double CpuNsPerCall(F&& f, double min_ns) {
  const double start = ThreadCpuNs();
  int calls = 0;
  double elapsed = 0;
  do {
    f();
    ++calls;
    elapsed = ThreadCpuNs() - start;
  } while (calls < 2 || elapsed < min_ns);
  return elapsed / calls;
}

// Resets the process's peak resident set size (Linux: clear_refs 5), so that
// PeakRssMiB() after a benchmark is that benchmark's peak. False if refused.
// First gives back to the system what malloc kept of the fixtures freed
// before (building shared_overlong's Content takes 8,000 copies of its
// 16 KB string, 131 MB that glibc would otherwise keep resident).
bool ResetPeakRss() {
  malloc_trim(0);
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

// VmHWM of /proc/self/status in MiB, or -1.
double PeakRssMiB() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  double kib = -1;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmHWM: %lf kB", &kib) == 1) break;
  }
  std::fclose(f);
  return kib < 0 ? -1 : kib / 1024;
}

const Schema* LoadOnce(const std::string& json) {
  SchemaLoadResult loaded = LoadSchema(json);
  return loaded.schema.has_value() ? new Schema(std::move(*loaded.schema)) : nullptr;
}

const Schema* WorstCaseSchema() {
  static const Schema* const schema = LoadOnce(WorstCaseSchemaJson());
  return schema;
}

// CPU ns per byte of validating the typical (mixed) reference file, every
// sensor, a reused Report: the denominator of x_mixed.
double MixedNsPerByte() {
  const ReferenceFixture& fixture = Reference(ReferenceMix::kMixed, kTypicalN);
  const Schema& schema = *ReferenceSchema().schema;
  Report report;
  const double ns = CpuNsPerCall(
      [&] { ValidateChannelFile(AsBytes(fixture.bytes), schema, ValidateOptions{}, &report); },
      5e7);
  return ns / static_cast<double>(fixture.bytes.size());
}

// CPU ns per byte of compiling the typical reference source: the
// denominator of x_typical.
double TypicalSourceNsPerByte() {
  const ReferenceFixture& fixture = Reference(ReferenceMix::kMixed, kTypicalN);
  const Schema& schema = *ReferenceSchema().schema;
  const double ns = CpuNsPerCall(
      [&] { benchmark::DoNotOptimize(CompileSource(fixture.source, schema).report.errors()); },
      5e7);
  return ns / static_cast<double>(fixture.source.size());
}

// Validates `file` (cold: no RegexCache) in the timed loop and reports
// ns_per_byte, x_mixed and the diagnostics counted; returns CPU ns per call.
double ValidateShape(benchmark::State& state, const std::string& file) {
  const Schema* schema = WorstCaseSchema();
  if (schema == nullptr || ReferenceSchema().schema == nullptr) {
    state.SkipWithError("a schema does not load");
    return 0;
  }
  const double mixed = MixedNsPerByte();
  Report report;
  const bool peak = ResetPeakRss();
  const Measurement measurement;
  const double start = ThreadCpuNs();
  for (auto _ : state) {
    ValidateChannelFile(AsBytes(file), *schema, ValidateOptions{}, &report);
    benchmark::DoNotOptimize(report.errors());
  }
  const double per_call = (ThreadCpuNs() - start) / static_cast<double>(state.iterations());
  measurement.Finish(state, file.size(), 1);
  const double per_byte = per_call / static_cast<double>(file.size());
  state.counters["ns_per_byte"] = per_byte;
  state.counters["x_mixed"] = per_byte / mixed;
  state.counters["errors"] = static_cast<double>(report.errors());
  if (peak) state.counters["peak_rss_mib"] = PeakRssMiB();
  state.SetLabel(absl::StrFormat("%.3f MB", static_cast<double>(file.size()) / 1e6));
  return per_call;
}

// (a) CG312 strings, all sharing the same pool bytes: range(0) instances of
// 8 criteria, one range(1)-byte string.
void BM_ValidateWorstCase_SharedOverlong(benchmark::State& state) {
  const std::string file = EncodeChannelFile(MakeSharedOverlongContent(
      static_cast<uint32_t>(state.range(0)), static_cast<uint32_t>(state.range(1))));
  ValidateShape(state, file);
}
BENCHMARK(BM_ValidateWorstCase_SharedOverlong)
    ->Name("BM_ValidateWorstCase/shared_overlong")
    ->Args({1000, 16384})
    ->Unit(benchmark::kMillisecond);

// (b) A valid file whose every string criterion references one range(1)-byte
// non-ASCII string.
void BM_ValidateWorstCase_SharedString(benchmark::State& state) {
  const std::string file = EncodeChannelFile(MakeSharedStringContent(
      static_cast<uint32_t>(state.range(0)), static_cast<uint32_t>(state.range(1))));
  ValidateShape(state, file);
}
BENCHMARK(BM_ValidateWorstCase_SharedString)
    ->Name("BM_ValidateWorstCase/shared_string")
    ->Args({1000, 4096})
    ->Unit(benchmark::kMillisecond);

// CPU ns per compile by RE2 alone, with the library's options, of each
// distinct regex operand of `content`.
double Re2AloneNsPerCall(const Content& content) {
  absl::flat_hash_set<std::string> patterns;
  for (const Instance& instance : content.instances) {
    for (const Criterion& c : instance.criteria) {
      if (c.op == Op::kRegex) patterns.insert(c.text);
    }
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(internal::kRegexMaxMem);
  return CpuNsPerCall(
      [&] {
        for (const std::string& pattern : patterns) {
          const RE2 re(pattern, options);
          benchmark::DoNotOptimize(re.ProgramSize());
        }
      },
      1e8);
}

// (c) range(0) patterns of a regex shape, cold, against its literal twin;
// the shapes within every rule also against RE2 alone on the same patterns
// (x_re2_alone) and RE2 alone on the twin's (re2_alone_x_literal).
void BM_ValidateWorstCase_Regex(benchmark::State& state, RegexShape shape) {
  const uint32_t patterns = static_cast<uint32_t>(state.range(0));
  const Content content = MakeRegexContent(shape, patterns, false);
  const Content twin_content = MakeRegexContent(shape, patterns, true);
  const std::string file = EncodeChannelFile(content);
  const std::string twin = EncodeChannelFile(twin_content);
  const double per_call = ValidateShape(state, file);
  if (per_call == 0) return;
  Report report;
  const double literal = CpuNsPerCall(
      [&] { ValidateChannelFile(AsBytes(twin), *WorstCaseSchema(), ValidateOptions{}, &report); },
      1e8);
  state.counters["x_literal"] = per_call / literal;
  if (shape == RegexShape::kWithinRule8k || shape == RegexShape::kWithinRuleDot8k) {
    const double re2_alone = Re2AloneNsPerCall(content);
    state.counters["x_re2_alone"] = per_call / re2_alone;
    state.counters["re2_alone_x_literal"] = re2_alone / Re2AloneNsPerCall(twin_content);
  }
}
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, unicode_classes_30k, RegexShape::kUnicodeClasses30k)
    ->Name("BM_ValidateWorstCase/regex_unicode_classes_30k")
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, distinct_255, RegexShape::kDistinct255)
    ->Name("BM_ValidateWorstCase/regex_distinct_255")
    ->Arg(200)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, bracketed_8k, RegexShape::kBracketed8k)
    ->Name("BM_ValidateWorstCase/regex_bracketed_8k")
    ->Arg(100)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, overlong, RegexShape::kOverlong)
    ->Name("BM_ValidateWorstCase/regex_overlong")
    ->Arg(16)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, within_rule_8k, RegexShape::kWithinRule8k)
    ->Name("BM_ValidateWorstCase/regex_within_rule_8k")
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ValidateWorstCase_Regex, within_rule_dot_8k, RegexShape::kWithinRuleDot8k)
    ->Name("BM_ValidateWorstCase/regex_within_rule_dot_8k")
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);

// Compiles `source` against `schema` in the timed loop and reports
// ns_per_byte and x_typical per byte of max(source, min(output, max_file_size))
// (the output is the file encoded when the source has no error).
void CompileShape(benchmark::State& state, const std::string& source, const Schema* schema,
                  uint64_t would_be_output) {
  if (schema == nullptr || ReferenceSchema().schema == nullptr) {
    state.SkipWithError("a schema does not load");
    return;
  }
  const double typical = TypicalSourceNsPerByte();
  const bool peak = ResetPeakRss();
  const Measurement measurement;
  const double start = ThreadCpuNs();
  size_t errors = 0;
  for (auto _ : state) {
    CompileResult result = CompileSource(source, *schema);
    errors = result.report.errors();
    benchmark::DoNotOptimize(errors);
  }
  const double per_call = (ThreadCpuNs() - start) / static_cast<double>(state.iterations());
  const uint64_t output = std::min<uint64_t>(would_be_output, schema->channel().max_file_size);
  const uint64_t bytes = std::max<uint64_t>(source.size(), output);
  measurement.Finish(state, bytes, 1);
  state.counters["ns_per_byte"] = per_call / static_cast<double>(bytes);
  state.counters["x_typical"] = per_call / static_cast<double>(bytes) / typical;
  state.counters["errors"] = static_cast<double>(errors);
  if (peak) state.counters["peak_rss_mib"] = PeakRssMiB();
  state.SetLabel(absl::StrFormat("%.3f MB source", static_cast<double>(source.size()) / 1e6));
}

// `"instances": [0,0,...]` of range(0) bytes: every element an error.
void BM_CompileSourceWorstCase_Zeros(benchmark::State& state) {
  const std::string source = MakeZeroInstancesSource(static_cast<size_t>(state.range(0)));
  CompileShape(state, source, ReferenceSchema().schema, 0);
}
BENCHMARK(BM_CompileSourceWorstCase_Zeros)
    ->Name("BM_CompileSourceWorstCase/zeros")
    ->Arg(256 * 1024)
    ->Unit(benchmark::kMillisecond);

// range(0) instances of a 1,024-field type under max_file_size 1 MiB.
void BM_CompileSourceWorstCase_WideSchema(benchmark::State& state) {
  static const Schema* const schema = LoadOnce(MakeWideSchemaJson(1 << 20));
  const uint32_t instances = static_cast<uint32_t>(state.range(0));
  CompileShape(state, MakeWideSource(instances), schema, uint64_t{instances} * 1024 * 24);
}
BENCHMARK(BM_CompileSourceWorstCase_WideSchema)
    ->Name("BM_CompileSourceWorstCase/wide_schema")
    ->Arg(2000)
    ->Unit(benchmark::kMillisecond);

// range(1) instances spread over range(0) template types.
void BM_CompileSourceWorstCase_ManyTypes(benchmark::State& state) {
  const uint32_t types = static_cast<uint32_t>(state.range(0));
  const Schema* schema = LoadOnce(MakeManyTypesSchemaJson(types));
  const std::string source = MakeManyTypesSource(types, static_cast<uint32_t>(state.range(1)));
  CompileShape(state, source, schema, 0);
  delete schema;
}
BENCHMARK(BM_CompileSourceWorstCase_ManyTypes)
    ->Name("BM_CompileSourceWorstCase/many_types")
    ->Args({65535, 2000})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace contentgate::bench
