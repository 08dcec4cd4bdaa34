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

void Compiler::Place(Diagnostic* d, const LazyPointer& pointer, JsonRef at, Keyed::Group group,
                     uint32_t instance) {
  d->set_pointer(pointer.Str());
  if (at) d->set_line_column(at.line(), at.column());
  if (group == Keyed::kInstance) d->set_instance(instance);
}

std::optional<uint64_t> Compiler::ReadKeyInteger(JsonRef v, std::string_view key, uint64_t low,
                                                 uint64_t high, const LazyPointer& pointer,
                                                 Keyed::Group group, uint32_t instance) {
  if (!v.is_number()) {
    Add(Code::kSourceBadKey, group, instance, Keyed::kInstanceKeys, -1, pointer, v,
        [&] { return absl::StrCat("'", AV(key), "' must be an integer, not ", KindName(v)); });
    return std::nullopt;
  }
  const uint64_t u = v.u();  // 0 unless kUnsigned
  if (v.kind() != JsonNode::Kind::kUnsigned || u < low || u > high) {
    Add(Code::kSourceBadOperand, group, instance, Keyed::kInstanceKeys, -1, pointer, v, [&] {
      return absl::StrCat("'", AV(key), "' is ", NumberText(v), "; it must be an integer from ",
                          low, " to ", high);
    });
    return std::nullopt;
  }
  return u;
}

void Compiler::CountCompiled(const TemplateType& type) {
  ++compiled_count_;
  compiled_size_ += kInstanceEntrySize + kCriterionEntrySize * uint64_t{type.fields.size()};
}

void Compiler::CountPoolString(std::string_view text) {
  if (pool_strings_.insert(text).second) compiled_size_ += text.size();
}

const absl::flat_hash_map<std::string_view, int>& Compiler::FieldMap(int type_index) {
  const auto [it, inserted] = field_maps_.try_emplace(type_index);
  if (inserted) {
    const auto& fields = schema_.template_types()[static_cast<size_t>(type_index)].fields;
    it->second.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i)
      it->second.emplace(fields[i].name, static_cast<int>(i));
  }
  return it->second;
}

int Compiler::FieldIndex(int type_index, std::string_view name) {
  const auto& map = FieldMap(type_index);
  const auto it = map.find(name);
  return it == map.end() ? -1 : it->second;
}

void Compiler::WalkDocument(JsonRef root) {
  channel_id_ = schema_.channel().id;
  if (!root.is_object()) {
    AddDocument(Code::kSourceBadKey, LazyPointer(), root, [&] {
      return absl::StrCat("a source file must be an object, not ", KindName(root));
    });
    return;
  }
  JsonRef instances;
  bool has_channel = false;
  bool has_version = false;
  for (const internal::JsonMember member : root.members()) {
    const std::string_view key = member.key();
    const JsonRef value = member.value();
    const LazyPointer pointer = LazyPointer().Key(key);
    if (key == "channel") {
      has_channel = true;
      channel_value_ = value;
      if (auto id = ReadKeyInteger(value, key, 1, kU32Max, pointer, Keyed::kDocument, 0)) {
        channel_id_ = static_cast<uint32_t>(*id);
      }
    } else if (key == "content_version") {
      has_version = true;
      if (auto version = ReadKeyInteger(value, key, 0, kU32Max, pointer, Keyed::kDocument, 0)) {
        content_version_ = static_cast<uint32_t>(*version);
      }
    } else if (key == "instances") {
      instances = value;
      if (!value.is_array()) {
        AddDocument(Code::kSourceBadKey, pointer, value, [&] {
          return absl::StrCat("'instances' must be an array, not ", KindName(value));
        });
      }
    } else if (key == "$schema" || key == "description") {
      if (!value.is_string()) {
        AddDocument(Code::kSourceBadKey, pointer, value, [&] {
          return absl::StrCat("'", AV(key), "' must be a string, not ", KindName(value));
        });
      }
    } else {
      AddDocument(Code::kSourceBadKey, pointer, value, [&] {
        return absl::StrCat("unknown key '", AV(key),
                            "' (a source file has channel, content_version, instances, "
                            "$schema and description)");
      });
    }
  }
  const std::pair<bool, std::string_view> required[] = {
      {has_channel, "channel"},
      {has_version, "content_version"},
      {static_cast<bool>(instances), "instances"}};
  for (const auto& [present, key] : required) {
    if (!present) {
      AddDocument(Code::kSourceBadKey, LazyPointer(), root,
                  absl::StrCat("missing required key '", AV(key), "'"));
    }
  }
  if (!instances || !instances.is_array()) return;

  instances_ = instances;
  const auto items = instances.items();
  source_instance_count_ = items.size();
  const uint64_t max_instances = schema_.channel().max_instances;
  if (source_instance_count_ > max_instances) {
    build_model_ = false;
    AddDocument(Code::kTooManyInstances, LazyPointer().Key("instances"), instances, [&] {
      return absl::StrCat(source_instance_count_,
                          " instances, more than the channel's max_instances ", max_instances);
    });
  }
  if (build_model_) {
    // Only an object with a type and criteria reaches the model: reserving
    // for each item would cost per value for `[0, 0, ...]`.
    size_t candidates = 0;
    for (const JsonRef item : items) candidates += item.members().size() >= 2 ? 1 : 0;
    origins_.reserve(candidates);
  }
  for (size_t i = 0; i < items.size(); ++i) WalkInstance(items[i], static_cast<uint32_t>(i));
}

std::optional<uint32_t> Compiler::WrittenId(uint32_t index) const {
  if (!instances_ || index >= instances_.items().size()) return std::nullopt;
  const JsonRef id = instances_.items()[index].Find("id");
  if (!id || id.kind() != JsonNode::Kind::kUnsigned || id.u() == 0 || id.u() > kU32Max) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(id.u());
}

void Compiler::WalkInstance(JsonRef v, uint32_t index) {
  const LazyPointer pointer = LazyPointer::Instance(index);
  const auto add = [&](Code code, const LazyPointer& p, JsonRef at, auto&& message) {
    Add(code, Keyed::kInstance, index, Keyed::kInstanceKeys, -1, p, at, message);
  };
  if (!v.is_object()) {
    add(Code::kSourceBadKey, pointer, v,
        [&] { return absl::StrCat("an instance must be an object, not ", KindName(v)); });
    ids_ok_ = false;
    return;
  }
  Origin origin;
  origin.source_index = index;
  origin.value = v.index();
  JsonRef criteria;
  int type_index = -1;
  bool has_id = false;
  bool has_type = false;
  for (const internal::JsonMember member : v.members()) {
    const std::string_view key = member.key();
    const JsonRef value = member.value();
    const LazyPointer p = pointer.Key(key);
    if (key == "id") {
      has_id = true;
      if (value.kind() == JsonNode::Kind::kUnsigned && value.u() == 0) {
        add(Code::kInstanceIdZero, p, value, "instance id is 0; ids start at 1");
      } else if (auto id = ReadKeyInteger(value, key, 1, kU32Max, p, Keyed::kInstance, index)) {
        const auto [it, inserted] =
            first_index_of_id_.try_emplace(static_cast<uint32_t>(*id), index);
        if (inserted) {
          origin.id = static_cast<uint32_t>(*id);
        } else {
          add(Code::kInstanceIdOrder, p, value, [&, other = it->second] {
            return absl::StrCat("instance id ", *id, " repeats the id of instance ", other);
          });
        }
      }
    } else if (key == "type") {
      has_type = true;
      if (!value.is_string()) {
        add(Code::kSourceBadKey, p, value, [&] {
          return absl::StrCat("'type' must be a template type name, not ", KindName(value));
        });
      } else {
        type_index = schema_.FindTemplateTypeByName(value.text());
        if (type_index < 0) {
          Diagnostic& d =
              Add(Code::kUnknownTemplateType, Keyed::kInstance, index, Keyed::kInstanceKeys, -1, p,
                  value,
                  [&] { return absl::StrCat("unknown template type '", AV(value.text()), "'"); });
          if (!Discarded(d)) {
            internal::NameSuggester suggest(value.text());
            for (const TemplateType& t : schema_.template_types()) suggest.Consider(t.name);
            d.set_message(absl::StrCat(AV(d.message()), suggest.Suffix()));
          }
        }
      }
    } else if (key == "criteria") {
      criteria = value;
      origin.criteria = value.index();
      if (!value.is_object()) {
        add(Code::kSourceBadKey, p, value,
            [&] { return absl::StrCat("'criteria' must be an object, not ", KindName(value)); });
      }
    } else if (key == "disabled") {
      if (value.kind() != JsonNode::Kind::kBool) {
        add(Code::kSourceBadKey, p, value, [&] {
          return absl::StrCat("'disabled' must be true or false, not ", KindName(value));
        });
      } else {
        origin.disabled = value.boolean();
      }
    } else if (key == "description") {
      if (!value.is_string()) {
        add(Code::kSourceBadKey, p, value,
            [&] { return absl::StrCat("'description' must be a string, not ", KindName(value)); });
      }
    } else {
      add(Code::kSourceBadKey, p, value, [&] {
        return absl::StrCat("unknown key '", AV(key),
                            "' (an instance has id, type, criteria, disabled and description)");
      });
    }
  }
  const std::pair<bool, std::string_view> required[] = {
      {has_id, "id"}, {has_type, "type"}, {static_cast<bool>(criteria), "criteria"}};
  for (const auto& [present, key] : required) {
    if (!present) {
      add(Code::kSourceBadKey, pointer, v,
          [&, k = key] { return absl::StrCat("missing required key '", AV(k), "'"); });
    }
  }
  if (!origin.id.has_value()) ids_ok_ = false;
  // Without a known type the criteria cannot be tied to fields: the instance
  // gets no criterion or compatibility checks (as CG202 in a channel file).
  if (type_index < 0 || !criteria || !criteria.is_object()) return;

  const TemplateType& type = schema_.template_types()[type_index];
  CountCompiled(type);
  origin.type = &type;
  origin.model_id = origin.id.value_or(0);
  origin.first = model_criteria_.size();
  if (build_model_) {
    model_criteria_.resize(origin.first + type.fields.size());
    field_values_.resize(origin.first + type.fields.size(), internal::kNoJsonNode);
    replaced_.resize(origin.first + type.fields.size(), 0);
  }
  const LazyPointer criteria_pointer = pointer.Key("criteria");
  // With unique field names, criteria written in field order skip the look-up.
  const bool names_unique = FieldMap(type_index).size() == type.fields.size();
  size_t next_field = 0;
  for (const internal::JsonMember member : criteria.members()) {
    const std::string_view name = member.key();
    const JsonRef value = member.value();
    const LazyPointer p = criteria_pointer.Key(name);
    const int f =
        names_unique && next_field < type.fields.size() && type.fields[next_field].name == name
            ? static_cast<int>(next_field)
            : FieldIndex(type_index, name);
    next_field = f < 0 ? next_field : static_cast<size_t>(f) + 1;
    if (f < 0) {
      Diagnostic& d = Add(
          Code::kSourceUnknownField, Keyed::kInstance, index, Keyed::kCriteria, -1, p, value, [&] {
            return absl::StrCat("template type '", type.name, "' has no field '", AV(name), "'");
          });
      if (!Discarded(d)) {
        internal::NameSuggester suggest(name);
        for (const Field& field : type.fields) suggest.Consider(field.name);
        d.set_message(absl::StrCat(AV(d.message()), suggest.Suffix()));
      }
      continue;
    }
    const Field& field = type.fields[f];
    std::optional<ModelCriterion> c = ReadCriterion(value, field, f, index, p);
    if (c.has_value() && IsStringOp(c->op)) CountPoolString(c->text);
    if (!build_model_) continue;
    const size_t at = origin.first + static_cast<size_t>(f);
    field_values_[at] = value.index();
    if (c.has_value()) {
      model_criteria_[at] = *c;
    } else {
      replaced_[at] = 1;
      origin.any_replaced = true;
    }
  }
  if (build_model_ && compiled_size_ > schema_.channel().max_file_size) {
    // CG106 is certain: sizes only grow. Nothing more is built or encoded.
    build_model_ = false;
    origins_ = {};
    model_criteria_ = {};
    field_values_ = {};
    replaced_ = {};
  }
  if (!build_model_) return;
  origins_.push_back(origin);
}

}  // namespace contentgate::source_internal
