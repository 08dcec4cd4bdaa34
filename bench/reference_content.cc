// File: bench/reference_content.cc
// The reproducible reference content generator of reference_content.h.

#include "reference_content.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "contentgate/atomic_file.h"

namespace contentgate::bench {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified, so
// a seed means the same bytes everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound); bound > 0. The modulo bias is below 2^-40 for the
  // bounds used here, and it is deterministic, which is what matters.
  uint64_t Below(uint64_t bound) { return Next() % bound; }
  // Uniform in [lo, hi].
  uint64_t Between(uint64_t lo, uint64_t hi) {
    const uint64_t span = hi - lo;
    return span == ~uint64_t{0} ? Next() : lo + Below(span + 1);
  }
  // True with probability ppm / 1,000,000.
  bool Chance(uint64_t ppm) { return Below(1000000) < ppm; }

 private:
  uint64_t state_;
};

constexpr uint32_t kMinStringLength = 8;
constexpr uint32_t kMaxStringLength = 64;
constexpr uint64_t kStringShare = 200000;        // ppm of all criteria
constexpr uint64_t kRegexShare = 20000;          // ppm of all criteria
constexpr uint64_t kCommonStringShare = 100000;  // ppm of string criteria reusing a common text
constexpr uint64_t kNocaseShare = 250000;        // ppm of string criteria
constexpr uint64_t kDisabledShare = 10000;       // ppm of instances
constexpr int kCommonStrings = 64;

constexpr Op kPlainStringOps[] = {Op::kStrEq, Op::kPrefix, Op::kSuffix, Op::kContains, Op::kGlob};
constexpr Op kValueOps[] = {Op::kEq, Op::kNe, Op::kRange, Op::kMask};

// What kind of text a field holds, guessed from its name, so the strings
// look like the ones real content carries.
enum class TextFamily { kPipe, kPath, kCommandLine, kSid, kOther };

TextFamily FamilyOf(std::string_view field_name) {
  const auto has = [field_name](std::string_view part) {
    return field_name.find(part) != std::string_view::npos;
  };
  if (has("sid")) return TextFamily::kSid;
  if (has("command_line")) return TextFamily::kCommandLine;
  if (has("path")) return TextFamily::kPath;
  if (has("pipe")) return TextFamily::kPipe;
  return TextFamily::kOther;
}

// A text of exactly `length` bytes: a family prefix, a random tail, and for
// paths an extension. Only ASCII, never '*', '?' or a NUL.
std::string MakeText(Rng& rng, TextFamily family, uint32_t length) {
  static constexpr char kTail[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
  static constexpr char kDigits[] = "0123456789";
  std::string prefix;
  std::string suffix;
  const char* alphabet = kTail;
  size_t alphabet_size = sizeof kTail - 1;
  switch (family) {
    case TextFamily::kPipe:
      prefix = R"(\\.\pipe\)";
      break;
    case TextFamily::kPath: {
      static constexpr const char* kDirs[] = {R"(C:\Windows\System32\)", R"(C:\Program Files\)",
                                              R"(C:\Users\Public\)", R"(C:\ProgramData\)"};
      prefix = kDirs[rng.Below(4)];
      suffix = rng.Below(2) ? ".exe" : ".dll";
      break;
    }
    case TextFamily::kCommandLine:
      prefix = rng.Below(2) ? R"("C:\Windows\System32\cmd.exe" /c )" : "powershell.exe -enc ";
      break;
    case TextFamily::kSid:
      prefix = "S-1-5-21-";
      alphabet = kDigits;
      alphabet_size = sizeof kDigits - 1;
      break;
    case TextFamily::kOther:
      break;
  }
  if (prefix.size() + suffix.size() + 4 > length) {
    prefix.resize(std::min<size_t>(prefix.size(), length / 2));
    suffix.clear();
  }
  std::string text = prefix;
  while (text.size() + suffix.size() < length) text += alphabet[rng.Below(alphabet_size)];
  text += suffix;
  return text;
}

// Replaces one or two characters after the first by `*` (at most
// `max_wildcards`) and maybe one by `?`, so the glob is never all wildcards.
std::string MakeGlob(Rng& rng, std::string text, uint32_t max_wildcards) {
  const uint32_t stars = std::min<uint32_t>(max_wildcards, 1 + rng.Below(2));
  for (uint32_t i = 0; i < stars; ++i) text[1 + rng.Below(text.size() - 1)] = '*';
  if (stars == 0 || rng.Below(4) == 0) text[1 + rng.Below(text.size() - 1)] = '?';
  return text;
}

// A regex distinct from every other one of the file (it embeds `serial`),
// 8 to 64 bytes, that RE2 compiles to a small program.
std::string MakeRegex(Rng& rng, TextFamily family, uint64_t serial) {
  static constexpr const char* kHeads[] = {R"(^\\\\\.\\pipe\\)", R"(\\system32\\)",
                                           R"((?:^|\s)/c\s+)", R"(^S-1-5-21-\d+-)", R"(^)"};
  const std::string head = kHeads[static_cast<int>(family)];
  return absl::StrFormat("%sr%x_[0-9a-f]{%d,8}(?:\\.exe)?$", head, serial, 2 + rng.Below(5));
}

// One value in [field.min, field.max] (bool: 0 or 1; enum: a declared one).
uint64_t MakeValue(Rng& rng, const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return rng.Below(2);
    case FieldType::kEnum:
      return field.values[rng.Below(field.values.size())].value;
    default:
      return rng.Between(field.min, field.max);
  }
}

Criterion MakeValueCriterion(Rng& rng, const Field& field) {
  std::vector<Op> ops;
  for (Op op : kValueOps) {
    if (field.ops.contains(op)) ops.push_back(op);
  }
  Criterion c;
  if (ops.empty()) return c;
  c.op = ops[rng.Below(ops.size())];
  switch (c.op) {
    case Op::kRange:
      c.arg0 = MakeValue(rng, field);
      c.arg1 = MakeValue(rng, field);
      if (c.arg0 > c.arg1) std::swap(c.arg0, c.arg1);
      break;
    case Op::kMask:
      c.arg0 = rng.Next() & TypeMax(field.type);
      if (c.arg0 == 0) c.arg0 = 1;
      c.arg1 = rng.Next() & c.arg0;
      break;
    default:
      c.arg0 = MakeValue(rng, field);
      break;
  }
  return c;
}

bool AllowsRegex(const Field& field) {
  return field.type == FieldType::kString && field.ops.contains(Op::kRegex);
}
bool AllowsPlainString(const Field& field) {
  if (field.type != FieldType::kString) return false;
  for (Op op : kPlainStringOps) {
    if (field.ops.contains(op)) return true;
  }
  return false;
}

// Per-field texts that several instances reuse, as real content does (the
// same pipe name prefix in many rules), so the pool dedups some strings.
std::vector<std::string> CommonTexts(const Field& field, uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> texts;
  const uint32_t lo = std::max(kMinStringLength, field.min_length);
  const uint32_t hi = std::max(lo, std::min(kMaxStringLength, field.max_length));
  for (int i = 0; i < kCommonStrings; ++i) {
    texts.push_back(MakeText(rng, FamilyOf(field.name), rng.Between(lo, hi)));
  }
  return texts;
}

void AppendJsonString(std::string* out, std::string_view text) {
  out->push_back('"');
  for (unsigned char ch : text) {
    if (ch == '"' || ch == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(ch));
    } else if (ch < 0x20) {
      absl::StrAppendFormat(out, "\\u%04x", ch);
    } else {
      out->push_back(static_cast<char>(ch));
    }
  }
  out->push_back('"');
}

}  // namespace

const char* ReferenceMixName(ReferenceMix mix) {
  switch (mix) {
    case ReferenceMix::kMixed:
      return "mixed";
    case ReferenceMix::kRegex:
      return "regex";
    case ReferenceMix::kIntegerOnly:
      return "int";
  }
  return "?";
}

absl::StatusOr<Content> MakeReferenceContent(const Schema& schema, const ReferenceSpec& spec) {
  const int type_index = schema.FindTemplateTypeByName(spec.template_type);
  if (type_index < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("schema has no template type '", spec.template_type, "'"));
  }
  const TemplateType& type = schema.template_types()[type_index];
  const uint32_t field_count = static_cast<uint32_t>(type.fields.size());

  // Fields at or past the smallest input count of any sensor stay `any`.
  uint32_t supplied = field_count;
  for (const Sensor& sensor : schema.sensors()) {
    const uint32_t inputs = sensor.InputsFor(type_index);
    if (inputs != Sensor::kNoInputs) supplied = std::min(supplied, inputs);
  }

  uint32_t string_fields = 0;
  uint32_t regex_fields = 0;
  for (uint32_t i = 0; i < supplied; ++i) {
    string_fields += AllowsPlainString(type.fields[i]) || AllowsRegex(type.fields[i]);
    regex_fields += AllowsRegex(type.fields[i]);
  }
  const uint64_t string_ppm =
      spec.mix == ReferenceMix::kIntegerOnly || string_fields == 0
          ? 0
          : std::min<uint64_t>(1000000, kStringShare * field_count / string_fields);
  // Share of the string criteria on regex-capable fields that are regex.
  const uint64_t regex_ppm =
      spec.mix != ReferenceMix::kRegex || regex_fields == 0 || string_ppm == 0
          ? 0
          : std::min<uint64_t>(1000000, kRegexShare * field_count * 1000000 /
                                            (uint64_t{regex_fields} * string_ppm));

  std::vector<std::vector<std::string>> common(field_count);
  for (uint32_t i = 0; i < field_count; ++i) {
    if (type.fields[i].type == FieldType::kString)
      common[i] = CommonTexts(type.fields[i], spec.seed + i);
  }

  Rng rng(spec.seed);
  uint64_t regex_serial = 0;
  Content content;
  content.channel_id = schema.channel().id;
  content.content_version = 1;
  content.instances.resize(spec.instances);
  for (uint32_t k = 0; k < spec.instances; ++k) {
    Instance& instance = content.instances[k];
    instance.id = k + 1;
    instance.template_type_id = type.id;
    instance.disabled = rng.Chance(kDisabledShare);
    instance.criteria.resize(field_count);
    for (uint32_t i = 0; i < field_count; ++i) {
      const Field& field = type.fields[i];
      Criterion& c = instance.criteria[i];
      if (i >= supplied) {
        if (!field.ops.contains(Op::kAny)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "field '", field.name, "' is not supplied by every sensor and does not allow any"));
        }
        continue;
      }
      if (field.type != FieldType::kString) {
        c = MakeValueCriterion(rng, field);
        if (c.op == Op::kAny && !field.ops.contains(Op::kAny)) {
          return absl::InvalidArgumentError(
              absl::StrCat("field '", field.name, "' allows no operator the generator writes"));
        }
        continue;
      }
      if (!rng.Chance(string_ppm) && field.ops.contains(Op::kAny)) continue;
      const TextFamily family = FamilyOf(field.name);
      c.nocase = rng.Chance(kNocaseShare);
      if (AllowsRegex(field) && rng.Chance(regex_ppm)) {
        c.op = Op::kRegex;
        c.text = MakeRegex(rng, family, ++regex_serial);
        continue;
      }
      std::vector<Op> ops;
      for (Op op : kPlainStringOps) {
        if (field.ops.contains(op)) ops.push_back(op);
      }
      if (ops.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("field '", field.name, "' allows no operator the generator writes"));
      }
      c.op = ops[rng.Below(ops.size())];
      const uint32_t lo = std::max(kMinStringLength, field.min_length);
      const uint32_t hi = std::max(lo, std::min(kMaxStringLength, field.max_length));
      c.text = rng.Chance(kCommonStringShare) ? common[i][rng.Below(kCommonStrings)]
                                              : MakeText(rng, family, rng.Between(lo, hi));
      if (c.op == Op::kGlob) c.text = MakeGlob(rng, std::move(c.text), field.max_wildcards);
    }
  }
  return content;
}

std::string RenderSourceJson(const Content& content, const Schema& schema) {
  std::string out;
  absl::StrAppend(&out, "{\"channel\": ", content.channel_id,
                  ", \"content_version\": ", content.content_version, ", \"instances\": [");
  bool first_instance = true;
  for (const Instance& instance : content.instances) {
    const TemplateType& type =
        schema.template_types()[schema.FindTemplateTypeById(instance.template_type_id)];
    absl::StrAppend(&out, first_instance ? "\n" : ",\n", "  {\"id\": ", instance.id,
                    ", \"type\": \"", type.name, "\"");
    first_instance = false;
    if (instance.disabled) out += ", \"disabled\": true";
    out += ", \"criteria\": {";
    bool first_criterion = true;
    for (size_t i = 0; i < instance.criteria.size(); ++i) {
      const Criterion& c = instance.criteria[i];
      if (c.op == Op::kAny) continue;
      const Field& field = type.fields[i];
      absl::StrAppend(&out, first_criterion ? "" : ", ", "\"", field.name, "\": {\"",
                      std::string(OpName(c.op)), "\": ");
      first_criterion = false;
      if (IsStringOp(c.op)) {
        AppendJsonString(&out, c.text);
        if (c.nocase) out += ", \"nocase\": true";
      } else if (c.op == Op::kRange || c.op == Op::kMask) {
        absl::StrAppend(&out, "[", c.arg0, ", ", c.arg1, "]");
      } else if (field.type == FieldType::kBool) {
        out += c.arg0 ? "true" : "false";
      } else if (field.type == FieldType::kEnum) {
        AppendJsonString(&out, field.FindEnumValue(c.arg0)->name);
      } else {
        absl::StrAppend(&out, c.arg0);
      }
      out += "}";
    }
    out += "}}";
  }
  out += "\n]}\n";
  return out;
}

MixStats ComputeMixStats(const Content& content) {
  MixStats stats;
  stats.min_string_length = ~uint32_t{0};
  for (const Instance& instance : content.instances) {
    for (const Criterion& c : instance.criteria) {
      ++stats.criteria;
      if (c.op == Op::kAny) {
        ++stats.any;
      } else if (IsStringOp(c.op)) {
        ++stats.string;
        stats.regex += c.op == Op::kRegex;
        const uint32_t length = static_cast<uint32_t>(c.text.size());
        stats.min_string_length = std::min(stats.min_string_length, length);
        stats.max_string_length = std::max(stats.max_string_length, length);
      } else {
        ++stats.other;
      }
    }
  }
  if (stats.string == 0) stats.min_string_length = 0;
  return stats;
}

bool WriteGeneratedFile(const std::string& path, std::string_view bytes) {
  const absl::Status status = WriteFileAtomically(path, bytes);
  if (!status.ok()) std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
  return status.ok();
}

}  // namespace contentgate::bench
