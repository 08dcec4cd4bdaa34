// File: fuzz/fuzz_schemas.h
// The schemas every fuzz target checks its inputs against: the shipped
// schemas/*.json and the fuzzing-only fuzz/schemas/*.json, embedded into the
// binary at build time (fuzz/embed_files.cmake), so a fuzzer runs from any
// folder with no file system access.

#ifndef CONTENTGATE_FUZZ_FUZZ_SCHEMAS_H_
#define CONTENTGATE_FUZZ_FUZZ_SCHEMAS_H_

#include <string_view>

#include "absl/types/span.h"
#include "contentgate/schema.h"

namespace contentgate::fuzz {

// One embedded file: its base name and its bytes (static storage).
struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

// The embedded schema files, shipped ones first, in name order. Defined in
// the generated embedded_schemas.cc.
absl::Span<const EmbeddedFile> EmbeddedSchemaFiles();

// The embedded schemas, loaded on first use and kept for the life of the
// process (thread-safe initialisation). The first is the shipped
// channel-291 schema. A schema that fails to load is a build defect: the
// process prints its first diagnostic and aborts.
absl::Span<const Schema> FuzzSchemas();

// `text` as bytes / `bytes` as text, for the targets' conversions.
inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace contentgate::fuzz

#endif  // CONTENTGATE_FUZZ_FUZZ_SCHEMAS_H_
