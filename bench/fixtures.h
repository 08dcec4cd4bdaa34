// File: bench/fixtures.h
// The inputs every benchmark shares: the shipped channel-291 schema and the
// reference files, built once per process and kept for its lifetime.
// Benchmarks run on one thread at a time; these are not thread-safe.

#ifndef CONTENTGATE_BENCH_FIXTURES_H_
#define CONTENTGATE_BENCH_FIXTURES_H_

#include <cstdint>
#include <string>

#include "contentgate/schema.h"
#include "reference_content.h"

namespace contentgate::bench {

// The instance counts of the published reference files.
inline constexpr uint32_t kSmallN = 100;
inline constexpr uint32_t kReferenceN = 10000;
inline constexpr uint32_t kLargeN = 100000;

// The text of schemas/channel-291.schema.json and the schema loaded from it
// with one change: max_instances raised from 65535 to 1,000,000, so that the
// N = 100,000 reference file is valid (CG208 otherwise). Every benchmark
// validates against this one schema, at every N.
struct SchemaFixture {
  std::string text;
  const Schema* schema = nullptr;  // null when `error` is set
  std::string error;
};
const SchemaFixture& ReferenceSchema();

// One reference file: its channel-file bytes and the source JSON that
// compiles to them. Built with the writer and validated once against every
// sensor of the schema: `error` names the first error when the file (or the
// schema) is not usable, and then the bytes must not be measured.
struct ReferenceFixture {
  std::string bytes;
  std::string source;
  uint64_t criteria = 0;     // instances × fields
  uint64_t diagnostics = 0;  // warnings counted by that validation
  MixStats stats;
  std::string error;
};
const ReferenceFixture& Reference(ReferenceMix mix, uint32_t instances);

}  // namespace contentgate::bench

#endif  // CONTENTGATE_BENCH_FIXTURES_H_
