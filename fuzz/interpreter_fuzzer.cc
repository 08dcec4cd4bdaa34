// Fuzz target: validator and reference interpreter must agree on what a
// sensor can run. For every input that validates structurally against an
// embedded schema, the interpreter is loaded (from the view and from the
// decoded content) and, for every sensor S and every instance, evaluated
// with exactly S's number of inputs for the instance's template type, over
// an all-zero event and over an event built to satisfy the criteria. Traps
// when:
//  - the validator accepts the file for S and the interpreter reports an
//    out-of-bounds read (the Channel File 291 property);
//  - the validator rejects the file for S and no instance of it would read
//    past S's inputs or lacks an input list (validator stricter than needed);
//  - an out-of-bounds report disagrees with inputs_required(), an event of
//    the right kinds is a type mismatch, or the two interpreters or the two
//    evaluation modes disagree;
//  - EvaluateEvent (which walks a column of per-instance filters, each on
//    the instance's most selective criterion) disagrees with Evaluate on each
//    enabled instance of the type.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/interpreter.h"
#include "fuzz_schemas.h"
#include "sampling.h"

namespace contentgate::fuzz {
namespace {

// `count` inputs for instance k: input i has its field's kind; with
// `satisfy`, the value its criterion asks for (else 0 or "").
std::vector<InputValue> MakeEvent(const TemplateType& type, const InstanceView& instance,
                                  uint32_t count, bool satisfy) {
  std::vector<InputValue> inputs(count);
  for (uint32_t i = 0; i < count && i < type.fields.size(); ++i) {
    bool is_string = type.fields[i].type == FieldType::kString;
    if (!satisfy || i >= instance.criterion_count()) {
      inputs[i] = is_string ? InputValue::String("") : InputValue::Integer(0);
      continue;
    }
    CriterionView c = instance.criterion(i);
    if (is_string) {
      inputs[i] = InputValue::String(c.text());
    } else {
      inputs[i] = InputValue::Integer(c.op() == Op::kMask ? c.arg1() : c.arg0());
    }
  }
  return inputs;
}

bool SameResult(const EvalResult& a, const EvalResult& b) {
  return a.error == b.error && (!a.ok() || a.matched == b.matched);
}

// EvaluateEvent's result and matches are what Evaluate gives each enabled
// instance of the type in table order, up to the first error.
bool SameAsEachInstance(const Interpreter& interpreter, uint16_t type_id,
                        absl::Span<const InputValue> event, const EvalResult& result,
                        const std::vector<uint32_t>& matches) {
  std::vector<uint32_t> want;
  for (uint32_t j = 0; j < interpreter.instance_count(); ++j) {
    if (interpreter.template_type_id(j) != type_id || interpreter.disabled(j)) continue;
    const EvalResult one = interpreter.Evaluate(j, event);
    if (!one.ok()) {
      return result.error == one.error && result.instance == j &&
             result.criterion == one.criterion && matches == want;
    }
    if (one.matched) want.push_back(j);
  }
  return result.ok() && result.matched == !want.empty() && matches == want;
}

void CheckAgreement(absl::Span<const uint8_t> file, const Schema& schema) {
  ValidateOptions structural;
  structural.target_sensors = std::vector<uint32_t>{};
  structural.regex_cache = SharedRegexCache();
  // Reused across inputs (see channel_file_fuzzer.cc).
  static Report& opened = *new Report;
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(file, schema, structural, &opened);
  if (!view.ok()) return;
  absl::StatusOr<Interpreter> interpreter = Interpreter::Load(*view, schema);
  if (!interpreter.ok()) __builtin_trap();
  absl::StatusOr<Content> content = DecodeChannelFile(file, schema);
  if (!content.ok()) __builtin_trap();
  absl::StatusOr<Interpreter> from_content = Interpreter::FromContent(*content, schema);
  if (!from_content.ok()) __builtin_trap();
  if (interpreter->instance_count() != view->instance_count()) __builtin_trap();

  std::vector<uint32_t> matches;
  for (uint32_t s = 0; s < schema.sensors().size(); ++s) {
    const Sensor& sensor = schema.sensors()[s];
    ValidateOptions for_sensor = structural;
    for_sensor.target_sensors = std::vector<uint32_t>{s};
    // Reused across inputs (see channel_file_fuzzer.cc).
    static Report& report = *new Report;
    ValidateChannelFile(file, schema, for_sensor, &report);
    const bool valid = report.valid();
    bool unsafe = false;
    for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
      uint32_t t = interpreter->template_type_index(k);
      const TemplateType& type = schema.template_types()[t];
      uint32_t supplied = sensor.InputsFor(t);
      if (supplied == Sensor::kNoInputs) {
        unsafe = true;
        continue;
      }
      const bool out_of_bounds = interpreter->inputs_required(k) > supplied;
      unsafe |= out_of_bounds;
      InstanceView instance = view->instance(k);
      for (bool satisfy : {false, true}) {
        std::vector<InputValue> event = MakeEvent(type, instance, supplied, satisfy);
        EvalResult every = interpreter->Evaluate(k, event, EvalMode::kEveryCriterion);
        if (every.error == EvalError::kTypeMismatch) __builtin_trap();
        if ((every.error == EvalError::kInputNotSupplied) != out_of_bounds) __builtin_trap();
        if (valid && !every.ok()) __builtin_trap();
        EvalResult first = interpreter->Evaluate(k, event);
        if (every.ok() && !first.ok()) __builtin_trap();
        if (every.ok() && first.matched != every.matched) __builtin_trap();
        if (!SameResult(every, from_content->Evaluate(k, event, EvalMode::kEveryCriterion))) {
          __builtin_trap();
        }
        EvalResult event_result = interpreter->EvaluateEvent(type.id, event, &matches);
        if (valid && !event_result.ok()) __builtin_trap();
        if (!SameAsEachInstance(*interpreter, type.id, event, event_result, matches)) {
          __builtin_trap();
        }
      }
    }
    if (!valid && !unsafe) __builtin_trap();
  }
}

}  // namespace
}  // namespace contentgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (const contentgate::Schema& schema : contentgate::fuzz::FuzzSchemas()) {
    contentgate::fuzz::CheckAgreement({data, size}, schema);
  }
  return 0;
}
