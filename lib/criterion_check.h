// File: lib/criterion_check.h
// Internal to the channel-file validator: the per-call state that the
// criterion checks share, diagnostic helpers that fill locations, and the
// criterion (CG3xx) checks of one instance.

#ifndef CONTENTGATE_LIB_CRITERION_CHECK_H_
#define CONTENTGATE_LIB_CRITERION_CHECK_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// Per-call memo of regex verdicts (defined in criterion_check.cc).
class RegexMemo;

// What the checks of one ValidateChannelFile call share. Built on the stack;
// the regex memo is allocated only when the file holds a regex.
struct FileState {
  FileState();
  ~FileState();

  const uint8_t* file = nullptr;
  uint64_t pool_offset = 0;
  uint64_t pool_size = 0;
  Report* report = nullptr;
  RegexCache* regex_cache = nullptr;
  std::unique_ptr<RegexMemo> regex_memo;
  // CG316 fast pass: in a canonical pool every string either starts where
  // the referenced prefix [0, covered_end) ends or lies inside it. Once a
  // string does neither, `coverage_is_prefix` is false for good and the
  // exact fallback decides (covered_end then means nothing).
  uint64_t covered_end = 0;
  bool coverage_is_prefix = true;
  // SeverityOf(Code::kTrailingFieldsAny), looked up once per call: a file
  // can carry that warning once per instance and sensor.
  Severity trailing_fields_any_severity = Severity::kWarning;
};

// Where an instance is: its table index, id and entry offset.
struct InstanceLocation {
  uint32_t index;
  uint32_t id;
  uint64_t entry_offset;
};

// Formats the message of `d` into a stack buffer (no heap allocation). The
// buffer holds one byte more than a message, so that set_message sees where
// a long message is cut and never cuts a UTF-8 sequence in two.
template <typename... Args>
void SetMessage(Diagnostic* d, const absl::FormatSpec<Args...>& format, const Args&... args) {
  char buffer[Diagnostic::kMessageCapacity + 2];  // + the byte past the cut, + NUL
  const int n = absl::SNPrintF(buffer, sizeof buffer, format, args...);
  const size_t size = n < 0 ? 0 : std::min<size_t>(static_cast<size_t>(n), sizeof buffer - 1);
  d->set_message(std::string_view(buffer, size));
}

// SetMessage from pieces joined as absl::StrCat joins them, with no format
// string to interpret (a fifth of the instructions): for the messages a
// valid file can carry once per instance and sensor (CG400, CG401).
inline void SetMessageParts(Diagnostic* d, std::initializer_list<absl::AlphaNum> pieces) {
  char buffer[Diagnostic::kMessageCapacity + 1];  // + the byte past the cut
  size_t size = 0;
  for (const absl::AlphaNum& piece : pieces) {
    const size_t n = std::min(piece.size(), sizeof buffer - size);
    if (n != 0) std::memcpy(buffer + size, piece.data(), n);
    size += n;
  }
  d->set_message(std::string_view(buffer, size));
}

// Report::Add for a `code` whose severity the caller has looked up.
inline Diagnostic* AddWithSeverity(Report* report, Code code, Severity severity) {
  return report->Add(code, severity);
}

// Counts `code` and, when kept, fills the instance locations.
inline Diagnostic* AddInstanceDiagnostic(Report* report, Code code, const InstanceLocation& where) {
  Diagnostic* d = report->Add(code);
  if (d != nullptr) {
    d->set_offset(where.entry_offset);
    d->set_instance(where.index);
    d->set_instance_id(where.id);
  }
  return d;
}

// Counts `code` and, when kept, fills the criterion locations.
inline Diagnostic* AddCriterionDiagnostic(Report* report, Code code, const InstanceLocation& where,
                                          uint32_t criterion, std::string_view field,
                                          uint64_t offset) {
  Diagnostic* d = report->Add(code);
  if (d != nullptr) {
    d->set_offset(offset);
    d->set_instance(where.index);
    d->set_instance_id(where.id);
    d->set_criterion(criterion);
    d->set_field(field);
  }
  return d;
}

// Runs CG300-CG315 on the criteria of one instance of `type`, whose
// criterion entries start at file offset `criteria_offset` (bounds already
// checked: one entry per field), with `rules` the type's compiled field
// rules (Schema::field_rules). Records string coverage for CG316.
void CheckCriteria(FileState* state, const InstanceLocation& where, const TemplateType& type,
                   const FieldRule* rules, uint64_t criteria_offset);

// CheckCriteria without the fast path: every criterion takes the exact
// checks. Same diagnostics, for differential tests and fuzzing.
void CheckCriteriaExact(FileState* state, const InstanceLocation& where, const TemplateType& type,
                        uint64_t criteria_offset);

// The pool bytes no string references, in a file without errors: the first
// one (pool-relative) and how many there are (0 when every byte is
// referenced). Uses the fast pass when it decided; otherwise walks the
// criterion table and sorts the referenced spans, which allocates: only a
// non-canonical pool (strings out of first-use order) ever does.
struct Unreferenced {
  uint64_t first = 0;
  uint64_t count = 0;
};
Unreferenced FindUnreferencedPoolBytes(const FileState& state, uint64_t criterion_table_offset,
                                       uint64_t criterion_count);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_CRITERION_CHECK_H_
