// File: contentgate/content.h
// The in-memory content model of a channel file, its canonical encoder (the
// writer) and its decoder. The compiler builds a Content from source JSON and
// encodes it; dump decodes a validated file into a Content.

#ifndef CONTENTGATE_CONTENT_H_
#define CONTENTGATE_CONTENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/schema.h"

namespace contentgate {

// One criterion, its operand held as `Text`. For string operators `text` is
// the operand and arg0/arg1 are ignored by the encoder, which assigns pool
// offsets; for the others `text` is ignored.
template <typename Text>
struct BasicCriterion {
  Op op = Op::kAny;
  bool nocase = false;
  uint64_t arg0 = 0;
  uint64_t arg1 = 0;
  Text text;
};

// A criterion that owns its operand.
using Criterion = BasicCriterion<std::string>;

// One template instance: criteria[i] is for field i of its template type.
struct Instance {
  uint32_t id = 0;
  uint16_t template_type_id = 0;
  bool disabled = false;
  std::vector<Criterion> criteria;
};

// The content of one channel file.
struct Content {
  uint32_t channel_id = 0;
  uint32_t content_version = 0;
  std::vector<Instance> instances;
};

// The canonical encoding of `content` (channel-file format, "Canonical
// encoding"): instances sorted by ascending id, criteria as given, each
// distinct string once in the pool in order of first use, reserved bytes
// zero, CRCs computed last. Does not validate: a caller that wants a valid
// file supplies valid content (one criterion per field, `any` for the rest).
std::string EncodeChannelFile(const Content& content);

// Decodes a channel file into a Content. Requires a file that validates
// without error against `schema` with no target sensors (compatibility is the
// caller's concern); InvalidArgument otherwise, naming the first error.
absl::StatusOr<Content> DecodeChannelFile(absl::Span<const uint8_t> file, const Schema& schema);

}  // namespace contentgate

#endif  // CONTENTGATE_CONTENT_H_
