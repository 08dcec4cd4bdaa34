// File: lib/header_gen.cc
// The C++17 header generated from a schema (header_gen.h): names, guards
// and one namespace per template type.

#include "contentgate/header_gen.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"

namespace contentgate {
namespace {

// C++ keywords and alternative tokens that a schema name ([a-z][a-z0-9_]*)
// can spell; such a name gets a '_' suffix when used as an identifier.
bool IsKeyword(std::string_view name) {
  static constexpr std::string_view kKeywords[] = {
      "alignas",       "alignof",     "and",
      "and_eq",        "asm",         "auto",
      "bitand",        "bitor",       "bool",
      "break",         "case",        "catch",
      "char",          "char8_t",     "char16_t",
      "char32_t",      "class",       "compl",
      "concept",       "const",       "consteval",
      "constexpr",     "constinit",   "const_cast",
      "continue",      "co_await",    "co_return",
      "co_yield",      "decltype",    "default",
      "delete",        "do",          "double",
      "dynamic_cast",  "else",        "enum",
      "explicit",      "export",      "extern",
      "false",         "float",       "for",
      "friend",        "goto",        "if",
      "inline",        "int",         "long",
      "mutable",       "namespace",   "new",
      "noexcept",      "not",         "not_eq",
      "nullptr",       "operator",    "or",
      "or_eq",         "private",     "protected",
      "public",        "register",    "reinterpret_cast",
      "requires",      "return",      "short",
      "signed",        "sizeof",      "static",
      "static_assert", "static_cast", "struct",
      "switch",        "template",    "this",
      "thread_local",  "throw",       "true",
      "try",           "typedef",     "typeid",
      "typename",      "union",       "unsigned",
      "using",         "virtual",     "void",
      "volatile",      "wchar_t",     "while",
      "xor",           "xor_eq",      "std",
      "uint8_t",       "uint16_t",    "uint32_t",
      "uint64_t"};
  for (std::string_view keyword : kKeywords) {
    if (name == keyword) return true;
  }
  return false;
}

// A schema name usable as a namespace name.
std::string NamespaceName(std::string_view name) {
  std::string out(name);
  if (IsKeyword(name)) out.push_back('_');
  return out;
}

// NamespaceName, with more '_' until it differs from every name in `used`
// (a keyword's "class_" could otherwise meet a schema name "class_").
std::string UniqueNamespaceName(std::string_view name, absl::flat_hash_set<std::string>* used) {
  std::string out = NamespaceName(name);
  while (!used->insert(out).second) out.push_back('_');
  return out;
}

// pipe_name -> kPipeName; digits stay; every '_' starts a capital.
std::string ConstantName(std::string_view name) {
  std::string out = "k";
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

// Hands out constant names unique within one namespace: the CamelCase form,
// or kField_<name> / kValue_<name> when that is taken.
class ConstantNames {
 public:
  explicit ConstantNames(std::initializer_list<std::string_view> reserved) {
    for (std::string_view name : reserved) used_.insert(std::string(name));
  }
  std::string Take(std::string_view name, std::string_view fallback_prefix) {
    std::string constant = ConstantName(name);
    if (!used_.insert(constant).second) {
      constant = absl::StrFormat("%s_%s", fallback_prefix, name);
      used_.insert(constant);
    }
    return constant;
  }
  bool Reserve(const std::string& name) { return used_.insert(name).second; }

 private:
  absl::flat_hash_set<std::string> used_;
};

// 7.11.3 -> 7_11_3.
std::string VersionSuffix(std::string_view version) {
  std::string out(version);
  for (char& c : out) {
    if (c == '.') c = '_';
  }
  return out;
}

std::string GuardName(std::string_view channel_name) {
  std::string out = "CONTENTGATE_SCHEMA_";
  for (char c : channel_name) out.push_back(c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
  out += "_H_";
  return out;
}

// A `//` comment line safe to emit: no newline, no trailing backslash.
std::string CommentText(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.pop_back();
  return out;
}

// A sensor (its index in Schema::sensors()) that has an input list for a
// type, and the inputs it supplies.
struct ListedSensor {
  size_t sensor;
  uint32_t inputs;
};

// `listed`: the sensors with an input list for type t, in sensor order; only
// those get constants, so the header is proportional to the listed pairs.
void AppendTemplateType(const Schema& schema, size_t t, const std::vector<ListedSensor>& listed,
                        const std::string& ns, std::string* out) {
  const TemplateType& type = schema.template_types()[t];
  absl::StrAppendFormat(out, "\n// Template type '%s'", type.name);
  if (!type.description.empty()) absl::StrAppendFormat(out, ": %s", CommentText(type.description));
  absl::StrAppendFormat(out, "\nnamespace %s {\n\n", ns);
  absl::StrAppendFormat(out, "inline constexpr uint16_t kTemplateTypeId = %d;\n", type.id);
  absl::StrAppendFormat(out, "inline constexpr uint32_t kFieldCount = %d;\n\n", type.fields.size());

  ConstantNames names(
      {"kTemplateTypeId", "kFieldCount", "kInputsSupplied", "kNoInputList", "kSensorCount"});
  // Sensor constants are reserved first: their names are fixed by the version.
  for (const ListedSensor& l : listed) {
    names.Reserve("kInputsSupplied_" + VersionSuffix(schema.sensors()[l.sensor].version));
  }
  out->append("// Field indices: criterion i and input i are for field i.\n");
  for (size_t i = 0; i < type.fields.size(); ++i) {
    const Field& field = type.fields[i];
    absl::StrAppendFormat(out, "inline constexpr uint32_t %s = %d;  // %s (%s)\n",
                          names.Take(field.name, "kField"), i, field.name,
                          FieldTypeName(field.type));
  }
  absl::flat_hash_set<std::string> enum_namespaces;
  for (const Field& field : type.fields) {
    if (field.type != FieldType::kEnum) continue;
    const std::string enum_ns = UniqueNamespaceName(field.name, &enum_namespaces);
    absl::StrAppendFormat(out, "\n// Values of enum field '%s'.\nnamespace %s {\n", field.name,
                          enum_ns);
    ConstantNames values({});
    for (const EnumValue& value : field.values) {
      absl::StrAppendFormat(out, "inline constexpr uint32_t %s = %d;  // %s\n",
                            values.Take(value.name, "kValue"), value.value, value.name);
    }
    absl::StrAppendFormat(out, "}  // namespace %s\n", enum_ns);
  }

  out->append(
      "\n// Inputs each sensor version supplies to the content interpreter (a sensor\n"
      "// not listed here has no input list for this type).\n");
  for (const ListedSensor& l : listed) {
    absl::StrAppendFormat(out, "inline constexpr uint32_t kInputsSupplied_%s = %d;\n",
                          VersionSuffix(schema.sensors()[l.sensor].version), l.inputs);
  }
  if (!listed.empty()) {
    out->append("inline constexpr SensorInputs kInputsSupplied[] = {\n");
    for (const ListedSensor& l : listed) {
      absl::StrAppendFormat(out, "    {\"%s\", %d},\n", schema.sensors()[l.sensor].version,
                            l.inputs);
    }
    out->append("};\n");
  }
  absl::StrAppendFormat(out, "\n}  // namespace %s\n", ns);
}

}  // namespace

std::string GenerateHeader(const Schema& schema, std::string_view source_name) {
  const ChannelInfo& channel = schema.channel();
  const std::string guard = GuardName(channel.name);
  const std::string ns = "contentgate_schema::" + NamespaceName(channel.name);
  std::string out;
  out.append("// Generated by `contentgate gen-header`");
  if (!source_name.empty()) absl::StrAppendFormat(&out, " from %s", CommentText(source_name));
  out.append(". Do not edit.\n");
  absl::StrAppendFormat(&out,
                        "// Channel %d '%s': template types, field indices, enum values and\n",
                        channel.id, channel.name);
  out.append(
      "// the inputs each sensor version supplies. A sensor build checks its\n"
      "// integration code against it, e.g.\n"
      "//   static_assert(kMyInputs == <type>::kInputsSupplied_<version>);\n"
      "//   static_assert(kMyInputs == <type>::kFieldCount);\n\n");
  absl::StrAppendFormat(&out, "#ifndef %s\n#define %s\n\n#include <cstdint>\n\n", guard, guard);
  absl::StrAppendFormat(&out, "namespace %s {\n\n", ns);
  absl::StrAppendFormat(&out, "inline constexpr uint32_t kChannelId = %d;\n", channel.id);
  absl::StrAppendFormat(&out, "inline constexpr uint32_t kSensorCount = %d;\n",
                        schema.sensors().size());
  out.append(
      "// A type's kInputsSupplied[] lists only the sensors with an input list for\n"
      "// it; kNoInputList stands for \"no input list\" where code needs a value.\n"
      "inline constexpr uint32_t kNoInputList = 0xFFFFFFFFu;\n\n"
      "// One row of a type's kInputsSupplied[] table.\n"
      "struct SensorInputs {\n"
      "  const char* version;\n"
      "  uint32_t inputs;\n"
      "};\n");
  std::vector<std::vector<ListedSensor>> listed(schema.template_types().size());
  for (size_t s = 0; s < schema.sensors().size(); ++s) {
    for (const Sensor::Input& input : schema.sensors()[s].listed_inputs()) {
      listed[input.type_index].push_back(ListedSensor{s, input.count});
    }
  }
  absl::flat_hash_set<std::string> type_namespaces;
  for (size_t t = 0; t < schema.template_types().size(); ++t) {
    AppendTemplateType(schema, t, listed[t],
                       UniqueNamespaceName(schema.template_types()[t].name, &type_namespaces),
                       &out);
  }
  absl::StrAppendFormat(&out, "\n}  // namespace %s\n\n#endif  // %s\n", ns, guard);
  return out;
}

}  // namespace contentgate
