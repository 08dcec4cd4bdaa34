// Benchmark of the reference interpreter: one event evaluated against every
// instance of a reference file, as a sensor does for each event it sees.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench_util.h"
#include "contentgate/channel_view.h"
#include "contentgate/content.h"
#include "contentgate/interpreter.h"
#include "fixtures.h"

namespace contentgate::bench {
namespace {

// A text the criterion accepts: its operand, with glob wildcards filled in.
// NOCASE needs nothing more: the operand matches itself.
std::string MatchingText(const Criterion& c) {
  std::string text = c.text;
  if (c.op == Op::kGlob) {
    std::string filled;
    for (char ch : text) {
      if (ch == '?') filled += 'x';
      if (ch != '*' && ch != '?') filled += ch;
    }
    return filled;
  }
  return text;
}

// A value the criterion accepts.
uint64_t MatchingValue(const Criterion& c, const Field& field) {
  switch (c.op) {
    case Op::kEq:
    case Op::kRange:
      return c.arg0;
    case Op::kMask:
      return c.arg1;
    case Op::kNe:
      return c.arg0 == field.min ? c.arg0 + 1 : field.min;
    default:
      return field.type == FieldType::kBool ? 0 : field.min;
  }
}

// One event per benchmark: the inputs instance `k` of `content` matches
// (all 21 supplied), so the event exercises real operands while every other
// instance stops at its first mismatch, as most do for a real event.
struct Event {
  std::vector<std::string> texts;
  std::vector<InputValue> inputs;
};
Event MakeEvent(const Content& content, const Schema& schema, uint32_t k) {
  const Instance& instance = content.instances[k];
  const TemplateType& type =
      schema.template_types()[schema.FindTemplateTypeById(instance.template_type_id)];
  Event event;
  event.texts.resize(type.fields.size());
  for (size_t i = 0; i < type.fields.size(); ++i) {
    const Field& field = type.fields[i];
    const Criterion& c = instance.criteria[i];
    if (field.type == FieldType::kString) {
      event.texts[i] = c.op == Op::kAny ? "C:\\Windows\\System32\\svchost.exe" : MatchingText(c);
    }
  }
  for (size_t i = 0; i < type.fields.size(); ++i) {
    const Field& field = type.fields[i];
    event.inputs.push_back(field.type == FieldType::kString
                               ? InputValue::String(event.texts[i])
                               : InputValue::Integer(MatchingValue(instance.criteria[i], field)));
  }
  return event;
}

void BM_InterpretEvent(benchmark::State& state) {
  const ReferenceFixture* reference = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (reference == nullptr) return;
  const ReferenceFixture& fixture = *reference;
  const Schema& schema = *ReferenceSchema().schema;
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(AsBytes(fixture.bytes), schema);
  absl::StatusOr<Content> content = DecodeChannelFile(AsBytes(fixture.bytes), schema);
  if (!view.ok() || !content.ok()) {
    state.SkipWithError("reference file does not open");
    return;
  }
  absl::StatusOr<Interpreter> interpreter = Interpreter::Load(*view, schema);
  if (!interpreter.ok()) {
    state.SkipWithError(std::string(interpreter.status().message()).c_str());
    return;
  }
  const uint32_t target = view->instance_count() / 2;
  const Event event = MakeEvent(*content, schema, target);
  const uint16_t type_id = content->instances[target].template_type_id;
  std::vector<uint32_t> matches;
  const EvalResult first = interpreter->EvaluateEvent(type_id, event.inputs, &matches);
  if (!first.ok()) {
    state.SkipWithError("the event does not evaluate");
    return;
  }
  state.counters["matches"] = static_cast<double>(matches.size());
  state.SetLabel("items are instances");

  const Measurement measurement;
  for (auto _ : state) {
    const EvalResult result = interpreter->EvaluateEvent(type_id, event.inputs, &matches);
    benchmark::DoNotOptimize(result.matched);
  }
  measurement.Finish(state, fixture.bytes.size(), view->instance_count());
  state.counters["events_per_second"] =
      benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_InterpretEvent)->Apply(AtReferenceSizes);

}  // namespace
}  // namespace contentgate::bench
