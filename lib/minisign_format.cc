// File: lib/minisign_format.cc
// minisign's binary parts, base64 and streamed BLAKE2b-512.

#include "minisign_format.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace contentgate::minisign {

std::string Base64(absl::Span<const uint8_t> bytes) {
  const size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), size, bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(size - 1);  // the terminating NUL
  return out;
}

void Blake2b512(absl::Span<const uint8_t> bytes, uint8_t out[64]) {
  constexpr size_t kStep = size_t{1} << 20;
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 64);
  for (size_t at = 0; at < bytes.size(); at += kStep) {
    crypto_generichash_update(&state, bytes.data() + at, std::min(kStep, bytes.size() - at));
  }
  crypto_generichash_final(&state, out, 64);
  sodium_memzero(&state, sizeof state);
}

absl::Status DecodeKeyFile(std::string_view text, std::string_view what, absl::Span<uint8_t> out) {
  constexpr std::string_view kComment = "untrusted comment: ";
  const auto error = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a minisign ", std::string(what), ": ", why));
  };
  if (text.substr(0, kComment.size()) != kComment) {
    return error("the first line is not 'untrusted comment: ...'");
  }
  const size_t first_end = text.find('\n');
  if (first_end == std::string_view::npos) return error("no line after the comment");
  std::string_view line = text.substr(first_end + 1);
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos) return error("text after the base64 line");
  size_t decoded = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), line.data(), line.size(), nullptr, &decoded, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != line.data() + line.size()) {
    return error("the key line is not canonical base64 of the right length");
  }
  if (decoded != out.size()) {
    return error(absl::StrCat("the key line decodes to ", decoded, " bytes, not ", out.size()));
  }
  return absl::OkStatus();
}

}  // namespace contentgate::minisign
