// File: lib/diagnostic.cc
// The diagnostic catalog (generated from diagnostic_codes.inc), code parsing,
// and the inline-text Diagnostic and capped Report.

#include "contentgate/diagnostic.h"

#include <cstring>

namespace contentgate {
namespace {

#define CG_STRINGIZE2(x) #x
#define CG_STRINGIZE(x) CG_STRINGIZE2(x)

constexpr CatalogEntry kCatalog[] = {
#define CG_CODE(name, number, severity, title) \
  {Code::name, Severity::severity, "CG" CG_STRINGIZE(number), title},
#include "contentgate/diagnostic_codes.inc"
#undef CG_CODE
};

constexpr size_t kCatalogSize = sizeof(kCatalog) / sizeof(kCatalog[0]);

// Counts the CG_CODE lines independently of the table, so a lost row shows.
constexpr size_t kCodeCount = 0
#define CG_CODE(name, number, severity, title) +1
#include "contentgate/diagnostic_codes.inc"
#undef CG_CODE
    ;

static_assert(kCatalogSize == kCodeCount, "catalog must have one row per code");

constexpr bool CatalogIsSorted() {
  for (size_t i = 1; i < kCatalogSize; ++i) {
    if (static_cast<uint16_t>(kCatalog[i - 1].code) >= static_cast<uint16_t>(kCatalog[i].code)) {
      return false;
    }
  }
  return true;
}
static_assert(CatalogIsSorted(), "diagnostic_codes.inc must be sorted by number, no repeats");

constexpr bool NamesMatchNumbers() {
  for (size_t i = 0; i < kCatalogSize; ++i) {
    const std::string_view name = kCatalog[i].name;
    if (name.size() != 5 || name[0] != 'C' || name[1] != 'G') return false;
    const int number = (name[2] - '0') * 100 + (name[3] - '0') * 10 + (name[4] - '0');
    if (number != static_cast<int>(kCatalog[i].code)) return false;
  }
  return true;
}
static_assert(NamesMatchNumbers(), "every code is three digits, named CGnnn");

#undef CG_STRINGIZE
#undef CG_STRINGIZE2

// Code number -> 1 + its catalog row (0: no such code), for O(1) look-ups:
// Report::Add asks for the severity of every diagnostic it counts.
struct CodeIndex {
  uint8_t row_plus_one[1000];
};

constexpr CodeIndex MakeCodeIndex() {
  CodeIndex index{};
  for (size_t i = 0; i < kCatalogSize; ++i) {
    index.row_plus_one[static_cast<uint16_t>(kCatalog[i].code)] = static_cast<uint8_t>(i + 1);
  }
  return index;
}

static_assert(kCatalogSize < 255, "catalog rows must fit CodeIndex's uint8_t");
constexpr CodeIndex kCodeIndex = MakeCodeIndex();

// Copies at most `capacity` bytes of `text` into `dest`, never cutting a
// UTF-8 sequence in two; returns the count.
size_t CopyTruncated(std::string_view text, char* dest, size_t capacity) {
  size_t n = text.size();
  if (n > capacity) {
    n = capacity;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  }
  if (n != 0) std::memcpy(dest, text.data(), n);
  return n;
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

absl::Span<const CatalogEntry> Catalog() { return kCatalog; }

const CatalogEntry& CatalogEntryFor(Code code) {
  // Every Code value is a catalog row (static_asserts above).
  return kCatalog[kCodeIndex.row_plus_one[static_cast<uint16_t>(code)] - 1];
}

std::optional<Code> ParseCode(std::string_view text) {
  if (text.size() != 5 || text[0] != 'C' || text[1] != 'G') return std::nullopt;
  int number = 0;
  for (size_t i = 2; i < 5; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    number = number * 10 + (text[i] - '0');
  }
  const uint8_t row_plus_one = kCodeIndex.row_plus_one[number];
  if (row_plus_one == 0) return std::nullopt;
  return kCatalog[row_plus_one - 1].code;
}

void Diagnostic::set_message(std::string_view text) {
  if (text.size() <= kMessageCapacity) {
    message_size_ = static_cast<uint16_t>(CopyTruncated(text, message_, kMessageCapacity));
    return;
  }
  // A cut message says so: it ends in "...".
  constexpr std::string_view kCut = "...";
  const size_t kept = CopyTruncated(text, message_, kMessageCapacity - kCut.size());
  std::memcpy(message_ + kept, kCut.data(), kCut.size());
  message_size_ = static_cast<uint16_t>(kept + kCut.size());
}

void Diagnostic::set_field(std::string_view name) {
  field_size_ = static_cast<uint8_t>(CopyTruncated(name, field_, kFieldCapacity));
}

void Diagnostic::set_sensor(std::string_view version) {
  sensor_size_ = static_cast<uint8_t>(CopyTruncated(version, sensor_, kSensorCapacity));
}

namespace {
// Diagnostics a report makes room for when it keeps its first.
constexpr size_t kInitialCapacity = 8;
}  // namespace

Diagnostic* Report::Add(Code code) { return Add(code, SeverityOf(code)); }

Diagnostic* Report::Add(Code code, Severity severity) {
  CountOnly(severity);
  if (diagnostics_.size() >= max_diagnostics_) {
    if (severity == Severity::kWarning || kept_warnings_ == 0) return nullptr;
    // Every kept diagnostic after the latest kept warning is an error: the
    // new error goes last, and that warning leaves.
    auto latest = diagnostics_.end();
    do {
      --latest;
    } while (latest->severity() != Severity::kWarning);
    diagnostics_.erase(latest);
    --kept_warnings_;
  }
  if (severity == Severity::kWarning) ++kept_warnings_;
  // A fresh report's first diagnostic reserves room for a few: growing
  // from one took four allocations for a file with five problems.
  if (diagnostics_.capacity() == 0) {
    diagnostics_.reserve(max_diagnostics_ < kInitialCapacity ? max_diagnostics_ : kInitialCapacity);
  }
  diagnostics_.emplace_back(code);
  return &diagnostics_.back();
}

void Report::CountOnly(Severity severity) {
  if (severity == Severity::kError) {
    ++errors_;
  } else {
    ++warnings_;
  }
}

void Report::Clear() {
  diagnostics_.clear();
  kept_warnings_ = 0;
  errors_ = 0;
  warnings_ = 0;
}

}  // namespace contentgate
