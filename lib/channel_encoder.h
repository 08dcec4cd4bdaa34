// File: lib/channel_encoder.h
// The canonical encoding of a channel file, written once for both of its
// callers: EncodeChannelFile (a Content) and the source compiler (its flat
// model), so the two cannot give different bytes for the same content.

#ifndef CONTENTGATE_LIB_CHANNEL_ENCODER_H_
#define CONTENTGATE_LIB_CHANNEL_ENCODER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// One instance as the encoder reads it. `Criterion` is a BasicCriterion
// (content.h): for a string operator the encoder assigns its text a pool
// offset and ignores arg0/arg1.
template <typename Criterion>
struct EncoderInstance {
  uint32_t id = 0;
  uint16_t template_type_id = 0;
  bool disabled = false;
  absl::Span<const Criterion> criteria;
};

// The file holding `instance_count` instances in table order, where
// `instance_at(k)` returns the k-th as an EncoderInstance: each distinct
// operand once in the pool, in order of first use, and both CRCs filled in.
// `distinct_strings` sizes the pool index (0 when unknown). The caller keeps
// every size within the format's 32-bit fields.
template <typename InstanceAt>
std::string EncodeCanonical(uint32_t channel_id, uint32_t content_version, size_t instance_count,
                            InstanceAt instance_at, size_t distinct_strings = 0) {
  uint64_t criterion_count = 0;
  absl::flat_hash_map<std::string_view, uint64_t> pool_offsets;
  pool_offsets.reserve(distinct_strings);
  uint64_t pool_size = 0;
  for (size_t k = 0; k < instance_count; ++k) {
    const auto instance = instance_at(k);
    criterion_count += instance.criteria.size();
    for (const auto& c : instance.criteria) {
      const std::string_view text = c.text;
      if (IsStringOp(c.op) && pool_offsets.try_emplace(text, pool_size).second) {
        pool_size += text.size();
      }
    }
  }
  const uint64_t criterion_table_offset = kHeaderSize + kInstanceEntrySize * instance_count;
  const uint64_t pool_offset = criterion_table_offset + kCriterionEntrySize * criterion_count;
  const uint64_t file_size = pool_offset + pool_size;

  std::string file(file_size, '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(file.data());
  std::copy(std::begin(kMagic), std::end(kMagic), bytes + CG_HEADER_MAGIC);
  Store16(bytes + CG_HEADER_FORMAT_VERSION, kFormatVersion);
  Store16(bytes + CG_HEADER_HEADER_SIZE, kHeaderSize);
  Store32(bytes + CG_HEADER_CHANNEL_ID, channel_id);
  Store32(bytes + CG_HEADER_CONTENT_VERSION, content_version);
  Store32(bytes + CG_HEADER_FILE_SIZE, static_cast<uint32_t>(file_size));
  Store32(bytes + CG_HEADER_INSTANCE_TABLE_OFFSET, kHeaderSize);
  Store32(bytes + CG_HEADER_INSTANCE_COUNT, static_cast<uint32_t>(instance_count));
  Store32(bytes + CG_HEADER_CRITERION_TABLE_OFFSET, static_cast<uint32_t>(criterion_table_offset));
  Store32(bytes + CG_HEADER_CRITERION_COUNT, static_cast<uint32_t>(criterion_count));
  Store32(bytes + CG_HEADER_POOL_OFFSET, static_cast<uint32_t>(pool_offset));
  Store32(bytes + CG_HEADER_POOL_SIZE, static_cast<uint32_t>(pool_size));

  uint8_t* entry = bytes + kHeaderSize;
  uint8_t* criterion = bytes + criterion_table_offset;
  uint64_t first = 0;
  uint64_t pool_written = 0;
  for (size_t k = 0; k < instance_count; ++k) {
    const auto instance = instance_at(k);
    Store32(entry + CG_INSTANCE_ID, instance.id);
    Store16(entry + CG_INSTANCE_TEMPLATE_TYPE_ID, instance.template_type_id);
    Store16(entry + CG_INSTANCE_CRITERION_COUNT, static_cast<uint16_t>(instance.criteria.size()));
    Store32(entry + CG_INSTANCE_FIRST_CRITERION, static_cast<uint32_t>(first));
    Store16(entry + CG_INSTANCE_FLAGS, instance.disabled ? kInstanceDisabled : 0);
    entry += kInstanceEntrySize;
    first += instance.criteria.size();
    for (const auto& c : instance.criteria) {
      criterion[CG_CRITERION_OP] = static_cast<uint8_t>(c.op);
      criterion[CG_CRITERION_FLAGS] = c.nocase ? kCriterionNocase : 0;
      if (IsStringOp(c.op)) {
        const std::string_view text = c.text;
        const uint64_t offset = pool_offsets.find(text)->second;
        Store64(criterion + CG_CRITERION_ARG0, offset);
        Store64(criterion + CG_CRITERION_ARG1, text.size());
        if (offset == pool_written) {  // first use (or an empty string)
          std::copy(text.begin(), text.end(), bytes + pool_offset + offset);
          pool_written += text.size();
        }
      } else {
        Store64(criterion + CG_CRITERION_ARG0, c.arg0);
        Store64(criterion + CG_CRITERION_ARG1, c.arg1);
      }
      criterion += kCriterionEntrySize;
    }
  }
  Store32(bytes + CG_HEADER_PAYLOAD_CRC,
          Crc32c(absl::MakeConstSpan(bytes + kHeaderSize, file.size() - kHeaderSize)));
  Store32(bytes + CG_HEADER_HEADER_CRC, Crc32c(absl::MakeConstSpan(bytes, CG_HEADER_HEADER_CRC)));
  return file;
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_CHANNEL_ENCODER_H_
