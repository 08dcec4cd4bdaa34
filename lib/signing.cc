// File: lib/signing.cc
// VerifySignedContent (the core's cg_verify_signed with libsodium's hooks),
// the messages of CG850-CG855, and SignChannelFile.

#include "contentgate/signing.h"

#include <sodium.h>

#include <cstring>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "minisign_format.h"

namespace contentgate {
namespace {

using internal::Load32;

void Blake2b512Hook(void* /*ctx*/, const uint8_t* data, size_t len, uint8_t out[64]) {
  minisign::Blake2b512(absl::MakeConstSpan(data, len), out);
}

int Ed25519VerifyHook(void* /*ctx*/, const uint8_t sig[64], const uint8_t* msg, size_t msg_len,
                      const uint8_t public_key[32]) {
  return crypto_sign_verify_detached(sig, msg, msg_len, public_key) == 0 ? 0 : 1;
}

const char* TextName(uint64_t part) {
  return part == static_cast<uint64_t>(SignatureText::kPublicKey) ? "public key" : "signature";
}

const char* FormatReason(uint64_t reason) {
  switch (static_cast<SignatureFormatError>(reason)) {
    case SignatureFormatError::kNoUntrustedComment:
      return "its first line is not 'untrusted comment: ...'";
    case SignatureFormatError::kMissingLine:
      return "it ends before a line it needs";
    case SignatureFormatError::kNotBase64:
      return "a line is not base64 (standard alphabet, padded)";
    case SignatureFormatError::kNotCanonical:
      return "base64 is not canonical (unused bits of the last character are not zero)";
    case SignatureFormatError::kWrongLength:
      return "a base64 line decodes to the wrong length (key 42 bytes, signature 74, "
             "comment signature 64)";
    case SignatureFormatError::kUnknownAlgorithm:
      return "unknown algorithm (a key is 'Ed', a signature 'ED' or legacy 'Ed')";
    case SignatureFormatError::kNoTrustedComment:
      return "its third line is not 'trusted comment: ...'";
    case SignatureFormatError::kTrailingText:
      return "text follows its last line";
  }
  return "unknown reason";
}

absl::StatusCode StatusCodeFor(uint16_t code) {
  if (code == 850) return absl::StatusCode::kInvalidArgument;
  if (code == 855) return absl::StatusCode::kFailedPrecondition;
  return absl::StatusCode::kUnauthenticated;
}

}  // namespace

std::string SignatureMessage(const cg_diag& d) {
  switch (d.code) {
    case 850:
      return absl::StrCat(TextName(d.values[0]),
                          " is not in minisign's format: ", FormatReason(d.values[1]), " (byte ",
                          d.offset, " of the ", TextName(d.values[0]), " file)");
    case 851:
      return absl::StrFormat(
          "the signature's key id %016X is not the public key's %016X: another key signed it",
          d.values[0], d.values[1]);
    case 852:
      return absl::StrCat("the file's signature (", d.values[0] != 0 ? "prehashed" : "legacy",
                          ", over ", d.values[1],
                          " bytes) does not verify: the file changed, or another key signed it");
    case 853:
      return "the trusted comment's signature does not verify: the comment was edited";
    case 854:
      switch (d.offset) {
        case 0:
          return absl::StrCat("file is ", d.values[1],
                              " bytes, too short to have the 64-byte header the trusted "
                              "comment binds");
        case 8:
          return absl::StrCat("trusted comment names channel ", d.values[0],
                              ", the file's header channel ", d.values[1],
                              ": the signature belongs to another file");
        case 12:
          return absl::StrCat("trusted comment names content_version ", d.values[0],
                              ", the file's header content_version ", d.values[1],
                              ": the signature belongs to another file");
        default:
          return absl::StrCat("trusted comment (", d.values[0],
                              " bytes) is not contentgate's form 'contentgate channel=N "
                              "content_version=M': it departs from it at byte ",
                              d.values[1]);
      }
    case 855:
      return absl::StrCat("content_version ", d.values[1], " is lower than the minimum ",
                          d.values[0], " accepted: a rollback");
    default:
      return absl::StrCat("signature check failed with code ", d.code);
  }
}

void AddSignatureDiagnostic(const cg_diag& d, Report* report) {
  Diagnostic* diagnostic = report->Add(static_cast<Code>(d.code));
  if (diagnostic == nullptr) return;
  diagnostic->set_message(SignatureMessage(d));
  if ((d.code == 854 || d.code == 855) && d.offset != CG_NONE) diagnostic->set_offset(d.offset);
}

absl::Status VerifySignedContent(absl::Span<const uint8_t> bytes, std::string_view signature_text,
                                 std::string_view public_key_text, const VerifyOptions& options,
                                 cg_diag* detail) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialize");
  const cg_crypto crypto = {Blake2b512Hook, Ed25519VerifyHook, nullptr};
  cg_diag diag;
  if (options.max_file_size != 0 && bytes.size() > options.max_file_size) {
    std::memset(&diag, 0, sizeof diag);
    diag.code = static_cast<uint16_t>(Code::kFileTooLarge);
    diag.offset = static_cast<uint32_t>(CG_HEADER_FILE_SIZE);
    diag.values[0] = options.max_file_size;
    diag.values[1] = bytes.size();
    if (detail != nullptr) *detail = diag;
    absl::Status status(absl::StatusCode::kFailedPrecondition,
                        absl::StrCat("CG106: file is ", bytes.size(),
                                     " bytes, larger than the channel's max_file_size ",
                                     options.max_file_size, ": refused unread"));
    return WithCode(std::move(status), Code::kFileTooLarge);
  }
  const int code = cg_verify_signed(
      bytes.data(), bytes.size(), signature_text.data(), signature_text.size(),
      public_key_text.data(), public_key_text.size(), options.min_content_version, &crypto, &diag);
  if (code == 0) return absl::OkStatus();
  if (detail != nullptr) *detail = diag;
  absl::Status status(StatusCodeFor(diag.code),
                      absl::StrCat("CG", diag.code, ": ", SignatureMessage(diag)));
  return WithCode(std::move(status), static_cast<Code>(diag.code));
}

absl::StatusOr<std::string> SignChannelFile(absl::Span<const uint8_t> file, const SecretKey& key) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialize");
  if (file.size() < kHeaderSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file is ", file.size(), " bytes, too short to have the 64-byte header a signature binds"));
  }
  const std::string comment =
      absl::StrCat("contentgate channel=", Load32(file.data() + CG_HEADER_CHANNEL_ID),
                   " content_version=", Load32(file.data() + CG_HEADER_CONTENT_VERSION));
  uint8_t digest[64];
  minisign::Blake2b512(file, digest);

  // "ED", key id, signature of the digest; then the comment's signature
  // over that signature and the comment.
  uint8_t blob[minisign::kSignatureBlobSize];
  blob[0] = 'E';
  blob[1] = 'D';
  std::memcpy(blob + 2, key.key_id(), minisign::kKeyIdSize);
  uint8_t* file_signature = blob + 2 + minisign::kKeyIdSize;
  crypto_sign_detached(file_signature, nullptr, digest, sizeof digest, key.ed25519());
  std::string global_message(reinterpret_cast<const char*>(file_signature), 64);
  global_message += comment;
  uint8_t global_signature[64];
  crypto_sign_detached(global_signature, nullptr,
                       reinterpret_cast<const uint8_t*>(global_message.data()),
                       global_message.size(), key.ed25519());

  return absl::StrCat("untrusted comment: signature from contentgate secret key\n",
                      minisign::Base64(absl::MakeConstSpan(blob)), "\ntrusted comment: ", comment,
                      "\n", minisign::Base64(absl::MakeConstSpan(global_signature)), "\n");
}

}  // namespace contentgate
