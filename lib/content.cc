// File: lib/content.cc
// The canonical encoder, CRC recomputation and the decoder of channel files.

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/status_code.h"

namespace contentgate {

using internal::Load16;
using internal::Load32;
using internal::Load64;
using internal::Store16;
using internal::Store32;
using internal::Store64;

namespace {

// The payload CRC and then the header CRC (which covers it) of a file
// whose header is otherwise filled in.
void RecomputeCrcs(absl::Span<uint8_t> file) {
  uint8_t* bytes = file.data();
  Store32(bytes + header::kPayloadCrc,
          Crc32c(absl::MakeConstSpan(bytes + kHeaderSize, file.size() - kHeaderSize)));
  Store32(bytes + header::kHeaderCrc, Crc32c(absl::MakeConstSpan(bytes, header::kHeaderCrc)));
}

}  // namespace

std::string EncodeChannelFile(const Content& content) {
  // Table order: ascending id, stable for equal ids, without copying.
  std::vector<const Instance*> order;
  order.reserve(content.instances.size());
  for (const Instance& instance : content.instances) order.push_back(&instance);
  std::stable_sort(order.begin(), order.end(),
                   [](const Instance* a, const Instance* b) { return a->id < b->id; });

  uint64_t criterion_count = 0;
  for (const Instance* instance : order) criterion_count += instance->criteria.size();

  // The pool: each distinct string once, in order of first use.
  absl::flat_hash_map<std::string_view, uint64_t> pool_offsets;
  std::string pool;
  for (const Instance* instance : order) {
    for (const Criterion& c : instance->criteria) {
      if (!IsStringOp(c.op)) continue;
      if (pool_offsets.try_emplace(c.text, pool.size()).second) pool.append(c.text);
    }
  }

  const uint64_t instance_count = order.size();
  const uint64_t criterion_table_offset = kHeaderSize + kInstanceEntrySize * instance_count;
  const uint64_t pool_offset = criterion_table_offset + kCriterionEntrySize * criterion_count;
  const uint64_t file_size = pool_offset + pool.size();

  std::string file(file_size, '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(file.data());
  std::copy(std::begin(kMagic), std::end(kMagic), bytes + header::kMagic);
  Store16(bytes + header::kFormatVersion, kFormatVersion);
  Store16(bytes + header::kHeaderSize, kHeaderSize);
  Store32(bytes + header::kChannelId, content.channel_id);
  Store32(bytes + header::kContentVersion, content.content_version);
  Store32(bytes + header::kFileSize, static_cast<uint32_t>(file_size));
  Store32(bytes + header::kInstanceTableOffset, kHeaderSize);
  Store32(bytes + header::kInstanceCount, static_cast<uint32_t>(instance_count));
  Store32(bytes + header::kCriterionTableOffset, static_cast<uint32_t>(criterion_table_offset));
  Store32(bytes + header::kCriterionCount, static_cast<uint32_t>(criterion_count));
  Store32(bytes + header::kPoolOffset, static_cast<uint32_t>(pool_offset));
  Store32(bytes + header::kPoolSize, static_cast<uint32_t>(pool.size()));

  uint8_t* entry = bytes + kHeaderSize;
  uint8_t* criterion = bytes + criterion_table_offset;
  uint64_t first = 0;
  for (const Instance* instance : order) {
    Store32(entry + instance_entry::kId, instance->id);
    Store16(entry + instance_entry::kTemplateTypeId, instance->template_type_id);
    Store16(entry + instance_entry::kCriterionCount,
            static_cast<uint16_t>(instance->criteria.size()));
    Store32(entry + instance_entry::kFirstCriterion, static_cast<uint32_t>(first));
    Store16(entry + instance_entry::kFlags, instance->disabled ? kInstanceDisabled : 0);
    entry += kInstanceEntrySize;
    first += instance->criteria.size();
    for (const Criterion& c : instance->criteria) {
      criterion[criterion_entry::kOp] = static_cast<uint8_t>(c.op);
      criterion[criterion_entry::kFlags] = c.nocase ? kCriterionNocase : 0;
      if (IsStringOp(c.op)) {
        Store64(criterion + criterion_entry::kArg0, pool_offsets.find(c.text)->second);
        Store64(criterion + criterion_entry::kArg1, c.text.size());
      } else {
        Store64(criterion + criterion_entry::kArg0, c.arg0);
        Store64(criterion + criterion_entry::kArg1, c.arg1);
      }
      criterion += kCriterionEntrySize;
    }
  }
  std::copy(pool.begin(), pool.end(), bytes + pool_offset);
  RecomputeCrcs(absl::MakeSpan(bytes, file.size()));
  return file;
}

absl::StatusOr<Content> DecodeChannelFile(absl::Span<const uint8_t> file, const Schema& schema) {
  ValidateOptions options;
  options.target_sensors.emplace();
  Report report = ValidateChannelFile(file, schema, options);
  if (!report.valid()) {
    for (const Diagnostic& d : report.diagnostics()) {
      if (d.severity() == Severity::kError) {
        return WithCode(
            absl::InvalidArgumentError(absl::StrFormat("%s: %s", CodeName(d.code()), d.message())),
            d.code());
      }
    }
    return absl::InvalidArgumentError(absl::StrCat("the channel file has ", report.errors(),
                                                   " errors, past the diagnostics kept"));
  }
  const uint8_t* bytes = file.data();
  const uint32_t instance_count = Load32(bytes + header::kInstanceCount);
  const uint64_t criterion_table = Load32(bytes + header::kCriterionTableOffset);
  const uint8_t* pool = bytes + Load32(bytes + header::kPoolOffset);

  Content content;
  content.channel_id = Load32(bytes + header::kChannelId);
  content.content_version = Load32(bytes + header::kContentVersion);
  content.instances.resize(instance_count);
  for (uint32_t k = 0; k < instance_count; ++k) {
    const uint8_t* entry = bytes + kHeaderSize + kInstanceEntrySize * uint64_t{k};
    Instance& instance = content.instances[k];
    instance.id = Load32(entry);
    instance.template_type_id = Load16(entry + 4);
    instance.disabled = (Load16(entry + 12) & kInstanceDisabled) != 0;
    const uint16_t count = Load16(entry + 6);
    const uint64_t first = Load32(entry + 8);
    instance.criteria.resize(count);
    for (uint16_t i = 0; i < count; ++i) {
      const uint8_t* e = bytes + criterion_table + kCriterionEntrySize * (first + i);
      Criterion& c = instance.criteria[i];
      c.op = static_cast<Op>(e[0]);
      c.nocase = (e[1] & kCriterionNocase) != 0;
      if (IsStringOp(c.op)) {
        c.text.assign(reinterpret_cast<const char*>(pool + Load64(e + 8)), Load64(e + 16));
      } else {
        c.arg0 = Load64(e + 8);
        c.arg1 = Load64(e + 16);
      }
    }
  }
  return content;
}

}  // namespace contentgate
