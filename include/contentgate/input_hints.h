// File: contentgate/input_hints.h
// Hints for files that are read as channel files but are plainly text: the
// report adds the hint to their CG100 or CG101 message.

#ifndef CONTENTGATE_INPUT_HINTS_H_
#define CONTENTGATE_INPUT_HINTS_H_

#include <cstdint>
#include <string_view>

#include "absl/types/span.h"

namespace contentgate {

// What the first bytes of `file` suggest it is, or "" when nothing: a
// UTF-32 byte order mark gives "looks like a UTF-32 text file", a UTF-16 one
// "looks like a UTF-16 text file", and `//`, `/*` or `#` (after an optional
// UTF-8 byte order mark and white space) "looks like JSON with comments,
// which is not accepted". Reads at most the first 4 KiB; never allocates.
std::string_view ChannelFileHint(absl::Span<const uint8_t> file);

}  // namespace contentgate

#endif  // CONTENTGATE_INPUT_HINTS_H_
