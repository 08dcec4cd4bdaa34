// File: contentgate/channel_file.h
// The channel file format (version 1) and its validator: the hot path that
// both the pre-publish gate and the sensor run on every content file.
//
// Validation is linear in the file size, computes every size and offset
// without overflow, never reads outside `file`, throws nothing and, for a
// file without diagnostics and without regex criteria, allocates nothing.

#ifndef CONTENTGATE_CHANNEL_FILE_H_
#define CONTENTGATE_CHANNEL_FILE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate {

// Wire-format constants of version 1.
inline constexpr uint8_t kMagic[4] = {'C', 'H', 'N', 'L'};
inline constexpr uint16_t kFormatVersion = 1;
inline constexpr size_t kHeaderSize = 64;
inline constexpr size_t kInstanceEntrySize = 16;
inline constexpr size_t kCriterionEntrySize = 24;
inline constexpr uint16_t kInstanceDisabled = 1;  // instance flags bit 0
inline constexpr uint8_t kCriterionNocase = 1;    // criterion flags bit 0

// Byte offsets of the header fields.
namespace header {
inline constexpr size_t kMagic = 0;
inline constexpr size_t kFormatVersion = 4;
inline constexpr size_t kHeaderSize = 6;
inline constexpr size_t kChannelId = 8;
inline constexpr size_t kContentVersion = 12;
inline constexpr size_t kFileSize = 16;
inline constexpr size_t kFlags = 20;
inline constexpr size_t kInstanceTableOffset = 24;
inline constexpr size_t kInstanceCount = 28;
inline constexpr size_t kCriterionTableOffset = 32;
inline constexpr size_t kCriterionCount = 36;
inline constexpr size_t kPoolOffset = 40;
inline constexpr size_t kPoolSize = 44;
inline constexpr size_t kReserved = 48;
inline constexpr size_t kPayloadCrc = 56;
inline constexpr size_t kHeaderCrc = 60;
}  // namespace header

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

}  // namespace contentgate

#endif  // CONTENTGATE_CHANNEL_FILE_H_
