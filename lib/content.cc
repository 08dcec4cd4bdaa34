// File: lib/content.cc
// The canonical encoder of channel files, with its CRC recomputation, and
// the decoder, which reads through a ChannelFileView.

#include "contentgate/content.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"

namespace contentgate {

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
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(file, schema, options);
  if (!view.ok()) return view.status();
  Content content;
  content.channel_id = view->channel_id();
  content.content_version = view->content_version();
  content.instances.resize(view->instance_count());
  for (uint32_t k = 0; k < view->instance_count(); ++k) {
    const InstanceView entry = view->instance(k);
    Instance& instance = content.instances[k];
    instance.id = entry.id();
    instance.template_type_id = entry.template_type_id();
    instance.disabled = entry.disabled();
    instance.criteria.resize(entry.criterion_count());
    for (uint32_t i = 0; i < entry.criterion_count(); ++i) {
      const CriterionView view_criterion = entry.criterion(i);
      Criterion& c = instance.criteria[i];
      c.op = view_criterion.op();
      c.nocase = view_criterion.nocase();
      if (IsStringOp(c.op)) {
        c.text = std::string(view_criterion.text());
      } else {
        c.arg0 = view_criterion.arg0();
        c.arg1 = view_criterion.arg1();
      }
    }
  }
  return content;
}

}  // namespace contentgate
