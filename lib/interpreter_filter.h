// File: lib/interpreter_filter.h
// The interpreter's per-instance filter: a 16-byte necessary condition on
// one criterion of an instance, checked against an event's input without
// reading the instance's criteria, operands or matchers.
//
// The interpreter keeps one Filter per enabled instance, per template type,
// in table order (a column: 1.6 MB for 100,000 instances). An event walks
// the column and evaluates an instance only when its filter passes. A filter
// never rejects an input its criterion matches; it may pass one the
// criterion does not match (a false pass, which costs one full evaluation).

#ifndef CONTENTGATE_LIB_INTERPRETER_FILTER_H_
#define CONTENTGATE_LIB_INTERPRETER_FILTER_H_

#include <cstdint>
#include <cstring>
#include <string_view>

#include "contentgate/interpreter.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// What a Filter checks of its criterion's input. `value`, `aux` and
// `nocase` are the Filter's fields; the probe is kept beside the column.
enum class FilterKind : uint8_t {
  kNone,       // nothing: every input passes (all criteria `any`, or only regex)
  kEq,         // input == value
  kNe,         // input != value
  kRange,      // value <= input <= value + aux
  kAtLeast,    // value <= input (a range wider than 32 bits)
  kMask32,     // (input & low half of value) == high half, on the low 32 bits
  kStrEq,      // size == aux, the signature, then the probe from the start
  kPrefix,     // size >= aux, the signature, then the probe from the start
  kSuffix,     // size >= aux, the signature, then the probe from the end
  kSignature,  // size >= aux, and the input's Signature covers value
};

// For a string kind, `value` is the Signature of the operand's literal
// bytes, which any input the criterion matches covers.
//
// The probe of a str_eq, prefix or suffix operand of `aux` bytes: its 8
// bytes farthest from the anchored end (prefix and str_eq: its last 8;
// suffix: its first 8), which lie at a fixed offset in any input it matches
// (the operand's own position); the whole operand, zero padded, when it is
// shorter than 8 (left-aligned from the start, right-aligned from the end).
// ASCII letters are folded to lower case in both words when `nocase`. It is
// read only for an input that passed the size and signature checks, so it
// lives in a parallel array, outside the streamed column.
struct Filter {
  uint64_t value = 0;
  uint32_t aux = 0;
  uint16_t criterion = 0;  // the input (field) index it reads
  FilterKind kind = FilterKind::kNone;
  bool nocase = false;
};
static_assert(sizeof(Filter) == 16, "four column entries per cache line");

// One bit per byte value modulo 64, ASCII letters folded: a byte of `text`
// (or its other case) has its bit set. If a contains or glob criterion
// matches an input, the input's signature covers the operand's literal bytes'.
uint64_t Signature(std::string_view text);

// Folds the ASCII letters A-Z of each byte of `word` to lower case, exactly
// as FoldAscii does byte by byte; other bytes (non-ASCII included) stay.
constexpr uint64_t FoldWord(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kHigh = 0x8080808080808080u;
  const uint64_t low7 = word & ~kHigh;
  const uint64_t at_least_a = low7 + kOnes * (0x80 - 'A');       // high bit: low7 >= 'A'
  const uint64_t above_z = low7 + kOnes * (0x80 - 'Z' - 1);      // high bit: low7 > 'Z'
  const uint64_t upper = at_least_a & ~above_z & ~word & kHigh;  // and the byte is ASCII
  return word | (upper >> 2);                                    // 0x80 >> 2 == 0x20
}

// A mask of the first `count` bytes (count < 8) of a word in memory order.
constexpr uint64_t LeadingBytes(uint32_t count) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return (uint64_t{1} << (8 * count)) - 1;
#else
  return ~(~uint64_t{0} >> (8 * count));
#endif
}
// A mask of the last `count` bytes (count < 8) of a word in memory order.
constexpr uint64_t TrailingBytes(uint32_t count) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return ~(~uint64_t{0} >> (8 * count));
#else
  return (uint64_t{1} << (8 * count)) - 1;
#endif
}

inline uint64_t Load8(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

// A string input as the filters read it, prepared once per event.
// (No initializers: an event keeps an array of them on the stack and fills
// only those of its string inputs.)
struct PreparedInput {
  uint64_t signature;  // Signature(text), when asked for (else 0)
  uint64_t head;       // the first min(8, size) bytes, zero padded after
  uint64_t tail;       // the last min(8, size) bytes, zero padded before
};
PreparedInput Prepare(std::string_view text, bool with_signature);

// The filter of criterion `criterion` (operator `op`, not `any`; operands
// as decoded; `text` the string operand) of a field, and the bits of
// selectivity it is credited with: about -log2 of the share of uniformly
// drawn inputs it passes (-1 for kNone). The interpreter keeps, per
// instance, the filter with the most bits.
struct RatedFilter {
  Filter filter;
  uint64_t probe = 0;  // for kStrEq, kPrefix and kSuffix
  int bits = -1;
};
RatedFilter MakeFilter(uint16_t criterion, Op op, bool nocase, uint64_t arg0, uint64_t arg1,
                       std::string_view text, const Field& field);

// The probe check of a kStrEq, kPrefix or kSuffix filter, for an input
// whose size is at least the operand's (`f.aux`).
inline bool ProbeMatches(const Filter& f, uint64_t probe, std::string_view text,
                         const PreparedInput& prepared) {
  uint64_t word;
  if (f.aux >= 8) {
    word = Load8(text.data() + (f.kind == FilterKind::kSuffix ? text.size() - f.aux : f.aux - 8));
  } else if (f.kind == FilterKind::kSuffix) {
    word = prepared.tail & TrailingBytes(f.aux);
  } else {
    word = prepared.head & LeadingBytes(f.aux);
  }
  return (f.nocase ? FoldWord(word) : word) == probe;
}

// False only when the filter's criterion cannot match `input`. The input
// must be of the criterion's kind; `prepared` is Prepare(input.string(),
// true) when it is a string; `probe` points at the filter's probe.
//
// The checks run cheapest and most often failing first: the size and the
// signature reject most inputs with branches a predictor learns from their
// bias; the probe (another array, other branches) runs only for the few
// that pass them.
inline bool Passes(const Filter& f, const uint64_t* probe, const InputValue& input,
                   const PreparedInput& prepared) {
  if (f.kind >= FilterKind::kStrEq) {
    const std::string_view text = input.string();
    if (text.size() < f.aux || (f.value & ~prepared.signature) != 0) return false;
    if (f.kind == FilterKind::kSignature) return true;
    if (f.kind == FilterKind::kStrEq && text.size() != f.aux) return false;
    return ProbeMatches(f, *probe, text, prepared);
  }
  const uint64_t x = input.integer();
  switch (f.kind) {
    case FilterKind::kEq:
      return x == f.value;
    case FilterKind::kNe:
      return x != f.value;
    case FilterKind::kRange:
      return x - f.value <= f.aux;  // wraps above aux when x < value
    case FilterKind::kAtLeast:
      return x >= f.value;
    case FilterKind::kMask32:
      return ((x & f.value) & 0xFFFFFFFFu) == f.value >> 32;
    default:
      return true;
  }
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_INTERPRETER_FILTER_H_
