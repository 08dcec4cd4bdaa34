// File: lib/validate.cc
// Dispatch between the two forms of channel content.

#include "contentgate/validate.h"

#include <string_view>

#include "contentgate/source.h"

namespace contentgate {

std::string_view FileKindName(FileKind kind) {
  return kind == FileKind::kSource ? "source" : "channel";
}

FileKind DetectFileKind(absl::Span<const uint8_t> file) {
  size_t i = 0;
  if (file.size() >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF) i = 3;
  while (i < file.size() &&
         (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r')) {
    ++i;
  }
  return i < file.size() && file[i] == '{' ? FileKind::kSource : FileKind::kChannel;
}

FileKind ValidateFile(absl::Span<const uint8_t> file, const Schema& schema,
                      const ValidateOptions& options, Report* report) {
  const FileKind kind = DetectFileKind(file);
  if (kind == FileKind::kChannel) {
    ValidateChannelFile(file, schema, options, report);
    return kind;
  }
  std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
  *report = std::move(CompileSource(text, schema, options).report);
  return kind;
}

}  // namespace contentgate
