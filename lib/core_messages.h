// File: lib/core_messages.h
// Internal: message formatting without heap allocation, and what turns the C core's diagnostics
// (core.h cg_diag) into the library's Diagnostics, with the messages and named locations the C++
// library has always given.

#ifndef CONTENTGATE_LIB_CORE_MESSAGES_H_
#define CONTENTGATE_LIB_CORE_MESSAGES_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/types/span.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// Formats the message of `d` into a stack buffer (no heap allocation). The
// buffer holds one byte more than a message, so that set_message sees where
// a long message is cut and never cuts a UTF-8 sequence in two.
template <typename... Args>
void SetMessage(Diagnostic* d, const absl::FormatSpec<Args...>& format, const Args&... args) {
  char buffer[Diagnostic::kMessageCapacity + 2];  // + the byte past the cut, + NUL
  const int n = absl::SNPrintF(buffer, sizeof buffer, format, args...);
  const size_t size = n < 0 ? 0 : std::min<size_t>(static_cast<size_t>(n), sizeof buffer - 1);
  d->set_message(std::string_view(buffer, size));
}

// SetMessage from pieces joined as absl::StrCat joins them, with no format
// string to interpret: for the messages a valid file can carry once per
// instance and sensor (CG400, CG401).
inline void SetMessageParts(Diagnostic* d, std::initializer_list<absl::AlphaNum> pieces) {
  char buffer[Diagnostic::kMessageCapacity + 1];  // + the byte past the cut
  size_t size = 0;
  for (const absl::AlphaNum& piece : pieces) {
    const size_t n = std::min(piece.size(), sizeof buffer - size);
    if (n != 0) std::memcpy(buffer + size, piece.data(), n);
    size += n;
  }
  d->set_message(std::string_view(buffer, size));
}

// What a message needs beyond the cg_diag: the file (to re-read the entry
// at fault), the schema (names) and, for CG314, RE2's verdict on the
// pattern the core just asked about.
struct MessageContext {
  absl::Span<const uint8_t> file;
  const Schema* schema = nullptr;
  Report* report = nullptr;
  const RegexCache::Verdict* last_regex_verdict = nullptr;
};

// Counts `d` in the report and, when kept, fills its locations and message.
// Allocation-free for every code (messages live inline in Diagnostic).
void AddCoreDiagnostic(const MessageContext& context, const cg_diag& d);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_CORE_MESSAGES_H_
