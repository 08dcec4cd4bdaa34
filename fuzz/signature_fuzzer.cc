// Fuzz target: minisign's public key and signature parsers and the checks
// CG850-CG855 (cg_verify_signed). The input is PUBLIC_KEY_TEXT NUL
// SIGNATURE_TEXT NUL CONTENT. It runs twice: with libsodium's primitives
// (VerifySignedContent) and with stub hooks that accept every signature, so
// the checks after the cryptography (CG854, CG855) are reached too. Traps
// when a code is outside 850-855, when the stubs report a cryptographic
// failure, or when the two runs disagree about the texts (CG850, CG851).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "contentgate/core.h"
#include "contentgate/signing.h"

namespace {

void StubDigest(void*, const uint8_t*, size_t, uint8_t out[64]) {
  for (size_t i = 0; i < 64; ++i) out[i] = static_cast<uint8_t>(i);
}

int StubVerify(void*, const uint8_t*, const uint8_t*, size_t, const uint8_t*) { return 0; }

bool KnownCode(int code) { return code == 0 || (code >= 850 && code <= 855); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t first = input.find('\0');
  const size_t second = first == std::string_view::npos ? first : input.find('\0', first + 1);
  const std::string_view public_key = input.substr(0, first);
  const std::string_view signature = first == std::string_view::npos
                                         ? std::string_view()
                                         : input.substr(first + 1, second - first - 1);
  const std::string_view content =
      second == std::string_view::npos ? std::string_view() : input.substr(second + 1);
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(content.data());
  // The minimum version comes from the last content byte, so CG855 is reachable.
  const uint32_t min_version = content.empty() ? 0 : static_cast<uint8_t>(content.back());

  const cg_crypto stubs = {StubDigest, StubVerify, nullptr};
  cg_diag stub_diag;
  std::memset(&stub_diag, 0, sizeof stub_diag);
  const int stub_code =
      cg_verify_signed(bytes, content.size(), signature.data(), signature.size(), public_key.data(),
                       public_key.size(), min_version, &stubs, &stub_diag);
  if (!KnownCode(stub_code) || (stub_code != 0 && stub_code != stub_diag.code)) __builtin_trap();
  if (stub_code == 852 || stub_code == 853) __builtin_trap();

  contentgate::VerifyOptions options;
  options.min_content_version = min_version;
  cg_diag diag;
  std::memset(&diag, 0, sizeof diag);
  const absl::Status status = contentgate::VerifySignedContent(
      absl::MakeConstSpan(bytes, content.size()), signature, public_key, options, &diag);
  const int code = status.ok() ? 0 : diag.code;
  if (!KnownCode(code)) __builtin_trap();
  if ((stub_code == 850 || stub_code == 851 || code == 850 || code == 851) &&
      (code != stub_code || diag.offset != stub_diag.offset ||
       diag.values[0] != stub_diag.values[0] || diag.values[1] != stub_diag.values[1])) {
    __builtin_trap();
  }
  if (!status.ok()) (void)contentgate::SignatureMessage(diag);
  return 0;
}
