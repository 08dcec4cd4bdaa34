// File: contentgate/source_dump.h
// The JSON authoring form of channel content, dump side (channel file ->
// source; lib/source_dump.cc): the inverse of CompileSource in
// contentgate/source.h.

#ifndef CONTENTGATE_SOURCE_DUMP_H_
#define CONTENTGATE_SOURCE_DUMP_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/types/span.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate {

// What dumping a channel file produced: its diagnostics and, only when it has
// no error for the target sensors, the source JSON (UTF-8, ending in a
// newline) that compiles back to exactly the same bytes when the file is
// canonical.
struct DumpResult {
  Report report;
  std::optional<std::string> source_json;
};

// Validates `file` for the target sensors of `options` and, when it has no
// error (warnings allowed), renders it as a source document. A file longer
// than the channel's max_file_size gets CG106 alone, without a byte of it
// being read.
DumpResult DumpChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                           const ValidateOptions& options = {});

}  // namespace contentgate

#endif  // CONTENTGATE_SOURCE_DUMP_H_
