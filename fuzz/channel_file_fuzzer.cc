// Fuzz target: the channel-file validator on arbitrary bytes, against every
// embedded schema, for all target sensors. Beyond "no crash, leak, hang or
// out-of-bounds read" (the sanitizers' job) it traps when:
//  - the verdict depends on the diagnostic cap (it must only cap the list);
//  - a regex cache changes any diagnostic;
//  - the fast path (each field's compiled rules, the windowed string scans)
//    gives another report than the exact checks alone;
//  - ChannelFileView::Open disagrees with the validator's verdict.

#include <cstddef>
#include <cstdint>

#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/diagnostic.h"
#include "contentgate/regex_cache.h"
#include "fuzz_schemas.h"
#include "validate_exact.h"

namespace contentgate::fuzz {
namespace {

bool SameDiagnostics(const Report& a, const Report& b) {
  if (a.errors() != b.errors() || a.warnings() != b.warnings()) return false;
  if (a.diagnostics().size() != b.diagnostics().size()) return false;
  for (size_t i = 0; i < a.diagnostics().size(); ++i) {
    const Diagnostic& x = a.diagnostics()[i];
    const Diagnostic& y = b.diagnostics()[i];
    if (x.code() != y.code() || x.message() != y.message() || x.offset() != y.offset() ||
        x.instance() != y.instance() || x.criterion() != y.criterion()) {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace contentgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contentgate;
  absl::Span<const uint8_t> file(data, size);
  bool first = true;
  Report report;
  for (const Schema& schema : fuzz::FuzzSchemas()) {
    ValidateChannelFile(file, schema, ValidateOptions{}, &report);
    if (report.diagnostics().size() > report.max_diagnostics()) __builtin_trap();

    ValidateOptions capped;
    capped.max_diagnostics = 1;
    Report one = ValidateChannelFile(file, schema, capped);
    if (one.valid() != report.valid() || one.errors() != report.errors() ||
        one.warnings() != report.warnings() || one.diagnostics().size() > 1) {
      __builtin_trap();
    }

    Report exact;
    internal::ValidateChannelFileExact(file, schema, ValidateOptions{}, &exact);
    if (!fuzz::SameDiagnostics(report, exact)) __builtin_trap();

    if (first) {
      // A fresh cache per input: the memo must never change a verdict.
      RegexCache cache;
      ValidateOptions cached;
      cached.regex_cache = &cache;
      if (!fuzz::SameDiagnostics(report, ValidateChannelFile(file, schema, cached))) {
        __builtin_trap();
      }
      first = false;
    }

    auto view = ChannelFileView::Open(file, schema);
    if (view.ok() != report.valid()) __builtin_trap();
  }
  return 0;
}
