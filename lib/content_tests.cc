// File: lib/content_tests.cc
// RunContentTests: content tests in the reference interpreter, per target
// sensor with exactly that sensor's inputs, and their coverage of the
// content's fields and instances (CG900-CG903).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contentgate/interpreter.h"
#include "contentgate/release.h"
#include "json_reader.h"

namespace contentgate {
namespace {

using internal::V;

// Input i of a test's event for an instance of `type`: the event's value,
// else the field's default (0, false or ""), and 0 past the type's fields.
InputValue EventInput(const ContentTest& test, const TemplateType& type, size_t i) {
  if (i < test.event.size()) {
    const ContentTest::Value& value = test.event[i];
    return value.is_string ? InputValue::String(value.text) : InputValue::Integer(value.integer);
  }
  if (i < type.fields.size() && type.fields[i].type == FieldType::kString) {
    return InputValue::String("");
  }
  return InputValue::Integer(0);
}

// The inputs a test's event gives sensor S for an instance of `type`, when
// S supplies `supplied` inputs.
std::vector<InputValue> SensorInputs(const ContentTest& test, const TemplateType& type,
                                     uint32_t supplied) {
  std::vector<InputValue> inputs(supplied);
  for (size_t i = 0; i < supplied; ++i) inputs[i] = EventInput(test, type, i);
  return inputs;
}

std::string Render(const Field& field, const InputValue& value) {
  if (value.is_string()) return internal::Quote(value.string());
  if (field.type == FieldType::kBool) return value.integer() != 0 ? "true" : "false";
  if (field.type == FieldType::kEnum) {
    if (const EnumValue* named = field.FindEnumValue(value.integer())) return named->name;
  }
  return absl::StrCat(value.integer());
}

class Runner {
 public:
  Runner(const ChannelFileView& view, absl::Span<const ContentTest> tests,
         const ContentTestOptions& options, Report* report)
      : view_(view), tests_(tests), options_(options), schema_(*options.schema), report_(report) {}

  ContentTestSummary Run() {
    if (options_.target_sensors.has_value()) {
      targets_ = *options_.target_sensors;
    } else {
      for (uint32_t s = 0; s < schema_.sensors().size(); ++s) targets_.push_back(s);
    }
    sensors_ = schema_.sensors().size();
    absl::StatusOr<Interpreter> interpreter = Interpreter::Load(view_, schema_);
    if (!interpreter.ok()) return std::move(summary_);
    interpreter_ = &*interpreter;
    types_.resize(view_.instance_count());
    for (uint32_t k = 0; k < view_.instance_count(); ++k) {
      types_[k] = interpreter_->template_type_index(k);
    }
    summary_.match_passed.assign(size_t{view_.instance_count()} * sensors_, false);
    for (size_t i = 0; i < tests_.size(); ++i) RunTest(i);
    Coverage();
    return std::move(summary_);
  }

 private:
  bool IsTarget(uint32_t s) const {
    for (uint32_t t : targets_) {
      if (t == s) return true;
    }
    return false;
  }

  void RunTest(size_t i) {
    const ContentTest& test = tests_[i];
    if (test.sensor.has_value() && !IsTarget(*test.sensor)) {
      TestResult result{i,
                        test.name,
                        test.instance_id,
                        schema_.sensors()[*test.sensor].version,
                        test.expect,
                        TestOutcome::kSkipped,
                        false,
                        {}};
      summary_.results.push_back(std::move(result));
      ++summary_.skipped;
      return;
    }
    for (uint32_t s : targets_) {
      if (test.sensor.has_value() && *test.sensor != s) continue;
      RunOn(i, s);
    }
  }

  void RunOn(size_t i, uint32_t s) {
    const ContentTest& test = tests_[i];
    const uint32_t k = test.instance;
    const TemplateType& type = schema_.template_types()[types_[k]];
    const Sensor& sensor = schema_.sensors()[s];
    const uint32_t supplied = sensor.InputsFor(types_[k]);
    TestResult result{
        i,     test.name, test.instance_id, sensor.version, test.expect, TestOutcome::kOutOfBounds,
        false, {}};
    EvalResult eval;
    if (supplied != Sensor::kNoInputs) {
      const std::vector<InputValue> inputs = SensorInputs(test, type, supplied);
      eval = interpreter_->Evaluate(k, inputs, EvalMode::kEveryCriterion);
      ++summary_.evaluations;
      if (eval.ok()) result.got = eval.matched ? TestOutcome::kMatch : TestOutcome::kNoMatch;
    }
    result.passed = result.got == test.expect;
    if (result.passed) {
      ++summary_.passed;
      if (test.expect == TestOutcome::kMatch) {
        summary_.match_passed[size_t{k} * sensors_ + s] = true;
      }
    } else {
      ++summary_.failed;
      result.criteria = Seen(test, type, supplied);
      if (result.got == TestOutcome::kOutOfBounds) {
        ReportOutOfBounds(test, type, sensor, supplied, eval);
      } else {
        ReportFailure(result, type);
      }
    }
    summary_.results.push_back(std::move(result));
  }

  // What each non-`any` criterion of the test's instance saw, each judged on
  // its own by the content's interpreter (nothing is compiled again).
  std::vector<CriterionSeen> Seen(const ContentTest& test, const TemplateType& type,
                                  uint32_t supplied) {
    std::vector<CriterionSeen> seen;
    const InstanceView instance = view_.instance(test.instance);
    const uint32_t available = supplied == Sensor::kNoInputs ? 0 : supplied;
    for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
      const Op op = instance.criterion(f).op();
      if (op == Op::kAny) continue;
      CriterionSeen one;
      one.criterion = f;
      one.field = type.fields[f].name;
      one.op = std::string(OpName(op));
      if (f >= available) {
        one.saw = "not supplied";
      } else {
        const InputValue value = EventInput(test, type, f);
        one.saw = Render(type.fields[f], value);
        one.matched = interpreter_->CriterionMatches(test.instance, f, value);
        ++summary_.evaluations;
      }
      seen.push_back(std::move(one));
    }
    return seen;
  }

  void ReportFailure(const TestResult& result, const TemplateType& type) {
    Diagnostic* d = report_->Add(Code::kTestFailed);
    if (d == nullptr) return;
    std::string what;
    for (const CriterionSeen& c : result.criteria) {
      absl::StrAppend(&what, what.empty() ? "" : ", ", c.field, " ", c.op, " saw ", c.saw,
                      c.matched ? " (matches)" : " (no match)");
    }
    d->set_message(absl::StrCat("test ", internal::Quote(result.name), " on instance ",
                                result.instance_id, " (", V(type.name), "), sensor ", result.sensor,
                                ": expected ", V(TestOutcomeName(result.expect)), ", got ",
                                V(TestOutcomeName(result.got)), "; ",
                                what.empty() ? "every criterion is any" : what));
    SetInstanceLocation(view_, options_.source, tests_[result.test].instance, -1, "", d);
    d->set_sensor(result.sensor);
  }

  void ReportOutOfBounds(const ContentTest& test, const TemplateType& type, const Sensor& sensor,
                         uint32_t supplied, const EvalResult& eval) {
    Diagnostic* d = report_->Add(Code::kTestOutOfBounds);
    if (d == nullptr) return;
    const std::string head = absl::StrCat("test ", internal::Quote(test.name), " on instance ",
                                          test.instance_id, ", sensor ", sensor.version, ": ");
    int field = -1;
    if (supplied == Sensor::kNoInputs) {
      d->set_message(absl::StrCat(head, "the sensor has no input list for template type '",
                                  V(type.name), "'"));
    } else {
      field = static_cast<int>(eval.criterion);
      d->set_message(absl::StrCat(head, "criterion ", eval.criterion, " (field '",
                                  V(type.fields[eval.criterion].name), "') reads input ",
                                  eval.criterion, ", the sensor supplies ", supplied));
    }
    SetInstanceLocation(view_, options_.source, test.instance, field,
                        field < 0 ? std::string_view() : type.fields[eval.criterion].name, d);
    d->set_sensor(sensor.version);
  }

  bool Supplies(uint32_t s, uint32_t t, uint32_t f) const {
    const uint32_t n = schema_.sensors()[s].InputsFor(t);
    return n != Sensor::kNoInputs && f < n;
  }

  void Coverage() {
    const auto types = schema_.template_types();
    std::vector<size_t> offset(types.size() + 1, 0);
    for (size_t t = 0; t < types.size(); ++t) offset[t + 1] = offset[t] + types[t].fields.size();
    constexpr uint32_t kNone = ~uint32_t{0};
    std::vector<uint32_t> first(offset.back(), kNone);  // first instance constraining
    std::vector<bool> covered(offset.back() * sensors_, false);
    for (uint32_t k = 0; k < view_.instance_count(); ++k) {
      const InstanceView instance = view_.instance(k);
      const size_t base = offset[types_[k]];
      for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
        if (instance.criterion(f).op() == Op::kAny) continue;
        if (first[base + f] == kNone) first[base + f] = k;
        for (uint32_t s : targets_) {
          if (summary_.match_passed[size_t{k} * sensors_ + s])
            covered[(base + f) * sensors_ + s] = true;
        }
      }
    }
    for (uint32_t t = 0; t < types.size(); ++t) {
      for (uint32_t f = 0; f < types[t].fields.size(); ++f) {
        const size_t at = offset[t] + f;
        if (first[at] == kNone) continue;
        FieldCoverage c{types[t].name, types[t].fields[f].name, t, f, {}, {}};
        for (uint32_t s : targets_) {
          if (!Supplies(s, t, f)) continue;
          (covered[at * sensors_ + s] ? c.covered : c.uncovered)
              .push_back(schema_.sensors()[s].version);
        }
        if (c.uncovered.empty()) {
          ++summary_.fields_covered;
        } else if (Diagnostic* d = report_->Add(Code::kFieldNotCovered)) {
          d->set_message(absl::StrCat("field '", V(types[t].name), ".", V(types[t].fields[f].name),
                                      "' is constrained but no match test of an instance ",
                                      "constraining it passes on sensor",
                                      c.uncovered.size() == 1 ? " " : "s ",
                                      absl::StrJoin(c.uncovered, ", ")));
          SetInstanceLocation(view_, options_.source, first[at], static_cast<int>(f),
                              types[t].fields[f].name, d);
          if (c.uncovered.size() == 1) d->set_sensor(c.uncovered[0]);
        }
        summary_.fields.push_back(std::move(c));
      }
    }
    summary_.instances_total = view_.instance_count();
    for (uint32_t k = 0; k < view_.instance_count(); ++k) {
      std::vector<std::string> missing;
      for (uint32_t s : targets_) {
        if (schema_.sensors()[s].InputsFor(types_[k]) == Sensor::kNoInputs) continue;
        if (!summary_.match_passed[size_t{k} * sensors_ + s]) {
          missing.push_back(schema_.sensors()[s].version);
        }
      }
      if (missing.empty()) {
        ++summary_.instances_covered;
        continue;
      }
      Diagnostic* d = report_->Add(Code::kInstanceNotCovered);
      if (d == nullptr) continue;
      d->set_message(absl::StrCat("instance ", view_.instance(k).id(), " (",
                                  V(types[types_[k]].name), ") has no passing match test on sensor",
                                  missing.size() == 1 ? " " : "s ", absl::StrJoin(missing, ", ")));
      SetInstanceLocation(view_, options_.source, k, -1, "", d);
      if (missing.size() == 1) d->set_sensor(missing[0]);
    }
  }

  const ChannelFileView& view_;
  absl::Span<const ContentTest> tests_;
  const ContentTestOptions& options_;
  const Schema& schema_;
  Report* report_;
  ContentTestSummary summary_;
  const Interpreter* interpreter_ = nullptr;
  std::vector<uint32_t> targets_;
  size_t sensors_ = 0;
  std::vector<uint32_t> types_;  // per instance: template type index
};

}  // namespace

std::string_view TestOutcomeName(TestOutcome outcome) {
  switch (outcome) {
    case TestOutcome::kMatch:
      return "match";
    case TestOutcome::kNoMatch:
      return "no-match";
    case TestOutcome::kOutOfBounds:
      return "out-of-bounds";
    case TestOutcome::kSkipped:
      return "skipped";
  }
  return "skipped";
}

ContentTestSummary RunContentTests(const ChannelFileView& view, absl::Span<const ContentTest> tests,
                                   const ContentTestOptions& options, Report* report) {
  return Runner(view, tests, options, report).Run();
}

}  // namespace contentgate
