// File: contentgate/channel_file.h
// The channel file format (version 1) and its validator: the hot path that
// both the pre-publish gate and the sensor run on every content file.
//
// Validation runs the C core (core.h, lib/core/) and adds messages, the
// Report and RE2's verdict on regex operands. It is linear in the file size
// for every input, computes every size and offset without overflow, never
// reads outside `file`, throws nothing and, with a reused Report, allocates
// nothing for a file without diagnostics and without regex criteria once
// the report's scratch has grown to the file's size.

#ifndef CONTENTGATE_CHANNEL_FILE_H_
#define CONTENTGATE_CHANNEL_FILE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate {

// Wire-format constants of version 1 (the values of core.h). The byte offsets
// of the header and entry fields are core.h's CG_HEADER_*, CG_INSTANCE_* and
// CG_CRITERION_*.
inline constexpr uint8_t kMagic[4] = {'C', 'H', 'N', 'L'};
inline constexpr uint16_t kFormatVersion = CG_FORMAT_VERSION;
inline constexpr size_t kHeaderSize = CG_HEADER_SIZE;
inline constexpr size_t kInstanceEntrySize = CG_INSTANCE_ENTRY_SIZE;
inline constexpr size_t kCriterionEntrySize = CG_CRITERION_ENTRY_SIZE;
inline constexpr uint16_t kInstanceDisabled = CG_INSTANCE_DISABLED;  // instance flags bit 0
inline constexpr uint8_t kCriterionNocase = CG_CRITERION_NOCASE;     // criterion flags bit 0

class RegexCache;

// What to check a file against, beyond its schema.
struct ValidateOptions {
  // Indices into Schema::sensors() (ascending, as ResolveTargetSensors
  // returns) of the sensors to check compatibility against. nullopt, the
  // default, means every sensor of the schema; an empty vector means none.
  std::optional<std::vector<uint32_t>> target_sensors;
  // How many diagnostics the report keeps (all are counted).
  size_t max_diagnostics = Report::kDefaultMaxDiagnostics;
  // Optional cache of regex verdicts shared across files and threads, so a
  // pattern is compiled once per run rather than once per file. Not owned.
  RegexCache* regex_cache = nullptr;
};

// Checks `file` against every rule of the channel file format, in its three
// phases, and adds the diagnostics to `report` (whose cap is set from
// options.max_diagnostics). `report` is cleared first; reusing one Report
// across files keeps its storage.
void ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                         const ValidateOptions& options, Report* report);

// As above, returning a fresh report.
Report ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                           const ValidateOptions& options = {});

// The bytes of `text`, for callers holding a file in a string.
inline absl::Span<const uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// CRC-32C (Castagnoli; initial value and final XOR 0xFFFFFFFF) of `bytes`,
// hardware-accelerated by ISA-L. Crc32c("123456789") == 0xE3069283.
uint32_t Crc32c(absl::Span<const uint8_t> bytes);

// Crc32c of p[0, n) continued from `crc`, the finished CRC-32C of the bytes
// before (0 for none): the core's cg_options::crc32c hook, through ISA-L.
uint32_t Crc32cExtend(uint32_t crc, const uint8_t* p, size_t n);

}  // namespace contentgate

#endif  // CONTENTGATE_CHANNEL_FILE_H_
