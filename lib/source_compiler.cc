// File: lib/source_compiler.cc
// The source compiler's diagnostic collection (bounded by the report's cap)
// and its walk of the document and of each instance.

#include "source_compiler.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "json_doc.h"
#include "suggest.h"

namespace contentgate::source_internal {

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

}  // namespace contentgate::source_internal
