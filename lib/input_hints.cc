// File: lib/input_hints.cc
// The hints for text files read as channel files (CG100, CG101).

#include "contentgate/input_hints.h"

#include <algorithm>
#include <initializer_list>

namespace contentgate {

std::string_view ChannelFileHint(absl::Span<const uint8_t> file) {
  const auto starts_with = [&file](std::initializer_list<uint8_t> prefix) {
    return file.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), file.begin());
  };
  if (starts_with({0xFF, 0xFE, 0x00, 0x00}) || starts_with({0x00, 0x00, 0xFE, 0xFF})) {
    return "looks like a UTF-32 text file";
  }
  if (starts_with({0xFF, 0xFE}) || starts_with({0xFE, 0xFF})) {
    return "looks like a UTF-16 text file";
  }
  size_t i = starts_with({0xEF, 0xBB, 0xBF}) ? 3 : 0;
  const size_t end = std::min<size_t>(file.size(), 4096);
  while (i < end && (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r')) ++i;
  if (i < end && file[i] == '#') return "looks like JSON with comments, which is not accepted";
  if (i + 1 < end && file[i] == '/' && (file[i + 1] == '/' || file[i + 1] == '*')) {
    return "looks like JSON with comments, which is not accepted";
  }
  return {};
}

}  // namespace contentgate
