// File: lib/channel_file.cc
// ValidateChannelFile: the three phases of channel-file checks (envelope,
// layout, content) in the order the format reference gives.

#include "contentgate/channel_file.h"

#include <algorithm>
#include <vector>

#include "bytes.h"
#include "criterion_check.h"
#include "validate_exact.h"

namespace contentgate {
namespace {

using internal::AddCriterionDiagnostic;
using internal::AddInstanceDiagnostic;
using internal::FileState;
using internal::InstanceLocation;
using internal::Load16;
using internal::Load32;
using internal::Load64;
using internal::SetMessage;
using internal::SetMessageParts;

// The header fields, widened to 64 bits for overflow-free arithmetic.
// Phase 1 reads the fields it checks itself.
struct Header {
  uint64_t channel_id, instance_table_offset, instance_count, criterion_table_offset,
      criterion_count, pool_offset, pool_size;
  uint32_t payload_crc;
};

Header ReadHeader(const uint8_t* p) {
  Header h;
  h.channel_id = Load32(p + header::kChannelId);
  h.instance_table_offset = Load32(p + header::kInstanceTableOffset);
  h.instance_count = Load32(p + header::kInstanceCount);
  h.criterion_table_offset = Load32(p + header::kCriterionTableOffset);
  h.criterion_count = Load32(p + header::kCriterionCount);
  h.pool_offset = Load32(p + header::kPoolOffset);
  h.pool_size = Load32(p + header::kPoolSize);
  h.payload_crc = Load32(p + header::kPayloadCrc);
  return h;
}

// Adds a header diagnostic at `offset`; nullptr past the cap.
Diagnostic* AddAt(Report* report, Code code, uint64_t offset) {
  Diagnostic* d = report->Add(code);
  if (d != nullptr) d->set_offset(offset);
  return d;
}

bool AllZero(absl::Span<const uint8_t> file) {
  for (const uint8_t b : file) {
    if (b != 0) return false;
  }
  return true;
}

// Phase 1. Returns false after the first failure (reported).
bool CheckEnvelope(absl::Span<const uint8_t> file, const Schema& schema, Report* report) {
  const uint64_t size = file.size();
  if (size != 0 && AllZero(file)) {
    if (Diagnostic* d = AddAt(report, Code::kAllZero, 0)) {
      SetMessage(d, "all %u bytes of the file are zero", size);
    }
    return false;
  }
  if (size < kHeaderSize) {
    if (Diagnostic* d = AddAt(report, Code::kFileTooShort, 0)) {
      SetMessage(d, "file is %u bytes, shorter than the %u-byte header", size, kHeaderSize);
    }
    return false;
  }
  const uint8_t* p = file.data();
  if (!std::equal(std::begin(kMagic), std::end(kMagic), p)) {
    if (Diagnostic* d = AddAt(report, Code::kBadMagic, header::kMagic)) {
      SetMessage(d, "magic is %02x %02x %02x %02x, not 43 48 4e 4c (\"CHNL\")", p[0], p[1], p[2],
                 p[3]);
    }
    return false;
  }
  const uint16_t version = Load16(p + header::kFormatVersion);
  if (version != kFormatVersion) {
    if (Diagnostic* d = AddAt(report, Code::kUnsupportedVersion, header::kFormatVersion)) {
      SetMessage(d, "format_version is %u; only %u is supported", version, kFormatVersion);
    }
    return false;
  }
  const uint16_t header_size = Load16(p + header::kHeaderSize);
  if (header_size != kHeaderSize) {
    if (Diagnostic* d = AddAt(report, Code::kBadHeaderSize, header::kHeaderSize)) {
      SetMessage(d, "header_size is %u, not %u", header_size, kHeaderSize);
    }
    return false;
  }
  const uint32_t stored_crc = Load32(p + header::kHeaderCrc);
  const uint32_t header_crc = Crc32c(file.first(header::kHeaderCrc));
  if (stored_crc != header_crc) {
    if (Diagnostic* d = AddAt(report, Code::kHeaderCrcMismatch, header::kHeaderCrc)) {
      SetMessage(d, "header_crc32c is 0x%08X, computed 0x%08X over bytes [0, 60)", stored_crc,
                 header_crc);
    }
    return false;
  }
  const uint64_t file_size = Load32(p + header::kFileSize);
  if (file_size != size) {
    if (Diagnostic* d = AddAt(report, Code::kFileSizeMismatch, header::kFileSize)) {
      SetMessage(d, "header file_size is %u, the file is %u bytes", file_size, size);
    }
    return false;
  }
  if (size > schema.channel().max_file_size) {
    if (Diagnostic* d = AddAt(report, Code::kFileTooLarge, header::kFileSize)) {
      SetMessage(d, "file is %u bytes, larger than the channel's max_file_size %u", size,
                 schema.channel().max_file_size);
    }
    return false;
  }
  const uint32_t flags = Load32(p + header::kFlags);
  if (flags != 0) {
    if (Diagnostic* d = AddAt(report, Code::kNonzeroHeaderReserved, header::kFlags)) {
      SetMessage(d, "header flags are 0x%08X; no flags are defined in version 1", flags);
    }
    return false;
  }
  const uint64_t reserved = Load64(p + header::kReserved);
  if (reserved != 0) {
    if (Diagnostic* d = AddAt(report, Code::kNonzeroHeaderReserved, header::kReserved)) {
      SetMessage(d, "header reserved bytes [48, 56) are 0x%016X, not zero", reserved);
    }
    return false;
  }
  return true;
}

// Phase 2. Returns false after the first failure (reported).
bool CheckLayout(absl::Span<const uint8_t> file, const Header& h, const Schema& schema,
                 Report* report) {
  const uint64_t size = file.size();
  if (h.instance_table_offset != kHeaderSize) {
    if (Diagnostic* d = AddAt(report, Code::kInstanceTableOffset, header::kInstanceTableOffset)) {
      SetMessage(d, "instance_table_offset is %u, not %u", h.instance_table_offset, kHeaderSize);
    }
    return false;
  }
  const uint64_t instance_end = kHeaderSize + kInstanceEntrySize * h.instance_count;
  if (instance_end > size) {
    if (Diagnostic* d = AddAt(report, Code::kRegionPastEnd, header::kInstanceCount)) {
      SetMessage(d, "instance table of %u entries ends at %u, past the end of the %u-byte file",
                 h.instance_count, instance_end, size);
    }
    return false;
  }
  if (h.criterion_table_offset != instance_end) {
    if (Diagnostic* d = AddAt(report, Code::kNonCanonicalOffset, header::kCriterionTableOffset)) {
      SetMessage(d, "criterion_table_offset is %u, not %u (64 + 16 x %u instances)",
                 h.criterion_table_offset, instance_end, h.instance_count);
    }
    return false;
  }
  const uint64_t criterion_end = instance_end + kCriterionEntrySize * h.criterion_count;
  if (criterion_end > size) {
    if (Diagnostic* d = AddAt(report, Code::kRegionPastEnd, header::kCriterionCount)) {
      SetMessage(d, "criterion table of %u entries ends at %u, past the end of the %u-byte file",
                 h.criterion_count, criterion_end, size);
    }
    return false;
  }
  if (h.pool_offset != criterion_end) {
    if (Diagnostic* d = AddAt(report, Code::kNonCanonicalOffset, header::kPoolOffset)) {
      SetMessage(d, "pool_offset is %u, not %u (the end of the criterion table)", h.pool_offset,
                 criterion_end);
    }
    return false;
  }
  const uint64_t pool_end = h.pool_offset + h.pool_size;
  if (pool_end > size) {
    if (Diagnostic* d = AddAt(report, Code::kRegionPastEnd, header::kPoolSize)) {
      SetMessage(d, "pool of %u bytes at %u ends at %u, past the end of the %u-byte file",
                 h.pool_size, h.pool_offset, pool_end, size);
    }
    return false;
  }
  if (pool_end < size) {
    if (Diagnostic* d = AddAt(report, Code::kTrailingBytes, header::kPoolSize)) {
      SetMessage(d, "pool ends at %u; the file has %u more bytes after it", pool_end,
                 size - pool_end);
    }
    return false;
  }
  const uint32_t payload_crc = Crc32c(file.subspan(kHeaderSize));
  if (payload_crc != h.payload_crc) {
    if (Diagnostic* d = AddAt(report, Code::kPayloadCrcMismatch, header::kPayloadCrc)) {
      SetMessage(d, "payload_crc32c is 0x%08X, computed 0x%08X over bytes [64, %u)", h.payload_crc,
                 payload_crc, size);
    }
    return false;
  }
  if (h.instance_count > schema.channel().max_instances) {
    if (Diagnostic* d = AddAt(report, Code::kTooManyInstances, header::kInstanceCount)) {
      SetMessage(d, "instance_count is %u, more than the channel's max_instances %u",
                 h.instance_count, schema.channel().max_instances);
    }
    return false;
  }
  return true;
}

// CG400-CG402 of one instance against one sensor.
void CheckCompatibility(FileState* s, const InstanceLocation& where, int type_index,
                        const TemplateType& type, const Sensor& sensor, uint64_t criteria_offset) {
  const uint32_t inputs = static_cast<size_t>(type_index) < sensor.inputs.size()
                              ? sensor.inputs[type_index]
                              : Sensor::kNoInputs;
  if (inputs == Sensor::kNoInputs) {
    if (Diagnostic* d = AddInstanceDiagnostic(s->report, Code::kNoInputList, where)) {
      d->set_sensor(sensor.version);
      SetMessage(d, "sensor %s has no input list for template type '%s'", sensor.version,
                 type.name);
    }
    return;
  }
  const uint32_t count = static_cast<uint32_t>(type.fields.size());
  if (inputs >= count) return;
  bool any_unsupplied = false;
  for (uint32_t i = inputs; i < count; ++i) {
    const uint64_t offset = criteria_offset + kCriterionEntrySize * uint64_t{i};
    if (s->file[offset] == static_cast<uint8_t>(Op::kAny)) continue;
    any_unsupplied = true;
    const Field& field = type.fields[i];
    if (Diagnostic* d = AddCriterionDiagnostic(s->report, Code::kInputNotSupplied, where, i,
                                               field.name, offset)) {
      d->set_sensor(sensor.version);
      SetMessageParts(d, {"field '", field.name, "' (criterion ", i, ") is not supplied by sensor ",
                          sensor.version, " (", inputs, " inputs)"});
    }
  }
  if (!any_unsupplied) {
    if (Diagnostic* d = internal::AddWithSeverity(s->report, Code::kTrailingFieldsAny,
                                                  s->trailing_fields_any_severity)) {
      d->set_offset(where.entry_offset);
      d->set_instance(where.index);
      d->set_instance_id(where.id);
      d->set_sensor(sensor.version);
      SetMessageParts(d, {"sensor ", sensor.version, " supplies ", inputs, " of the ", count,
                          " fields of '", type.name, "'; this instance leaves the rest any"});
    }
  }
}

// Phase 3: CG206, then per instance CG200-CG207, its criteria and its
// compatibility with each target sensor, then CG205 and CG316.
void CheckContent(absl::Span<const uint8_t> file, const Header& h, const Schema& schema,
                  const ValidateOptions& options, bool exact_only, Report* report) {
  const uint8_t* p = file.data();
  if (h.channel_id != schema.channel().id) {
    if (Diagnostic* d = AddAt(report, Code::kChannelIdMismatch, header::kChannelId)) {
      SetMessage(d, "channel_id is %u; the schema's channel '%s' is %u", h.channel_id,
                 schema.channel().name, schema.channel().id);
    }
  }
  FileState s;
  s.file = p;
  s.pool_offset = h.pool_offset;
  s.pool_size = h.pool_size;
  s.report = report;
  s.regex_cache = options.regex_cache;
  s.trailing_fields_any_severity = SeverityOf(Code::kTrailingFieldsAny);

  const absl::Span<const Sensor> sensors = schema.sensors();
  const std::vector<uint32_t>* targets =
      options.target_sensors ? &*options.target_sensors : nullptr;
  const size_t target_count = targets != nullptr ? targets->size() : sensors.size();

  uint64_t expected_first = 0;
  uint32_t previous_id = 0;
  uint32_t last_type_id = ~uint32_t{0};  // no uint16_t type id: the first instance looks up
  int last_type_index = -1;
  for (uint64_t k = 0; k < h.instance_count; ++k) {
    const uint64_t entry_offset = kHeaderSize + kInstanceEntrySize * k;
    const uint8_t* e = p + entry_offset;
    const uint32_t id = Load32(e);
    const uint16_t type_id = Load16(e + 4);
    const uint16_t count = Load16(e + 6);
    const uint64_t first = Load32(e + 8);
    const uint16_t flags = Load16(e + 12);
    const uint16_t reserved = Load16(e + 14);
    const InstanceLocation where{static_cast<uint32_t>(k), id, entry_offset};

    if (id == 0) {
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kInstanceIdZero, where)) {
        SetMessage(d, "instance %u has id 0; ids start at 1", k);
      }
    }
    if (k > 0 && id <= previous_id) {
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kInstanceIdOrder, where)) {
        SetMessage(d, "instance %u has id %u, not greater than the previous instance's id %u", k,
                   id, previous_id);
      }
    }
    previous_id = id;
    bool tied = true;
    // Instances of one type usually come in runs: look a type up once per run.
    if (type_id != last_type_id) {
      last_type_id = type_id;
      last_type_index = schema.FindTemplateTypeById(type_id);
    }
    const int type_index = last_type_index;
    const TemplateType* type = type_index >= 0 ? &schema.template_types()[type_index] : nullptr;
    if (type == nullptr) {
      tied = false;
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kUnknownTemplateType, where)) {
        SetMessage(d, "instance %u has template_type_id %u, which the schema does not define", k,
                   type_id);
      }
    } else if (count != type->fields.size()) {
      tied = false;
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kCriterionCountMismatch, where)) {
        SetMessage(d, "instance %u has criterion_count %u; template type '%s' has %u fields", k,
                   count, type->name, type->fields.size());
      }
    }
    if (first != expected_first || first + count > h.criterion_count) {
      tied = false;
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kCriteriaNotContiguous, where)) {
        if (first != expected_first) {
          SetMessage(d, "instance %u has first_criterion %u; the criteria before it end at %u", k,
                     first, expected_first);
        } else {
          SetMessage(d, "instance %u's criteria [%u, %u) run past the header's criterion_count %u",
                     k, first, first + count, h.criterion_count);
        }
      }
    }
    if ((flags & ~kInstanceDisabled) != 0 || reserved != 0) {
      if (Diagnostic* d = AddInstanceDiagnostic(report, Code::kNonzeroInstanceReserved, where)) {
        SetMessage(d,
                   "instance %u has flags 0x%04x and reserved 0x%04x; only flag bit 0 is defined",
                   k, flags, reserved);
      }
    }
    expected_first += count;
    if (!tied) continue;

    const uint64_t criteria_offset = h.criterion_table_offset + kCriterionEntrySize * first;
    if (exact_only) {
      internal::CheckCriteriaExact(&s, where, *type, criteria_offset);
    } else {
      internal::CheckCriteria(&s, where, *type, schema.field_rules(type_index), criteria_offset);
    }
    for (size_t t = 0; t < target_count; ++t) {
      const size_t sensor_index = targets != nullptr ? (*targets)[t] : t;
      if (sensor_index >= sensors.size()) continue;
      CheckCompatibility(&s, where, type_index, *type, sensors[sensor_index], criteria_offset);
    }
  }
  if (expected_first != h.criterion_count) {
    if (Diagnostic* d = AddAt(report, Code::kCriterionTotalMismatch, header::kCriterionCount)) {
      SetMessage(d, "header criterion_count is %u; the instances declare %u", h.criterion_count,
                 expected_first);
    }
  }
  if (report->errors() == 0) {
    const internal::Unreferenced unreferenced =
        internal::FindUnreferencedPoolBytes(s, h.criterion_table_offset, h.criterion_count);
    if (unreferenced.count != 0) {
      if (Diagnostic* d =
              AddAt(report, Code::kUnreferencedPoolBytes, h.pool_offset + unreferenced.first)) {
        SetMessage(d,
                   "%u of the %u pool bytes are not referenced by any criterion; the first is at "
                   "pool offset %u",
                   unreferenced.count, h.pool_size, unreferenced.first);
      }
    }
  }
}

void Validate(absl::Span<const uint8_t> file, const Schema& schema, const ValidateOptions& options,
              bool exact_only, Report* report) {
  report->Clear();
  report->set_max_diagnostics(options.max_diagnostics);
  if (!CheckEnvelope(file, schema, report)) return;
  const Header h = ReadHeader(file.data());
  if (!CheckLayout(file, h, schema, report)) return;
  CheckContent(file, h, schema, options, exact_only, report);
}

}  // namespace

void ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                         const ValidateOptions& options, Report* report) {
  Validate(file, schema, options, /*exact_only=*/false, report);
}

void internal::ValidateChannelFileExact(absl::Span<const uint8_t> file, const Schema& schema,
                                        const ValidateOptions& options, Report* report) {
  Validate(file, schema, options, /*exact_only=*/true, report);
}

Report ValidateChannelFile(absl::Span<const uint8_t> file, const Schema& schema,
                           const ValidateOptions& options) {
  Report report(options.max_diagnostics);
  ValidateChannelFile(file, schema, options, &report);
  return report;
}

}  // namespace contentgate
