// The schemas embedded in the fuzz targets, loaded once per process.
#include "fuzz_schemas.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "contentgate/diagnostic.h"

namespace contentgate::fuzz {

absl::Span<const Schema> FuzzSchemas() {
  // Leaked on purpose: reachable for the whole run, never destroyed while a
  // fuzz target may still use it.
  static const std::vector<Schema>* const schemas = [] {
    auto* loaded = new std::vector<Schema>;
    for (const EmbeddedFile& file : EmbeddedSchemaFiles()) {
      SchemaLoadResult result = LoadSchema(file.text);
      if (!result.schema.has_value()) {
        const auto diagnostics = result.report.diagnostics();
        std::string_view first = diagnostics.empty() ? "" : diagnostics[0].message();
        std::fprintf(stderr, "embedded schema %.*s does not load: %.*s\n",
                     static_cast<int>(file.name.size()), file.name.data(),
                     static_cast<int>(first.size()), first.data());
        std::abort();
      }
      loaded->push_back(std::move(*result.schema));
    }
    return loaded;
  }();
  return *schemas;
}

}  // namespace contentgate::fuzz
