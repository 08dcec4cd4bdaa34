// File: lib/criterion_check.cc
// The criterion checks (CG300-CG315) and the pool coverage behind CG316: a
// fast path that only decides "passes every check" from each field's
// compiled FieldRule, and the exact checks, which report every diagnostic,
// for each criterion the fast path does not pass.

#include "criterion_check.h"

#include <tuple>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "regex_check.h"
#include "utf8.h"

namespace contentgate::internal {

class RegexMemo {
 public:
  // The verdict for a pattern, computed once per call (and once per run
  // through `cache` when there is one). Keys view the file's bytes.
  const RegexCache::Verdict& Check(std::string_view pattern, bool nocase, uint32_t max_program,
                                   RegexCache* cache) {
    const auto key = std::make_tuple(pattern, nocase, max_program);
    auto it = verdicts_.find(key);
    if (it == verdicts_.end()) {
      it = verdicts_
               .emplace(key, cache != nullptr ? cache->Check(pattern, nocase, max_program)
                                              : CheckRegex(pattern, nocase, max_program))
               .first;
    }
    return it->second;
  }

 private:
  absl::flat_hash_map<std::tuple<std::string_view, bool, uint32_t>, RegexCache::Verdict> verdicts_;
};

FileState::FileState() = default;
FileState::~FileState() = default;

namespace {

// The largest value of each FieldType's width, indexed by the enumerator.
constexpr uint64_t kWidthMax[] = {1, 0xFF, 0xFFFF, 0xFFFFFFFF, ~uint64_t{0}, 0xFFFFFFFF, 0};

inline uint64_t WidthMax(FieldType type) { return kWidthMax[static_cast<size_t>(type)]; }

// Where one criterion is, for the reporting functions below.
struct CriterionLocation {
  const InstanceLocation& instance;
  uint32_t index;
  const Field& field;
  uint64_t offset;
};

Diagnostic* Add(Report* report, Code code, const CriterionLocation& at) {
  return AddCriterionDiagnostic(report, code, at.instance, at.index, at.field.name, at.offset);
}

// The reporting functions run only on the failure path: kept out of line so
// the loop in CheckCriteria stays small.

ABSL_ATTRIBUTE_NOINLINE void ReportUnknownOperator(Report* report, const CriterionLocation& at,
                                                   uint8_t code) {
  if (Diagnostic* d = Add(report, Code::kUnknownOperator, at)) {
    SetMessage(d, "%s criterion has unknown operator code %u (known: 0 to %d)", at.field.name, code,
               kOpCount - 1);
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportNotAllowed(Report* report, const CriterionLocation& at, Op op) {
  if (Diagnostic* d = Add(report, Code::kOperatorNotAllowed, at)) {
    SetMessage(d, "operator %s is not allowed on field '%s' (type %s)", OpName(op), at.field.name,
               FieldTypeName(at.field.type));
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportReserved(Report* report, const CriterionLocation& at, Op op,
                                            uint64_t head) {
  if (Diagnostic* d = Add(report, Code::kNonzeroCriterionReserved, at)) {
    const unsigned flags = static_cast<unsigned>((head >> 8) & 0xFF);
    const uint64_t reserved = head >> 16;
    if (reserved != 0 || (flags & ~unsigned{kCriterionNocase}) != 0) {
      SetMessage(
          d, "%s criterion has flags 0x%02x and reserved bytes 0x%012x; only flag bit 0 is defined",
          at.field.name, flags, reserved);
    } else {
      SetMessage(d, "%s criterion sets NOCASE on operator %s, which is not a string operator",
                 at.field.name, OpName(op));
    }
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportUnusedArgument(Report* report, const CriterionLocation& at,
                                                  Op op, uint64_t arg0, uint64_t arg1) {
  if (Diagnostic* d = Add(report, Code::kUnusedArgumentNonzero, at)) {
    if (op == Op::kAny) {
      SetMessage(d, "%s any has arg0 %u and arg1 %u; both must be 0", at.field.name, arg0, arg1);
    } else {
      SetMessage(d, "%s %s has arg1 %u; it must be 0", at.field.name, OpName(op), arg1);
    }
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportIntegerOutOfBounds(Report* report, const CriterionLocation& at,
                                                      const char* what, uint64_t value) {
  const Field& field = at.field;
  Diagnostic* d = Add(report, Code::kIntegerOutOfBounds, at);
  if (d == nullptr) return;
  if (value > WidthMax(field.type)) {
    SetMessage(d, "%s %s %u does not fit the field's type %s (max %u)", field.name, what, value,
               FieldTypeName(field.type), WidthMax(field.type));
  } else if (value < field.min) {
    SetMessage(d, "%s %s %u is below the field's min %u", field.name, what, value, field.min);
  } else {
    SetMessage(d, "%s %s %u is above the field's max %u", field.name, what, value, field.max);
  }
}

// CG304 for one integer operand (eq/ne value, range low or high).
inline void CheckIntegerValue(Report* report, const CriterionLocation& at, const char* what,
                              uint64_t value) {
  if (value < at.field.min || value > at.field.max || value > WidthMax(at.field.type)) {
    ReportIntegerOutOfBounds(report, at, what, value);
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportValueNotAllowed(Report* report, const CriterionLocation& at,
                                                   uint64_t value) {
  if (Diagnostic* d = Add(report, Code::kValueNotAllowed, at)) {
    if (at.field.type == FieldType::kBool) {
      SetMessage(d, "%s value %u is not a bool (0 or 1)", at.field.name, value);
    } else {
      SetMessage(d, "%s value %u is not one of the enum's %u declared values", at.field.name, value,
                 at.field.values.size());
    }
  }
}

// eq/ne value: integer bounds, or the bool/enum value set.
inline void CheckScalarValue(Report* report, const CriterionLocation& at, uint64_t value) {
  switch (at.field.type) {
    case FieldType::kBool:
      if (value > 1) ReportValueNotAllowed(report, at, value);
      return;
    case FieldType::kEnum:
      if (at.field.FindEnumValue(value) == nullptr) ReportValueNotAllowed(report, at, value);
      return;
    default:
      CheckIntegerValue(report, at, "value", value);
      return;
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportRangeReversed(Report* report, const CriterionLocation& at,
                                                 uint64_t low, uint64_t high) {
  if (Diagnostic* d = Add(report, Code::kRangeReversed, at)) {
    SetMessage(d, "%s range low %u is greater than high %u", at.field.name, low, high);
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportBadMask(Report* report, const CriterionLocation& at,
                                           uint64_t mask, uint64_t expected) {
  if (Diagnostic* d = Add(report, Code::kBadMask, at)) {
    if (mask == 0) {
      SetMessage(d, "%s mask is 0", at.field.name);
    } else if (mask > WidthMax(at.field.type)) {
      SetMessage(d, "%s mask 0x%x is wider than the field's type %s", at.field.name, mask,
                 FieldTypeName(at.field.type));
    } else {
      SetMessage(d, "%s mask expected 0x%x has bits outside mask 0x%x", at.field.name, expected,
                 mask);
    }
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportOutsidePool(const FileState& s, const CriterionLocation& at,
                                               uint64_t arg0, uint64_t arg1) {
  if (Diagnostic* d = Add(s.report, Code::kStringOutsidePool, at)) {
    SetMessage(d, "%s string at pool offset %u, length %u, lies outside the %u-byte pool",
               at.field.name, arg0, arg1, s.pool_size);
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportBadUtf8(Report* report, const CriterionLocation& at,
                                           const uint8_t* text, size_t bad) {
  if (Diagnostic* d = Add(report, Code::kBadUtf8, at)) {
    if (text[bad] == 0) {
      SetMessage(d, "%s string contains a NUL byte at byte %u", at.field.name, bad);
    } else {
      SetMessage(d, "%s string is not well-formed UTF-8 at byte %u (0x%02x)", at.field.name, bad,
                 text[bad]);
    }
  }
}

ABSL_ATTRIBUTE_NOINLINE void ReportLength(Report* report, const CriterionLocation& at,
                                          uint64_t length) {
  if (Diagnostic* d = Add(report, Code::kStringLength, at)) {
    SetMessage(d, "%s string is %u bytes; the field allows %u to %u", at.field.name, length,
               at.field.min_length, at.field.max_length);
  }
}

// The number of '*' bytes in `pattern`, 8 bytes at a time.
size_t CountStars(std::string_view pattern) {
  constexpr uint64_t kStars = 0x2A2A2A2A2A2A2A2Aull;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  constexpr uint64_t kLowBytes = 0x0101010101010101ull;
  const auto* p = reinterpret_cast<const uint8_t*>(pattern.data());
  const size_t size = pattern.size();
  size_t stars = 0;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const uint64_t x = Load64(p + i) ^ kStars;  // zero bytes where '*' was
    // High bit set exactly in the zero bytes of x (no borrow between bytes).
    const uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7);
    // Sum the 0/1 bytes of zero >> 7 with one multiply: without -mpopcnt,
    // __builtin_popcountll is a library call.
    stars += static_cast<size_t>(((zero >> 7) * kLowBytes) >> 56);
  }
  if (i < size && size >= 8) {
    // The last 1 to 7 bytes: the word ending at the string's end, keeping
    // only its top size - i bytes (the others were counted above).
    const uint64_t x = Load64(p + size - 8) ^ kStars;
    const uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7);
    stars += static_cast<size_t>((((zero >> 7) >> (8 * (8 - (size - i)))) * kLowBytes) >> 56);
    return stars;
  }
  for (; i < size; ++i) stars += p[i] == '*';
  return stars;
}

// CountStars for a pattern of at most kWindowSize bytes whose window
// text[0, kWindowSize) is readable: no branch.
size_t CountStarsWindow(const uint8_t* text, size_t size) {
  constexpr uint64_t kStars = 0x2A2A2A2A2A2A2A2Aull;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  constexpr uint64_t kLowBytes = 0x0101010101010101ull;
  size_t stars = 0;
  for (size_t j = 0; j < kWindowSize / 8; ++j) {
    const uint64_t x = Load64(text + 8 * j) ^ kStars;
    const uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7) & WindowMask(size, j);
    stars += static_cast<size_t>(((zero >> 7) * kLowBytes) >> 56);
  }
  return stars;
}

// CG313 and CG315 on a glob pattern.
ABSL_ATTRIBUTE_NOINLINE void CheckGlob(Report* report, const CriterionLocation& at,
                                       std::string_view pattern) {
  const size_t stars = CountStars(pattern);
  if (stars > at.field.max_wildcards) {
    if (Diagnostic* d = Add(report, Code::kTooManyWildcards, at)) {
      SetMessage(d, "%s glob has %u '*'; the field allows at most %u", at.field.name, stars,
                 at.field.max_wildcards);
    }
  }
  if (stars != 0 && stars == pattern.size()) {
    if (Diagnostic* d = Add(report, Code::kGlobMatchesAll, at)) {
      SetMessage(d, "%s glob '%s' matches everything: use any", at.field.name, pattern);
    }
  }
}

// CG314 on a regex pattern, compiled once per call (and per run with a cache).
ABSL_ATTRIBUTE_NOINLINE void CheckRegexOperand(FileState* s, const CriterionLocation& at,
                                               std::string_view pattern, bool nocase) {
  if (s->regex_memo == nullptr) s->regex_memo = std::make_unique<RegexMemo>();
  const RegexCache::Verdict& verdict =
      s->regex_memo->Check(pattern, nocase, at.field.max_regex_program, s->regex_cache);
  if (!verdict.ok) {
    if (Diagnostic* d = Add(s->report, Code::kBadRegex, at)) {
      SetMessage(d, "%s regex%s: %s", at.field.name, nocase ? " (NOCASE)" : "", verdict.error);
    }
  }
}

// Records the string at pool [arg0, arg0 + arg1), which lies inside the
// pool, for CG316's fast pass: a new string starts where the covered prefix
// ends, a repeated one lies inside it. No branch.
inline void RecordCoverage(FileState* s, uint64_t arg0, uint64_t arg1) {
  const bool extends = arg0 == s->covered_end;
  s->coverage_is_prefix &= extends | (arg0 + arg1 <= s->covered_end);
  s->covered_end += extends ? arg1 : 0;
}

// CG310-CG315 on a string operand; records its pool coverage.
inline void CheckString(FileState* s, const CriterionLocation& at, Op op, bool nocase,
                        uint64_t arg0, uint64_t arg1) {
  if (arg0 > s->pool_size || arg1 > s->pool_size - arg0) {
    ReportOutsidePool(*s, at, arg0, arg1);
    return;
  }
  RecordCoverage(s, arg0, arg1);
  const uint8_t* text = s->file + s->pool_offset + arg0;
  const size_t size = static_cast<size_t>(arg1);
  const size_t bad = FindUtf8Error(text, size);
  if (bad != kUtf8Ok) ReportBadUtf8(s->report, at, text, bad);
  if (arg1 < at.field.min_length || arg1 > at.field.max_length) ReportLength(s->report, at, arg1);
  const std::string_view pattern(reinterpret_cast<const char*>(text), size);
  if (op == Op::kGlob) {
    CheckGlob(s->report, at, pattern);
  } else if (op == Op::kRegex && bad == kUtf8Ok) {
    CheckRegexOperand(s, at, pattern, nocase);
  }
}

// Every check of one criterion, reporting what fails: the exact path for a
// criterion the fast path did not pass. Records string coverage for CG316.
ABSL_ATTRIBUTE_NOINLINE void CheckCriterion(FileState* s, const CriterionLocation& at,
                                            uint64_t head, uint64_t arg0, uint64_t arg1) {
  Report* report = s->report;
  const Field& field = at.field;
  const uint8_t code = static_cast<uint8_t>(head);
  if (code >= kOpCount) {
    ReportUnknownOperator(report, at, code);
    return;
  }
  const Op op = static_cast<Op>(code);
  // The Schema constructor keeps only operators valid for the field's type.
  if (!field.ops.contains(op)) {
    ReportNotAllowed(report, at, op);
    return;
  }
  // Bits 9-63 of the first word are undefined flags and reserved bytes.
  const bool nocase = (head & (uint64_t{kCriterionNocase} << 8)) != 0;
  if ((head >> 9) != 0 || (nocase && !IsStringOp(op))) ReportReserved(report, at, op, head);

  switch (op) {
    case Op::kAny:
      if ((arg0 | arg1) != 0) ReportUnusedArgument(report, at, op, arg0, arg1);
      break;
    case Op::kEq:
    case Op::kNe:
      if (arg1 != 0) ReportUnusedArgument(report, at, op, arg0, arg1);
      CheckScalarValue(report, at, arg0);
      break;
    case Op::kRange:
      CheckIntegerValue(report, at, "range low", arg0);
      CheckIntegerValue(report, at, "range high", arg1);
      if (arg0 > arg1) ReportRangeReversed(report, at, arg0, arg1);
      break;
    case Op::kMask:
      if (arg0 == 0 || arg0 > WidthMax(field.type) || (arg1 & ~arg0) != 0)
        ReportBadMask(report, at, arg0, arg1);
      break;
    default:
      CheckString(s, at, op, nocase, arg0, arg1);
      break;
  }
}

// True when a criterion on a bool, integer or enum field passes every check
// (CG300 to CG307); false sends it to CheckCriterion. Operators vary from
// one instance to the next, so the operator selects its operand rule and the
// rule is applied without a branch.
inline bool ScalarCriterionPasses(const FieldRule& rule, uint64_t head, uint64_t arg0,
                                  uint64_t arg1) {
  // The first word is the operator code alone: flags and reserved bytes are
  // zero (NOCASE is for string operators).
  if (head >= FieldRule::kScalarOps) return false;
  const OperandRule& r = rule.scalar[head];
  return (arg0 - r.min0 <= r.span0) & (arg1 - r.min1 <= r.span1) & (arg1 - arg0 <= r.order_span) &
         ((arg1 & ~arg0 & r.subset) == 0) & (((r.value_set >> (arg0 & 63)) & 1) != 0);
}

// True when a criterion on a string field passes every check (CG300 to
// CG315) and, when it does, records its pool coverage; false sends it to
// CheckCriterion (which records coverage itself). `any` takes the string
// path as the empty string at pool offset 0, so that whether a criterion is
// `any` or a string operator (random across instances) is never a branch.
inline bool StringCriterionPasses(FileState* s, const FieldRule& rule, uint64_t head, uint64_t arg0,
                                  uint64_t arg1) {
  const uint64_t code = head & 0xFF;
  // A string operator with at most the NOCASE flag, or a clean any.
  const bool op_ok =
      ((head >> 9) == 0) & (code < 16) & (((rule.string_ops >> (code & 15)) & 1) != 0);
  const bool in_pool = (arg0 <= s->pool_size) & (arg1 <= s->pool_size - arg0);
  const bool length_ok = arg1 - rule.min_length <= rule.length_span;
  const bool any_ok = ((head | arg0 | arg1) == 0) & rule.any_allowed;
  if (!((op_ok & in_pool & length_ok) | any_ok)) return false;
  const uint8_t* text = s->file + s->pool_offset + arg0;
  const size_t size = static_cast<size_t>(arg1);
  // The window stays inside the pool, which ends the file.
  const bool windowed = size <= kWindowSize && arg0 + kWindowSize <= s->pool_size;
  if (!(windowed ? IsAsciiNoNulWindow(text, size) : IsAsciiNoNul(text, size)) &&
      FindUtf8ErrorSlow(text, size) != kUtf8Ok) {
    return false;
  }
  if (code == static_cast<uint64_t>(Op::kGlob)) {
    const size_t stars =
        windowed ? CountStarsWindow(text, size)
                 : CountStars(std::string_view(reinterpret_cast<const char*>(text), size));
    if (stars > rule.max_wildcards || stars == size) return false;
  }
  RecordCoverage(s, arg0, arg1);
  return true;
}

}  // namespace

void CheckCriteria(FileState* s, const InstanceLocation& where, const TemplateType& type,
                   const FieldRule* rules, uint64_t criteria_offset) {
  const uint8_t* e = s->file + criteria_offset;
  const uint32_t n = static_cast<uint32_t>(type.fields.size());
  for (uint32_t i = 0; i < n; ++i, e += kCriterionEntrySize) {
    const FieldRule& rule = rules[i];
    const uint64_t head = Load64(e);
    const uint64_t arg0 = Load64(e + 8);
    const uint64_t arg1 = Load64(e + 16);
    // One branch on the field's kind (the same for every instance) and one
    // on the verdict.
    if (rule.is_string ? StringCriterionPasses(s, rule, head, arg0, arg1)
                       : ScalarCriterionPasses(rule, head, arg0, arg1)) {
      continue;
    }
    const CriterionLocation at{where, i, type.fields[i],
                               criteria_offset + kCriterionEntrySize * uint64_t{i}};
    CheckCriterion(s, at, head, arg0, arg1);
  }
}

void CheckCriteriaExact(FileState* s, const InstanceLocation& where, const TemplateType& type,
                        uint64_t criteria_offset) {
  const uint8_t* e = s->file + criteria_offset;
  for (uint32_t i = 0; i < type.fields.size(); ++i, e += kCriterionEntrySize) {
    const CriterionLocation at{where, i, type.fields[i],
                               criteria_offset + kCriterionEntrySize * uint64_t{i}};
    CheckCriterion(s, at, Load64(e), Load64(e + 8), Load64(e + 16));
  }
}

Unreferenced FindUnreferencedPoolBytes(const FileState& s, uint64_t criterion_table_offset,
                                       uint64_t criterion_count) {
  if (s.coverage_is_prefix) {
    return {s.covered_end, s.pool_size - s.covered_end};
  }
  // Exact fallback for a non-canonical pool: sort the referenced intervals.
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  for (uint64_t j = 0; j < criterion_count; ++j) {
    const uint8_t* e = s.file + criterion_table_offset + kCriterionEntrySize * j;
    if (e[0] >= kOpCount || !IsStringOp(static_cast<Op>(e[0]))) continue;
    const uint64_t begin = Load64(e + 8);
    const uint64_t size = Load64(e + 16);
    if (size != 0) spans.emplace_back(begin, begin + size);
  }
  std::sort(spans.begin(), spans.end());
  Unreferenced result;
  bool found_first = false;
  uint64_t end = 0;
  for (const auto& [begin, stop] : spans) {
    if (begin > end) {
      if (!found_first) {
        result.first = end;
        found_first = true;
      }
      result.count += begin - end;
    }
    end = std::max(end, stop);
  }
  if (end < s.pool_size) {
    if (!found_first) result.first = end;
    result.count += s.pool_size - end;
  }
  return result;
}

}  // namespace contentgate::internal
