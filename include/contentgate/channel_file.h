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

// Wire-format constants of version 1 (the values of core.h).
inline constexpr uint8_t kMagic[4] = {'C', 'H', 'N', 'L'};
inline constexpr uint16_t kFormatVersion = CG_FORMAT_VERSION;
inline constexpr size_t kHeaderSize = CG_HEADER_SIZE;
inline constexpr size_t kInstanceEntrySize = CG_INSTANCE_ENTRY_SIZE;
inline constexpr size_t kCriterionEntrySize = CG_CRITERION_ENTRY_SIZE;
inline constexpr uint16_t kInstanceDisabled = CG_INSTANCE_DISABLED;  // instance flags bit 0
inline constexpr uint8_t kCriterionNocase = CG_CRITERION_NOCASE;     // criterion flags bit 0

// Byte offsets of the header fields.
namespace header {
inline constexpr size_t kMagic = CG_HEADER_MAGIC;
inline constexpr size_t kFormatVersion = CG_HEADER_FORMAT_VERSION;
inline constexpr size_t kHeaderSize = CG_HEADER_HEADER_SIZE;
inline constexpr size_t kChannelId = CG_HEADER_CHANNEL_ID;
inline constexpr size_t kContentVersion = CG_HEADER_CONTENT_VERSION;
inline constexpr size_t kFileSize = CG_HEADER_FILE_SIZE;
inline constexpr size_t kFlags = CG_HEADER_FLAGS;
inline constexpr size_t kInstanceTableOffset = CG_HEADER_INSTANCE_TABLE_OFFSET;
inline constexpr size_t kInstanceCount = CG_HEADER_INSTANCE_COUNT;
inline constexpr size_t kCriterionTableOffset = CG_HEADER_CRITERION_TABLE_OFFSET;
inline constexpr size_t kCriterionCount = CG_HEADER_CRITERION_COUNT;
inline constexpr size_t kPoolOffset = CG_HEADER_POOL_OFFSET;
inline constexpr size_t kPoolSize = CG_HEADER_POOL_SIZE;
inline constexpr size_t kReserved = CG_HEADER_RESERVED;
inline constexpr size_t kPayloadCrc = CG_HEADER_PAYLOAD_CRC;
inline constexpr size_t kHeaderCrc = CG_HEADER_HEADER_CRC;
}  // namespace header

// Byte offsets within an instance entry (16 bytes at 64 + 16 x k).
namespace instance_entry {
inline constexpr size_t kId = CG_INSTANCE_ID;
inline constexpr size_t kTemplateTypeId = CG_INSTANCE_TEMPLATE_TYPE_ID;
inline constexpr size_t kCriterionCount = CG_INSTANCE_CRITERION_COUNT;
inline constexpr size_t kFirstCriterion = CG_INSTANCE_FIRST_CRITERION;
inline constexpr size_t kFlags = CG_INSTANCE_FLAGS;
inline constexpr size_t kReserved = CG_INSTANCE_RESERVED;
}  // namespace instance_entry

// Byte offsets within a criterion entry (24 bytes at criterion_table_offset + 24 x j).
namespace criterion_entry {
inline constexpr size_t kOp = CG_CRITERION_OP;
inline constexpr size_t kFlags = CG_CRITERION_FLAGS;
inline constexpr size_t kReserved = CG_CRITERION_RESERVED;
inline constexpr size_t kArg0 = CG_CRITERION_ARG0;
inline constexpr size_t kArg1 = CG_CRITERION_ARG1;
}  // namespace criterion_entry

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
