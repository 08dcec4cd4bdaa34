// File: fuzz/raw_channel.h
// A lenient, lossless-enough model of channel file bytes for the
// structure-aware mutator and the seed generator: any byte string decodes
// into header fields, instances with their criteria, and a pool; the encoder
// lays the regions out again with consistent offsets and CRCs, so a mutation
// at the level of a field does not die at the envelope checks.

#ifndef CONTENTGATE_FUZZ_RAW_CHANNEL_H_
#define CONTENTGATE_FUZZ_RAW_CHANNEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"

namespace contentgate::fuzz {

// One 24-byte criterion entry, every byte kept.
struct RawCriterion {
  uint8_t op = 0;
  uint8_t flags = 0;
  uint8_t reserved[6] = {};
  uint64_t arg0 = 0;
  uint64_t arg1 = 0;
};

// One 16-byte instance entry and the run of criteria it owns.
struct RawInstance {
  uint32_t id = 0;
  uint16_t template_type_id = 0;
  uint16_t flags = 0;
  uint16_t reserved = 0;
  // The stored criterion_count and first_criterion. The encoder writes
  // criteria.size() and the running total instead unless keep_declared.
  uint16_t declared_count = 0;
  uint32_t declared_first = 0;
  bool keep_declared = false;
  std::vector<RawCriterion> criteria;
};

// The 64-byte header. The layout fields (offsets, counts, sizes) and CRCs
// are what the bytes said; EncodeRaw recomputes them.
struct RawHeader {
  uint8_t magic[4] = {'C', 'H', 'N', 'L'};
  uint16_t format_version = 1;
  uint16_t header_size = 64;
  uint32_t channel_id = 0;
  uint32_t content_version = 0;
  uint32_t file_size = 0;
  uint32_t flags = 0;
  uint32_t instance_table_offset = 64;
  uint32_t instance_count = 0;
  uint32_t criterion_table_offset = 64;
  uint32_t criterion_count = 0;
  uint32_t pool_offset = 64;
  uint32_t pool_size = 0;
  uint64_t reserved = 0;
  uint32_t payload_crc = 0;
  uint32_t header_crc = 0;
};

// A whole file.
struct RawChannelFile {
  RawHeader header;
  std::vector<RawInstance> instances;
  // Criteria past the last instance's run (header criterion_count larger
  // than the instances' sum).
  std::vector<RawCriterion> orphan_criteria;
  std::string pool;
  // Bytes after the pool: the encoder does not count them in pool_size.
  std::string trailing;
};

// Decodes any bytes. A short header is zero-filled; instance and criterion
// counts are clamped to what the bytes hold (and to `max_entries`);
// criteria are assigned to instances in order, by their declared counts;
// everything after the criteria is pool. Never fails.
RawChannelFile DecodeRaw(absl::Span<const uint8_t> bytes, size_t max_entries = 1 << 16);

// DecodeRaw into `*file`, replacing all of it but keeping the storage of its
// vectors and strings (and of each instance's criteria), so a mutator that
// decodes into the same object on every call stops allocating once it has
// grown: under ASan each allocation costs more than decoding an entry.
void DecodeRawInto(absl::Span<const uint8_t> bytes, RawChannelFile* file,
                   size_t max_entries = 1 << 16);

// Encodes `file`: header, instances, criteria, pool, trailing bytes. With
// `fix_layout`, the header's offsets, counts, pool size and file size are
// the canonical values for the model (else the model's header values); then
// the payload CRC and the header CRC are computed when asked.
std::string EncodeRaw(const RawChannelFile& file, bool fix_layout = true,
                      bool fix_payload_crc = true, bool fix_header_crc = true);

// Recomputes the CRCs of encoded bytes (no-op below 64 bytes).
void FixCrcs(std::string* bytes, bool payload, bool header);

}  // namespace contentgate::fuzz

#endif  // CONTENTGATE_FUZZ_RAW_CHANNEL_H_
