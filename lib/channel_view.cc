// File: lib/channel_view.cc
// ChannelFileView: validate once, then read without further checks.

#include "contentgate/channel_view.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bytes.h"

namespace contentgate {

using internal::Load32;

ChannelFileView::ChannelFileView(absl::Span<const uint8_t> file) : file_(file) {}

absl::StatusOr<ChannelFileView> ChannelFileView::Open(absl::Span<const uint8_t> file,
                                                      const Schema& schema,
                                                      const ValidateOptions& options) {
  Report report;
  return Open(file, schema, options, &report);
}

absl::StatusOr<ChannelFileView> ChannelFileView::Open(absl::Span<const uint8_t> file,
                                                      const Schema& schema,
                                                      const ValidateOptions& options,
                                                      Report* report) {
  ValidateChannelFile(file, schema, options, report);
  if (report->valid()) return ChannelFileView(file);
  for (const Diagnostic& d : report->diagnostics()) {
    if (d.severity() == Severity::kError) {
      return WithCode(
          absl::InvalidArgumentError(absl::StrFormat("%s: %s", CodeName(d.code()), d.message())),
          d.code());
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "the channel file has ", report->errors(), report->errors() == 1 ? " error" : " errors",
      ", all past the first ", report->max_diagnostics(), " diagnostics kept"));
}

uint32_t ChannelFileView::channel_id() const { return Load32(file_.data() + CG_HEADER_CHANNEL_ID); }
uint32_t ChannelFileView::content_version() const {
  return Load32(file_.data() + CG_HEADER_CONTENT_VERSION);
}
uint32_t ChannelFileView::instance_count() const {
  return Load32(file_.data() + CG_HEADER_INSTANCE_COUNT);
}

InstanceView ChannelFileView::instance(uint32_t k) const {
  const uint8_t* bytes = file_.data();
  return InstanceView(bytes + kHeaderSize + kInstanceEntrySize * uint64_t{k},
                      bytes + Load32(bytes + CG_HEADER_CRITERION_TABLE_OFFSET),
                      bytes + Load32(bytes + CG_HEADER_POOL_OFFSET));
}

}  // namespace contentgate
