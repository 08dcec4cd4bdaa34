// File: contentgate/signing.h
// Signed content in minisign's format (shared/spec/signing.md): a sensor's
// verification before it parses a byte (CG850-CG855, the C99 core's
// cg_verify_signed with libsodium's primitives), and the publisher's keys
// and signatures. Cryptography is libsodium's.

#ifndef CONTENTGATE_SIGNING_H_
#define CONTENTGATE_SIGNING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"
#include "contentgate/status_code.h"

namespace contentgate {

// What a CG850 diagnostic of cg_verify_signed names in values[0]: the text
// at fault (its offset is the byte offset of the fault in that text).
enum class SignatureText : uint8_t { kPublicKey = 1, kSignature = 2 };

// Why a text is not in minisign's format: a CG850's values[1].
enum class SignatureFormatError : uint8_t {
  kNoUntrustedComment = 1,  // the first line is not "untrusted comment: ..."
  kMissingLine = 2,         // the text ends before a line it needs
  kNotBase64 = 3,           // a character or the padding is not base64's
  kNotCanonical = 4,        // unused bits of the last base64 character are not zero
  kWrongLength = 5,         // decodes to the wrong number of bytes
  kUnknownAlgorithm = 6,    // a key that is not "Ed", a signature neither "ED" nor "Ed"
  kNoTrustedComment = 7,    // the third line is not "trusted comment: ..."
  kTrailingText = 8,        // anything after the last line's newline
};

// What verification accepts beyond the signature.
struct VerifyOptions {
  // CG855 when the file's content_version is lower (rollback protection).
  uint32_t min_content_version = 0;
  // When not 0, content larger than this (the channel's max_file_size) is
  // CG106 before any byte of it is read or hashed.
  uint64_t max_file_size = 0;
};

// Verifies `bytes` against the texts of a minisign signature file and public
// key file: the checks CG850-CG855 in signing.md's order, stopping at the
// first failure, with libsodium's BLAKE2b-512 and Ed25519 (after CG106 when
// options.max_file_size is set and exceeded). OK when verified;
// otherwise the status's message describes the failure, CodeOf(status)
// (status_code.h) gives its code, and `*detail` (when not null) is the
// core's diagnostic. Allocates nothing when the content verifies. Run it on
// a private copy of the content, before anything parses it.
absl::Status VerifySignedContent(absl::Span<const uint8_t> bytes, std::string_view signature_text,
                                 std::string_view public_key_text,
                                 const VerifyOptions& options = {}, cg_diag* detail = nullptr);

// The one-line message of a CG850-CG855 diagnostic of cg_verify_signed.
std::string SignatureMessage(const cg_diag& diag);

// Adds a CG850-CG855 diagnostic of cg_verify_signed to `report`, with its
// message and, where the fault lies in the file's header, its offset.
void AddSignatureDiagnostic(const cg_diag& diag, Report* report);

// An Ed25519 secret key with its minisign key id, in memory only: zeroed
// when destroyed or moved from. Made by LoadSecretKey.
class SecretKey {
 public:
  SecretKey();
  ~SecretKey();
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;

  const uint8_t* key_id() const { return key_id_; }    // 8 bytes
  const uint8_t* ed25519() const { return ed25519_; }  // 64 bytes (seed, public key)
  uint8_t* mutable_key_id() { return key_id_; }
  uint8_t* mutable_ed25519() { return ed25519_; }

 private:
  uint8_t key_id_[8];
  uint8_t ed25519_[64];
};

// A new key pair as the texts of minisign's public key and secret key files.
struct KeyPairText {
  std::string public_key;
  std::string secret_key;  // holds the secret in clear when not encrypted
};

// Makes a key pair. With a password the secret key is encrypted as minisign
// does (scrypt, opslimit 33554432, memlimit 1073741824: about 1 GiB and a
// few seconds); without one (nullopt) it is stored unencrypted with a zero
// salt and zero limits, as `minisign -G -W` writes it.
absl::StatusOr<KeyPairText> GenerateKeyPair(std::optional<std::string_view> password);

// Whether a secret key file's text is encrypted (needs a password). An error
// when it is not a minisign secret key.
absl::StatusOr<bool> SecretKeyIsEncrypted(std::string_view secret_key_text);

// Reads a minisign secret key file's text, decrypting it with `password`
// when it is encrypted (ignored otherwise). A checksum that does not match
// is an error naming a wrong password (or a damaged key).
absl::StatusOr<SecretKey> LoadSecretKey(std::string_view secret_key_text,
                                        std::string_view password);

// Signs a channel file: the text of its minisign signature file, in the
// prehashed form ("ED": Ed25519 over the BLAKE2b-512 digest), with the
// trusted comment `contentgate channel=N content_version=M` from the file's
// header. An error when the file is shorter than the 64-byte header. Does
// not validate the file: the caller does, first.
absl::StatusOr<std::string> SignChannelFile(absl::Span<const uint8_t> file, const SecretKey& key);

}  // namespace contentgate

#endif  // CONTENTGATE_SIGNING_H_
