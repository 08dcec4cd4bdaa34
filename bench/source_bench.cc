// Benchmarks of the JSON side: loading the schema, compiling source JSON to
// a channel file, and, as its baselines, the bare positioned parses of the
// same text: the tree (ParseJson) and the flat document the compiler reads
// (ParseJsonDoc). nlohmann's own parsers are in nlohmann_parse_bench.cc.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "bench_util.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "fixtures.h"
#include "json_doc.h"
#include "json_flat.h"

namespace contentgate::bench {
namespace {

// Loading and checking schemas/channel-291.schema.json (2 template types,
// 25 fields, 2 sensors); items are fields.
void BM_LoadSchema(benchmark::State& state) {
  const SchemaFixture& schema = ReferenceSchema();
  if (schema.schema == nullptr) {
    state.SkipWithError(schema.error.c_str());
    return;
  }
  uint64_t fields = 0;
  for (const TemplateType& type : schema.schema->template_types()) fields += type.fields.size();
  const Measurement measurement;
  for (auto _ : state) {
    SchemaLoadResult result = LoadSchema(schema.text);
    benchmark::DoNotOptimize(result.schema.has_value());
  }
  measurement.Finish(state, schema.text.size(), fields);
}
BENCHMARK(BM_LoadSchema)->Unit(benchmark::kMicrosecond);

// Source JSON -> canonical channel file, checked against every sensor.
// The output must be the writer's bytes: the label says so when it is not.
void BM_CompileSource(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const Schema& schema = *ReferenceSchema().schema;
  const CompileResult first = CompileSource(fixture->source, schema);
  if (!first.channel_file.has_value()) {
    state.SkipWithError("reference source does not compile");
    return;
  }
  state.SetLabel(*first.channel_file == fixture->bytes ? "output == writer bytes"
                                                       : "OUTPUT DIFFERS FROM WRITER");
  const Measurement measurement;
  for (auto _ : state) {
    CompileResult result = CompileSource(fixture->source, schema);
    benchmark::DoNotOptimize(result.channel_file->data());
  }
  measurement.Finish(state, fixture->source.size(), fixture->criteria);
}
BENCHMARK(BM_CompileSource)->Arg(kSmallN)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// Baseline: the library's positioned JSON tree (nlohmann SAX underneath),
// which the schema, tests and events loaders read.
void BM_ParseJsonDoc(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const Measurement measurement;
  for (auto _ : state) {
    internal::JsonValue doc;
    internal::JsonError error;
    benchmark::DoNotOptimize(internal::ParseJson(fixture->source, &doc, &error));
  }
  measurement.Finish(state, fixture->source.size(), fixture->criteria);
}
BENCHMARK(BM_ParseJsonDoc)->Arg(kSmallN)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// The flat positioned document (json_flat.h) that CompileSource reads.
void BM_ParseJsonFlat(benchmark::State& state) {
  const ReferenceFixture* fixture = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (fixture == nullptr) return;
  const Measurement measurement;
  for (auto _ : state) {
    internal::JsonDoc doc;
    internal::JsonError error;
    benchmark::DoNotOptimize(internal::ParseJsonDoc(fixture->source, &doc, &error));
  }
  measurement.Finish(state, fixture->source.size(), fixture->criteria);
}
BENCHMARK(BM_ParseJsonFlat)->Arg(kSmallN)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace contentgate::bench
