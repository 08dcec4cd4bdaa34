// File: lib/schema_loader.cc
// LoadSchema: turns schema JSON into a checked Schema (CG600-CG608 with a
// JSON Pointer and the line and column of the offending value, then the
// warnings CG640 and CG641); here the document, the channel and the
// template types. Fields: schema_fields.cc; sensors: schema_sensors.cc.

#include "schema_loader.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/status_code.h"

namespace contentgate {
namespace internal {
namespace {

using Kind = JsonRef::Kind;

constexpr size_t kMaxTemplateTypes = 65535;
constexpr size_t kMaxFields = 1024;
constexpr uint64_t kMinFileSize = 64;
constexpr uint64_t kMaxFileSize = uint64_t{1} << 30;

}  // namespace

// [a-z][a-z0-9_]{0,63}
bool IsName(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::optional<Schema> SchemaLoader::Load(std::string_view text) {
  if (!Check(text)) return std::nullopt;
  return Schema(std::move(channel_), std::move(types_), std::move(sensors_));
}

bool SchemaLoader::Check(std::string_view text) {
  JsonDoc doc;
  if (!reader_.Parse(text, &doc, Code::kSchemaNotJson, Code::kSchemaNotJson)) return false;
  LoadRoot(doc.root());
  if (!report_->valid()) return false;
  AddCompatibilityWarnings();
  // What points into the document goes with it, before Schema builds its
  // tables: the peak is the larger of the two, not their sum.
  sources_ = {};
  sensor_inputs_ = {};
  type_by_name_ = {};
  return true;
}

void SchemaLoader::LoadRoot(JsonRef root) {
  const std::string pointer;
  if (!reader_.ExpectKind(root, Kind::kObject, pointer, "the schema")) return;
  reader_.CheckKeys(
      root, pointer, "the schema",
      {"$schema", "description", "schema_version", "channel", "template_types", "sensors"});
  reader_.OptionalString(root, pointer, "$schema", nullptr);
  reader_.OptionalString(root, pointer, "description", nullptr);
  if (const JsonRef v = reader_.Member(root, pointer, "the schema", "schema_version", true)) {
    if (v.kind() != Kind::kUnsigned || v.u() != 1) {
      reader_.Add(Code::kSchemaBadKey, "/schema_version", v,
                  absl::StrCat("schema_version must be 1, got ", Describe(v)));
    }
  }
  if (const JsonRef v = reader_.Member(root, pointer, "the schema", "channel", true)) {
    LoadChannel(v);
  }
  if (const JsonRef v = reader_.Member(root, pointer, "the schema", "template_types", true)) {
    LoadTemplateTypes(v);
  } else {
    unnamed_types_ = true;
  }
  if (const JsonRef v = root.Find("sensors")) LoadSensors(v);
}

void SchemaLoader::LoadChannel(JsonRef v) {
  const std::string pointer = "/channel";
  if (!reader_.ExpectKind(v, Kind::kObject, pointer, "channel")) return;
  reader_.CheckKeys(v, pointer, "channel", {"id", "name", "max_instances", "max_file_size"});
  if (auto id = reader_.IntegerKey(v, pointer, "channel", "id", true, 1, internal::kU32Max)) {
    channel_.id = static_cast<uint32_t>(*id);
  }
  if (const JsonRef name = reader_.Member(v, pointer, "channel", "name", true)) {
    if (!name.is_string() || !IsName(name.text())) {
      reader_.Add(
          Code::kSchemaBadKey, "/channel/name", name,
          absl::StrCat("channel name ", Describe(name), " is not a name ([a-z][a-z0-9_]{0,63})"));
    } else {
      channel_.name = name.text();
    }
  }
  if (auto n =
          reader_.IntegerKey(v, pointer, "channel", "max_instances", false, 0, internal::kU32Max)) {
    channel_.max_instances = static_cast<uint32_t>(*n);
  }
  if (auto n = reader_.IntegerKey(v, pointer, "channel", "max_file_size", false, kMinFileSize,
                                  kMaxFileSize)) {
    channel_.max_file_size = *n;
  }
}

void SchemaLoader::LoadTemplateTypes(JsonRef v) {
  const std::string pointer = "/template_types";
  if (!reader_.ExpectKind(v, Kind::kArray, pointer, "template_types")) {
    unnamed_types_ = true;
    return;
  }
  if (v.items().empty() || v.items().size() > kMaxTemplateTypes) {
    reader_.Add(Code::kSchemaBadKey, pointer, v,
                absl::StrCat("template_types must hold 1 to ", kMaxTemplateTypes,
                             " template types, got ", v.items().size()));
    if (v.items().empty()) {
      unnamed_types_ = true;
      return;
    }
  }
  absl::flat_hash_map<uint64_t, size_t> ids;
  absl::flat_hash_map<std::string, size_t> names;
  for (size_t i = 0; i < v.items().size(); ++i) {
    LoadTemplateType(v.items()[i], ItemPointer(pointer, i), &ids, &names);
  }
}

void SchemaLoader::LoadTemplateType(JsonRef v, const std::string& pointer,
                                    absl::flat_hash_map<uint64_t, size_t>* ids,
                                    absl::flat_hash_map<std::string, size_t>* names) {
  const size_t index = types_.size();
  types_.emplace_back();
  sources_.emplace_back();
  TemplateType& type = types_.back();
  sources_.back().pointer = pointer;
  if (!reader_.ExpectKind(v, Kind::kObject, pointer, "a template type")) {
    unnamed_types_ = true;
    return;
  }
  reader_.CheckKeys(v, pointer, "a template type", {"id", "name", "fields", "description"});
  if (auto id = reader_.IntegerKey(v, pointer, "template type", "id", true, 1, 65535)) {
    type.id = static_cast<uint16_t>(*id);
    if (auto [it, inserted] = ids->emplace(*id, index); !inserted) {
      reader_.Add(Code::kSchemaDuplicateType, ChildPointer(pointer, "id"), v.Find("id"),
                  absl::StrCat("template type id ", *id, " is already used by /template_types/",
                               it->second));
    }
  }
  const JsonRef name = reader_.Member(v, pointer, "template type", "name", true);
  if (!name || !name.is_string() || !IsName(name.text())) unnamed_types_ = true;
  if (name) {
    if (!name.is_string()) {
      reader_.Add(Code::kSchemaBadKey, ChildPointer(pointer, "name"), name,
                  absl::StrCat("template type name must be a string, got ", Describe(name)));
    } else {
      type.name = name.text();
      type_by_name_.emplace(std::string(name.text()), index);
      if (!IsName(name.text())) {
        reader_.Add(Code::kSchemaBadName, ChildPointer(pointer, "name"), name,
                    absl::StrCat("template type name ", Describe(name),
                                 " is not a name ([a-z][a-z0-9_]{0,63})"));
      } else if (auto [it, inserted] = names->emplace(std::string(name.text()), index); !inserted) {
        unnamed_types_ = true;
        reader_.Add(Code::kSchemaDuplicateType, ChildPointer(pointer, "name"), name,
                    absl::StrCat("template type name '", V(name.text()),
                                 "' is already used by /template_types/", it->second));
      }
    }
  }
  reader_.OptionalString(v, pointer, "description", &type.description);
  const JsonRef fields = reader_.Member(v, pointer, "template type", "fields", true);
  if (!fields) return;
  const std::string fields_pointer = ChildPointer(pointer, "fields");
  if (!reader_.ExpectKind(fields, Kind::kArray, fields_pointer, "fields")) return;
  if (fields.items().empty() || fields.items().size() > kMaxFields) {
    reader_.Add(Code::kSchemaFieldCount, fields_pointer, fields,
                absl::StrCat("template type '", type.name, "' must have 1 to ", kMaxFields,
                             " fields, got ", fields.items().size()));
    if (fields.items().empty()) return;
  }
  absl::flat_hash_set<std::string> field_names;
  for (size_t i = 0; i < fields.items().size(); ++i) {
    sources_.back().fields.push_back(fields.items()[i]);
    types_[index].fields.push_back(
        LoadField(fields.items()[i], ItemPointer(fields_pointer, i), &field_names));
  }
}

}  // namespace internal

SchemaLoadResult LoadSchema(std::string_view json_text, size_t max_diagnostics) {
  SchemaLoadResult result{std::nullopt, Report(max_diagnostics)};
  internal::SchemaLoader loader(&result.report);
  result.schema = loader.Load(json_text);
  return result;
}

absl::StatusOr<Schema> Schema::FromJson(std::string_view json_text) {
  SchemaLoadResult result = LoadSchema(json_text, 1);
  if (result.schema.has_value()) return std::move(*result.schema);
  for (const Diagnostic& d : result.report.diagnostics()) {
    if (d.severity() != Severity::kError) continue;
    return WithCode(
        absl::InvalidArgumentError(absl::StrCat(
            internal::V(CodeName(d.code())), d.pointer().empty() ? "" : " ", d.pointer(), ": ",
            internal::V(d.message()), " (line ", d.line(), ", column ", d.column(), ")")),
        d.code());
  }
  return absl::InvalidArgumentError("schema has errors");
}

absl::StatusOr<Schema> Schema::FromFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int err = errno;
    return absl::ErrnoToStatus(err, absl::StrCat("cannot open schema ", path));
  }
  std::string text;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int err = errno;
  std::fclose(file);
  if (failed) return absl::ErrnoToStatus(err, absl::StrCat("cannot read schema ", path));
  return FromJson(text);
}

}  // namespace contentgate
