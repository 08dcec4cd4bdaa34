// The structure-aware libFuzzer mutator for channel files (channel_mutator.h).
#include "channel_mutator.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "raw_channel.h"
#include "sampling.h"

namespace contentgate::fuzz {
namespace {

using namespace std::string_view_literals;

// SplitMix64: one is made per mutation, and seeding it is one store (a
// std::mt19937_64 filled 312 words first, 3 % of a fuzzer's time).
class Rng {
 public:
  explicit Rng(unsigned seed) : state_(seed) {}
  // Uniform in [0, n) up to a negligible modulo bias; 0 when n is 0.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Bits() % n; }
  bool OneIn(uint64_t n) { return Below(n) == 0; }
  uint64_t Bits() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// Operands for the string checks: ordinary pipe-like strings, bad UTF-8 of
// every kind the checker distinguishes, NUL, globs and regexes (bad, huge,
// and ones the Debian 12 RE2 rejects).
constexpr std::string_view kPlainStrings[] = {
    "\\\\.\\pipe\\msagent_"sv,
    "\\\\.\\pipe\\postex_"sv,
    "\\rundll32.exe"sv,
    "S-1-5-18"sv,
    "a"sv,
    "ab"sv,
    "C:\\Windows\\System32\\svchost.exe"sv,
    "\xC3\xA9t\xC3\xA9"sv,
    "\xF0\x9F\x98\x80"sv,
    "\xEF\xBF\xBF"sv,
    "\xF4\x8F\xBF\xBF"sv,
};
constexpr std::string_view kBadStrings[] = {
    ""sv,
    "a\0b"sv,
    "\0"sv,
    "\xC0\x80"sv,
    "\xC1\xBF"sv,
    "\xE0\x80\xAF"sv,
    "\xED\xA0\x80"sv,
    "\xED\xBF\xBF"sv,
    "\xF4\x90\x80\x80"sv,
    "\xF5\x80\x80\x80"sv,
    "\xFF"sv,
    "\xFE"sv,
    "\x80"sv,
    "abc\xE2\x82"sv,
    "\xF0\x9F\x98"sv,
    "\xC3"sv,
    "\xE2\x28\xA1"sv,
};
constexpr std::string_view kGlobs[] = {
    "*"sv,
    "**"sv,
    "?"sv,
    "*?*"sv,
    "\\\\.\\pipe\\*"sv,
    "\\\\.\\pipe\\*_wkssvc*"sv,
    "*a*b*c*d*e*f*g*h*"sv,
    "*a*b*c*d*e*f*g*h*i*"sv,
    "\\*"sv,
    "[*]"sv,
};
constexpr std::string_view kRegexes[] = {
    "^\\\\\\\\\\.\\\\pipe\\\\[0-9a-f]{32}$"sv,
    ".*"sv,
    "a|b|c"sv,
    "(?i)abc"sv,
    "x{2,}y*"sv,
    "\\pL+"sv,
    "[[:alpha:]]+"sv,
    "\\C"sv,
    "(?s).\\b"sv,
    "(a)(b)(c)"sv,
    "("sv,
    ")"sv,
    "[z-a]"sv,
    "a{1001}"sv,
    "a{2,1}"sv,
    "(a)\\1"sv,
    "(?=a)"sv,
    "(?!a)"sv,
    "(?<=a)b"sv,
    "(?<n>a)"sv,
    "(?P<n>a)"sv,
    "\\"sv,
    "*"sv,
    "a**"sv,
    "\\8"sv,
    "[a-z]{500}"sv,
    "[a-z]{1000}"sv,
    "(\\w{100}){100}"sv,
    "((a{100}){100}){100}"sv,
    "[\\x{0}-\\x{10FFFF}]{1000}"sv,
    "(?i)[\\x{100}-\\x{10FFFF}]{200}"sv,
    "\\p{Greek}{300}"sv,
    "(((((((((((((((((((((a)))))))))))))))))))))"sv,
};

template <typename T, size_t N>
T PickFrom(const T (&items)[N], Rng& rng) {
  return items[rng.Below(N)];
}

const TemplateType* TypeOf(const Schema& schema, uint16_t id) {
  int index = schema.FindTemplateTypeById(id);
  return index < 0 ? nullptr : &schema.template_types()[index];
}

const TemplateType& RandomType(const Schema& schema, Rng& rng) {
  return schema.template_types()[rng.Below(schema.template_types().size())];
}

// A value at, beside or far from the field's bounds.
uint64_t IntegerNear(const Field& field, Rng& rng) {
  uint64_t type_max = TypeMax(field.type);
  switch (rng.Below(14)) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return field.min;
    case 3:
      return field.min - 1;
    case 4:
      return field.min + 1;
    case 5:
      return field.max;
    case 6:
      return field.max + 1;
    case 7:
      return field.max - 1;
    case 8:
      return type_max;
    case 9:
      return type_max + 1;
    case 10:
      return uint64_t{1} << rng.Below(64);
    case 11:
      if (!field.values.empty()) return field.values[rng.Below(field.values.size())].value;
      return rng.Bits() & type_max;
    case 12:
      return ~uint64_t{0};
    default:
      return rng.Bits();
  }
}

// A value near the bounds of a pool of `pool_size` bytes.
uint64_t PoolArgNear(uint64_t pool_size, Rng& rng) {
  switch (rng.Below(7)) {
    case 0:
      return 0;
    case 1:
      return pool_size;
    case 2:
      return pool_size + 1;
    case 3:
      return pool_size == 0 ? 0 : pool_size - 1;
    case 4:
      return ~uint64_t{0};
    case 5:
      return uint64_t{1} << 63;
    default:
      return rng.Below(pool_size + 2);
  }
}

std::string Repeat(char c, size_t n) { return std::string(n, c); }

// A glob with `stars` '*' characters.
std::string GlobWithStars(size_t stars) {
  std::string glob;
  for (size_t i = 0; i < stars; ++i) {
    glob += '*';
    glob += static_cast<char>('a' + i % 26);
  }
  return glob;
}

std::string StringFor(const Field* field, Op op, Rng& rng) {
  uint32_t max_length = field ? field->max_length : 1024;
  uint32_t min_length = field ? field->min_length : 1;
  uint32_t max_wildcards = field ? field->max_wildcards : 16;
  switch (rng.Below(op == Op::kGlob || op == Op::kRegex ? 8 : 6)) {
    case 0:
      return std::string(PickFrom(kBadStrings, rng));
    case 1: {
      static constexpr int kDelta[] = {-1, 0, 1};
      int64_t length = int64_t{rng.OneIn(2) ? max_length : min_length} + PickFrom(kDelta, rng);
      return Repeat('a', static_cast<size_t>(std::max<int64_t>(length, 0)));
    }
    case 2: {
      std::string s(rng.Below(12), '\0');
      for (char& c : s) c = static_cast<char>(rng.Bits());
      return s;
    }
    case 6:
    case 7:
      if (op == Op::kRegex) return std::string(PickFrom(kRegexes, rng));
      if (rng.OneIn(2)) return GlobWithStars(max_wildcards + rng.Below(3));
      return std::string(PickFrom(kGlobs, rng));
    default:
      return std::string(PickFrom(kPlainStrings, rng));
  }
}

// Puts `text` in the pool (reusing an earlier copy half the time) and points
// the criterion at it.
void PointAtString(const std::string& text, std::string* pool, RawCriterion* c, Rng& rng) {
  size_t at = text.empty() || rng.OneIn(2) ? std::string::npos : pool->find(text);
  if (at == std::string::npos) {
    at = pool->size();
    *pool += text;
  }
  c->arg0 = at;
  c->arg1 = text.size();
}

Op PlausibleOp(const Field* field, Rng& rng) {
  if (field == nullptr || rng.OneIn(8)) return static_cast<Op>(rng.Below(kOpCount));
  std::vector<Op> ops;
  for (int i = 0; i < kOpCount; ++i) {
    if (field->ops.contains(static_cast<Op>(i))) ops.push_back(static_cast<Op>(i));
  }
  if (ops.empty() || rng.OneIn(6)) {
    for (int i = 0; i < kOpCount; ++i) {
      if (IsOpValidForType(static_cast<Op>(i), field->type)) ops.push_back(static_cast<Op>(i));
    }
  }
  return ops[rng.Below(ops.size())];
}

// Fills the operands of `c` for its operator and `field`, mostly in range.
void FillOperands(const Field* field, std::string* pool, RawCriterion* c, Rng& rng) {
  Op op = static_cast<Op>(c->op);
  c->arg0 = c->arg1 = 0;
  uint64_t type_max = field ? TypeMax(field->type) : ~uint64_t{0};
  uint64_t lo = field ? field->min : 0;
  uint64_t hi = field ? field->max : type_max;
  if (field && (field->type == FieldType::kBool)) hi = 1;
  auto in_range = [&] { return hi <= lo ? lo : lo + rng.Below(hi - lo + 1); };
  switch (op) {
    case Op::kAny:
      break;
    case Op::kEq:
    case Op::kNe:
      if (field && field->type == FieldType::kEnum && !field->values.empty() && !rng.OneIn(4)) {
        c->arg0 = field->values[rng.Below(field->values.size())].value;
      } else {
        c->arg0 = field && rng.OneIn(3) ? IntegerNear(*field, rng) : in_range();
      }
      break;
    case Op::kRange:
      c->arg0 = rng.OneIn(3) && field ? IntegerNear(*field, rng) : in_range();
      c->arg1 = rng.OneIn(3) && field ? IntegerNear(*field, rng) : in_range();
      if (!rng.OneIn(4) && c->arg0 > c->arg1) std::swap(c->arg0, c->arg1);
      break;
    case Op::kMask:
      c->arg0 = rng.OneIn(8) ? 0 : (rng.Bits() & type_max) | (uint64_t{1} << rng.Below(8));
      c->arg1 = rng.OneIn(6) ? rng.Bits() : (rng.Bits() & c->arg0);
      if (rng.OneIn(8)) c->arg0 = type_max + 1;
      break;
    default:
      if (IsStringOp(op)) {
        PointAtString(StringFor(field, op, rng), pool, c, rng);
        if (rng.OneIn(3)) c->flags |= kCriterionNocase;
        if (rng.OneIn(16)) c->arg0 = PoolArgNear(pool->size(), rng);
        if (rng.OneIn(16)) c->arg1 = PoolArgNear(pool->size(), rng);
      } else {
        c->arg0 = rng.Bits();
        c->arg1 = rng.Bits();
      }
  }
}

RawCriterion PlausibleCriterion(const Field* field, std::string* pool, Rng& rng) {
  RawCriterion c;
  c.op = static_cast<uint8_t>(PlausibleOp(field, rng));
  FillOperands(field, pool, &c, rng);
  return c;
}

const Field* FieldOf(const Schema& schema, const RawInstance& in, size_t i) {
  const TemplateType* type = TypeOf(schema, in.template_type_id);
  return type && i < type->fields.size() ? &type->fields[i] : nullptr;
}

RawInstance NewInstance(const Schema& schema, uint32_t id, std::string* pool, Rng& rng) {
  RawInstance in;
  in.id = id;
  const TemplateType& type = RandomType(schema, rng);
  in.template_type_id = type.id;
  in.flags = rng.OneIn(4) ? kInstanceDisabled : 0;
  for (const Field& field : type.fields) {
    in.criteria.push_back(rng.OneIn(3) ? PlausibleCriterion(&field, pool, rng) : RawCriterion{});
  }
  return in;
}

// Makes the file consistent with `schema` at the envelope and instance
// level: header constants, channel id, ascending ids, one criterion per
// field, no reserved bits.
void Normalize(const Schema& schema, RawChannelFile* f, Rng& rng) {
  RawHeader fresh;
  std::memcpy(f->header.magic, fresh.magic, sizeof fresh.magic);
  f->header.format_version = fresh.format_version;
  f->header.header_size = fresh.header_size;
  f->header.flags = 0;
  f->header.reserved = 0;
  f->header.channel_id = schema.channel().id;
  uint32_t last_id = 0;
  for (RawInstance& in : f->instances) {
    const TemplateType* type = TypeOf(schema, in.template_type_id);
    if (type == nullptr) {
      type = &RandomType(schema, rng);
      in.template_type_id = type->id;
    }
    in.criteria.resize(type->fields.size());
    in.keep_declared = false;
    in.flags &= kInstanceDisabled;
    in.reserved = 0;
    if (in.id <= last_id) in.id = last_id + 1 + static_cast<uint32_t>(rng.Below(3));
    last_id = in.id;
    for (RawCriterion& c : in.criteria) {
      std::memset(c.reserved, 0, sizeof c.reserved);
      c.flags &= IsStringOp(static_cast<Op>(c.op)) ? kCriterionNocase : 0;
    }
  }
  f->orphan_criteria.clear();
  f->trailing.clear();
}

// Repairs what the validator reports: every criterion it blames becomes
// `any` (or a fresh plausible criterion), every instance it blames is
// normalised, and a file failing before its content is normalised whole.
void RepairByDiagnostics(const Schema& schema, RawChannelFile* f, Rng& rng) {
  std::string bytes = EncodeRaw(*f);
  ValidateOptions options;
  if (rng.OneIn(2)) options.target_sensors = std::vector<uint32_t>{};
  // The targets' shared cache and a report reused across calls: the same
  // diagnostics without compiling each regex again or regrowing the report.
  options.regex_cache = SharedRegexCache();
  static Report& report = *new Report;
  ValidateChannelFile(AsBytes(bytes), schema, options, &report);
  bool normalize = false;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.severity() != Severity::kError) continue;
    if (!d.has_instance() || d.instance() >= f->instances.size()) {
      normalize = true;
      continue;
    }
    RawInstance& in = f->instances[d.instance()];
    if (d.has_criterion() && d.criterion() < in.criteria.size()) {
      in.criteria[d.criterion()] =
          rng.OneIn(4) ? PlausibleCriterion(FieldOf(schema, in, d.criterion()), &f->pool, rng)
                       : RawCriterion{};
    } else {
      normalize = true;
    }
  }
  if (normalize) Normalize(schema, f, rng);
}

// Instance `k`'s last field gets a non-`any` criterion: the Channel 291
// shape when a sensor supplies one input fewer than the type has fields.
void MakeChannel291Shape(const Schema& schema, RawChannelFile* f, Rng& rng) {
  const TemplateType* widest = &schema.template_types()[0];
  for (const TemplateType& t : schema.template_types()) {
    if (t.fields.size() > widest->fields.size()) widest = &t;
  }
  if (f->instances.empty()) {
    f->instances.push_back(
        NewInstance(schema, 1 + static_cast<uint32_t>(rng.Below(100)), &f->pool, rng));
  }
  RawInstance& in = f->instances[rng.Below(f->instances.size())];
  in.template_type_id = widest->id;
  in.keep_declared = false;
  in.criteria.resize(widest->fields.size());
  const Field& last = widest->fields.back();
  RawCriterion c;
  do {
    c = PlausibleCriterion(&last, &f->pool, rng);
  } while (c.op == 0);
  in.criteria.back() = c;
}

struct HeaderPatch {
  size_t offset;
  size_t width;
  uint64_t value;
};

HeaderPatch RandomHeaderPatch(const RawChannelFile& f, Rng& rng) {
  static constexpr struct {
    size_t offset, width;
  } kFields[] = {
      {CG_HEADER_MAGIC, 4},           {CG_HEADER_FORMAT_VERSION, 2},
      {CG_HEADER_HEADER_SIZE, 2},     {CG_HEADER_CHANNEL_ID, 4},
      {CG_HEADER_CONTENT_VERSION, 4}, {CG_HEADER_FILE_SIZE, 4},
      {CG_HEADER_FLAGS, 4},           {CG_HEADER_INSTANCE_TABLE_OFFSET, 4},
      {CG_HEADER_INSTANCE_COUNT, 4},  {CG_HEADER_CRITERION_TABLE_OFFSET, 4},
      {CG_HEADER_CRITERION_COUNT, 4}, {CG_HEADER_POOL_OFFSET, 4},
      {CG_HEADER_POOL_SIZE, 4},       {CG_HEADER_RESERVED, 8},
  };
  auto field = PickFrom(kFields, rng);
  std::string bytes = EncodeRaw(f, true, false, false);
  uint64_t current = 0;
  std::memcpy(&current, bytes.data() + field.offset, field.width);
  static constexpr int64_t kDelta[] = {-24, -16, -8, -1, 1, 8, 16, 24};
  uint64_t value;
  switch (rng.Below(6)) {
    case 0:
      value = current + static_cast<uint64_t>(PickFrom(kDelta, rng));
      break;
    case 1:
      value = 0;
      break;
    case 2:
      value = ~uint64_t{0};
      break;
    case 3:
      value = uint64_t{1} << rng.Below(field.width * 8);
      break;
    case 4:
      value = bytes.size() + rng.Below(3) - 1;
      break;
    default:
      value = rng.Bits();
  }
  return {field.offset, field.width, value};
}

void ApplyPatch(const HeaderPatch& patch, std::string* bytes) {
  if (bytes->size() < patch.offset + patch.width) return;
  std::memcpy(bytes->data() + patch.offset, &patch.value, patch.width);
}

RawCriterion* RandomCriterion(RawChannelFile* f, Rng& rng, const Field** field,
                              const Schema& schema) {
  if (f->instances.empty()) return nullptr;
  RawInstance& in = f->instances[rng.Below(f->instances.size())];
  if (in.criteria.empty()) return nullptr;
  size_t i = rng.Below(in.criteria.size());
  *field = FieldOf(schema, in, i);
  return &in.criteria[i];
}

enum Mutation {
  kHeaderField,
  kAddInstance,
  kCloneInstance,
  kRemoveInstance,
  kSwapInstances,
  kInstanceId,
  kInstanceType,
  kInstanceFlags,
  kInstanceDeclared,
  kCriterionCountOffByOne,
  kNewCriterion,
  kCriterionOp,
  kCriterionArgs,
  kCriterionFlags,
  kCriterionString,
  kPoolBytes,
  kNormalize,
  kRepair,
  kChannel291Shape,
  kOrphansOrTrailing,
  kMutationCount,
};

// Applies one mutation; header patches are collected for after encoding.
void MutateOnce(const Schema& schema, RawChannelFile* f, std::vector<HeaderPatch>* patches,
                ByteMutator fallback, Rng& rng) {
  auto& instances = f->instances;
  const Field* field = nullptr;
  switch (static_cast<Mutation>(rng.Below(kMutationCount))) {
    case kHeaderField:
      patches->push_back(RandomHeaderPatch(*f, rng));
      break;
    case kAddInstance: {
      uint32_t id = instances.empty() ? 1 : instances.back().id + 1;
      if (rng.OneIn(8)) id = static_cast<uint32_t>(rng.Bits());
      instances.insert(instances.begin() + rng.Below(instances.size() + 1),
                       NewInstance(schema, id, &f->pool, rng));
      break;
    }
    case kCloneInstance:
      if (!instances.empty()) {
        RawInstance copy = instances[rng.Below(instances.size())];
        copy.id += static_cast<uint32_t>(rng.Below(3));
        instances.insert(instances.begin() + rng.Below(instances.size() + 1), copy);
      }
      break;
    case kRemoveInstance:
      if (!instances.empty()) instances.erase(instances.begin() + rng.Below(instances.size()));
      break;
    case kSwapInstances:
      if (instances.size() >= 2) {
        std::swap(instances[rng.Below(instances.size())], instances[rng.Below(instances.size())]);
      }
      break;
    case kInstanceId:
      if (!instances.empty()) {
        size_t k = rng.Below(instances.size());
        static constexpr uint32_t kIds[] = {0, 1, 0xFFFFFFFF, 0x80000000};
        uint32_t previous = k > 0 ? instances[k - 1].id : 0;
        switch (rng.Below(4)) {
          case 0:
            instances[k].id = PickFrom(kIds, rng);
            break;
          case 1:
            instances[k].id = previous;
            break;
          case 2:
            instances[k].id = previous + 1;
            break;
          default:
            instances[k].id = static_cast<uint32_t>(rng.Bits());
        }
      }
      break;
    case kInstanceType:
      if (!instances.empty()) {
        RawInstance& in = instances[rng.Below(instances.size())];
        in.template_type_id =
            rng.OneIn(4) ? static_cast<uint16_t>(rng.Bits()) : RandomType(schema, rng).id;
      }
      break;
    case kInstanceFlags:
      if (!instances.empty()) {
        RawInstance& in = instances[rng.Below(instances.size())];
        if (rng.OneIn(4)) {
          in.reserved = static_cast<uint16_t>(1u << rng.Below(16));
        } else {
          in.flags ^= static_cast<uint16_t>(1u << (rng.OneIn(2) ? 0 : rng.Below(16)));
        }
      }
      break;
    case kInstanceDeclared:
      if (!instances.empty()) {
        RawInstance& in = instances[rng.Below(instances.size())];
        in.keep_declared = true;
        in.declared_count = static_cast<uint16_t>(in.criteria.size() + rng.Below(3) - 1);
        in.declared_first = static_cast<uint32_t>(rng.OneIn(2) ? rng.Bits() : rng.Below(64));
      }
      break;
    case kCriterionCountOffByOne:
      if (!instances.empty()) {
        RawInstance& in = instances[rng.Below(instances.size())];
        if (rng.OneIn(2) && !in.criteria.empty()) {
          in.criteria.pop_back();
        } else {
          in.criteria.push_back(PlausibleCriterion(nullptr, &f->pool, rng));
        }
      }
      break;
    case kNewCriterion:
      if (RawCriterion* c = RandomCriterion(f, rng, &field, schema)) {
        *c = PlausibleCriterion(field, &f->pool, rng);
      }
      break;
    case kCriterionOp:
      if (RawCriterion* c = RandomCriterion(f, rng, &field, schema)) {
        c->op = rng.OneIn(4) ? static_cast<uint8_t>(kOpCount + rng.Below(250))
                             : static_cast<uint8_t>(PlausibleOp(field, rng));
        if (rng.OneIn(2)) FillOperands(field, &f->pool, c, rng);
      }
      break;
    case kCriterionArgs:
      if (RawCriterion* c = RandomCriterion(f, rng, &field, schema)) {
        uint64_t* arg = rng.OneIn(2) ? &c->arg0 : &c->arg1;
        if (IsStringOp(static_cast<Op>(c->op))) {
          *arg = PoolArgNear(f->pool.size(), rng);
        } else if (field != nullptr) {
          *arg = IntegerNear(*field, rng);
        } else {
          *arg = rng.Bits();
        }
      }
      break;
    case kCriterionFlags:
      if (RawCriterion* c = RandomCriterion(f, rng, &field, schema)) {
        if (rng.OneIn(3)) {
          c->reserved[rng.Below(6)] = static_cast<uint8_t>(1u << rng.Below(8));
        } else {
          c->flags ^= static_cast<uint8_t>(1u << (rng.OneIn(2) ? 0 : rng.Below(8)));
        }
      }
      break;
    case kCriterionString:
      if (RawCriterion* c = RandomCriterion(f, rng, &field, schema)) {
        if (!IsStringOp(static_cast<Op>(c->op))) {
          c->op = static_cast<uint8_t>(Op::kStrEq) + static_cast<uint8_t>(rng.Below(6));
        }
        PointAtString(StringFor(field, static_cast<Op>(c->op), rng), &f->pool, c, rng);
      }
      break;
    case kPoolBytes:
      if (!f->pool.empty() && fallback != nullptr) {
        std::string pool = f->pool;
        pool.resize(pool.size() * 2 + 16);
        size_t n = fallback(reinterpret_cast<uint8_t*>(pool.data()), f->pool.size(), pool.size());
        pool.resize(n);
        f->pool = pool;
      } else {
        f->pool += StringFor(nullptr, Op::kStrEq, rng);
      }
      break;
    case kNormalize:
      Normalize(schema, f, rng);
      break;
    case kRepair:
      RepairByDiagnostics(schema, f, rng);
      break;
    case kChannel291Shape:
      MakeChannel291Shape(schema, f, rng);
      break;
    case kOrphansOrTrailing:
      if (rng.OneIn(2)) {
        f->orphan_criteria.push_back(PlausibleCriterion(nullptr, &f->pool, rng));
      } else {
        f->trailing.push_back(static_cast<char>(rng.Bits()));
      }
      break;
    case kMutationCount:
      break;
  }
}

size_t CopyOut(const std::string& bytes, uint8_t* out, size_t max_out) {
  if (bytes.size() > max_out) return 0;
  std::memcpy(out, bytes.data(), bytes.size());
  return bytes.size();
}

}  // namespace

size_t MutateChannelFile(uint8_t* data, size_t size, size_t max_size, unsigned seed,
                         const Schema& schema, ByteMutator fallback) {
  Rng rng(seed);
  switch (rng.Below(16)) {
    case 0:
    case 1:
      return fallback(data, size, max_size);
    case 2: {
      size_t n = fallback(data, size, max_size);
      std::string bytes(reinterpret_cast<const char*>(data), n);
      FixCrcs(&bytes, true, true);
      return CopyOut(bytes, data, max_size);
    }
    default:
      break;
  }
  // Reused across calls (DecodeRawInto keeps the storage); the mutator
  // runs one call at a time.
  static RawChannelFile& f = *new RawChannelFile;
  DecodeRawInto({data, size}, &f);
  std::vector<HeaderPatch> patches;
  for (int n = 1 + static_cast<int>(rng.Below(4)); n > 0; --n) {
    MutateOnce(schema, &f, &patches, fallback, rng);
  }
  std::string bytes = EncodeRaw(f, true, false, false);
  for (const HeaderPatch& patch : patches) ApplyPatch(patch, &bytes);
  bool fix_payload = true;
  bool fix_header = true;
  if (rng.OneIn(16)) {
    switch (rng.Below(4)) {
      case 0:
        fix_payload = false;
        break;
      case 1:
        fix_header = false;
        break;
      case 2:
        ApplyPatch(RandomHeaderPatch(f, rng), &bytes);
        break;
      default:
        if (!bytes.empty()) bytes.pop_back();
    }
  }
  FixCrcs(&bytes, fix_payload, fix_header);
  if (bytes.size() > max_size) return fallback(data, size, max_size);
  return CopyOut(bytes, data, max_size);
}

size_t CrossOverChannelFiles(const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                             uint8_t* out, size_t max_out, unsigned seed) {
  Rng rng(seed);
  // Reused across calls, as in MutateChannelFile.
  static RawChannelFile& first = *new RawChannelFile;
  static RawChannelFile& second = *new RawChannelFile;
  DecodeRawInto({a, a_size}, &first);
  DecodeRawInto({b, b_size}, &second);
  size_t keep = rng.Below(first.instances.size() + 1);
  size_t from = rng.Below(second.instances.size() + 1);
  first.instances.resize(keep);
  uint64_t shift = first.pool.size();
  for (size_t k = from; k < second.instances.size(); ++k) {
    RawInstance in = std::move(second.instances[k]);
    for (RawCriterion& c : in.criteria) {
      if (IsStringOp(static_cast<Op>(c.op))) c.arg0 += shift;
    }
    first.instances.push_back(std::move(in));
  }
  first.pool += second.pool;
  return CopyOut(EncodeRaw(first), out, max_out);
}

}  // namespace contentgate::fuzz
