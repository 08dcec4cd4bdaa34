// File: bench/fixtures.cc
// The shared benchmark inputs of fixtures.h, built once per process.

#include "fixtures.h"

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"

namespace contentgate::bench {
namespace {

std::string FirstError(const Report& report) {
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.severity() == Severity::kError)
      return absl::StrCat(std::string(CodeName(d.code())), ": ", std::string(d.message()));
  }
  return absl::StrCat(report.errors(), " errors, none kept");
}

SchemaFixture LoadReferenceSchema() {
  SchemaFixture fixture;
  const std::string path = CG_SOURCE_DIR "/schemas/channel-291.schema.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fixture.error = absl::StrCat("cannot read ", path);
    return fixture;
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  fixture.text = contents.str();
  // N = 100,000 is more instances than the channel's max_instances (65535):
  // the benchmarks load the schema with that limit raised, and only that.
  std::string text = fixture.text;
  const std::string limit = "\"max_instances\": 65535";
  const size_t at = text.find(limit);
  if (at == std::string::npos) {
    fixture.error = absl::StrCat(path, ": no ", limit, " to raise");
    return fixture;
  }
  text.replace(at, limit.size(), "\"max_instances\": 1000000");
  SchemaLoadResult loaded = LoadSchema(text);
  if (!loaded.schema.has_value()) {
    fixture.error = absl::StrCat(path, ": ", FirstError(loaded.report));
    return fixture;
  }
  // Kept for the life of the process, like the fixture that points at it.
  fixture.schema = new Schema(std::move(*loaded.schema));
  return fixture;
}

ReferenceFixture BuildReference(ReferenceMix mix, uint32_t instances) {
  ReferenceFixture fixture;
  const SchemaFixture& schema = ReferenceSchema();
  if (schema.schema == nullptr) {
    fixture.error = schema.error;
    return fixture;
  }
  ReferenceSpec spec;
  spec.instances = instances;
  spec.mix = mix;
  absl::StatusOr<Content> content = MakeReferenceContent(*schema.schema, spec);
  if (!content.ok()) {
    fixture.error = std::string(content.status().message());
    return fixture;
  }
  fixture.bytes = EncodeChannelFile(*content);
  fixture.source = RenderSourceJson(*content, *schema.schema);
  fixture.stats = ComputeMixStats(*content);
  fixture.criteria = fixture.stats.criteria;
  const Report report = ValidateChannelFile(AsBytes(fixture.bytes), *schema.schema);
  fixture.diagnostics = report.warnings();
  if (!report.valid()) {
    fixture.error = absl::StrCat("reference file ", ReferenceMixName(mix), "/", instances,
                                 " does not validate: ", FirstError(report));
  }
  return fixture;
}

}  // namespace

const SchemaFixture& ReferenceSchema() {
  static const SchemaFixture* const fixture = new SchemaFixture(LoadReferenceSchema());
  return *fixture;
}

const ReferenceFixture& Reference(ReferenceMix mix, uint32_t instances) {
  static auto* const cache =
      new std::map<std::pair<ReferenceMix, uint32_t>, std::unique_ptr<ReferenceFixture>>();
  std::unique_ptr<ReferenceFixture>& slot = (*cache)[{mix, instances}];
  if (slot == nullptr) slot = std::make_unique<ReferenceFixture>(BuildReference(mix, instances));
  return *slot;
}

}  // namespace contentgate::bench
