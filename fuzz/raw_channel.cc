#include "raw_channel.h"

#include <algorithm>
#include <cstring>

#include "bytes.h"
#include "contentgate/channel_file.h"

namespace contentgate::fuzz {
namespace {

using internal::Load16;
using internal::Load32;
using internal::Load64;
using internal::Store16;
using internal::Store32;
using internal::Store64;

RawCriterion LoadCriterion(const uint8_t* p) {
  RawCriterion c;
  c.op = p[CG_CRITERION_OP];
  c.flags = p[CG_CRITERION_FLAGS];
  std::memcpy(c.reserved, p + CG_CRITERION_RESERVED, sizeof c.reserved);
  c.arg0 = Load64(p + CG_CRITERION_ARG0);
  c.arg1 = Load64(p + CG_CRITERION_ARG1);
  return c;
}

void AppendCriterion(const RawCriterion& c, std::string* out) {
  uint8_t p[kCriterionEntrySize];
  p[CG_CRITERION_OP] = c.op;
  p[CG_CRITERION_FLAGS] = c.flags;
  std::memcpy(p + CG_CRITERION_RESERVED, c.reserved, sizeof c.reserved);
  Store64(p + CG_CRITERION_ARG0, c.arg0);
  Store64(p + CG_CRITERION_ARG1, c.arg1);
  out->append(reinterpret_cast<const char*>(p), sizeof p);
}

}  // namespace

RawChannelFile DecodeRaw(absl::Span<const uint8_t> bytes, size_t max_entries) {
  RawChannelFile file;
  DecodeRawInto(bytes, &file, max_entries);
  return file;
}

void DecodeRawInto(absl::Span<const uint8_t> bytes, RawChannelFile* out, size_t max_entries) {
  RawChannelFile& file = *out;
  file.header = RawHeader();
  file.orphan_criteria.clear();
  file.pool.clear();
  file.trailing.clear();
  uint8_t h[kHeaderSize] = {};
  std::memcpy(h, bytes.data(), std::min(bytes.size(), kHeaderSize));
  RawHeader& hd = file.header;
  std::memcpy(hd.magic, h, 4);
  hd.format_version = Load16(h + CG_HEADER_FORMAT_VERSION);
  hd.header_size = Load16(h + CG_HEADER_HEADER_SIZE);
  hd.channel_id = Load32(h + CG_HEADER_CHANNEL_ID);
  hd.content_version = Load32(h + CG_HEADER_CONTENT_VERSION);
  hd.file_size = Load32(h + CG_HEADER_FILE_SIZE);
  hd.flags = Load32(h + CG_HEADER_FLAGS);
  hd.instance_table_offset = Load32(h + CG_HEADER_INSTANCE_TABLE_OFFSET);
  hd.instance_count = Load32(h + CG_HEADER_INSTANCE_COUNT);
  hd.criterion_table_offset = Load32(h + CG_HEADER_CRITERION_TABLE_OFFSET);
  hd.criterion_count = Load32(h + CG_HEADER_CRITERION_COUNT);
  hd.pool_offset = Load32(h + CG_HEADER_POOL_OFFSET);
  hd.pool_size = Load32(h + CG_HEADER_POOL_SIZE);
  hd.reserved = Load64(h + CG_HEADER_RESERVED);
  hd.payload_crc = Load32(h + CG_HEADER_PAYLOAD_CRC);
  hd.header_crc = Load32(h + CG_HEADER_HEADER_CRC);
  if (bytes.size() <= kHeaderSize) {
    file.instances.clear();
    return;
  }

  const uint8_t* data = bytes.data();
  size_t pos = kHeaderSize;
  size_t instance_count =
      std::min<size_t>({hd.instance_count, (bytes.size() - pos) / kInstanceEntrySize, max_entries});
  file.instances.resize(instance_count);
  for (RawInstance& in : file.instances) {
    const uint8_t* p = data + pos;
    in.id = Load32(p + CG_INSTANCE_ID);
    in.template_type_id = Load16(p + CG_INSTANCE_TEMPLATE_TYPE_ID);
    in.declared_count = Load16(p + CG_INSTANCE_CRITERION_COUNT);
    in.declared_first = Load32(p + CG_INSTANCE_FIRST_CRITERION);
    in.flags = Load16(p + CG_INSTANCE_FLAGS);
    in.reserved = Load16(p + CG_INSTANCE_RESERVED);
    in.criteria.clear();
    pos += kInstanceEntrySize;
  }
  size_t available = std::min((bytes.size() - pos) / kCriterionEntrySize, max_entries);
  size_t used = 0;
  for (RawInstance& in : file.instances) {
    size_t take = std::min<size_t>(in.declared_count, available - used);
    in.keep_declared = take != in.declared_count || in.declared_first != used;
    in.criteria.reserve(take);
    for (size_t i = 0; i < take; ++i) {
      in.criteria.push_back(LoadCriterion(data + pos));
      pos += kCriterionEntrySize;
    }
    used += take;
  }
  if (hd.criterion_count > used) {
    size_t orphans = std::min<size_t>(hd.criterion_count - used, available - used);
    file.orphan_criteria.reserve(orphans);
    for (size_t i = 0; i < orphans; ++i) {
      file.orphan_criteria.push_back(LoadCriterion(data + pos));
      pos += kCriterionEntrySize;
    }
  }
  file.pool.assign(reinterpret_cast<const char*>(data + pos), bytes.size() - pos);
}

std::string EncodeRaw(const RawChannelFile& file, bool fix_layout, bool fix_payload_crc,
                      bool fix_header_crc) {
  RawHeader hd = file.header;
  uint64_t criterion_total = file.orphan_criteria.size();
  for (const RawInstance& in : file.instances) criterion_total += in.criteria.size();
  if (fix_layout) {
    uint64_t criterion_table = kHeaderSize + kInstanceEntrySize * file.instances.size();
    uint64_t pool_offset = criterion_table + kCriterionEntrySize * criterion_total;
    hd.instance_table_offset = kHeaderSize;
    hd.instance_count = static_cast<uint32_t>(file.instances.size());
    hd.criterion_table_offset = static_cast<uint32_t>(criterion_table);
    hd.criterion_count = static_cast<uint32_t>(criterion_total);
    hd.pool_offset = static_cast<uint32_t>(pool_offset);
    hd.pool_size = static_cast<uint32_t>(file.pool.size());
    hd.file_size = static_cast<uint32_t>(pool_offset + file.pool.size() + file.trailing.size());
  }
  std::string out(kHeaderSize, '\0');
  out.reserve(kHeaderSize + kInstanceEntrySize * file.instances.size() +
              kCriterionEntrySize * criterion_total + file.pool.size() + file.trailing.size());
  uint8_t* h = reinterpret_cast<uint8_t*>(out.data());
  std::memcpy(h, hd.magic, 4);
  Store16(h + CG_HEADER_FORMAT_VERSION, hd.format_version);
  Store16(h + CG_HEADER_HEADER_SIZE, hd.header_size);
  Store32(h + CG_HEADER_CHANNEL_ID, hd.channel_id);
  Store32(h + CG_HEADER_CONTENT_VERSION, hd.content_version);
  Store32(h + CG_HEADER_FILE_SIZE, hd.file_size);
  Store32(h + CG_HEADER_FLAGS, hd.flags);
  Store32(h + CG_HEADER_INSTANCE_TABLE_OFFSET, hd.instance_table_offset);
  Store32(h + CG_HEADER_INSTANCE_COUNT, hd.instance_count);
  Store32(h + CG_HEADER_CRITERION_TABLE_OFFSET, hd.criterion_table_offset);
  Store32(h + CG_HEADER_CRITERION_COUNT, hd.criterion_count);
  Store32(h + CG_HEADER_POOL_OFFSET, hd.pool_offset);
  Store32(h + CG_HEADER_POOL_SIZE, hd.pool_size);
  Store64(h + CG_HEADER_RESERVED, hd.reserved);
  Store32(h + CG_HEADER_PAYLOAD_CRC, hd.payload_crc);
  Store32(h + CG_HEADER_HEADER_CRC, hd.header_crc);

  uint32_t first = 0;
  for (const RawInstance& in : file.instances) {
    uint8_t p[kInstanceEntrySize];
    Store32(p + CG_INSTANCE_ID, in.id);
    Store16(p + CG_INSTANCE_TEMPLATE_TYPE_ID, in.template_type_id);
    Store16(p + CG_INSTANCE_CRITERION_COUNT,
            in.keep_declared ? in.declared_count : static_cast<uint16_t>(in.criteria.size()));
    Store32(p + CG_INSTANCE_FIRST_CRITERION, in.keep_declared ? in.declared_first : first);
    Store16(p + CG_INSTANCE_FLAGS, in.flags);
    Store16(p + CG_INSTANCE_RESERVED, in.reserved);
    out.append(reinterpret_cast<const char*>(p), sizeof p);
    first += static_cast<uint32_t>(in.criteria.size());
  }
  for (const RawInstance& in : file.instances) {
    for (const RawCriterion& c : in.criteria) AppendCriterion(c, &out);
  }
  for (const RawCriterion& c : file.orphan_criteria) AppendCriterion(c, &out);
  out += file.pool;
  out += file.trailing;
  FixCrcs(&out, fix_payload_crc, fix_header_crc);
  return out;
}

void FixCrcs(std::string* bytes, bool payload, bool header) {
  if (bytes->size() < kHeaderSize) return;
  auto* p = reinterpret_cast<uint8_t*>(bytes->data());
  if (payload) {
    Store32(p + CG_HEADER_PAYLOAD_CRC, Crc32c({p + kHeaderSize, bytes->size() - kHeaderSize}));
  }
  if (header) Store32(p + CG_HEADER_HEADER_CRC, Crc32c({p, CG_HEADER_HEADER_CRC}));
}

}  // namespace contentgate::fuzz
