// File: lib/status_code.cc
// The code payload of a content-problem Status: the code's name ("CG400")
// under contentgate's payload type URL.

#include "contentgate/status_code.h"

#include <string>

#include "absl/strings/cord.h"

namespace contentgate {
namespace {

constexpr char kPayloadUrl[] = "type.googleapis.com/contentgate.Code";

}  // namespace

std::optional<Code> CodeOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  const auto payload = status.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  return ParseCode(std::string(*payload));
}

absl::Status WithCode(absl::Status status, Code code) {
  status.SetPayload(kPayloadUrl, absl::Cord(std::string(CodeName(code))));
  return status;
}

}  // namespace contentgate
