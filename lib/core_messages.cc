// File: lib/core_messages.cc
// The message of every channel-file diagnostic the core reports, naming the
// values involved; the numbers come from the cg_diag, names from the schema
// and the bytes at fault from the file.

#include "core_messages.h"

#include <string_view>

#include "bytes.h"
#include "contentgate/channel_file.h"

namespace contentgate::internal {
namespace {

// Report::Add with the core's severity (no catalog look-up); a warning past
// the cap is only counted, an error may still take a kept warning's place.
Diagnostic* Add(Report* report, const cg_diag& c) {
  const Severity severity = c.severity == CG_WARNING ? Severity::kWarning : Severity::kError;
  if (severity == Severity::kWarning && report->diagnostics().size() >= report->max_diagnostics()) {
    report->CountOnly(severity);
    return nullptr;
  }
  return report->Add(static_cast<Code>(c.code), severity);
}

uint64_t Header32(const MessageContext& m, size_t offset) { return Load32(m.file.data() + offset); }

void HeaderMessage(const MessageContext& m, const cg_diag& c, Diagnostic* d) {
  const uint64_t size = m.file.size();
  const uint64_t v0 = c.values[0];
  const uint64_t v1 = c.values[1];
  const uint8_t* p = m.file.data();
  switch (c.code) {
    case 100:
      return SetMessage(d, "file is %u bytes, shorter than the %u-byte header", size, kHeaderSize);
    case 101:
      return SetMessage(d, "magic is %02x %02x %02x %02x, not 43 48 4e 4c (\"CHNL\")", p[0], p[1],
                        p[2], p[3]);
    case 102:
      return SetMessage(d, "format_version is %u; only %u is supported", v0, kFormatVersion);
    case 103:
      return SetMessage(d, "header_size is %u, not %u", v0, kHeaderSize);
    case 104:
      return SetMessage(d, "header_crc32c is 0x%08X, computed 0x%08X over bytes [0, 60)", v0, v1);
    case 105:
      return SetMessage(d, "header file_size is %u, the file is %u bytes", v0, size);
    case 106:
      return SetMessage(d, "file is %u bytes, larger than the channel's max_file_size %u", size,
                        m.schema->channel().max_file_size);
    case 107:
      if (c.offset == CG_HEADER_FLAGS) {
        return SetMessage(d, "header flags are 0x%08X; no flags are defined in version 1", v0);
      }
      return SetMessage(d, "header reserved bytes [48, 56) are 0x%016X, not zero", v0);
    case 108:
      return SetMessage(d, "all %u bytes of the file are zero", size);
    case 110:
      return SetMessage(d, "instance_table_offset is %u, not %u", v0, kHeaderSize);
    case 111:
      if (c.offset == CG_HEADER_INSTANCE_COUNT) {
        return SetMessage(d,
                          "instance table of %u entries ends at %u, past the end of the %u-byte "
                          "file",
                          v0, v1, size);
      }
      if (c.offset == CG_HEADER_CRITERION_COUNT) {
        return SetMessage(d,
                          "criterion table of %u entries ends at %u, past the end of the %u-byte "
                          "file",
                          v0, v1, size);
      }
      return SetMessage(d, "pool of %u bytes at %u ends at %u, past the end of the %u-byte file",
                        v0, Header32(m, CG_HEADER_POOL_OFFSET), v1, size);
    case 112:
      if (c.offset == CG_HEADER_CRITERION_TABLE_OFFSET) {
        return SetMessage(d, "criterion_table_offset is %u, not %u (64 + 16 x %u instances)", v0,
                          v1, Header32(m, CG_HEADER_INSTANCE_COUNT));
      }
      return SetMessage(d, "pool_offset is %u, not %u (the end of the criterion table)", v0, v1);
    case 113:
      return SetMessage(d, "pool ends at %u; the file has %u more bytes after it", v0, v1);
    case 114:
      return SetMessage(d, "payload_crc32c is 0x%08X, computed 0x%08X over bytes [64, %u)", v0, v1,
                        size);
    case 208:
      return SetMessage(d, "instance_count is %u, more than the channel's max_instances %u", v0,
                        v1);
    case 206:
      return SetMessage(d, "channel_id is %u; the schema's channel '%s' is %u", v0,
                        m.schema->channel().name, v1);
    case 205:
      return SetMessage(d, "header criterion_count is %u; the instances declare %u", v0, v1);
    case 316:
      return SetMessage(d,
                        "%u of the %u pool bytes are not referenced by any criterion; the first "
                        "is at pool offset %u",
                        v0, Header32(m, CG_HEADER_POOL_SIZE), v1);
    default:
      return;
  }
}

// The template type of instance `k`: the core reports a diagnostic that
// names it only once it has found the type in the schema.
const TemplateType& TypeOf(const MessageContext& m, uint32_t k) {
  const uint8_t* e = m.file.data() + kHeaderSize + kInstanceEntrySize * uint64_t{k};
  const int index = m.schema->FindTemplateTypeById(Load16(e + CG_INSTANCE_TEMPLATE_TYPE_ID));
  return m.schema->template_types()[static_cast<size_t>(index)];
}

void InstanceMessage(const MessageContext& m, const cg_diag& c, Diagnostic* d) {
  const uint32_t k = c.instance;
  const uint64_t v0 = c.values[0];
  const uint64_t v1 = c.values[1];
  const uint8_t* e = m.file.data() + c.offset;
  switch (c.code) {
    case 200:
      return SetMessage(d, "instance %u has id 0; ids start at 1", k);
    case 201:
      return SetMessage(d, "instance %u has id %u, not greater than the previous instance's id %u",
                        k, v0, v1);
    case 202:
      return SetMessage(d, "instance %u has template_type_id %u, which the schema does not define",
                        k, v0);
    case 203:
      return SetMessage(d, "instance %u has criterion_count %u; template type '%s' has %u fields",
                        k, v0, TypeOf(m, k).name, v1);
    case 204: {
      if (v0 != v1) {
        return SetMessage(d, "instance %u has first_criterion %u; the criteria before it end at %u",
                          k, v0, v1);
      }
      const uint64_t count = Load16(e + CG_INSTANCE_CRITERION_COUNT);
      return SetMessage(d,
                        "instance %u's criteria [%u, %u) run past the header's criterion_count %u",
                        k, v0, v0 + count, Header32(m, CG_HEADER_CRITERION_COUNT));
    }
    case 207:
      return SetMessage(d,
                        "instance %u has flags 0x%04x and reserved 0x%04x; only flag bit 0 is "
                        "defined",
                        k, v0, v1);
    case 402: {
      const Sensor& sensor = m.schema->sensors()[c.sensor];
      d->set_sensor(sensor.version);
      return SetMessage(d, "sensor %s has no input list for template type '%s'", sensor.version,
                        TypeOf(m, k).name);
    }
    case 401: {
      const Sensor& sensor = m.schema->sensors()[c.sensor];
      d->set_sensor(sensor.version);
      return SetMessageParts(
          d, {"sensor ", sensor.version, " supplies ", v0, " of the ", v1, " fields of '",
              TypeOf(m, k).name, "'; this instance leaves the rest any"});
    }
    default:
      return;
  }
}

void IntegerMessage(const Field& field, const char* what, uint64_t value, Diagnostic* d) {
  if (value > TypeMax(field.type)) {
    SetMessage(d, "%s %s %u does not fit the field's type %s (max %u)", field.name, what, value,
               FieldTypeName(field.type), TypeMax(field.type));
  } else if (value < field.min) {
    SetMessage(d, "%s %s %u is below the field's min %u", field.name, what, value, field.min);
  } else {
    SetMessage(d, "%s %s %u is above the field's max %u", field.name, what, value, field.max);
  }
}

void CriterionMessage(const MessageContext& m, const cg_diag& c, const Field& field,
                      Diagnostic* d) {
  const uint64_t v0 = c.values[0];
  const uint64_t v1 = c.values[1];
  const uint8_t* e = m.file.data() + c.offset;
  const std::string& name = field.name;
  const Op op = static_cast<Op>(e[CG_CRITERION_OP]);
  switch (c.code) {
    case 300:
      return SetMessage(d, "%s criterion has unknown operator code %u (known: 0 to %d)", name, v0,
                        kOpCount - 1);
    case 301:
      return SetMessage(d, "operator %s is not allowed on field '%s' (type %s)", OpName(op), name,
                        FieldTypeName(field.type));
    case 302: {
      const unsigned flags = static_cast<unsigned>((v0 >> 8) & 0xFF);
      const uint64_t reserved = v0 >> 16;
      if (reserved != 0 || (flags & ~unsigned{kCriterionNocase}) != 0) {
        return SetMessage(d,
                          "%s criterion has flags 0x%02x and reserved bytes 0x%012x; only flag "
                          "bit 0 is defined",
                          name, flags, reserved);
      }
      return SetMessage(d,
                        "%s criterion sets NOCASE on operator %s, which is not a string operator",
                        name, OpName(op));
    }
    case 303:
      if (op == Op::kAny) {
        return SetMessage(d, "%s any has arg0 %u and arg1 %u; both must be 0", name, v0, v1);
      }
      return SetMessage(d, "%s %s has arg1 %u; it must be 0", name, OpName(op), v1);
    case 304: {
      const char* what = v1 == CG_OPERAND_RANGE_LOW    ? "range low"
                         : v1 == CG_OPERAND_RANGE_HIGH ? "range high"
                                                       : "value";
      return IntegerMessage(field, what, v0, d);
    }
    case 305:
      return SetMessage(d, "%s range low %u is greater than high %u", name, v0, v1);
    case 306:
      if (v0 == 0) return SetMessage(d, "%s mask is 0", name);
      if (v0 > TypeMax(field.type)) {
        return SetMessage(d, "%s mask 0x%x is wider than the field's type %s", name, v0,
                          FieldTypeName(field.type));
      }
      return SetMessage(d, "%s mask expected 0x%x has bits outside mask 0x%x", name, v1, v0);
    case 307:
      if (field.type == FieldType::kBool) {
        return SetMessage(d, "%s value %u is not a bool (0 or 1)", name, v0);
      }
      return SetMessage(d, "%s value %u is not one of the enum's %u declared values", name, v0,
                        field.values.size());
    case 310:
      return SetMessage(d, "%s string at pool offset %u, length %u, lies outside the %u-byte pool",
                        name, v0, v1, Header32(m, CG_HEADER_POOL_SIZE));
    case 311:
      if (v1 == 0) return SetMessage(d, "%s string contains a NUL byte at byte %u", name, v0);
      return SetMessage(d, "%s string is not well-formed UTF-8 at byte %u (0x%02x)", name, v0, v1);
    case 312:
      return SetMessage(d, "%s string is %u bytes; the field allows %u to %u", name, v0,
                        field.min_length, field.max_length);
    case 313:
      return SetMessage(d, "%s glob has %u '*'; the field allows at most %u", name, v0, v1);
    case 314: {
      const bool nocase = (e[CG_CRITERION_FLAGS] & kCriterionNocase) != 0;
      const std::string_view error =
          m.last_regex_verdict != nullptr ? std::string_view(m.last_regex_verdict->error) : "";
      return SetMessage(d, "%s regex%s: %s", name, nocase ? " (NOCASE)" : "", error);
    }
    case 315: {
      const uint64_t at = Header32(m, CG_HEADER_POOL_OFFSET) + Load64(e + CG_CRITERION_ARG0);
      const std::string_view pattern(reinterpret_cast<const char*>(m.file.data() + at),
                                     static_cast<size_t>(Load64(e + CG_CRITERION_ARG1)));
      return SetMessage(d, "%s glob '%s' matches everything: use any", name, pattern);
    }
    case 400: {
      const Sensor& sensor = m.schema->sensors()[c.sensor];
      d->set_sensor(sensor.version);
      return SetMessageParts(
          d, {"field '", name, "' (criterion ", c.criterion, ") is not supplied by sensor ",
              sensor.version, " (", v0, " inputs)"});
    }
    default:
      return;
  }
}

}  // namespace

void AddCoreDiagnostic(const MessageContext& m, const cg_diag& c) {
  Diagnostic* d = Add(m.report, c);
  if (d == nullptr) return;
  d->set_offset(c.offset);
  if (c.instance == CG_NONE) return HeaderMessage(m, c, d);
  d->set_instance(c.instance);
  d->set_instance_id(c.instance_id);
  if (c.criterion == CG_NONE) return InstanceMessage(m, c, d);
  const Field& field = TypeOf(m, c.instance).fields[c.criterion];
  d->set_criterion(c.criterion);
  d->set_field(field.name);
  CriterionMessage(m, c, field, d);
}

}  // namespace contentgate::internal
