// File: lib/content.cc
// The canonical encoder of a Content (channel_encoder.h writes the bytes),
// and the decoder, which reads through a ChannelFileView.

#include "contentgate/content.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "channel_encoder.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"

namespace contentgate {

std::string EncodeChannelFile(const Content& content) {
  // Table order: ascending id, stable for equal ids, without copying.
  std::vector<const Instance*> order;
  order.reserve(content.instances.size());
  for (const Instance& instance : content.instances) order.push_back(&instance);
  std::stable_sort(order.begin(), order.end(),
                   [](const Instance* a, const Instance* b) { return a->id < b->id; });
  return internal::EncodeCanonical(
      content.channel_id, content.content_version, order.size(), [&order](size_t k) {
        const Instance& instance = *order[k];
        return internal::EncoderInstance<Criterion>{instance.id, instance.template_type_id,
                                                    instance.disabled, instance.criteria};
      });
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
