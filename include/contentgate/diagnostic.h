// File: contentgate/diagnostic.h
// Diagnostic codes, their catalog, one diagnostic with its locations, and the
// Report that collects the diagnostics of one file.
//
// Every problem contentgate finds is a `Diagnostic`: a stable code (CG104), a
// fixed severity, a one-line message that names the values involved, and
// every location that applies. Diagnostics never allocate on the heap for
// channel files (their text lives inline), so a sensor can validate content
// without touching the allocator.

#ifndef CONTENTGATE_DIAGNOSTIC_H_
#define CONTENTGATE_DIAGNOSTIC_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"

namespace contentgate {

// Errors make a file unfit to ship; warnings ship unless the caller is strict.
enum class Severity : uint8_t { kError, kWarning };

// "error" or "warning".
std::string_view SeverityName(Severity severity);

// Every diagnostic code; the enumerator's value is the code's number.
enum class Code : uint16_t {
#define CG_CODE(name, number, severity, title) name = number,
#include "contentgate/diagnostic_codes.inc"
#undef CG_CODE
};

// One row of the catalog: the fixed facts about a code.
struct CatalogEntry {
  Code code;
  Severity severity;
  std::string_view name;   // "CG104"
  std::string_view title;  // one line, as in the diagnostics reference
};

// Every catalog entry, sorted by code. The table is generated from
// diagnostic_codes.inc, the same list that defines `Code`.
absl::Span<const CatalogEntry> Catalog();

// The catalog entry of `code`. Never fails: every Code has an entry.
const CatalogEntry& CatalogEntryFor(Code code);

// The severity of `code` (fixed per code).
inline Severity SeverityOf(Code code) { return CatalogEntryFor(code).severity; }

// "CG104" for Code::kHeaderCrcMismatch.
inline std::string_view CodeName(Code code) { return CatalogEntryFor(code).name; }

// Parses "CG104" (case-sensitive); nullopt for anything that is not a code.
std::optional<Code> ParseCode(std::string_view text);

// The long form of a catalog entry, for `contentgate explain`.
struct Explanation {
  std::string_view meaning;  // what the check protects against
  std::string_view example;  // content that triggers the code
  std::string_view fix;      // how to fix it
};

// The explanation of `code`. Never fails: every Code has one.
const Explanation& ExplanationFor(Code code);

// One problem found in one file, with every location that applies. Absent
// locations are reported as such by the has_*() accessors; the text fields
// (message, field, sensor) are stored inline, truncated to their capacity
// (a cut message ends in "..." so that no report shows it as whole).
class Diagnostic {
 public:
  static constexpr size_t kMessageCapacity = 255;
  static constexpr size_t kFieldCapacity = 64;   // a schema name's maximum
  static constexpr size_t kSensorCapacity = 39;  // "999999999.999999999.999999999.999999999"

  explicit Diagnostic(Code code) : code_(code) {}

  Code code() const { return code_; }
  Severity severity() const { return SeverityOf(code_); }

  // The one-line message, naming the values involved.
  std::string_view message() const { return {message_, message_size_}; }
  void set_message(std::string_view text);

  // Byte offset in a channel file of the bytes at fault.
  bool has_offset() const { return offset_ != kNone64; }
  uint64_t offset() const { return offset_; }
  void set_offset(uint64_t offset) { offset_ = offset; }
  void clear_offset() { offset_ = kNone64; }

  // Index of the instance: table order in a channel file, array order in a
  // source file.
  bool has_instance() const { return instance_ != kNone32; }
  uint32_t instance() const { return instance_; }
  void set_instance(uint32_t index) { instance_ = index; }

  // The instance's id, where the file states one.
  bool has_instance_id() const { return has_instance_id_; }
  uint32_t instance_id() const { return instance_id_; }
  void set_instance_id(uint32_t id) {
    instance_id_ = id;
    has_instance_id_ = true;
  }

  // Index of the criterion within its instance (= the field's index).
  bool has_criterion() const { return criterion_ != kNone32; }
  uint32_t criterion() const { return criterion_; }
  void set_criterion(uint32_t index) { criterion_ = index; }

  // Name of the field the criterion is for.
  bool has_field() const { return field_size_ != 0; }
  std::string_view field() const { return {field_, field_size_}; }
  void set_field(std::string_view name);

  // Version of the target sensor a compatibility diagnostic is about.
  bool has_sensor() const { return sensor_size_ != 0; }
  std::string_view sensor() const { return {sensor_, sensor_size_}; }
  void set_sensor(std::string_view version);

  // JSON Pointer (RFC 6901) into a source or schema file. "" is the whole
  // document, which is a location too: has_pointer() tells them apart.
  bool has_pointer() const { return has_pointer_; }
  const std::string& pointer() const { return pointer_; }
  void set_pointer(std::string pointer) {
    pointer_ = std::move(pointer);
    has_pointer_ = true;
  }

  // 1-based line and column (in bytes) in a source or schema file.
  bool has_line() const { return line_ != 0; }
  uint32_t line() const { return line_; }
  uint32_t column() const { return column_; }
  void set_line_column(uint32_t line, uint32_t column) {
    line_ = line;
    column_ = column;
  }

 private:
  static constexpr uint64_t kNone64 = ~uint64_t{0};
  static constexpr uint32_t kNone32 = ~uint32_t{0};

  Code code_;
  bool has_instance_id_ = false;
  bool has_pointer_ = false;
  uint8_t field_size_ = 0;
  uint8_t sensor_size_ = 0;
  uint16_t message_size_ = 0;
  uint32_t instance_ = kNone32;
  uint32_t instance_id_ = 0;
  uint32_t criterion_ = kNone32;
  uint32_t line_ = 0;
  uint32_t column_ = 0;
  uint64_t offset_ = kNone64;
  std::string pointer_;
  char field_[kFieldCapacity];
  char sensor_[kSensorCapacity];
  char message_[kMessageCapacity];
};

// The diagnostics of one file: every diagnostic is counted, at most
// `max_diagnostics` are kept, errors first: the file's first min(N, E) errors
// in check order, then its first warnings while fewer than N are kept, all
// kept ones in check order (channel-file.md, "Order of checks"). The cap
// limits what is kept, never the verdict: valid() is false whenever any error
// was counted. Memory is bounded: never more than N diagnostics are held.
class Report {
 public:
  static constexpr size_t kDefaultMaxDiagnostics = 100;

  explicit Report(size_t max_diagnostics = kDefaultMaxDiagnostics)
      : max_diagnostics_(max_diagnostics) {}

  // True when no error was counted (warnings allowed).
  bool valid() const { return errors_ == 0; }
  // True when no error and, if `strict`, no warning was counted.
  bool passes(bool strict) const { return errors_ == 0 && (!strict || warnings_ == 0); }

  // Counts of all diagnostics, kept or not.
  size_t errors() const { return errors_; }
  size_t warnings() const { return warnings_; }

  // The kept diagnostics, at most max_diagnostics(), in check order.
  absl::Span<const Diagnostic> diagnostics() const { return diagnostics_; }
  size_t max_diagnostics() const { return max_diagnostics_; }

  // Counts a diagnostic of `code` and returns the kept Diagnostic for the
  // caller to fill in, or nullptr when it is not kept (it is still counted).
  // Diagnostics must be added in check order. When the report is full, an
  // error takes the place of the latest kept warning (O(N) moves at worst);
  // a warning, or an error with no warning left to evict, is not kept. The
  // pointer is valid until the next Add or Clear.
  Diagnostic* Add(Code code);
  // The same, for a caller that has looked up SeverityOf(code) already.
  Diagnostic* Add(Code code, Severity severity);

  // Whether a diagnostic of `severity` added now would be kept, so a caller
  // can skip building one that would not. Counting is still up to Add or
  // CountOnly.
  bool WouldKeep(Severity severity) const {
    return diagnostics_.size() < max_diagnostics_ ||
           (severity == Severity::kError && kept_warnings_ != 0);
  }

  // Counts a diagnostic of `severity` without keeping it: for merging a
  // report whose own cap already dropped the diagnostic.
  void CountOnly(Severity severity);

  // Forgets every diagnostic and count; keeps the storage, so a Report reused
  // across files stops allocating once it has grown.
  void Clear();
  void set_max_diagnostics(size_t max) { max_diagnostics_ = max; }

  // One word of the channel-file validator's scratch. Its constructor leaves
  // it uninitialized: the core ignores the scratch's contents, so growing
  // the scratch costs no zeroing pass over it.
  struct ScratchWord {
    ScratchWord() {}  // NOLINT: deliberately not `= default` (no zeroing)
    uint64_t bits;
  };
  // The validator's scratch (core.h cg_scratch_size), kept with the report
  // so that a reused report stops allocating. Clear keeps it.
  std::vector<ScratchWord>& validator_scratch() { return scratch_; }

 private:
  size_t max_diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  size_t kept_warnings_ = 0;
  std::vector<Diagnostic> diagnostics_;
  std::vector<ScratchWord> scratch_;
};

}  // namespace contentgate

#endif  // CONTENTGATE_DIAGNOSTIC_H_
