// Baselines for the source compiler: nlohmann_json parsing the reference
// source text, as a DOM (nlohmann::json) and through a SAX handler that
// keeps nothing (its tokenizer alone). Compiled with JSON_NOEXCEPTION like
// every other translation unit, so all of them agree on nlohmann's inline
// code.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bench_util.h"
#include "fixtures.h"

namespace contentgate::bench {
namespace {

void BM_NlohmannDomParse(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const Measurement measurement;
  for (auto _ : state) {
    nlohmann::json doc = nlohmann::json::parse(fixture->source, nullptr,
                                               /*allow_exceptions=*/false);
    benchmark::DoNotOptimize(doc.is_discarded());
  }
  measurement.Finish(state, fixture->source.size(), fixture->criteria);
}
BENCHMARK(BM_NlohmannDomParse)->Arg(kSmallN)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// A SAX handler that accepts every event and keeps nothing.
struct NullSax {
  using json = nlohmann::json;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

void BM_NlohmannSaxNull(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const Measurement measurement;
  for (auto _ : state) {
    NullSax sax;
    benchmark::DoNotOptimize(nlohmann::json::sax_parse(fixture->source, &sax));
  }
  measurement.Finish(state, fixture->source.size(), fixture->criteria);
}
BENCHMARK(BM_NlohmannSaxNull)->Arg(kSmallN)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace contentgate::bench
