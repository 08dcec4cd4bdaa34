// File: lib/source_compile.cc
// The source compiler: parses source JSON, checks what only the source form
// can get wrong (CG7xx, and the codes the source form gives its own meaning:
// CG200, CG201, CG202, CG301 before the operand, CG302 for a `nocase` key,
// CG307 for an enum name, CG208, CG106), maps the rest onto the content
// model, and runs every channel-file rule through the one channel-file
// validator on the encoded bytes, mapping its diagnostics back to JSON
// Pointers. docs/source.md describes the rules and the choices made here.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "json_doc.h"
#include "suggest.h"

namespace contentgate {
namespace {

using internal::AppendPointerIndex;
using internal::AppendPointerToken;
using internal::JsonValue;

constexpr uint64_t kU32Max = std::numeric_limits<uint32_t>::max();

// Where a diagnostic sorts in the report: document-level problems first, then
// instance by instance in array order (instance keys, then criteria in field
// order, then sensor compatibility), then the size of the compiled file.
struct Keyed {
  enum Group : uint8_t { kDocument, kInstance, kTrailer };
  enum Part : uint8_t { kInstanceKeys, kCriteria, kCompatibility };
  Group group;
  uint32_t instance;
  Part part;
  int64_t field;  // field index; -1 for a key that is no field of the type
  uint64_t seq;   // order of collection: ties keep it
  Diagnostic diagnostic;
};

// Report order: the sort key, then order of collection.
bool KeyLess(const Keyed& a, const Keyed& b) {
  if (a.group != b.group) return a.group < b.group;
  if (a.instance != b.instance) return a.instance < b.instance;
  if (a.part != b.part) return a.part < b.part;
  if (a.field != b.field) return a.field < b.field;
  return a.seq < b.seq;
}

// One instance that reached the content model, and the JSON it came from.
struct Origin {
  uint32_t source_index = 0;
  const JsonValue* value = nullptr;     // the instance object
  const JsonValue* criteria = nullptr;  // its criteria object
  const TemplateType* type = nullptr;
  std::string pointer;         // "/instances/<i>"
  std::optional<uint32_t> id;  // when written correctly
  // Per field: the criterion's JSON value (nullptr when left out) and whether
  // a source error replaced it by `any` in the model.
  std::vector<const JsonValue*> field_values;
  std::vector<bool> replaced;
  bool any_replaced = false;
};

// Debian's Abseil has its own string_view: StrCat takes std::string_view
// through this.
absl::string_view AV(std::string_view text) { return {text.data(), text.size()}; }

const char* KindName(const JsonValue& v) {
  switch (v.kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "a boolean";
    case JsonValue::Kind::kUnsigned:
    case JsonValue::Kind::kNegative:
    case JsonValue::Kind::kFloat:
      return "a number";
    case JsonValue::Kind::kString:
      return "a string";
    case JsonValue::Kind::kArray:
      return "an array";
    case JsonValue::Kind::kObject:
      return "an object";
  }
  return "a value";
}

// The number as written, for messages.
std::string NumberText(const JsonValue& v) {
  return v.kind == JsonValue::Kind::kUnsigned ? absl::StrCat(v.u) : v.text;
}

std::string Child(const std::string& pointer, std::string_view token) {
  std::string out = pointer;
  AppendPointerToken(&out, token);
  return out;
}

std::string Child(const std::string& pointer, size_t index) {
  std::string out = pointer;
  AppendPointerIndex(&out, index);
  return out;
}

// A JSON Pointer below a criterion, kept as its parts (the instance's
// "/instances/<i>/criteria" string, the field name, the operator key, an
// array index) and written out only when a diagnostic needs it.
class CriterionPointer {
 public:
  CriterionPointer(const std::string& criteria, std::string_view field)
      : criteria_(&criteria), field_(field) {}

  CriterionPointer Key(std::string_view key) const {
    CriterionPointer p = *this;
    p.key_ = key;
    return p;
  }
  CriterionPointer Index(size_t index) const {
    CriterionPointer p = *this;
    p.index_ = index;
    return p;
  }

  std::string Str() const {
    std::string out = Child(*criteria_, field_);
    if (key_.has_value()) AppendPointerToken(&out, *key_);
    if (index_.has_value()) AppendPointerIndex(&out, *index_);
    return out;
  }

 private:
  const std::string* criteria_;
  std::string_view field_;
  std::optional<std::string_view> key_;
  std::optional<size_t> index_;
};

// "the '<op>' operand of field '<name>'", for messages.
std::string OperandName(Op op, const Field& field) {
  return absl::StrCat("the '", AV(OpName(op)), "' operand of field '", field.name, "'");
}

class Compiler {
 public:
  Compiler(const Schema& schema, const ValidateOptions& options,
           const CompileOptions& compile_options)
      : schema_(schema),
        options_(options),
        compile_options_(compile_options),
        cap_(options.max_diagnostics) {}

  CompileResult Run(std::string_view text);

 private:
  // Counts a diagnostic and returns the Diagnostic to fill: a slot that is
  // kept, or a scratch one when the diagnostic cannot be among the first
  // `cap_` errors or `cap_` warnings in report order (then it is only
  // counted). The slot is valid until the next Reserve or Add.
  Diagnostic& Reserve(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part,
                      int64_t field);
  // Moves the last reserved slot into its heap.
  void Commit();
  bool Discarded(const Diagnostic& d) const { return &d == &discard_; }

  // Records a source diagnostic at `pointer`, positioned at `at`.
  Diagnostic& Add(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part, int64_t field,
                  std::string pointer, const JsonValue* at, std::string_view message);
  Diagnostic& AddDocument(Code code, std::string pointer, const JsonValue* at,
                          std::string_view message) {
    return Add(code, Keyed::kDocument, 0, Keyed::kInstanceKeys, -1, std::move(pointer), at,
               message);
  }

  // Reads a key whose value is an integer in [low, high]: CG702 for a value
  // that is not a number, CG705 for any other integer problem.
  std::optional<uint64_t> ReadKeyInteger(const JsonValue& v, std::string_view key, uint64_t low,
                                         uint64_t high, const std::string& pointer,
                                         Keyed::Group group, uint32_t instance);

  void WalkDocument(const JsonValue& root);
  void WalkInstance(const JsonValue& v, uint32_t index);
  // Parses one criterion of field `f`; nullopt (with its diagnostics
  // recorded) when the source form is wrong.
  std::optional<Criterion> ReadCriterion(const JsonValue& v, const Field& field, uint32_t f,
                                         uint32_t instance, const CriterionPointer& pointer);
  bool ReadOperand(const JsonValue& v, Op op, const Field& field, uint32_t f, uint32_t instance,
                   const CriterionPointer& pointer, Criterion* out);
  // `suffix` follows the operand's name in a message (" [0]" for an item).
  std::optional<uint64_t> ReadOperandInteger(const JsonValue& v, Op op, const Field& field,
                                             uint32_t f, uint32_t instance,
                                             const CriterionPointer& pointer,
                                             std::string_view suffix);

  // The index of the template type named `name`, or -1 (hashed: a schema
  // may have 65,535 types).
  int TypeIndex(std::string_view name);
  // Adds what an instance of `type` that reached the model adds to the
  // canonical encoding, and stops building the model once the file is
  // certain to be larger than max_file_size.
  void CountCompiled(const TemplateType& type);
  void CountPoolString(std::string_view text);

  // Field names of a template type to their first index, built on first use.
  const absl::flat_hash_map<std::string_view, int>& FieldMap(int type_index);
  int FieldIndex(int type_index, std::string_view name);

  // Runs the channel-file validator on the compiled model and records its
  // diagnostics with source locations. Returns the encoded file.
  std::string CheckCompiled();
  void MapChannelDiagnostic(const Diagnostic& d);

  // CG404: the schema sensors outside the targets on which `file`, free of
  // errors for the targets, would have CG400 or CG402.
  void CheckOtherSensors(const std::string& file);

  const Schema& schema_;
  const ValidateOptions& options_;
  const CompileOptions& compile_options_;

  // The collected diagnostics, bounded: the first cap_ errors and the first
  // cap_ warnings in report order, each a max-heap on that order, so memory
  // does not grow with the number of diagnostics.
  size_t cap_;
  std::vector<Keyed> errors_;
  std::vector<Keyed> warnings_;
  std::optional<Keyed> pending_;
  Diagnostic discard_{Code::kSourceNotJson};
  size_t dropped_errors_ = 0;
  size_t dropped_warnings_ = 0;
  uint64_t next_seq_ = 0;

  // The size of the canonical encoding of what has compiled so far, counted
  // without encoding: header, entries, each distinct pool string once.
  uint64_t compiled_size_ = kHeaderSize;
  size_t compiled_count_ = 0;
  absl::flat_hash_set<std::string_view> pool_strings_;
  // The text of the last string operand read (it lives in the document).
  std::string_view operand_text_;
  // False once the output is certain to break max_instances or
  // max_file_size: nothing more goes into the model, nothing is encoded.
  bool build_model_ = true;
  std::optional<absl::flat_hash_map<std::string_view, int>> type_map_;

  Content content_;
  const JsonValue* channel_value_ = nullptr;
  size_t source_instance_count_ = 0;
  std::vector<std::optional<uint32_t>> written_ids_;  // per source instance
  bool ids_ok_ = true;
  std::vector<Origin> origins_;  // parallel to content_.instances
  absl::flat_hash_map<uint32_t, uint32_t> first_index_of_id_;
  std::vector<std::optional<absl::flat_hash_map<std::string_view, int>>> field_maps_;
};

Diagnostic& Compiler::Reserve(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part,
                              int64_t field) {
  Commit();
  const bool error = SeverityOf(code) == Severity::kError;
  std::vector<Keyed>& heap = error ? errors_ : warnings_;
  Keyed k{group, instance, part, field, next_seq_++, Diagnostic(code)};
  if (heap.size() >= cap_) {
    ++(error ? dropped_errors_ : dropped_warnings_);
    if (heap.empty() || !KeyLess(k, heap.front())) return discard_;
    std::pop_heap(heap.begin(), heap.end(), KeyLess);
    heap.pop_back();
  }
  pending_.emplace(std::move(k));
  return pending_->diagnostic;
}

void Compiler::Commit() {
  if (!pending_.has_value()) return;
  std::vector<Keyed>& heap =
      pending_->diagnostic.severity() == Severity::kError ? errors_ : warnings_;
  heap.push_back(std::move(*pending_));
  std::push_heap(heap.begin(), heap.end(), KeyLess);
  pending_.reset();
}

Diagnostic& Compiler::Add(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part,
                          int64_t field, std::string pointer, const JsonValue* at,
                          std::string_view message) {
  Diagnostic& d = Reserve(code, group, instance, part, field);
  if (Discarded(d)) return d;
  d.set_message(message);
  d.set_pointer(std::move(pointer));
  if (at != nullptr) d.set_line_column(at->line, at->column);
  if (group == Keyed::kInstance) d.set_instance(instance);
  return d;
}

std::optional<uint64_t> Compiler::ReadKeyInteger(const JsonValue& v, std::string_view key,
                                                 uint64_t low, uint64_t high,
                                                 const std::string& pointer, Keyed::Group group,
                                                 uint32_t instance) {
  if (!v.is_number()) {
    Add(Code::kSourceBadKey, group, instance, Keyed::kInstanceKeys, -1, pointer, &v,
        absl::StrCat("'", AV(key), "' must be an integer, not ", KindName(v)));
    return std::nullopt;
  }
  if (v.kind != JsonValue::Kind::kUnsigned || v.u < low || v.u > high) {
    Add(Code::kSourceBadOperand, group, instance, Keyed::kInstanceKeys, -1, pointer, &v,
        absl::StrCat("'", AV(key), "' is ", NumberText(v), "; it must be an integer from ", low,
                     " to ", high));
    return std::nullopt;
  }
  return v.u;
}

int Compiler::TypeIndex(std::string_view name) {
  if (!type_map_.has_value()) {
    type_map_.emplace();
    const auto types = schema_.template_types();
    type_map_->reserve(types.size());
    // The first of equal names wins, as in Schema::FindTemplateTypeByName.
    for (size_t i = 0; i < types.size(); ++i)
      type_map_->emplace(types[i].name, static_cast<int>(i));
  }
  const auto it = type_map_->find(name);
  return it == type_map_->end() ? -1 : it->second;
}

void Compiler::CountCompiled(const TemplateType& type) {
  ++compiled_count_;
  compiled_size_ += kInstanceEntrySize + kCriterionEntrySize * uint64_t{type.fields.size()};
}

void Compiler::CountPoolString(std::string_view text) {
  if (pool_strings_.insert(text).second) compiled_size_ += text.size();
}

const absl::flat_hash_map<std::string_view, int>& Compiler::FieldMap(int type_index) {
  auto& map = field_maps_[type_index];
  if (!map.has_value()) {
    map.emplace();
    const auto& fields = schema_.template_types()[type_index].fields;
    for (size_t i = 0; i < fields.size(); ++i) map->emplace(fields[i].name, static_cast<int>(i));
  }
  return *map;
}

int Compiler::FieldIndex(int type_index, std::string_view name) {
  const auto& map = FieldMap(type_index);
  const auto it = map.find(name);
  return it == map.end() ? -1 : it->second;
}

void Compiler::WalkDocument(const JsonValue& root) {
  content_.channel_id = schema_.channel().id;
  if (!root.is_object()) {
    AddDocument(Code::kSourceBadKey, "", &root,
                absl::StrCat("a source file must be an object, not ", KindName(root)));
    return;
  }
  const JsonValue* instances = nullptr;
  bool has_channel = false;
  bool has_version = false;
  for (const auto& [key, value] : root.members) {
    const std::string pointer = Child("", key);
    if (key == "channel") {
      has_channel = true;
      channel_value_ = &value;
      if (auto id = ReadKeyInteger(value, key, 1, kU32Max, pointer, Keyed::kDocument, 0)) {
        content_.channel_id = static_cast<uint32_t>(*id);
      }
    } else if (key == "content_version") {
      has_version = true;
      if (auto version = ReadKeyInteger(value, key, 0, kU32Max, pointer, Keyed::kDocument, 0)) {
        content_.content_version = static_cast<uint32_t>(*version);
      }
    } else if (key == "instances") {
      instances = &value;
      if (!value.is_array()) {
        AddDocument(Code::kSourceBadKey, pointer, &value,
                    absl::StrCat("'instances' must be an array, not ", KindName(value)));
      }
    } else if (key == "$schema" || key == "description") {
      if (!value.is_string()) {
        AddDocument(Code::kSourceBadKey, pointer, &value,
                    absl::StrCat("'", key, "' must be a string, not ", KindName(value)));
      }
    } else {
      AddDocument(Code::kSourceBadKey, pointer, &value,
                  absl::StrCat("unknown key '", key,
                               "' (a source file has channel, content_version, instances, "
                               "$schema and description)"));
    }
  }
  const std::pair<bool, std::string_view> required[] = {{has_channel, "channel"},
                                                        {has_version, "content_version"},
                                                        {instances != nullptr, "instances"}};
  for (const auto& [present, key] : required) {
    if (!present) {
      AddDocument(Code::kSourceBadKey, "", &root,
                  absl::StrCat("missing required key '", AV(key), "'"));
    }
  }
  if (instances == nullptr || !instances->is_array()) return;

  source_instance_count_ = instances->items.size();
  written_ids_.resize(source_instance_count_);
  const uint64_t max_instances = schema_.channel().max_instances;
  if (source_instance_count_ > max_instances) {
    build_model_ = false;
    AddDocument(Code::kTooManyInstances, "/instances", instances,
                absl::StrCat(source_instance_count_,
                             " instances, more than the channel's max_instances ", max_instances));
  }
  field_maps_.resize(schema_.template_types().size());
  for (size_t i = 0; i < instances->items.size(); ++i) {
    WalkInstance(instances->items[i], static_cast<uint32_t>(i));
  }
}

void Compiler::WalkInstance(const JsonValue& v, uint32_t index) {
  const std::string pointer = Child("/instances", index);
  const auto add = [&](Code code, std::string p, const JsonValue* at, std::string_view message) {
    Add(code, Keyed::kInstance, index, Keyed::kInstanceKeys, -1, std::move(p), at, message);
  };
  if (!v.is_object()) {
    add(Code::kSourceBadKey, pointer, &v,
        absl::StrCat("an instance must be an object, not ", KindName(v)));
    ids_ok_ = false;
    return;
  }
  Origin origin;
  origin.source_index = index;
  origin.value = &v;
  origin.pointer = pointer;
  Instance instance;
  int type_index = -1;
  bool has_id = false;
  bool has_type = false;
  for (const auto& [key, value] : v.members) {
    std::string p = Child(pointer, key);
    if (key == "id") {
      has_id = true;
      if (value.kind == JsonValue::Kind::kUnsigned && value.u == 0) {
        add(Code::kInstanceIdZero, std::move(p), &value, "instance id is 0; ids start at 1");
      } else if (auto id = ReadKeyInteger(value, key, 1, kU32Max, p, Keyed::kInstance, index)) {
        written_ids_[index] = static_cast<uint32_t>(*id);
        const auto [it, inserted] =
            first_index_of_id_.try_emplace(static_cast<uint32_t>(*id), index);
        if (inserted) {
          origin.id = static_cast<uint32_t>(*id);
        } else {
          add(Code::kInstanceIdOrder, std::move(p), &value,
              absl::StrCat("instance id ", *id, " repeats the id of instance ", it->second));
        }
      }
    } else if (key == "type") {
      has_type = true;
      if (!value.is_string()) {
        add(Code::kSourceBadKey, std::move(p), &value,
            absl::StrCat("'type' must be a template type name, not ", KindName(value)));
      } else {
        type_index = TypeIndex(value.text);
        if (type_index < 0) {
          Diagnostic& d =
              Add(Code::kUnknownTemplateType, Keyed::kInstance, index, Keyed::kInstanceKeys, -1,
                  std::move(p), &value, absl::StrCat("unknown template type '", value.text, "'"));
          if (!Discarded(d)) {
            internal::NameSuggester suggest(value.text);
            for (const TemplateType& t : schema_.template_types()) suggest.Consider(t.name);
            d.set_message(absl::StrCat(AV(d.message()), suggest.Suffix()));
          }
        }
      }
    } else if (key == "criteria") {
      origin.criteria = &value;
      if (!value.is_object()) {
        add(Code::kSourceBadKey, std::move(p), &value,
            absl::StrCat("'criteria' must be an object, not ", KindName(value)));
      }
    } else if (key == "disabled") {
      if (value.kind != JsonValue::Kind::kBool) {
        add(Code::kSourceBadKey, std::move(p), &value,
            absl::StrCat("'disabled' must be true or false, not ", KindName(value)));
      } else {
        instance.disabled = value.boolean;
      }
    } else if (key == "description") {
      if (!value.is_string()) {
        add(Code::kSourceBadKey, std::move(p), &value,
            absl::StrCat("'description' must be a string, not ", KindName(value)));
      }
    } else {
      add(Code::kSourceBadKey, std::move(p), &value,
          absl::StrCat("unknown key '", key,
                       "' (an instance has id, type, criteria, disabled and description)"));
    }
  }
  const std::pair<bool, std::string_view> required[] = {
      {has_id, "id"}, {has_type, "type"}, {origin.criteria != nullptr, "criteria"}};
  for (const auto& [present, key] : required) {
    if (!present) {
      add(Code::kSourceBadKey, pointer, &v, absl::StrCat("missing required key '", AV(key), "'"));
    }
  }
  if (!origin.id.has_value()) ids_ok_ = false;
  // Without a known type the criteria cannot be tied to fields: the instance
  // gets no criterion or compatibility checks (as CG202 in a channel file).
  if (type_index < 0 || origin.criteria == nullptr || !origin.criteria->is_object()) return;

  const TemplateType& type = schema_.template_types()[type_index];
  CountCompiled(type);
  origin.type = &type;
  instance.id = origin.id.value_or(0);
  instance.template_type_id = type.id;
  if (build_model_) {
    instance.criteria.resize(type.fields.size());
    origin.field_values.assign(type.fields.size(), nullptr);
    origin.replaced.assign(type.fields.size(), false);
  }
  const std::string criteria_pointer = Child(pointer, "criteria");
  // With unique field names, criteria written in field order skip the look-up.
  const bool names_unique = FieldMap(type_index).size() == type.fields.size();
  size_t next_field = 0;
  for (const auto& [name, value] : origin.criteria->members) {
    const CriterionPointer p(criteria_pointer, name);
    const int f =
        names_unique && next_field < type.fields.size() && type.fields[next_field].name == name
            ? static_cast<int>(next_field)
            : FieldIndex(type_index, name);
    next_field = f < 0 ? next_field : static_cast<size_t>(f) + 1;
    if (f < 0) {
      Diagnostic& d =
          Add(Code::kSourceUnknownField, Keyed::kInstance, index, Keyed::kCriteria, -1, p.Str(),
              &value, absl::StrCat("template type '", type.name, "' has no field '", name, "'"));
      if (!Discarded(d)) {
        internal::NameSuggester suggest(name);
        for (const Field& field : type.fields) suggest.Consider(field.name);
        d.set_message(absl::StrCat(AV(d.message()), suggest.Suffix()));
      }
      continue;
    }
    const Field& field = type.fields[f];
    std::optional<Criterion> c = ReadCriterion(value, field, f, index, p);
    if (c.has_value() && IsStringOp(c->op)) CountPoolString(operand_text_);
    if (!build_model_) continue;
    origin.field_values[f] = &value;
    if (c.has_value()) {
      instance.criteria[f] = std::move(*c);
    } else {
      origin.replaced[f] = true;
      origin.any_replaced = true;
    }
  }
  if (build_model_ && compiled_size_ > schema_.channel().max_file_size) {
    // CG106 is certain: sizes only grow. Nothing more is built or encoded.
    build_model_ = false;
    content_.instances = {};
    origins_ = {};
  }
  if (!build_model_) return;
  content_.instances.push_back(std::move(instance));
  origins_.push_back(std::move(origin));
}

std::optional<Criterion> Compiler::ReadCriterion(const JsonValue& v, const Field& field, uint32_t f,
                                                 uint32_t instance,
                                                 const CriterionPointer& pointer) {
  const auto add = [&](Code code, const CriterionPointer& p, const JsonValue* at,
                       std::string_view message) {
    Diagnostic& d =
        Add(code, Keyed::kInstance, instance, Keyed::kCriteria, f, p.Str(), at, message);
    d.set_criterion(f);
    d.set_field(field.name);
  };
  constexpr absl::string_view kShape =
      "a criterion is \"any\" or an object with exactly one operator key";
  if (v.is_string()) {
    if (v.text == "any") return Criterion{};
    add(Code::kSourceBadCriterion, pointer, &v,
        absl::StrCat(kShape, ", not the string \"", v.text, "\""));
    return std::nullopt;
  }
  if (!v.is_object()) {
    add(Code::kSourceBadCriterion, pointer, &v, absl::StrCat(kShape, ", not ", KindName(v)));
    return std::nullopt;
  }
  size_t op_count = 0;
  Op op = Op::kAny;
  const JsonValue* operand = nullptr;
  const JsonValue* nocase = nullptr;
  for (const auto& [key, value] : v.members) {
    if (key == "nocase") {
      nocase = &value;
      continue;
    }
    const std::optional<Op> parsed = ParseOpName(key);
    if (!parsed.has_value() || *parsed == Op::kAny) {
      add(Code::kSourceBadCriterion, pointer, &v,
          key == "any" ? std::string("\"any\" is not an operator key: write the criterion as "
                                     "the string \"any\"")
                       : absl::StrCat("unknown operator '", key, "'"));
      return std::nullopt;
    }
    ++op_count;
    op = *parsed;
    operand = &value;
  }
  if (op_count != 1) {
    std::vector<absl::string_view> op_keys;
    for (const auto& member : v.members) {
      if (member.first != "nocase") op_keys.push_back(AV(member.first));
    }
    add(Code::kSourceBadCriterion, pointer, &v,
        op_keys.empty() ? absl::StrCat(kShape, "; this one has none")
                        : absl::StrCat(kShape, "; this one has ", op_keys.size(), " (",
                                       absl::StrJoin(op_keys, ", "), ")"));
    return std::nullopt;
  }
  const CriterionPointer op_pointer = pointer.Key(OpName(op));
  if (!field.ops.contains(op)) {
    std::vector<absl::string_view> allowed;
    for (int o = 0; o < kOpCount; ++o) {
      if (field.ops.contains(static_cast<Op>(o))) allowed.push_back(AV(OpName(static_cast<Op>(o))));
    }
    add(Code::kOperatorNotAllowed, op_pointer, operand,
        absl::StrCat("operator '", AV(OpName(op)), "' is not allowed on field '", field.name, "' (",
                     AV(FieldTypeName(field.type)), "; allowed: ", absl::StrJoin(allowed, ", "),
                     ")"));
    return std::nullopt;
  }
  Criterion c;
  c.op = op;
  bool ok = true;
  if (nocase != nullptr) {
    if (!IsStringOp(op)) {
      // Reported here, whatever its value; the criterion is still checked.
      add(Code::kNonzeroCriterionReserved, pointer.Key("nocase"), nocase,
          absl::StrCat("'nocase' applies only to string operators, not to '", AV(OpName(op)), "'"));
    } else if (nocase->kind != JsonValue::Kind::kBool) {
      add(Code::kSourceBadKey, pointer.Key("nocase"), nocase,
          absl::StrCat("'nocase' must be true or false, not ", KindName(*nocase)));
      ok = false;
    } else {
      c.nocase = nocase->boolean;
    }
  }
  if (!ReadOperand(*operand, op, field, f, instance, op_pointer, &c)) ok = false;
  if (!ok) return std::nullopt;
  return c;
}

std::optional<uint64_t> Compiler::ReadOperandInteger(const JsonValue& v, Op op, const Field& field,
                                                     uint32_t f, uint32_t instance,
                                                     const CriterionPointer& pointer,
                                                     std::string_view suffix) {
  if (v.kind == JsonValue::Kind::kUnsigned) return v.u;
  const std::string what = absl::StrCat(OperandName(op, field), AV(suffix));
  std::string message = v.is_number()
                            ? absl::StrCat(AV(what), " is ", NumberText(v),
                                           "; it must be an integer from 0 to 18446744073709551615")
                            : absl::StrCat(AV(what), " must be an integer, not ", KindName(v));
  Diagnostic& d = Add(Code::kSourceBadOperand, Keyed::kInstance, instance, Keyed::kCriteria, f,
                      pointer.Str(), &v, message);
  d.set_criterion(f);
  d.set_field(field.name);
  return std::nullopt;
}

bool Compiler::ReadOperand(const JsonValue& v, Op op, const Field& field, uint32_t f,
                           uint32_t instance, const CriterionPointer& pointer, Criterion* out) {
  const auto add = [&](Code code, std::string_view message) {
    Diagnostic& d =
        Add(code, Keyed::kInstance, instance, Keyed::kCriteria, f, pointer.Str(), &v, message);
    d.set_criterion(f);
    d.set_field(field.name);
  };
  const auto what = [&] { return OperandName(op, field); };
  switch (op) {
    case Op::kEq:
    case Op::kNe:
      if (field.type == FieldType::kBool) {
        if (v.kind != JsonValue::Kind::kBool) {
          add(Code::kSourceBadOperand,
              absl::StrCat(what(), " (bool) must be true or false, not ", KindName(v)));
          return false;
        }
        out->arg0 = v.boolean ? 1 : 0;
        return true;
      }
      if (field.type == FieldType::kEnum) {
        if (!v.is_string()) {
          add(Code::kSourceBadOperand,
              absl::StrCat(what(), " (enum) must be a value name, not ", KindName(v)));
          return false;
        }
        const EnumValue* value = field.FindEnumValue(std::string_view(v.text));
        if (value == nullptr) {
          std::vector<absl::string_view> names;
          internal::NameSuggester suggest(v.text);
          for (const EnumValue& e : field.values) {
            names.push_back(e.name);
            suggest.Consider(e.name);
          }
          add(Code::kValueNotAllowed,
              absl::StrCat("enum field '", field.name, "' has no value '", v.text, "'",
                           suggest.Suffix(), " (values: ", absl::StrJoin(names, ", "), ")"));
          return false;
        }
        out->arg0 = value->value;
        return true;
      }
      if (auto value = ReadOperandInteger(v, op, field, f, instance, pointer, "")) {
        out->arg0 = *value;
        return true;
      }
      return false;
    case Op::kRange:
    case Op::kMask: {
      if (!v.is_array() || v.items.size() != 2) {
        add(Code::kSourceBadOperand,
            absl::StrCat(what(), " must be ", op == Op::kRange ? "[low, high]" : "[mask, expected]",
                         ", two integers, not ",
                         v.is_array() ? absl::StrCat("an array of ", v.items.size())
                                      : std::string(KindName(v))));
        return false;
      }
      const auto first =
          ReadOperandInteger(v.items[0], op, field, f, instance, pointer.Index(0), " [0]");
      const auto second =
          ReadOperandInteger(v.items[1], op, field, f, instance, pointer.Index(1), " [1]");
      if (!first.has_value() || !second.has_value()) return false;
      out->arg0 = *first;
      out->arg1 = *second;
      return true;
    }
    default:
      if (!v.is_string()) {
        add(Code::kSourceBadOperand, absl::StrCat(what(), " must be a string, not ", KindName(v)));
        return false;
      }
      out->text = v.text;
      operand_text_ = v.text;
      return true;
  }
}

void Compiler::MapChannelDiagnostic(const Diagnostic& d) {
  Keyed::Group group = Keyed::kDocument;
  uint32_t index = 0;
  Keyed::Part part = Keyed::kInstanceKeys;
  int64_t field = -1;
  std::string pointer;
  const JsonValue* at = nullptr;
  const Origin* origin = nullptr;
  const bool compatibility = static_cast<uint16_t>(d.code()) >= 400;
  if (!d.has_instance()) {
    if (d.code() == Code::kChannelIdMismatch) {
      pointer = "/channel";
      at = channel_value_;
    }
  } else if (d.instance() < origins_.size()) {
    origin = &origins_[d.instance()];
    group = Keyed::kInstance;
    index = origin->source_index;
    part = compatibility ? Keyed::kCompatibility : Keyed::kInstanceKeys;
    pointer = origin->pointer;
    at = origin->value;
    if (d.has_criterion() && d.criterion() < origin->field_values.size()) {
      const uint32_t c = d.criterion();
      // A criterion that a source error replaced by `any` is not the
      // author's: what the validator says about the stand-in is dropped.
      if (origin->replaced[c]) return;
      if (!compatibility) part = Keyed::kCriteria;
      field = c;
      if (origin->field_values[c] != nullptr) {
        pointer = Child(Child(pointer, "criteria"), origin->type->fields[c].name);
        at = origin->field_values[c];
      } else {
        pointer = Child(pointer, "criteria");
        at = origin->criteria;
      }
    } else if (d.code() == Code::kTrailingFieldsAny && origin->any_replaced) {
      return;
    }
  }
  Diagnostic& out = Reserve(d.code(), group, index, part, field);
  if (Discarded(out)) return;
  out.set_message(d.message());
  out.set_pointer(std::move(pointer));
  if (at != nullptr) out.set_line_column(at->line, at->column);
  if (origin != nullptr) {
    out.set_instance(origin->source_index);
    if (origin->id.has_value()) out.set_instance_id(*origin->id);
  }
  if (d.has_criterion()) out.set_criterion(d.criterion());
  if (d.has_field()) out.set_field(d.field());
  if (d.has_sensor()) out.set_sensor(d.sensor());
}

std::string Compiler::CheckCompiled() {
  const ChannelInfo& channel = schema_.channel();
  if (compiled_size_ > channel.max_file_size) {
    // Instances or criteria left out after source errors only shrink the
    // file, so the size is a lower bound and the error is certain.
    Add(Code::kFileTooLarge, Keyed::kTrailer, 0, Keyed::kInstanceKeys, -1, "", nullptr,
        absl::StrCat("the compiled file would be ",
                     compiled_count_ == source_instance_count_ ? "" : "at least ", compiled_size_,
                     " bytes, more than the channel's max_file_size ", channel.max_file_size));
  }
  // As phases 1 and 2 of a channel file's check stop at CG106 and CG208, a
  // source with either is not encoded and gets no channel-file checks.
  if (!build_model_) return {};

  // With every id valid and unique the model carries the real ids and its
  // table order is ascending id; otherwise stand-in ids keep array order
  // (the file has errors already and is never written).
  if (!ids_ok_) {
    for (size_t k = 0; k < content_.instances.size(); ++k) {
      content_.instances[k].id = static_cast<uint32_t>(k + 1);
    }
  }
  std::vector<size_t> order(content_.instances.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return content_.instances[a].id < content_.instances[b].id;
  });
  bool in_source_order = true;
  std::vector<Origin> sorted_origins;
  sorted_origins.reserve(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    in_source_order = in_source_order && order[k] == k;
    sorted_origins.push_back(std::move(origins_[order[k]]));
  }
  origins_ = std::move(sorted_origins);
  const bool none_replaced = std::none_of(origins_.begin(), origins_.end(),
                                          [](const Origin& o) { return o.any_replaced; });

  std::string file = EncodeChannelFile(content_);
  // The validator's check order is the report's when the table is in source
  // order and no diagnostic is dropped in mapping: then its own errors-first
  // cap keeps every diagnostic the report can keep. Otherwise it keeps all.
  ValidateOptions options = options_;
  const bool capped = in_source_order && none_replaced;
  options.max_diagnostics = capped ? cap_ : std::numeric_limits<size_t>::max();
  const Report report = ValidateChannelFile(AsBytes(file), schema_, options);
  size_t kept_errors = 0;
  for (const Diagnostic& d : report.diagnostics()) {
    kept_errors += d.severity() == Severity::kError ? 1 : 0;
    MapChannelDiagnostic(d);
  }
  if (capped) {
    dropped_errors_ += report.errors() - kept_errors;
    dropped_warnings_ += report.warnings() - (report.diagnostics().size() - kept_errors);
  }
  return file;
}

void Compiler::CheckOtherSensors(const std::string& file) {
  if (!options_.target_sensors.has_value()) return;  // every sensor is a target
  const std::vector<uint32_t>& targets = *options_.target_sensors;
  std::vector<std::string> unsafe;
  const auto sensors = schema_.sensors();
  for (uint32_t s = 0; s < sensors.size(); ++s) {
    if (std::find(targets.begin(), targets.end(), s) != targets.end()) continue;
    ValidateOptions one = options_;
    one.target_sensors = std::vector<uint32_t>{s};
    one.max_diagnostics = 1;  // errors first: the first error, if any
    const Report report = ValidateChannelFile(AsBytes(file), schema_, one);
    // Free of errors for its targets, the file can only fail on another
    // sensor's compatibility: CG400 or CG402.
    if (report.valid() || report.diagnostics().empty()) continue;
    unsafe.push_back(
        absl::StrCat(sensors[s].version, " (", AV(CodeName(report.diagnostics()[0].code())), ")"));
  }
  if (unsafe.empty()) return;
  Add(Code::kUnsafeForOtherSensors, Keyed::kTrailer, 0, Keyed::kInstanceKeys, -1, "", nullptr,
      absl::StrCat("the compiled file is unsafe for schema ",
                   unsafe.size() == 1 ? "sensor " : "sensors ", absl::StrJoin(unsafe, ", "),
                   ", outside the target sensors; ship it only to its targets"));
}

CompileResult Compiler::Run(std::string_view text) {
  CompileResult result{Report(options_.max_diagnostics), std::nullopt};
  JsonValue root;
  internal::JsonError error;
  if (!internal::ParseJson(text, &root, &error)) {
    Diagnostic* d =
        result.report.Add(error.duplicate_key ? Code::kSourceDuplicateKey : Code::kSourceNotJson);
    if (d != nullptr) {
      d->set_message(error.message);
      d->set_pointer(error.pointer);
      d->set_line_column(error.line, error.column);
    }
    return result;
  }
  WalkDocument(root);
  std::string file;
  if (root.is_object()) file = CheckCompiled();
  Commit();
  if (compile_options_.warn_unsafe_for_other_sensors && !file.empty() && errors_.empty() &&
      dropped_errors_ == 0) {
    CheckOtherSensors(file);
  }

  Commit();
  // At most 2 * cap_ diagnostics: the heaps sorted into report order, then
  // the report keeps errors first.
  std::sort_heap(errors_.begin(), errors_.end(), KeyLess);
  std::sort_heap(warnings_.begin(), warnings_.end(), KeyLess);
  std::vector<Keyed> kept_in_order;
  kept_in_order.reserve(errors_.size() + warnings_.size());
  std::merge(std::make_move_iterator(errors_.begin()), std::make_move_iterator(errors_.end()),
             std::make_move_iterator(warnings_.begin()), std::make_move_iterator(warnings_.end()),
             std::back_inserter(kept_in_order), KeyLess);
  for (Keyed& k : kept_in_order) {
    Diagnostic& kept = k.diagnostic;
    if (k.group == Keyed::kInstance && !kept.has_instance_id() &&
        k.instance < written_ids_.size() && written_ids_[k.instance].has_value()) {
      kept.set_instance_id(*written_ids_[k.instance]);
    }
    if (Diagnostic* d = result.report.Add(k.diagnostic.code())) *d = std::move(k.diagnostic);
  }
  for (size_t i = 0; i < dropped_errors_; ++i) result.report.CountOnly(Severity::kError);
  for (size_t i = 0; i < dropped_warnings_; ++i) result.report.CountOnly(Severity::kWarning);
  if (result.report.valid() && root.is_object()) result.channel_file = std::move(file);
  return result;
}

}  // namespace

CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options) {
  CompileOptions validate_only;
  validate_only.warn_unsafe_for_other_sensors = false;
  return Compiler(schema, options, validate_only).Run(json_text);
}

CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options, const CompileOptions& compile_options) {
  return Compiler(schema, options, compile_options).Run(json_text);
}

}  // namespace contentgate
