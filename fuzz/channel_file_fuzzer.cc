// Fuzz target: the channel-file validator on arbitrary bytes, against every
// embedded schema, for all target sensors. Beyond "no crash, leak, hang or
// out-of-bounds read" (the sanitizers' job) it traps when:
//  - the report keeps more diagnostics than its cap;
//  - ChannelFileView::Open disagrees with the validator's verdict;
//  - the verdict depends on the diagnostic cap (it must only cap the list);
//  - the fast path (each field's compiled rules, the windowed string scans)
//    gives another report than the exact checks alone;
//  - a regex cache changes any diagnostic.
// What each input pays for (fuzz/README.md, "Speed: what each input pays
// for"): every input is validated against every schema, and for one schema
// per input, picked by a hash of the bytes, that validation is the one
// ChannelFileView::Open runs (the Open check at no extra cost). The capped
// run and the exact run each take one schema per input too, each picked by
// its own hash; the cache-free run takes every schema on a deterministic
// eighth of the inputs (fuzz/sampling.h). The corpus replay and
// CG_FUZZ_CHECK_EVERY_INPUT=1 run every check on every schema. Every
// validation uses one regex cache shared across inputs, as the CLI does
// across files.

#include <cstddef>
#include <cstdint>

#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "fuzz_schemas.h"
#include "report_compare.h"
#include "sampling.h"
#include "validate_exact.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contentgate;
  absl::Span<const uint8_t> file(data, size);
  ValidateOptions options;
  options.regex_cache = fuzz::SharedRegexCache();
  ValidateOptions capped = options;
  capped.max_diagnostics = 1;
  const absl::Span<const Schema> schemas = fuzz::FuzzSchemas();
  const uint32_t check_open = fuzz::ChosenIndices(data, size, schemas.size(), 2);
  const uint32_t check_capped = fuzz::ChosenIndices(data, size, schemas.size(), 3);
  const uint32_t check_exact = fuzz::ChosenIndices(data, size, schemas.size(), 4);
  const bool check_uncached = fuzz::Sampled(data, size, 8, 1);
  // Reused across inputs: a fresh Report regrows its vector of diagnostics
  // on every validation, which under ASan cost more than the validation
  // itself.
  static Report& report = *new Report;
  static Report& one = *new Report;
  static Report& exact = *new Report;
  for (size_t i = 0; i < schemas.size(); ++i) {
    const Schema& schema = schemas[i];
    if ((check_open >> i) & 1) {
      // Open is ValidateChannelFile into `report` plus the verdict: the
      // default validation and the Open check in one run. (Not on every
      // schema: an Open that fails builds an error Status, a cost that
      // one Open per input bounds; fuzz/README.md, "Speed".)
      auto view = ChannelFileView::Open(file, schema, options, &report);
      if (view.ok() != report.valid()) __builtin_trap();
    } else {
      ValidateChannelFile(file, schema, options, &report);
    }
    if (report.diagnostics().size() > report.max_diagnostics()) __builtin_trap();

    if ((check_capped >> i) & 1) {
      ValidateChannelFile(file, schema, capped, &one);
      if (one.valid() != report.valid() || one.errors() != report.errors() ||
          one.warnings() != report.warnings() || one.diagnostics().size() > 1) {
        __builtin_trap();
      }
    }

    if ((check_exact >> i) & 1) {
      internal::ValidateChannelFileExact(file, schema, options, &exact);
      if (!test::ReportDifference(report, exact).empty()) __builtin_trap();
    }

    if (check_uncached) {
      // Without any cache every regex is compiled again: the shared memo
      // must never change a diagnostic.
      if (!test::ReportDifference(report, ValidateChannelFile(file, schema)).empty())
        __builtin_trap();
    }
  }
  return 0;
}
