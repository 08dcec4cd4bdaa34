// File: lib/utf8.h
// UTF-8 sequences for the library's C++ code, by the C core's RFC 3629
// check: one definition of well-formed for channel files, JSON text and
// reports.

#ifndef CONTENTGATE_LIB_UTF8_H_
#define CONTENTGATE_LIB_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/string_scan.h"

namespace contentgate::internal {

// The length (1 to 4) of the well-formed UTF-8 sequence that starts
// `text`, which is not empty, or 0 when it is malformed. A NUL byte is a
// sequence of 1 here (JSON escapes it, reports show it as \x00).
inline size_t Utf8SequenceLength(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  return p[0] == 0 ? 1 : cg_utf8_sequence_length(p, text.size());
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_UTF8_H_
