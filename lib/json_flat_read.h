// File: lib/json_flat_read.h
// The flat document's strict two-pass reader, which ParseJsonDoc tries
// before falling back to ParseJson for the exact error.

#ifndef CONTENTGATE_LIB_JSON_FLAT_READ_H_
#define CONTENTGATE_LIB_JSON_FLAT_READ_H_

#include <string_view>

#include "json_flat.h"

namespace contentgate::internal {

// Reads `text` (at most kJsonDocMaxSize bytes) into `out` when it is JSON
// the strict reader accepts: RFC 8259 and RFC 3629 as nlohmann's lexer
// applies them, nesting at most `max_depth`, no duplicate key. False says
// nothing about why (the caller asks ParseJson) and leaves `out` to be
// reset. Pass 1 checks and counts without allocating per value; pass 2
// writes every value into the arena allocated once from pass 1's count.
bool ReadJsonDoc(std::string_view text, JsonDoc* out, int max_depth);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_JSON_FLAT_READ_H_
