// File: lib/minisign_keys.cc
// Key pairs in minisign's formats: generation, and reading (decrypting) a
// secret key. Secrets live in SecretKey and in zeroed scratch buffers.
//
// A secret key file's base64 line holds 158 bytes: "Ed", the KDF ("Sc", or
// two zero bytes when unencrypted), "B2", a 32-byte salt, the scrypt
// opslimit and memlimit (8 bytes each, little-endian), then 104 bytes: key
// id (8), Ed25519 secret key (64), checksum (32: BLAKE2b-256 of "Ed", key id
// and secret key), XORed when encrypted with as many bytes of
// crypto_pwhash_scryptsalsa208sha256(password, salt, opslimit, memlimit).

#include <sodium.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bytes.h"
#include "contentgate/signing.h"
#include "minisign_format.h"

namespace contentgate {
namespace {

using internal::Load64;
using internal::Store64;
using minisign::kKeyIdSize;
using minisign::kKeyNumSecretSize;
using minisign::kSecretKeyBlobSize;

// Byte offsets in the secret key blob.
constexpr size_t kKdfAlgorithm = 2;
constexpr size_t kChecksumAlgorithm = 4;
constexpr size_t kSalt = 6;
constexpr size_t kOpsLimit = 38;
constexpr size_t kMemLimit = 46;
constexpr size_t kKeyNum = 54;  // key id, secret key, checksum

// minisign's limits for a new encrypted key.
constexpr uint64_t kOpsLimitSensitive = 33554432;
constexpr uint64_t kMemLimitSensitive = 1073741824;

// A buffer of secrets, zeroed when it goes out of scope.
template <size_t N>
struct Secret {
  uint8_t bytes[N];
  Secret() = default;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret() { sodium_memzero(bytes, N); }
};

// BLAKE2b-256 of "Ed", the key id and the secret key.
void Checksum(const uint8_t* key_num, uint8_t out[32]) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>("Ed"), 2);
  crypto_generichash_update(&state, key_num, kKeyIdSize + 64);
  crypto_generichash_final(&state, out, 32);
  sodium_memzero(&state, sizeof state);
}

// XORs the 104 key bytes with the scrypt stream of `password`.
absl::Status Crypt(uint8_t* blob, std::string_view password) {
  Secret<kKeyNumSecretSize> stream;
  if (crypto_pwhash_scryptsalsa208sha256(stream.bytes, sizeof stream.bytes, password.data(),
                                         password.size(), blob + kSalt, Load64(blob + kOpsLimit),
                                         static_cast<size_t>(Load64(blob + kMemLimit))) != 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat("scrypt failed (memlimit ", Load64(blob + kMemLimit), " bytes)"));
  }
  for (size_t i = 0; i < kKeyNumSecretSize; ++i) blob[kKeyNum + i] ^= stream.bytes[i];
  return absl::OkStatus();
}

std::string KeyIdHex(const uint8_t* key_id) { return absl::StrFormat("%016X", Load64(key_id)); }

}  // namespace

SecretKey::SecretKey() {
  sodium_memzero(key_id_, sizeof key_id_);
  sodium_memzero(ed25519_, sizeof ed25519_);
}

SecretKey::~SecretKey() { sodium_memzero(ed25519_, sizeof ed25519_); }

SecretKey::SecretKey(SecretKey&& other) noexcept { *this = std::move(other); }

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    std::memcpy(key_id_, other.key_id_, sizeof key_id_);
    std::memcpy(ed25519_, other.ed25519_, sizeof ed25519_);
    sodium_memzero(other.ed25519_, sizeof other.ed25519_);
  }
  return *this;
}

absl::StatusOr<KeyPairText> GenerateKeyPair(std::optional<std::string_view> password) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialize");
  uint8_t public_blob[minisign::kPublicKeyBlobSize];
  Secret<kSecretKeyBlobSize> secret;
  uint8_t* blob = secret.bytes;
  std::memset(blob, 0, kSecretKeyBlobSize);
  uint8_t* key_num = blob + kKeyNum;
  randombytes_buf(key_num, kKeyIdSize);
  crypto_sign_keypair(public_blob + 2 + kKeyIdSize, key_num + kKeyIdSize);
  Checksum(key_num, key_num + kKeyIdSize + 64);
  public_blob[0] = 'E';
  public_blob[1] = 'd';
  std::memcpy(public_blob + 2, key_num, kKeyIdSize);

  blob[0] = 'E';
  blob[1] = 'd';
  blob[kChecksumAlgorithm] = 'B';
  blob[kChecksumAlgorithm + 1] = '2';
  if (password.has_value()) {
    blob[kKdfAlgorithm] = 'S';
    blob[kKdfAlgorithm + 1] = 'c';
    randombytes_buf(blob + kSalt, 32);
    Store64(blob + kOpsLimit, kOpsLimitSensitive);
    Store64(blob + kMemLimit, kMemLimitSensitive);
    if (absl::Status s = Crypt(blob, *password); !s.ok()) return s;
  }
  const std::string id = KeyIdHex(key_num);
  KeyPairText out;
  out.public_key = absl::StrCat("untrusted comment: contentgate public key ", id, "\n",
                                minisign::Base64(absl::MakeConstSpan(public_blob)), "\n");
  out.secret_key = absl::StrCat(
      "untrusted comment: contentgate ", password.has_value() ? "encrypted " : "", "secret key ",
      id, "\n", minisign::Base64(absl::MakeConstSpan(blob, kSecretKeyBlobSize)), "\n");
  return out;
}

absl::StatusOr<bool> SecretKeyIsEncrypted(std::string_view secret_key_text) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialize");
  Secret<kSecretKeyBlobSize> secret;
  if (absl::Status s =
          minisign::DecodeKeyFile(secret_key_text, "secret key", absl::MakeSpan(secret.bytes));
      !s.ok()) {
    return s;
  }
  return !(secret.bytes[kKdfAlgorithm] == 0 && secret.bytes[kKdfAlgorithm + 1] == 0);
}

absl::StatusOr<SecretKey> LoadSecretKey(std::string_view secret_key_text,
                                        std::string_view password) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialize");
  Secret<kSecretKeyBlobSize> secret;
  uint8_t* blob = secret.bytes;
  if (absl::Status s =
          minisign::DecodeKeyFile(secret_key_text, "secret key", absl::MakeSpan(secret.bytes));
      !s.ok()) {
    return s;
  }
  if (blob[0] != 'E' || blob[1] != 'd') {
    return absl::InvalidArgumentError("secret key: unknown signature algorithm (not 'Ed')");
  }
  if (blob[kChecksumAlgorithm] != 'B' || blob[kChecksumAlgorithm + 1] != '2') {
    return absl::InvalidArgumentError("secret key: unknown checksum algorithm (not 'B2')");
  }
  const bool encrypted = blob[kKdfAlgorithm] == 'S' && blob[kKdfAlgorithm + 1] == 'c';
  if (!encrypted && (blob[kKdfAlgorithm] != 0 || blob[kKdfAlgorithm + 1] != 0)) {
    return absl::InvalidArgumentError("secret key: unknown key derivation (not 'Sc' or none)");
  }
  if (encrypted) {
    if (absl::Status s = Crypt(blob, password); !s.ok()) return s;
  }
  const uint8_t* key_num = blob + kKeyNum;
  uint8_t checksum[32];
  Checksum(key_num, checksum);
  // `minisign -G -W` (0.11) leaves an unencrypted key's checksum zero, and
  // minisign checks it only when decrypting: zero is accepted there too.
  const uint8_t* stored = key_num + kKeyIdSize + 64;
  const bool unchecked = !encrypted && sodium_is_zero(stored, sizeof checksum);
  if (!unchecked && sodium_memcmp(checksum, stored, sizeof checksum) != 0) {
    return absl::PermissionDeniedError(encrypted ? "wrong password for the secret key"
                                                 : "secret key is damaged (checksum mismatch)");
  }
  SecretKey key;
  std::memcpy(key.mutable_key_id(), key_num, kKeyIdSize);
  std::memcpy(key.mutable_ed25519(), key_num + kKeyIdSize, 64);
  return key;
}

}  // namespace contentgate
