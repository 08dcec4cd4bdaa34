// File: contentgate/release.h
// Release checks (release.md): what a candidate release changes against the
// last shipped one (DiffChannelFiles, CG800-CG804), and whether tests written
// next to the content pass and cover every field it constrains on every
// target sensor (LoadContentTests, RunContentTests, CG900-CG907).
//
// Both take views of files that have already passed validation; they never
// re-validate. Summaries are plain data the command line prints.

#ifndef CONTENTGATE_RELEASE_H_
#define CONTENTGATE_RELEASE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "contentgate/channel_view.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate {

// Where a source file states its header keys, instances and criteria, so
// that diagnostics on content read from source carry JSON Pointers and
// line/column instead of byte offsets. Indexed by the compiled file's table
// order.
struct SourceLocations {
  struct Position {
    uint32_t line = 0;
    uint32_t column = 0;
  };
  struct InstanceLocation {
    uint32_t array_index = 0;  // position in the source's "instances"
    Position position;
    // Per field of the instance's template type: where its criterion is
    // written (line 0 when the source leaves the field out).
    std::vector<Position> criteria;
  };
  Position channel;
  Position content_version;
  std::vector<InstanceLocation> instances;
};

// Locates the instances of a source file that compiled without error to the
// file `view` shows. Returns nullopt when `source_text` is not that source.
std::optional<SourceLocations> LocateSource(std::string_view source_text, const Schema& schema,
                                            const ChannelFileView& view);

// Sets the location of instance k (table order) of a file on `d`: instance
// index and id, and the offset of its entry (or, for `field` >= 0, of that
// criterion, with the criterion index and `field_name`), or, with `source`,
// the instance's array index and its (or the criterion's, when written)
// pointer and position.
void SetInstanceLocation(const ChannelFileView& view, const SourceLocations* source, uint32_t k,
                         int field, std::string_view field_name, Diagnostic* d);

// ---- content tests ----------------------------------------------------------

// What a test expects, or what it got.
enum class TestOutcome : uint8_t { kMatch, kNoMatch, kOutOfBounds, kSkipped };

// "match", "no-match", "out-of-bounds" or "skipped".
std::string_view TestOutcomeName(TestOutcome outcome);

// One test of a tests file, checked against the schema and the content.
struct ContentTest {
  std::string name;
  uint32_t instance = 0;  // table index in the content
  uint32_t instance_id = 0;
  std::optional<uint32_t> sensor;  // index into Schema::sensors()
  TestOutcome expect = TestOutcome::kMatch;
  // The event's values by field index of the instance's template type, up
  // to its last given field; a field it leaves out, before that or past the
  // end, takes the default 0 / false / "" (`is_string` is the field's kind).
  struct Value {
    uint64_t integer = 0;
    std::string text;
    bool is_string = false;
  };
  std::vector<Value> event;
  std::string pointer;  // "/tests/3"
  uint32_t line = 0;
  uint32_t column = 0;
};

// A loaded tests file: its tests (only those without errors) and its
// diagnostics (CG700, CG906, CG907, each with pointer, line and column).
struct ContentTests {
  std::vector<ContentTest> tests;
  Report report;
};

// Loads tests JSON text (the format of release.md, a leading UTF-8 BOM
// ignored) against `schema` and the content `view`. Never fails otherwise:
// every problem is a diagnostic, and a test with one is not kept.
ContentTests LoadContentTests(std::string_view json_text, const Schema& schema,
                              const ChannelFileView& view,
                              size_t max_diagnostics = Report::kDefaultMaxDiagnostics);

// What to run tests for.
struct ContentTestOptions {
  const Schema* schema = nullptr;  // the schema the content was validated against
  // Indices into schema->sensors(), ascending; nullopt: every sensor.
  std::optional<std::vector<uint32_t>> target_sensors;
  // Where the content's instances stand in its source, or nullptr for a
  // channel file. Not owned.
  const SourceLocations* source = nullptr;
};

// What one criterion saw in a failing test.
struct CriterionSeen {
  uint32_t criterion = 0;  // = field index
  std::string field;
  std::string op;   // "glob", ... (never "any")
  std::string saw;  // the input, rendered ("\"x\"", "12", "not supplied")
  bool matched = false;
};

// One test on one sensor.
struct TestResult {
  size_t test = 0;  // index into the tests given
  std::string name;
  uint32_t instance_id = 0;
  std::string sensor;
  TestOutcome expect = TestOutcome::kMatch;
  TestOutcome got = TestOutcome::kMatch;
  bool passed = false;
  std::vector<CriterionSeen> criteria;  // filled for a failed test
};

// Coverage of one constrained (template type, field) pair.
struct FieldCoverage {
  std::string template_type;
  std::string field;
  uint32_t type_index = 0;
  uint32_t field_index = 0;
  std::vector<std::string> covered;    // target sensors supplying it, covered
  std::vector<std::string> uncovered;  // target sensors supplying it, not covered
};

// The outcome of running a set of tests on one content.
struct ContentTestSummary {
  std::vector<TestResult> results;  // tests order, then schema sensor order
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;
  std::vector<FieldCoverage> fields;  // constrained pairs, type then field order
  size_t fields_covered = 0;
  size_t instances_covered = 0;
  size_t instances_total = 0;
  // match_passed[k * sensors + s]: a match test passed on instance k (table
  // order), sensor s (schema index).
  std::vector<bool> match_passed;
  uint64_t evaluations = 0;  // interpreter runs, for cost assertions
};

// Runs every test on its target sensors in the reference interpreter with
// exactly each sensor's inputs (kEveryCriterion: no short cut), then
// computes coverage. Adds CG900 and CG901 (errors) and CG902 and CG903
// (warnings) to `report`, located on the content. `view` must have passed
// validation against options.schema (sensor compatibility aside).
ContentTestSummary RunContentTests(const ChannelFileView& view, absl::Span<const ContentTest> tests,
                                   const ContentTestOptions& options, Report* report);

// ---- diff -------------------------------------------------------------------

// How an instance differs between OLD and NEW.
enum class ChangeKind : uint8_t { kAdded, kRemoved, kChanged, kEnabled, kDisabled };

// "added", "removed", "changed", "enabled" or "disabled".
std::string_view ChangeKindName(ChangeKind kind);

// One instance that is not unchanged.
struct InstanceChange {
  uint32_t instance_id = 0;
  ChangeKind change = ChangeKind::kChanged;
  std::string template_type;  // NEW's (OLD's for a removed instance)
  // Added: the fields it constrains; changed/enabled/disabled: the fields
  // whose criterion differs; removed: the fields it constrained.
  std::vector<std::string> fields;
};

// One CG803 (field set) or CG804 (field empty) case.
struct FirstUse {
  std::string template_type;
  std::optional<std::string> field;
  uint32_t instance_id = 0;
  bool covered = false;
};

// What to diff with.
struct DiffOptions {
  const Schema* old_schema = nullptr;
  const Schema* new_schema = nullptr;
  // Indices into new_schema->sensors(), ascending; nullopt: every sensor.
  std::optional<std::vector<uint32_t>> target_sensors;
  // Where NEW's instances stand in its source, or nullptr for a channel
  // file. Not owned.
  const SourceLocations* new_source = nullptr;
  // Coverage of NEW by tests (RunContentTests on NEW with the same targets),
  // or nullptr: covered first uses are then not reported. Not owned.
  const ContentTestSummary* coverage = nullptr;
};

// The change summary of a diff.
struct DiffSummary {
  uint32_t old_channel = 0;
  uint32_t old_version = 0;
  uint32_t new_channel = 0;
  uint32_t new_version = 0;
  size_t added = 0;
  size_t removed = 0;
  size_t changed = 0;  // enabled and disabled instances included
  size_t unchanged = 0;
  size_t enabled = 0;
  size_t disabled = 0;
  std::vector<InstanceChange> changes;  // ascending id
  std::vector<FirstUse> first_use;      // CG803 then CG804 cases, as reported
  // Work done: instance and criterion comparisons, for cost assertions.
  uint64_t operations = 0;
};

// Compares two validated files (OLD against options.old_schema, NEW against
// options.new_schema), matching template types and fields by name, and adds
// CG800-CG804 to `report` in release.md's order, located on NEW. Linear in
// the sizes of both files plus the schemas. Allocates the summary only.
DiffSummary DiffChannelFiles(const ChannelFileView& old_view, const ChannelFileView& new_view,
                             const DiffOptions& options, Report* report);

}  // namespace contentgate

#endif  // CONTENTGATE_RELEASE_H_
