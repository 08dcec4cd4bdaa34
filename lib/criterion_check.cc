// File: lib/criterion_check.cc
// The criterion checks (CG300-CG315) and the pool coverage behind CG316.

#include "criterion_check.h"

#include <tuple>
#include <utility>
#include <vector>

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

// Checks an integer value of eq/ne/range against the field's type and bounds.
void CheckIntegerValue(Report* report, const InstanceLocation& where, uint32_t i,
                       const Field& field, uint64_t offset, std::string_view what, uint64_t value) {
  const uint64_t width_max = TypeMax(field.type);
  if (value > width_max) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kIntegerOutOfBounds, where, i, field.name, offset)) {
      SetMessage(d, "%s %s %u does not fit the field's type %s (max %u)", field.name, what, value,
                 FieldTypeName(field.type), width_max);
    }
  } else if (value < field.min) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kIntegerOutOfBounds, where, i, field.name, offset)) {
      SetMessage(d, "%s %s %u is below the field's min %u", field.name, what, value, field.min);
    }
  } else if (value > field.max) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kIntegerOutOfBounds, where, i, field.name, offset)) {
      SetMessage(d, "%s %s %u is above the field's max %u", field.name, what, value, field.max);
    }
  }
}

// eq/ne value: integer bounds, or the bool/enum value set.
void CheckScalarValue(Report* report, const InstanceLocation& where, uint32_t i, const Field& field,
                      uint64_t offset, uint64_t value) {
  switch (field.type) {
    case FieldType::kBool:
      if (value > 1) {
        if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kValueNotAllowed, where, i, field.name, offset)) {
          SetMessage(d, "%s value %u is not a bool (0 or 1)", field.name, value);
        }
      }
      return;
    case FieldType::kEnum:
      if (field.FindEnumValue(value) == nullptr) {
        if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kValueNotAllowed, where, i, field.name, offset)) {
          SetMessage(d, "%s value %u is not one of the enum's %u declared values", field.name, value,
                     field.values.size());
        }
      }
      return;
    default:
      CheckIntegerValue(report, where, i, field, offset, "value", value);
      return;
  }
}

// CG310-CG315 on a string operand.
void CheckString(FileState* s, const InstanceLocation& where, uint32_t i, const Field& field,
                 uint64_t offset, Op op, bool nocase, uint64_t arg0, uint64_t arg1) {
  Report* report = s->report;
  if (arg0 > s->pool_size || arg1 > s->pool_size - arg0) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kStringOutsidePool, where, i, field.name, offset)) {
      SetMessage(d, "%s string at pool offset %u, length %u, lies outside the %u-byte pool",
                 field.name, arg0, arg1, s->pool_size);
    }
    return;
  }
  if (s->coverage_is_prefix) {
    if (arg0 == s->covered_end) {
      s->covered_end += arg1;
    } else if (arg0 > s->covered_end || arg1 > s->covered_end - arg0) {
      s->coverage_is_prefix = false;
    }
  }
  const uint8_t* text = s->file + s->pool_offset + arg0;
  const size_t size = static_cast<size_t>(arg1);
  const size_t bad = FindUtf8Error(text, size);
  if (bad != kUtf8Ok) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kBadUtf8, where, i, field.name, offset)) {
      if (text[bad] == 0) {
        SetMessage(d, "%s string contains a NUL byte at byte %u", field.name, bad);
      } else {
        SetMessage(d, "%s string is not well-formed UTF-8 at byte %u (0x%02x)", field.name, bad, text[bad]);
      }
    }
  }
  if (arg1 < field.min_length || arg1 > field.max_length) {
    if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kStringLength, where, i, field.name, offset)) {
      SetMessage(d, "%s string is %u bytes; the field allows %u to %u", field.name, arg1,
                 field.min_length, field.max_length);
    }
  }
  const std::string_view pattern(reinterpret_cast<const char*>(text), size);
  if (op == Op::kGlob) {
    const size_t stars = static_cast<size_t>(std::count(pattern.begin(), pattern.end(), '*'));
    if (stars > field.max_wildcards) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kTooManyWildcards, where, i, field.name, offset)) {
        SetMessage(d, "%s glob has %u '*'; the field allows at most %u", field.name, stars, field.max_wildcards);
      }
    }
    if (stars != 0 && stars == size) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kGlobMatchesAll, where, i, field.name, offset)) {
        SetMessage(d, "%s glob '%s' matches everything: use any", field.name, pattern);
      }
    }
  } else if (op == Op::kRegex && bad == kUtf8Ok) {
    if (s->regex_memo == nullptr) s->regex_memo = std::make_unique<RegexMemo>();
    const RegexCache::Verdict& verdict =
        s->regex_memo->Check(pattern, nocase, field.max_regex_program, s->regex_cache);
    if (!verdict.ok) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kBadRegex, where, i, field.name, offset)) {
        SetMessage(d, "%s regex%s: %s", field.name, nocase ? " (NOCASE)" : "", verdict.error);
      }
    }
  }
}

}  // namespace

void CheckCriteria(FileState* s, const InstanceLocation& where, const TemplateType& type,
                   uint64_t criteria_offset) {
  Report* report = s->report;
  const uint8_t* e = s->file + criteria_offset;
  uint64_t offset = criteria_offset;
  const uint32_t n = static_cast<uint32_t>(type.fields.size());
  for (uint32_t i = 0; i < n; ++i, e += kCriterionEntrySize, offset += kCriterionEntrySize) {
    const Field& field = type.fields[i];
    const uint64_t head = Load64(e);
    const uint64_t arg0 = Load64(e + 8);
    const uint64_t arg1 = Load64(e + 16);
    // The wildcard, by far the most common criterion: 24 zero bytes.
    if ((head | arg0 | arg1) == 0 && field.ops.contains(Op::kAny)) continue;

    const uint8_t code = e[0];
    if (code >= kOpCount) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kUnknownOperator, where, i, field.name, offset)) {
        SetMessage(d, "%s criterion has unknown operator code %u (known: 0 to %u)", field.name, code,
                   kOpCount - 1);
      }
      continue;
    }
    const Op op = static_cast<Op>(code);
    if (!field.ops.contains(op) || !IsOpValidForType(op, field.type)) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kOperatorNotAllowed, where, i, field.name, offset)) {
        SetMessage(d, "operator %s is not allowed on field '%s' (type %s)", OpName(op), field.name,
                   FieldTypeName(field.type));
      }
      continue;
    }
    const uint8_t flags = e[1];
    const uint64_t reserved = head >> 16;
    const bool nocase = (flags & kCriterionNocase) != 0;
    if (reserved != 0 || (flags & ~kCriterionNocase) != 0) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kNonzeroCriterionReserved, where, i, field.name, offset)) {
        SetMessage(d, "%s criterion has flags 0x%02x and reserved bytes 0x%012x; only flag bit 0 is defined",
                   field.name, flags, reserved);
      }
    } else if (nocase && !IsStringOp(op)) {
      if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kNonzeroCriterionReserved, where, i, field.name, offset)) {
        SetMessage(d, "%s criterion sets NOCASE on operator %s, which is not a string operator", field.name,
                   OpName(op));
      }
    }

    switch (op) {
      case Op::kAny:
        if ((arg0 | arg1) != 0) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kUnusedArgumentNonzero, where, i, field.name, offset)) {
            SetMessage(d, "%s any has arg0 %u and arg1 %u; both must be 0", field.name, arg0, arg1);
          }
        }
        break;
      case Op::kEq:
      case Op::kNe:
        if (arg1 != 0) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kUnusedArgumentNonzero, where, i, field.name, offset)) {
            SetMessage(d, "%s %s has arg1 %u; it must be 0", field.name, OpName(op), arg1);
          }
        }
        CheckScalarValue(report, where, i, field, offset, arg0);
        break;
      case Op::kRange:
        CheckIntegerValue(report, where, i, field, offset, "range low", arg0);
        CheckIntegerValue(report, where, i, field, offset, "range high", arg1);
        if (arg0 > arg1) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kRangeReversed, where, i, field.name, offset)) {
            SetMessage(d, "%s range low %u is greater than high %u", field.name, arg0, arg1);
          }
        }
        break;
      case Op::kMask: {
        const uint64_t width_max = TypeMax(field.type);
        if (arg0 == 0) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kBadMask, where, i, field.name, offset)) {
            SetMessage(d, "%s mask is 0", field.name);
          }
        } else if (arg0 > width_max) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kBadMask, where, i, field.name, offset)) {
            SetMessage(d, "%s mask 0x%x is wider than the field's type %s", field.name, arg0,
                       FieldTypeName(field.type));
          }
        } else if ((arg1 & ~arg0) != 0) {
          if (Diagnostic* d = AddCriterionDiagnostic(report, Code::kBadMask, where, i, field.name, offset)) {
            SetMessage(d, "%s mask expected 0x%x has bits outside mask 0x%x", field.name, arg1, arg0);
          }
        }
        break;
      }
      default:
        CheckString(s, where, i, field, offset, op, nocase, arg0, arg1);
        break;
    }
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
