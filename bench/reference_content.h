// File: bench/reference_content.h
// Reproducible reference content for the benchmarks: channel files of the
// `ipc_named_pipe` template type with a realistic mix of criteria, built
// with the library's own content model and canonical writer, and the source
// JSON that compiles to the same bytes.
//
// The same spec and seed give the same bytes on every platform and standard
// library: the generator uses its own PRNG and integer-only arithmetic, never
// <random>'s distributions (whose output is implementation-defined).

#ifndef CONTENTGATE_BENCH_REFERENCE_CONTENT_H_
#define CONTENTGATE_BENCH_REFERENCE_CONTENT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "contentgate/content.h"
#include "contentgate/schema.h"

namespace contentgate::bench {

// The seed of every published reference file.
inline constexpr uint64_t kReferenceSeed = 0x291C0A7E5EEDull;

// Which criteria the instances hold.
enum class ReferenceMix : uint8_t {
  // About 20 % string criteria of 8 to 64 bytes (str_eq, prefix, suffix,
  // contains, glob, as each field allows; no regex), every integer, enum and
  // bool field constrained, the unsupplied trailing fields `any`.
  kMixed,
  // kMixed with about 2 % of all criteria regex, every pattern distinct.
  kRegex,
  // Only integer, enum and bool criteria; every string field `any`.
  kIntegerOnly,
};

// "mixed", "regex" or "int".
const char* ReferenceMixName(ReferenceMix mix);

// What to generate.
struct ReferenceSpec {
  uint32_t instances = 10000;
  ReferenceMix mix = ReferenceMix::kMixed;
  uint64_t seed = kReferenceSeed;
  std::string template_type = "ipc_named_pipe";
};

// Builds `spec.instances` instances of `spec.template_type` (ids 1, 2, ...,
// about 1 % of them DISABLED), each with one criterion per field, every
// criterion valid for its field (operator among the field's ops, operands
// within its bounds, enum values declared, string lengths within its limits,
// glob wildcards within max_wildcards). Every field at an index some sensor
// of the schema does not supply is `any`, so the content is valid for every
// sensor (with warning CG401 for each sensor that supplies fewer inputs than
// the type has fields). InvalidArgument when the schema has no such template
// type or the type has a field that allows neither `any` nor a generated
// operator.
absl::StatusOr<Content> MakeReferenceContent(const Schema& schema, const ReferenceSpec& spec);

// The source JSON (one instance per line) that compiles, against `schema`,
// to exactly EncodeChannelFile(content): `any` criteria are left out.
// Requires content whose template type ids and field counts match `schema`.
std::string RenderSourceJson(const Content& content, const Schema& schema);

// Counts of the criteria of `content`, by kind, to check a mix.
struct MixStats {
  uint64_t criteria = 0;
  uint64_t any = 0;
  uint64_t string = 0;  // regex included
  uint64_t regex = 0;
  uint64_t other = 0;  // integer, enum and bool
  uint32_t min_string_length = 0;
  uint32_t max_string_length = 0;
};
MixStats ComputeMixStats(const Content& content);

// Writes a generated file atomically (WriteFileAtomically); on failure prints
// the reason to stderr and returns false, leaving `path` as it was.
bool WriteGeneratedFile(const std::string& path, std::string_view bytes);

}  // namespace contentgate::bench

#endif  // CONTENTGATE_BENCH_REFERENCE_CONTENT_H_
