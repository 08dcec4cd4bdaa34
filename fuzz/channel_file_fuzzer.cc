// Fuzz target: the channel-file validator on arbitrary bytes, against every
// embedded schema, for all target sensors. Beyond "no crash, leak, hang or
// out-of-bounds read" (the sanitizers' job) it traps when:
//  - the verdict depends on the diagnostic cap (it must only cap the list);
//  - a regex cache changes any diagnostic;
//  - the fast path (each field's compiled rules, the windowed string scans)
//    gives another report than the exact checks alone;
//  - ChannelFileView::Open disagrees with the validator's verdict.
// Every validation uses one regex cache shared across inputs (as the CLI
// does across files); the cache-free run it is compared with happens on a
// deterministic eighth of the inputs, ChannelFileView::Open on a quarter
// (fuzz/sampling.h, fuzz/README.md).

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
  const bool check_uncached = fuzz::Sampled(data, size, 8, 1);
  // Open is ValidateChannelFile plus the verdict; roundtrip_fuzzer and
  // interpreter_fuzzer open every input they get.
  const bool check_open = fuzz::Sampled(data, size, 4, 2);
  // Reused across inputs: a fresh Report regrows its vector of diagnostics
  // (about 420 bytes each, up to 100) on every validation, which under ASan
  // cost more than the validation itself.
  static Report& report = *new Report;
  static Report& one = *new Report;
  static Report& exact = *new Report;
  static Report& opened = *new Report;
  for (const Schema& schema : fuzz::FuzzSchemas()) {
    ValidateChannelFile(file, schema, options, &report);
    if (report.diagnostics().size() > report.max_diagnostics()) __builtin_trap();

    ValidateOptions capped = options;
    capped.max_diagnostics = 1;
    ValidateChannelFile(file, schema, capped, &one);
    if (one.valid() != report.valid() || one.errors() != report.errors() ||
        one.warnings() != report.warnings() || one.diagnostics().size() > 1) {
      __builtin_trap();
    }

    internal::ValidateChannelFileExact(file, schema, options, &exact);
    if (!test::ReportDifference(report, exact).empty()) __builtin_trap();

    if (check_uncached) {
      // Without any cache every regex is compiled again: the shared memo
      // must never change a diagnostic.
      if (!test::ReportDifference(report, ValidateChannelFile(file, schema)).empty())
        __builtin_trap();
    }

    if (check_open) {
      auto view = ChannelFileView::Open(file, schema, options, &opened);
      if (view.ok() != report.valid()) __builtin_trap();
    }
  }
  return 0;
}
