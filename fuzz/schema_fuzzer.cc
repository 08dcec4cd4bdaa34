// Fuzz target: schema loading from arbitrary text. Traps when LoadSchema and
// Schema::FromJson disagree, when a schema comes back with an error (or
// none without one), or when the verdict depends on the diagnostic cap. A
// loaded schema is then used: an all-`any` instance of every template type
// is encoded and validated against it for all its sensors.

#include <cstddef>
#include <cstdint>
#include <string>

#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/schema.h"
#include "fuzz_schemas.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contentgate;
  std::string_view text = fuzz::AsText(data, size);
  SchemaLoadResult result = LoadSchema(text);
  if (result.schema.has_value() != result.report.valid()) __builtin_trap();
  SchemaLoadResult capped = LoadSchema(text, 1);
  if (capped.report.valid() != result.report.valid() ||
      capped.report.errors() != result.report.errors() ||
      capped.report.warnings() != result.report.warnings()) {
    __builtin_trap();
  }
  if (Schema::FromJson(text).ok() != result.schema.has_value()) __builtin_trap();
  if (!result.schema) return 0;

  const Schema& schema = *result.schema;
  Content content;
  content.channel_id = schema.channel().id;
  uint32_t id = 1;
  for (const TemplateType& type : schema.template_types()) {
    if (schema.FindTemplateTypeById(type.id) < 0) __builtin_trap();
    if (schema.FindTemplateTypeByName(type.name) < 0) __builtin_trap();
    Instance instance;
    instance.id = id++;
    instance.template_type_id = type.id;
    instance.criteria.resize(type.fields.size());
    content.instances.push_back(std::move(instance));
    if (content.instances.size() >= 64) break;
  }
  std::string file = EncodeChannelFile(content);
  Report report = ValidateChannelFile(AsBytes(file), schema);
  (void)report;
  return 0;
}
