// File: lib/source_locations.cc
// Mapping a compiled file's instances and criteria back to their place in
// the source file, for release diagnostics on content read from source.

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "contentgate/channel_file.h"
#include "contentgate/little_endian.h"
#include "contentgate/release.h"
#include "json_doc.h"
#include "json_flat.h"

namespace contentgate {

std::optional<SourceLocations> LocateSource(std::string_view source_text, const Schema& schema,
                                            const ChannelFileView& view) {
  internal::JsonDoc doc;
  internal::JsonError error;
  if (!internal::ParseJsonDoc(source_text, &doc, &error) || !doc.root().is_object()) {
    return std::nullopt;
  }
  const internal::JsonRef root = doc.root();
  const internal::JsonRef instances = root.Find("instances");
  const internal::JsonRef channel = root.Find("channel");
  const internal::JsonRef version = root.Find("content_version");
  if (!instances || !instances.is_array() || !channel || !version) return std::nullopt;
  SourceLocations out;
  out.channel = {channel.line(), channel.column()};
  out.content_version = {version.line(), version.column()};
  absl::flat_hash_map<uint64_t, uint32_t> by_id;
  const auto items = instances.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const internal::JsonRef id = items[i].Find("id");
    if (id && id.kind() == internal::JsonNode::Kind::kUnsigned) {
      by_id.emplace(id.u(), static_cast<uint32_t>(i));
    }
  }
  out.instances.resize(view.instance_count());
  for (uint32_t k = 0; k < view.instance_count(); ++k) {
    const InstanceView instance = view.instance(k);
    const auto it = by_id.find(instance.id());
    const int t = schema.FindTemplateTypeById(instance.template_type_id());
    if (it == by_id.end() || t < 0) return std::nullopt;
    const internal::JsonRef item = items[it->second];
    SourceLocations::InstanceLocation& location = out.instances[k];
    location.array_index = it->second;
    location.position = {item.line(), item.column()};
    const TemplateType& type = schema.template_types()[static_cast<size_t>(t)];
    location.criteria.resize(type.fields.size());
    const internal::JsonRef criteria = item.Find("criteria");
    if (!criteria || !criteria.is_object()) continue;
    for (size_t f = 0; f < type.fields.size(); ++f) {
      if (const internal::JsonRef c = criteria.Find(type.fields[f].name)) {
        location.criteria[f] = {c.line(), c.column()};
      }
    }
  }
  return out;
}

void SetInstanceLocation(const ChannelFileView& view, const SourceLocations* source, uint32_t k,
                         int field, std::string_view field_name, Diagnostic* d) {
  const InstanceView instance = view.instance(k);
  d->set_instance(k);
  d->set_instance_id(instance.id());
  if (field >= 0) {
    d->set_criterion(static_cast<uint32_t>(field));
    d->set_field(field_name);
  }
  if (source != nullptr && k < source->instances.size()) {
    const SourceLocations::InstanceLocation& location = source->instances[k];
    d->set_instance(location.array_index);  // source files: array order
    std::string pointer = absl::StrCat("/instances/", location.array_index);
    SourceLocations::Position at = location.position;
    if (field >= 0) {
      const auto f = static_cast<size_t>(field);
      if (f < location.criteria.size() && location.criteria[f].line != 0) {
        at = location.criteria[f];
        internal::AppendPointerToken(&pointer, "criteria");
        internal::AppendPointerToken(&pointer, field_name);
      }
    }
    d->set_pointer(std::move(pointer));
    d->set_line_column(at.line, at.column);
    return;
  }
  const uint8_t* bytes = view.bytes().data();
  const uint64_t entry = little_endian::Load32(bytes + CG_HEADER_INSTANCE_TABLE_OFFSET) +
                         uint64_t{kInstanceEntrySize} * k;
  if (field < 0) {
    d->set_offset(entry);
    return;
  }
  const uint64_t first = little_endian::Load32(bytes + entry + 8);
  d->set_offset(little_endian::Load32(bytes + CG_HEADER_CRITERION_TABLE_OFFSET) +
                uint64_t{kCriterionEntrySize} * (first + static_cast<uint64_t>(field)));
}

}  // namespace contentgate
