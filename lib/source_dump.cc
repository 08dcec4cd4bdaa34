// File: lib/source_dump.cc
// Dump: a valid channel file rendered as the source document that compiles
// back to it.

#include "contentgate/source_dump.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "json_writer.h"

namespace contentgate {
namespace {

using internal::JsonWriter;

// One criterion as a one-line object: {"range": [100, 65535]}.
void RenderCriterion(const Criterion& c, const Field& field, JsonWriter* out) {
  out->BeginObject(JsonWriter::Layout::kInline);
  out->Key(OpName(c.op));
  switch (c.op) {
    case Op::kEq:
    case Op::kNe:
      if (field.type == FieldType::kBool) {
        out->Bool(c.arg0 != 0);
      } else if (field.type == FieldType::kEnum) {
        // A valid file holds only declared values.
        const EnumValue* value = field.FindEnumValue(c.arg0);
        if (value != nullptr) {
          out->String(value->name);
        } else {
          out->Uint(c.arg0);
        }
      } else {
        out->Uint(c.arg0);
      }
      break;
    case Op::kRange:
    case Op::kMask:
      out->BeginArray(JsonWriter::Layout::kInline);
      out->Uint(c.arg0);
      out->Uint(c.arg1);
      out->EndArray();
      break;
    default:
      out->String(c.text);
      if (c.nocase) out->Member("nocase", true);
      break;
  }
  out->EndObject();
}

std::string RenderSource(const Content& content, const Schema& schema) {
  std::string text;
  JsonWriter out(&text, 2);
  out.BeginObject();
  out.Member("channel", content.channel_id);
  out.Member("content_version", content.content_version);
  out.Key("instances");
  out.BeginArray();
  for (const Instance& instance : content.instances) {
    const TemplateType& type =
        schema.template_types()[schema.FindTemplateTypeById(instance.template_type_id)];
    out.BeginObject();
    out.Member("id", instance.id);
    out.Member("type", type.name);
    if (instance.disabled) out.Member("disabled", true);
    out.Key("criteria");
    out.BeginObject();
    for (size_t i = 0; i < instance.criteria.size() && i < type.fields.size(); ++i) {
      if (instance.criteria[i].op == Op::kAny) continue;
      out.Key(type.fields[i].name);
      RenderCriterion(instance.criteria[i], type.fields[i], &out);
    }
    out.EndObject();
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  text.push_back('\n');
  return text;
}

}  // namespace

DumpResult DumpChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                           const ValidateOptions& options) {
  const uint64_t max_size = schema.channel().max_file_size;
  if (file.size() > max_size) {
    // CG106 first, and alone: no byte of the file is read.
    DumpResult too_large{Report(options.max_diagnostics), std::nullopt};
    if (Diagnostic* d = too_large.report.Add(Code::kFileTooLarge)) {
      d->set_offset(CG_HEADER_FILE_SIZE);
      d->set_message(absl::StrCat("file is ", file.size(),
                                  " bytes, larger than the channel's max_file_size ", max_size));
    }
    return too_large;
  }
  DumpResult result{ValidateChannelFile(file, schema, options), std::nullopt};
  if (!result.report.valid()) return result;
  // The file passed every check, so decoding (which checks it again without
  // target sensors) succeeds.
  absl::StatusOr<Content> content = DecodeChannelFile(file, schema);
  if (content.ok()) result.source_json = RenderSource(*content, schema);
  return result;
}

}  // namespace contentgate
