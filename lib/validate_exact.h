// File: lib/validate_exact.h
// Internal: the channel-file validator with its fast path turned off, the
// reference that tests and fuzz targets hold the fast path to.

#ifndef CONTENTGATE_LIB_VALIDATE_EXACT_H_
#define CONTENTGATE_LIB_VALIDATE_EXACT_H_

#include <cstdint>

#include "absl/types/span.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// ValidateChannelFile in the core's reference mode (CG_OPTION_REFERENCE):
// every criterion takes the exact checks, with plain scans of each string,
// rather than first the compiled per-field rules and the pool facts. Must
// give the same report, diagnostic for diagnostic; not linear when many
// criteria share long strings (tests and fuzzing only).
void ValidateChannelFileExact(absl::Span<const uint8_t> file, const Schema& schema,
                              const ValidateOptions& options, Report* report);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_VALIDATE_EXACT_H_
