// File: lib/interpreter_filter.cc
// Builds the interpreter's per-instance filters (interpreter_filter.h) and
// prepares an event's string inputs for them.

#include "interpreter_filter.h"

#include <algorithm>
#include <limits>

#include "glob_match.h"

namespace contentgate::internal {
namespace {

int Log2Floor(uint64_t x) { return x == 0 ? -1 : 63 - __builtin_clzll(x); }

// log2 of the number of values a field holds (0 for a string field).
int SpanBits(const Field& field) {
  switch (field.type) {
    case FieldType::kBool:
      return 1;
    case FieldType::kEnum:
      return std::max(0, Log2Floor(field.values.size()));
    case FieldType::kString:
      return 0;
    default:
      break;
  }
  const uint64_t width = field.max >= field.min ? field.max - field.min : TypeMax(field.type);
  return width == std::numeric_limits<uint64_t>::max() ? 64 : Log2Floor(width + 1);
}

// The probe of interpreter_filter.h: the operand's 8 bytes farthest from
// the anchored end, or the whole operand aligned to that end.
uint64_t Probe(Op op, std::string_view operand, bool nocase) {
  char bytes[8] = {};
  const size_t size = operand.size();
  if (size >= 8) {
    std::memcpy(bytes, operand.data() + (op == Op::kSuffix ? 0 : size - 8), 8);
  } else if (size > 0) {
    std::memcpy(bytes + (op == Op::kSuffix ? 8 - size : 0), operand.data(), size);
  }
  const uint64_t word = Load8(bytes);
  return nocase ? FoldWord(word) : word;
}

}  // namespace

uint64_t Signature(std::string_view text) {
  uint64_t bits = 0;
  for (char ch : text) bits |= uint64_t{1} << (static_cast<uint8_t>(FoldAscii(ch)) & 63);
  return bits;
}

PreparedInput Prepare(std::string_view text, bool with_signature) {
  PreparedInput prepared;
  prepared.signature = with_signature ? Signature(text) : 0;
  if (text.size() >= 8) {
    prepared.head = Load8(text.data());
    prepared.tail = Load8(text.data() + text.size() - 8);
  } else {
    char head[8] = {};
    char tail[8] = {};
    if (!text.empty()) {
      std::memcpy(head, text.data(), text.size());
      std::memcpy(tail + 8 - text.size(), text.data(), text.size());
    }
    prepared.head = Load8(head);
    prepared.tail = Load8(tail);
  }
  return prepared;
}

RatedFilter MakeFilter(uint16_t criterion, Op op, bool nocase, uint64_t arg0, uint64_t arg1,
                       std::string_view text, const Field& field) {
  RatedFilter rated;
  Filter& f = rated.filter;
  f.criterion = criterion;
  const int span = SpanBits(field);
  constexpr uint64_t kLow32 = 0xFFFFFFFFu;
  switch (op) {
    case Op::kEq:
      f.kind = FilterKind::kEq;
      f.value = arg0;
      rated.bits = span;
      break;
    case Op::kNe:
      f.kind = FilterKind::kNe;
      f.value = arg0;
      rated.bits = 0;
      break;
    case Op::kRange: {
      // An empty range (arg1 < arg0) matches nothing; passing only arg0 keeps
      // the filter a necessary condition.
      const uint64_t width = arg1 >= arg0 ? arg1 - arg0 : 0;
      f.kind = width <= kLow32 ? FilterKind::kRange : FilterKind::kAtLeast;
      f.value = arg0;
      f.aux = static_cast<uint32_t>(std::min(width, kLow32));
      rated.bits = std::max(0, span - Log2Floor(width) - 1);
      break;
    }
    case Op::kMask:
      f.kind = FilterKind::kMask32;
      f.value = (arg0 & kLow32) | (arg1 << 32);
      rated.bits = std::min(span, __builtin_popcountll(arg0 & kLow32));
      break;
    case Op::kStrEq:
    case Op::kPrefix:
    case Op::kSuffix:
      if (text.size() > kLow32) break;  // kNone: no file holds such an operand
      f.kind = op == Op::kStrEq    ? FilterKind::kStrEq
               : op == Op::kPrefix ? FilterKind::kPrefix
                                   : FilterKind::kSuffix;
      f.nocase = nocase;
      f.value = Signature(text);
      f.aux = static_cast<uint32_t>(text.size());
      rated.probe = Probe(op, text, nocase);
      rated.bits = 4 * static_cast<int>(std::min<size_t>(8, text.size()));
      break;
    case Op::kContains:
    case Op::kGlob: {
      // A glob's bytes but '*' each consume at least one input byte ('?' a
      // whole character); its literal bytes, and a contains operand's,
      // appear in the input.
      uint64_t least = 0;
      for (char ch : text) {
        if (op == Op::kGlob && ch == '*') continue;
        ++least;
        if (op == Op::kContains || ch != '?') f.value |= Signature(std::string_view(&ch, 1));
      }
      f.kind = FilterKind::kSignature;
      f.aux = static_cast<uint32_t>(std::min(least, kLow32));
      rated.bits = __builtin_popcountll(f.value) / 4;
      break;
    }
    default:  // any, regex: no filter
      break;
  }
  return rated;
}

}  // namespace contentgate::internal
