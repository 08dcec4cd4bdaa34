// Fuzz target: for every input the validator accepts as a channel file
// (checked without target sensors, against each embedded schema):
//  - DecodeChannelFile succeeds, and its canonical encoding validates and
//    encodes back to itself;
//  - dump then compile gives exactly that canonical encoding (so a
//    canonical file comes back byte for byte);
//  - the zero-copy ChannelFileView agrees with the decoded content.
// Traps on any disagreement.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/source.h"
#include "fuzz_schemas.h"
#include "sampling.h"

namespace contentgate::fuzz {
namespace {

bool ViewMatchesContent(const ChannelFileView& view, const Content& content) {
  if (view.channel_id() != content.channel_id ||
      view.content_version() != content.content_version ||
      view.instance_count() != content.instances.size()) {
    return false;
  }
  for (uint32_t k = 0; k < view.instance_count(); ++k) {
    InstanceView in = view.instance(k);
    const Instance& want = content.instances[k];
    if (in.id() != want.id || in.template_type_id() != want.template_type_id ||
        in.disabled() != want.disabled || in.criterion_count() != want.criteria.size()) {
      return false;
    }
    for (uint32_t i = 0; i < in.criterion_count(); ++i) {
      CriterionView c = in.criterion(i);
      const Criterion& w = want.criteria[i];
      if (c.op() != w.op || c.nocase() != w.nocase) return false;
      if (IsStringOp(w.op)) {
        if (c.text() != w.text || c.arg1() != w.text.size()) return false;
      } else if (c.arg0() != w.arg0 || c.arg1() != w.arg1 || !c.text().empty()) {
        return false;
      }
    }
  }
  return true;
}

void CheckRoundTrip(absl::Span<const uint8_t> file, const Schema& schema) {
  ValidateOptions structural;
  structural.target_sensors = std::vector<uint32_t>{};
  structural.regex_cache = SharedRegexCache();
  // Reused across inputs (see channel_file_fuzzer.cc).
  static Report& report = *new Report;
  ValidateChannelFile(file, schema, structural, &report);
  if (!report.valid()) return;

  absl::StatusOr<Content> content = DecodeChannelFile(file, schema);
  if (!content.ok()) __builtin_trap();
  std::string canonical = EncodeChannelFile(*content);
  ValidateChannelFile(AsBytes(canonical), schema, structural, &report);
  if (!report.valid()) __builtin_trap();
  absl::StatusOr<Content> again = DecodeChannelFile(AsBytes(canonical), schema);
  if (!again.ok() || EncodeChannelFile(*again) != canonical) __builtin_trap();

  DumpResult dumped = DumpChannelFile(file, schema, structural);
  if (!dumped.source_json) __builtin_trap();
  CompileResult compiled = CompileSource(*dumped.source_json, schema, structural);
  if (!compiled.channel_file || *compiled.channel_file != canonical) __builtin_trap();

  static Report& opened = *new Report;
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(file, schema, structural, &opened);
  if (!view.ok() || !ViewMatchesContent(*view, *content)) __builtin_trap();
  if (view->bytes().data() != file.data() || view->bytes().size() != file.size()) {
    __builtin_trap();
  }
}

}  // namespace
}  // namespace contentgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (const contentgate::Schema& schema : contentgate::fuzz::FuzzSchemas()) {
    contentgate::fuzz::CheckRoundTrip({data, size}, schema);
  }
  return 0;
}
