// File: bench/worst_case_content.h
// The adversarial shapes of issue 12, built by the reference generator at any
// size (never committed as large files): channel files whose strings all
// share the same pool bytes, files of costly regex patterns with literal
// twins of the same lengths, and source files that stress the compiler.

#ifndef CONTENTGATE_BENCH_WORST_CASE_CONTENT_H_
#define CONTENTGATE_BENCH_WORST_CASE_CONTENT_H_

#include <cstdint>
#include <string>

#include "contentgate/content.h"

namespace contentgate::bench {

// The schema every channel-file shape is checked against (channel 12, one
// sensor "1.0" that supplies every field):
// - template type `wide` (id 1): string fields s0..s7 with max_length 65535,
//   max_wildcards 64, max_regex_program 100000, every string operator, then
//   a u32 field;
// - template type `narrow` (id 2): string fields s0..s7 with max_length 64.
inline constexpr uint16_t kWideTypeId = 1;
inline constexpr uint16_t kNarrowTypeId = 2;
inline constexpr uint32_t kShapeStringFields = 8;
std::string WorstCaseSchemaJson();

// (a) `instances` instances of `narrow` whose every string criterion (glob,
// or str_eq every other field) references the same `length`-byte string of
// two-byte UTF-8 characters and a `*` after every 7 of them: each is CG312 (over
// max_length 64) and CG313, and all share one stretch of the pool.
Content MakeSharedOverlongContent(uint32_t instances, uint32_t length);

// (b) `instances` instances of `wide` whose every string criterion (str_eq,
// prefix, suffix, contains, glob in turn) references the same `length`-byte
// string of two-byte UTF-8 characters: valid, with one pool string.
Content MakeSharedStringContent(uint32_t instances, uint32_t length);

// (c) The regex shapes, one regex per instance (field s0; the rest `any`),
// every pattern distinct. Issue 12's shapes are now CG314 by the Unicode
// class escape count or CG312 by length; kWithinRule* compile and are valid.
enum class RegexShape : uint8_t {
  kUnicodeClasses30k,  // 1 pattern of 30 KB: \pL repeated
  kDistinct255,        // 255-byte patterns: \pL repeated after a serial
  kBracketed8k,        // ~8 KB patterns: one bracket of \pL\pN\pS...
  kOverlong,           // 256-byte patterns in `narrow` (CG312): [^a]{1000} repeated
  kWithinRule8k,       // ~8 KB patterns: 8 \pL, then literal text (program ~17.7k)
  kWithinRuleDot8k,    // ~8 KB patterns of `.` (program ~65k, within 100000)
};
const char* RegexShapeName(RegexShape shape);
// `patterns` patterns of `shape` or, with `literal_twin`, literal patterns
// (letters and digits only) of exactly the same lengths in the same fields.
Content MakeRegexContent(RegexShape shape, uint32_t patterns, bool literal_twin);

// Source JSON against schemas/channel-291.schema.json: `{"channel": 291,
// "content_version": 1, "instances": [0,0,...]}` of about `bytes` bytes,
// every element of the array an error.
std::string MakeZeroInstancesSource(size_t bytes);

// A schema with one template type `t` of 1,024 u8 fields (max_file_size
// `max_file_size`), and source with `instances` instances of it that leave
// every criterion `any`: 30 bytes of source become 24 KB of channel file.
std::string MakeWideSchemaJson(uint32_t max_file_size);
std::string MakeWideSource(uint32_t instances);

// A schema with `types` template types t0, t1, ... of one u8 field each, and
// source with `instances` instances spread over all of them.
std::string MakeManyTypesSchemaJson(uint32_t types);
std::string MakeManyTypesSource(uint32_t types, uint32_t instances);

}  // namespace contentgate::bench

#endif  // CONTENTGATE_BENCH_WORST_CASE_CONTENT_H_
