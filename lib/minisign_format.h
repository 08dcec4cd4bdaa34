// File: lib/minisign_format.h
// What the publisher's side shares about minisign's formats: the sizes of
// its binary parts, base64 as minisign writes it, BLAKE2b-512 streamed, and
// the two lines of a key file. Verification parses in the C99 core instead.

#ifndef CONTENTGATE_LIB_MINISIGN_FORMAT_H_
#define CONTENTGATE_LIB_MINISIGN_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace contentgate::minisign {

inline constexpr size_t kKeyIdSize = 8;
inline constexpr size_t kPublicKeyBlobSize = 42;   // "Ed", key id, public key
inline constexpr size_t kSignatureBlobSize = 74;   // "ED", key id, signature
inline constexpr size_t kSecretKeyBlobSize = 158;  // see minisign_keys.cc
inline constexpr size_t kKeyNumSecretSize = 104;   // key id, secret key, checksum

// Standard padded base64 of `bytes`.
std::string Base64(absl::Span<const uint8_t> bytes);

// Unkeyed BLAKE2b-512 of `bytes`, streamed through libsodium's
// crypto_generichash in 1 MiB steps.
void Blake2b512(absl::Span<const uint8_t> bytes, uint8_t out[64]);

// Decodes the text of a minisign key file ("untrusted comment: ..." then one
// base64 line, then nothing but a final newline) into exactly `out.size()`
// bytes. Errors name `what` ("secret key") and the cause.
absl::Status DecodeKeyFile(std::string_view text, std::string_view what, absl::Span<uint8_t> out);

}  // namespace contentgate::minisign

#endif  // CONTENTGATE_LIB_MINISIGN_FORMAT_H_
