// File: contentgate/validate.h
// One entry point for the pre-publish gate: detect whether a file is source
// JSON or a binary channel file, and check it with the matching validator.

#ifndef CONTENTGATE_VALIDATE_H_
#define CONTENTGATE_VALIDATE_H_

#include <cstdint>
#include <string_view>

#include "absl/types/span.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate {

// The two forms of channel content.
enum class FileKind : uint8_t { kChannel, kSource };

// "channel" or "source".
std::string_view FileKindName(FileKind kind);

// A file that starts with '{' after an optional UTF-8 byte order mark and
// JSON white space is source; every other file (empty, all zero, anything)
// is a channel file.
FileKind DetectFileKind(absl::Span<const uint8_t> file);

// Detects the kind of `file` and validates it, filling `report` (cleared
// first). Returns the kind it detected.
FileKind ValidateFile(absl::Span<const uint8_t> file, const Schema& schema,
                      const ValidateOptions& options, Report* report);

}  // namespace contentgate

#endif  // CONTENTGATE_VALIDATE_H_
