// File: lib/interpreter.cc
// The bounds-checked reference interpreter of interpreter.h: loads a
// validated view's instances, prepares their string matchers, and evaluates
// events with exactly the inputs a sensor supplies.

#include "contentgate/interpreter.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "glob_match.h"
#include "interpreter_filter.h"
#include "re2/re2.h"

namespace contentgate {

absl::Status EvalResult::ToStatus() const {
  switch (error) {
    case EvalError::kNone:
      return absl::OkStatus();
    case EvalError::kInputNotSupplied:
      return absl::OutOfRangeError(absl::StrFormat(
          "instance %d (index %d): criterion %d (field '%s') would read input %d, but the "
          "event supplies %d inputs",
          instance_id, instance, criterion, field, criterion, inputs_supplied));
    case EvalError::kTypeMismatch:
      return absl::InvalidArgumentError(absl::StrFormat(
          "instance %d (index %d): criterion %d (field '%s'): input %d has the wrong kind "
          "(string for a non-string field, or integer for a string field)",
          instance_id, instance, criterion, field, criterion));
  }
  return absl::InternalError("unknown evaluation error");
}

namespace {

// One criterion, decoded once at load.
struct CompiledCriterion {
  Op op = Op::kAny;
  bool nocase = false;
  bool string_input = false;  // the field is a string: its input must be one
  uint64_t arg0 = 0;
  uint64_t arg1 = 0;
  std::string_view text;                            // string operand (views the file or Content)
  const RE2* regex = nullptr;                       // op == kRegex
  const internal::GlobMatcher* glob = nullptr;      // op == kGlob
  const internal::LiteralSearch* search = nullptr;  // op == kContains
};

struct CompiledInstance {
  uint32_t id = 0;
  uint16_t template_type_id = 0;
  uint32_t type_index = 0;
  bool disabled = false;
  uint32_t first = 0;  // index of criterion 0 in Impl::criteria
  uint32_t count = 0;
  uint32_t inputs_required = 0;
};

bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (internal::FoldAscii(a[i]) != internal::FoldAscii(b[i])) return false;
  }
  return true;
}

bool MatchString(const CompiledCriterion& c, std::string_view input) {
  const std::string_view operand = c.text;
  switch (c.op) {
    case Op::kStrEq:
      return c.nocase ? EqualsFold(input, operand) : input == operand;
    case Op::kPrefix:
      if (input.size() < operand.size()) return false;
      input = input.substr(0, operand.size());
      return c.nocase ? EqualsFold(input, operand) : input == operand;
    case Op::kSuffix:
      if (input.size() < operand.size()) return false;
      input = input.substr(input.size() - operand.size());
      return c.nocase ? EqualsFold(input, operand) : input == operand;
    case Op::kContains:
      return c.search->FindEnd(input, 0) != internal::LiteralSearch::kNotFound;
    case Op::kGlob:
      return c.glob->Matches(input);
    case Op::kRegex:
      return RE2::PartialMatch(re2::StringPiece(input.data(), input.size()), *c.regex);
    default:
      return false;
  }
}

bool MatchInteger(Op op, uint64_t arg0, uint64_t arg1, uint64_t input) {
  switch (op) {
    case Op::kEq:
      return input == arg0;
    case Op::kNe:
      return input != arg0;
    case Op::kRange:
      return arg0 <= input && input <= arg1;
    case Op::kMask:
      return (input & arg0) == arg1;
    default:
      return false;
  }
}

bool Matches(const CompiledCriterion& c, const InputValue& input) {
  return c.string_input ? MatchString(c, input.string())
                        : MatchInteger(c.op, c.arg0, c.arg1, input.integer());
}

}  // namespace

struct Interpreter::Impl {
  const Schema* schema = nullptr;
  std::vector<CompiledInstance> instances;
  std::vector<CompiledCriterion> criteria;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::unique_ptr<internal::GlobMatcher>> globs;
  std::vector<std::unique_ptr<internal::LiteralSearch>> searches;
  absl::flat_hash_map<std::pair<std::string, bool>, const RE2*> regex_by_pattern;
  // Per template type index: a filter for each enabled instance, in table
  // order (interpreter_filter.h), and what an event needs to check them.
  struct Column {
    std::vector<internal::Filter> filters;
    std::vector<uint64_t> probes;     // each filter's probe (interpreter_filter.h)
    std::vector<uint32_t> instances;  // the table index of each filter's instance
    std::vector<bool> string_field;   // per field of the type
    uint64_t signature_inputs = 0;    // bit i: a string filter reads input i
  };
  std::vector<Column> columns;

  // Appends an instance's header; checks its type and criterion count.
  absl::Status AddInstance(uint32_t k, uint32_t id, uint16_t type_id, bool disabled,
                           uint32_t count) {
    const int type_index = schema->FindTemplateTypeById(type_id);
    if (type_index < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "instance %d (index %d): template type %d is not in the schema", id, k, type_id));
    }
    const TemplateType& type = schema->template_types()[type_index];
    if (count != type.fields.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "instance %d (index %d): %d criteria for template type '%s' with %d fields", id, k, count,
          type.name, type.fields.size()));
    }
    CompiledInstance instance;
    instance.id = id;
    instance.template_type_id = type_id;
    instance.type_index = static_cast<uint32_t>(type_index);
    instance.disabled = disabled;
    instance.first = static_cast<uint32_t>(criteria.size());
    instance.count = count;
    instances.push_back(instance);
    return absl::OkStatus();
  }

  // Fills `columns` once every instance is loaded: each enabled instance's
  // filter is that of its most selective criterion.
  void BuildColumns() {
    const absl::Span<const TemplateType> types = schema->template_types();
    columns.resize(types.size());
    std::vector<uint32_t> enabled(columns.size(), 0);
    for (const CompiledInstance& instance : instances) {
      if (!instance.disabled) ++enabled[instance.type_index];
    }
    for (size_t t = 0; t < columns.size(); ++t) {
      columns[t].filters.reserve(enabled[t]);
      columns[t].probes.reserve(enabled[t]);
      columns[t].instances.reserve(enabled[t]);
      for (const Field& field : types[t].fields) {
        columns[t].string_field.push_back(field.type == FieldType::kString);
      }
    }
    for (uint32_t k = 0; k < instances.size(); ++k) {
      const CompiledInstance& instance = instances[k];
      if (instance.disabled) continue;
      Column& column = columns[instance.type_index];
      internal::RatedFilter best;
      for (uint32_t i = 0; i < instance.count; ++i) {  // at most 1024 fields
        const CompiledCriterion& c = criteria[instance.first + i];
        if (c.op == Op::kAny) continue;
        const internal::RatedFilter rated =
            internal::MakeFilter(static_cast<uint16_t>(i), c.op, c.nocase, c.arg0, c.arg1, c.text,
                                 types[instance.type_index].fields[i]);
        if (rated.bits > best.bits) best = rated;
      }
      if (best.filter.kind >= internal::FilterKind::kStrEq && best.filter.criterion < 64) {
        column.signature_inputs |= uint64_t{1} << best.filter.criterion;
      }
      column.filters.push_back(best.filter);
      column.probes.push_back(best.probe);
      column.instances.push_back(k);
    }
  }

  // The error of criterion i of instance k, which cannot read its input.
  EvalResult Error(uint32_t k, uint32_t i, absl::Span<const InputValue> inputs) const {
    const CompiledInstance& instance = instances[k];
    EvalResult result;
    result.error = i >= inputs.size() ? EvalError::kInputNotSupplied : EvalError::kTypeMismatch;
    result.instance = k;
    result.instance_id = instance.id;
    result.criterion = i;
    result.inputs_supplied = static_cast<uint32_t>(inputs.size());
    result.field = schema->template_types()[instance.type_index].fields[i].name;
    return result;
  }

  // Evaluates criteria start.. of instance k (those before it are known to
  // match).
  EvalResult EvaluateFrom(uint32_t k, uint32_t start, absl::Span<const InputValue> inputs,
                          EvalMode mode) const {
    const CompiledInstance& instance = instances[k];
    const CompiledCriterion* first = criteria.data() + instance.first;
    EvalResult result;
    result.matched = true;
    for (uint32_t i = start; i < instance.count; ++i) {
      const CompiledCriterion& c = first[i];
      if (c.op == Op::kAny) continue;
      if (i >= inputs.size() || inputs[i].is_string() != c.string_input) {
        return Error(k, i, inputs);
      }
      if (!Matches(c, inputs[i])) {
        result.matched = false;
        if (mode == EvalMode::kStopAtFirstMismatch) break;
      }
    }
    return result;
  }

  // Appends criterion i of the last instance; compiles its regex.
  absl::Status AddCriterion(uint32_t i, CompiledCriterion c) {
    CompiledInstance& instance = instances.back();
    const Field& field = schema->template_types()[instance.type_index].fields[i];
    const auto where = [&] {
      return absl::StrFormat("instance %d (index %d): criterion %d (field '%s')", instance.id,
                             instances.size() - 1, i, field.name);
    };
    if (static_cast<int>(c.op) >= kOpCount || !IsOpValidForType(c.op, field.type)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: operator %d is not valid for a %s field", where(),
                          static_cast<int>(c.op), FieldTypeName(field.type)));
    }
    if (c.op == Op::kRegex) {
      const RE2*& slot = regex_by_pattern[{std::string(c.text), c.nocase}];
      if (slot == nullptr) {
        RE2::Options options;
        options.set_log_errors(false);
        options.set_case_sensitive(!c.nocase);
        auto regex = std::make_unique<RE2>(re2::StringPiece(c.text.data(), c.text.size()), options);
        if (!regex->ok()) {
          regex_by_pattern.erase({std::string(c.text), c.nocase});
          return absl::InvalidArgumentError(
              absl::StrFormat("%s: regex does not compile: %s", where(), regex->error()));
        }
        slot = regex.get();
        regexes.push_back(std::move(regex));
      }
      c.regex = slot;
    }
    if (c.op == Op::kGlob) {
      globs.push_back(std::make_unique<internal::GlobMatcher>(c.text, c.nocase));
      c.glob = globs.back().get();
    }
    if (c.op == Op::kContains) {
      searches.push_back(std::make_unique<internal::LiteralSearch>(c.text, c.nocase));
      c.search = searches.back().get();
    }
    if (c.op != Op::kAny) instance.inputs_required = i + 1;
    c.string_input = field.type == FieldType::kString;
    criteria.push_back(c);
    return absl::OkStatus();
  }
};

Interpreter::Interpreter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Interpreter::Interpreter(Interpreter&&) noexcept = default;
Interpreter& Interpreter::operator=(Interpreter&&) noexcept = default;
Interpreter::~Interpreter() = default;

absl::StatusOr<Interpreter> Interpreter::Load(const ChannelFileView& view, const Schema& schema) {
  auto impl = std::make_unique<Impl>();
  impl->schema = &schema;
  impl->instances.reserve(view.instance_count());
  for (uint32_t k = 0; k < view.instance_count(); ++k) {
    const InstanceView instance = view.instance(k);
    absl::Status status = impl->AddInstance(k, instance.id(), instance.template_type_id(),
                                            instance.disabled(), instance.criterion_count());
    if (!status.ok()) return status;
    for (uint32_t i = 0; i < instance.criterion_count(); ++i) {
      const CriterionView view_criterion = instance.criterion(i);
      CompiledCriterion c;
      c.op = view_criterion.op();
      c.nocase = view_criterion.nocase();
      c.arg0 = view_criterion.arg0();
      c.arg1 = view_criterion.arg1();
      if (IsStringOp(c.op)) c.text = view_criterion.text();
      status = impl->AddCriterion(i, c);
      if (!status.ok()) return status;
    }
  }
  impl->BuildColumns();
  return Interpreter(std::move(impl));
}

absl::StatusOr<Interpreter> Interpreter::FromContent(const Content& content, const Schema& schema) {
  auto impl = std::make_unique<Impl>();
  impl->schema = &schema;
  impl->instances.reserve(content.instances.size());
  for (size_t k = 0; k < content.instances.size(); ++k) {
    const Instance& instance = content.instances[k];
    absl::Status status =
        impl->AddInstance(static_cast<uint32_t>(k), instance.id, instance.template_type_id,
                          instance.disabled, static_cast<uint32_t>(instance.criteria.size()));
    if (!status.ok()) return status;
    for (size_t i = 0; i < instance.criteria.size(); ++i) {
      const Criterion& source = instance.criteria[i];
      CompiledCriterion c;
      c.op = source.op;
      c.nocase = source.nocase;
      c.arg0 = source.arg0;
      c.arg1 = source.arg1;
      if (IsStringOp(c.op)) c.text = source.text;
      status = impl->AddCriterion(static_cast<uint32_t>(i), c);
      if (!status.ok()) return status;
    }
  }
  impl->BuildColumns();
  return Interpreter(std::move(impl));
}

uint32_t Interpreter::instance_count() const {
  return static_cast<uint32_t>(impl_->instances.size());
}
uint32_t Interpreter::instance_id(uint32_t k) const { return impl_->instances[k].id; }
uint16_t Interpreter::template_type_id(uint32_t k) const {
  return impl_->instances[k].template_type_id;
}
uint32_t Interpreter::template_type_index(uint32_t k) const {
  return impl_->instances[k].type_index;
}
bool Interpreter::disabled(uint32_t k) const { return impl_->instances[k].disabled; }
uint32_t Interpreter::inputs_required(uint32_t k) const {
  return impl_->instances[k].inputs_required;
}

EvalResult Interpreter::Evaluate(uint32_t k, absl::Span<const InputValue> inputs,
                                 EvalMode mode) const {
  return impl_->EvaluateFrom(k, 0, inputs, mode);
}

bool Interpreter::CriterionMatches(uint32_t k, uint32_t criterion, const InputValue& input) const {
  const CompiledCriterion& c = impl_->criteria[impl_->instances[k].first + criterion];
  if (c.op == Op::kAny) return true;
  return input.is_string() == c.string_input && Matches(c, input);
}

EvalResult Interpreter::EvaluateEvent(uint16_t template_type_id,
                                      absl::Span<const InputValue> inputs,
                                      std::vector<uint32_t>* matches) const {
  matches->clear();
  EvalResult result;
  const int type_index = impl_->schema->FindTemplateTypeById(template_type_id);
  if (type_index < 0) return result;
  const Impl::Column& column = impl_->columns[static_cast<size_t>(type_index)];
  // Inputs 0..usable-1 are supplied with their fields' kinds. A filter on
  // one of them that rejects proves its instance does not match and stops,
  // in field order, at or before that criterion: before any criterion that
  // could report an error. Any other instance is evaluated in full.
  uint32_t usable = 0;
  const size_t fields = std::min(column.string_field.size(), inputs.size());
  while (usable < fields && inputs[usable].is_string() == column.string_field[usable]) ++usable;
  constexpr uint32_t kPrepared = 64;
  internal::PreparedInput prepared[kPrepared];
  for (uint32_t i = 0; i < std::min(usable, kPrepared); ++i) {
    prepared[i] = column.string_field[i]
                      ? internal::Prepare(inputs[i].string(), (column.signature_inputs >> i) & 1)
                      : internal::PreparedInput{0, 0, 0};
  }
  const size_t count = column.filters.size();
  for (size_t e = 0; e < count; ++e) {
    const internal::Filter& filter = column.filters[e];
    const uint32_t i = filter.criterion;
    if (i < usable) {
      const InputValue& input = inputs.data()[i];  // i < usable <= inputs.size()
      const uint64_t* probe = column.probes.data() + e;
      if (i < kPrepared
              ? !internal::Passes(filter, probe, input, prepared[i])
              : !internal::Passes(filter, probe, input, internal::Prepare(input.string(), true))) {
        continue;
      }
    }
    const uint32_t k = column.instances[e];
    const EvalResult one = impl_->EvaluateFrom(k, 0, inputs, EvalMode::kStopAtFirstMismatch);
    if (!one.ok()) return one;
    if (one.matched) matches->push_back(k);
  }
  result.matched = !matches->empty();
  return result;
}

}  // namespace contentgate
