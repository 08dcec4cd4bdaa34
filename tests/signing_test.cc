// File: tests/signing_test.cc
// VerifySignedContent (the core's CG850-CG855 with libsodium) against every
// single-bit flip of the signed parts, each expected code computed by a
// reference model written here; the publisher's keys and signatures; and
// verification without allocation.

#include "contentgate/signing.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "test_support.h"

namespace contentgate {
namespace {

// A key made here with libsodium, independently of the library.
struct TestKey {
  uint8_t id[8];
  uint8_t pk[32];
  uint8_t sk[64];
};

TestKey MakeKey(uint8_t id_byte) {
  EXPECT_GE(sodium_init(), 0);
  TestKey key;
  std::memset(key.id, id_byte, sizeof key.id);
  crypto_sign_keypair(key.pk, key.sk);
  return key;
}

std::string B64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const uint8_t*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

std::string Raw(const uint8_t* p, size_t n) {
  return std::string(reinterpret_cast<const char*>(p), n);
}

std::string PublicKeyText(const TestKey& key, const std::string& alg = "Ed") {
  return absl::StrCat("untrusted comment: test key\n", B64(alg + Raw(key.id, 8) + Raw(key.pk, 32)),
                      "\n");
}

std::string Sign(const TestKey& key, const std::string& message) {
  uint8_t sig[64];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const uint8_t*>(message.data()),
                       message.size(), key.sk);
  return Raw(sig, 64);
}

std::string Blake2b(const std::string& bytes) {
  uint8_t out[64];
  crypto_generichash(out, 64, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), nullptr,
                     0);
  return Raw(out, 64);
}

// A minisign signature text made with libsodium: prehashed ("ED") or legacy.
std::string SignatureFor(const TestKey& key, const std::string& file, const std::string& comment,
                         bool prehashed = true) {
  const std::string file_sig = Sign(key, prehashed ? Blake2b(file) : file);
  return absl::StrCat("untrusted comment: anything\n",
                      B64(std::string(prehashed ? "ED" : "Ed") + Raw(key.id, 8) + file_sig),
                      "\ntrusted comment: ", comment, "\n", B64(Sign(key, file_sig + comment)),
                      "\n");
}

std::string CommentFor(uint32_t channel, uint32_t version) {
  return absl::StrCat("contentgate channel=", channel, " content_version=", version);
}

std::string ExampleFile() { return test::Encode(test::BaseContent()); }

// The code number of a failed status (0 when OK, -1 without a code).
int CodeOf(const absl::Status& status) {
  if (status.ok()) return 0;
  const std::optional<Code> code = contentgate::CodeOf(status);
  return code.has_value() ? static_cast<int>(*code) : -1;
}

// ---- the reference model -----------------------------------------------------

// Strict base64 (standard alphabet, padded, canonical), written plainly.
std::optional<std::string> RefBase64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t g = 0; g < text.size(); g += 4) {
    const bool last = g + 4 == text.size();
    uint32_t v[4];
    int pad = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text[g + i];
      if (c == '=' && last && i >= 2 && (i == 3 || text[g + 3] == '=')) {
        v[i] = 0;
        ++pad;
        continue;
      }
      const size_t at = kAlphabet.find(c);
      if (at == std::string::npos || c == '\0' || pad > 0) return std::nullopt;
      v[i] = static_cast<uint32_t>(at);
    }
    const uint32_t n = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>(n >> 8));
    if (pad < 1) out.push_back(static_cast<char>(n));
    if ((pad == 1 && (n & 0xFF) != 0) || (pad == 2 && (n & 0xFFFF) != 0)) return std::nullopt;
  }
  return out;
}

// The lines of a text: split at '\n', a '\r' before a '\n' dropped, and
// the empty piece after a final '\n' dropped.
std::vector<std::string> RefLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

uint32_t Le32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(s[at + static_cast<size_t>(i)]);
  return v;
}

// The code signing.md's checks give, computed without the core.
int ReferenceCode(const std::string& file, const std::string& sig_text, const std::string& pub_text,
                  uint32_t min_version) {
  const std::vector<std::string> pub = RefLines(pub_text);
  if (pub.size() != 2 || !StartsWith(pub[0], "untrusted comment: ")) return 850;
  const std::optional<std::string> key = RefBase64(pub[1]);
  if (!key || key->size() != 42 || key->substr(0, 2) != "Ed") return 850;
  const std::vector<std::string> sig = RefLines(sig_text);
  if (sig.size() != 4 || !StartsWith(sig[0], "untrusted comment: ")) return 850;
  const std::optional<std::string> blob = RefBase64(sig[1]);
  if (!blob || blob->size() != 74 || (blob->substr(0, 2) != "ED" && blob->substr(0, 2) != "Ed")) {
    return 850;
  }
  if (!StartsWith(sig[2], "trusted comment: ")) return 850;
  const std::string comment = sig[2].substr(17);
  const std::optional<std::string> global = RefBase64(sig[3]);
  if (!global || global->size() != 64) return 850;
  if (blob->substr(2, 8) != key->substr(2, 8)) return 851;
  const auto verify = [&](const std::string& s, const std::string& m) {
    return crypto_sign_verify_detached(reinterpret_cast<const uint8_t*>(s.data()),
                                       reinterpret_cast<const uint8_t*>(m.data()), m.size(),
                                       reinterpret_cast<const uint8_t*>(key->data() + 10)) == 0;
  };
  const std::string file_sig = blob->substr(10);
  if (!verify(file_sig, (*blob)[1] == 'D' ? Blake2b(file) : file)) return 852;
  if (comment.size() <= 64 && !verify(*global, file_sig + comment)) return 853;
  if (file.size() < 64) return 854;
  if (comment != CommentFor(Le32(file, 8), Le32(file, 12))) return 854;
  if (Le32(file, 12) < min_version) return 855;
  return 0;
}

// ---- verification --------------------------------------------------------------

class SigningTest : public ::testing::Test {
 protected:
  const TestKey key_ = MakeKey(0x11);
  const std::string file_ = ExampleFile();
  const std::string comment_ = CommentFor(291, Le32(file_, 12));
  const std::string pub_ = PublicKeyText(key_);
  const std::string sig_ = SignatureFor(key_, file_, comment_);

  int Verify(const std::string& file, const std::string& sig, const std::string& pub,
             uint32_t min_version = 0, cg_diag* diag = nullptr) {
    VerifyOptions options;
    options.min_content_version = min_version;
    return CodeOf(VerifySignedContent(AsBytes(file), sig, pub, options, diag));
  }
};

TEST_F(SigningTest, PrehashedAndLegacyVerifyAndTheModelAgrees) {
  EXPECT_EQ(Verify(file_, sig_, pub_), 0);
  EXPECT_EQ(ReferenceCode(file_, sig_, pub_, 0), 0);
  EXPECT_EQ(Verify(file_, SignatureFor(key_, file_, comment_, false), pub_), 0);
}

TEST_F(SigningTest, VerifyingAllocatesNothing) {
  const absl::Span<const uint8_t> bytes = AsBytes(file_);
  bool ok = false;
  EXPECT_EQ(test::CountAllocations([&] { ok = VerifySignedContent(bytes, sig_, pub_).ok(); }), 0u);
  EXPECT_TRUE(ok);
}

TEST_F(SigningTest, EveryBitFlipOfTheFileIsCG852) {
  for (size_t i = 0; i < file_.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string file = file_;
      file[i] = static_cast<char>(file[i] ^ (1 << bit));
      ASSERT_EQ(Verify(file, sig_, pub_), 852) << "byte " << i << " bit " << bit;
    }
  }
}

// Flips every bit of sig_[begin, end) and expects the model's code, which
// is never 0 and must be `only` when given.
void FlipAll(const std::string& file, const std::string& sig, const std::string& pub, size_t begin,
             size_t end, int only, int* flips, std::vector<int>* seen) {
  for (size_t i = begin; i < end; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = sig;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      const int expected = ReferenceCode(file, flipped, pub, 0);
      ASSERT_NE(expected, 0);
      if (only != 0) {
        ASSERT_EQ(expected, only) << "byte " << i << " bit " << bit;
      }
      VerifyOptions options;
      const int got = CodeOf(VerifySignedContent(AsBytes(file), flipped, pub, options));
      ASSERT_EQ(got, expected) << "byte " << i << " bit " << bit << ": " << flipped;
      ++*flips;
      seen->push_back(got);
    }
  }
}

size_t LineStart(const std::string& text, int line) {
  size_t at = 0;
  for (int i = 0; i < line; ++i) at = text.find('\n', at) + 1;
  return at;
}

TEST_F(SigningTest, EveryBitFlipOfTheSignatureLinesIsTheFirstCheckItBreaks) {
  for (const bool prehashed : {true, false}) {
    const std::string sig = SignatureFor(key_, file_, comment_, prehashed);
    int flips = 0;
    std::vector<int> seen;
    // The signature line's base64: CG850 (not canonical base64, wrong length,
    // unknown algorithm), CG851 (key id) or CG852 (the signature itself).
    FlipAll(file_, sig, pub_, LineStart(sig, 1), LineStart(sig, 2) - 1, 0, &flips, &seen);
    // The trusted comment's text: CG853 (no flip there makes a line break).
    const size_t text = LineStart(sig, 2) + std::strlen("trusted comment: ");
    FlipAll(file_, sig, pub_, text, LineStart(sig, 3) - 1, 853, &flips, &seen);
    // The comment's signature: CG850 or CG853.
    FlipAll(file_, sig, pub_, LineStart(sig, 3), sig.size() - 1, 0, &flips, &seen);
    for (int code : {850, 851, 852, 853}) {
      EXPECT_NE(std::count(seen.begin(), seen.end(), code), 0) << code;
    }
    EXPECT_EQ(flips, 8 * (100 + static_cast<int>(comment_.size()) + 88));
  }
}

TEST_F(SigningTest, TruncatedAndExtendedFilesAreCG852) {
  for (const size_t size : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, file_.size() - 1}) {
    EXPECT_EQ(Verify(file_.substr(0, size), sig_, pub_), 852) << size;
  }
  EXPECT_EQ(Verify(file_ + '\0', sig_, pub_), 852);
  EXPECT_EQ(Verify(file_ + file_, sig_, pub_), 852);
}

TEST_F(SigningTest, AnotherKeyIdIsCG851AndAnotherKeyWithTheSameIdIsCG852) {
  const TestKey other = MakeKey(0x22);
  cg_diag diag;
  EXPECT_EQ(Verify(file_, SignatureFor(other, file_, comment_), pub_, 0, &diag), 851);
  EXPECT_EQ(diag.offset, CG_NONE);
  EXPECT_EQ(diag.values[0], 0x2222222222222222u);
  EXPECT_EQ(diag.values[1], 0x1111111111111111u);
  TestKey impostor = MakeKey(0x11);  // the same key id, another key
  EXPECT_EQ(Verify(file_, SignatureFor(impostor, file_, comment_), pub_), 852);
}

TEST_F(SigningTest, ACommentForAnotherChannelOrVersionIsCG854AtItsHeaderField) {
  cg_diag diag;
  EXPECT_EQ(
      Verify(file_, SignatureFor(key_, file_, CommentFor(292, Le32(file_, 12))), pub_, 0, &diag),
      854);
  EXPECT_EQ(diag.offset, 8u);
  EXPECT_EQ(diag.values[0], 292u);
  EXPECT_EQ(diag.values[1], 291u);
  EXPECT_EQ(Verify(file_, SignatureFor(key_, file_, CommentFor(291, Le32(file_, 12) + 1)), pub_, 0,
                   &diag),
            854);
  EXPECT_EQ(diag.offset, 12u);

  // The signature of one release moved onto another.
  std::string next = file_;
  test::PatchLE32(&next, CG_HEADER_CONTENT_VERSION, Le32(file_, 12) + 1);
  const std::string next_sig = SignatureFor(key_, next, CommentFor(291, Le32(next, 12)));
  EXPECT_EQ(Verify(next, next_sig, pub_), 0);
  EXPECT_EQ(Verify(file_, next_sig, pub_), 852);
}

TEST_F(SigningTest, ACommentNotInContentgatesFormIsCG854WithoutOffset) {
  const std::string v = std::to_string(Le32(file_, 12));
  for (const std::string& comment :
       std::vector<std::string>{std::string("timestamp:1700000000\tfile:good.bin\thashed"),
                                "contentgate channel=0291 content_version=" + v,
                                "contentgate channel=291 content_version=" + v + " ",
                                " contentgate channel=291 content_version=" + v,
                                "contentgate  channel=291 content_version=" + v,
                                "contentgate channel=291 content_version=4294967296",
                                std::string(""), std::string(200, 'x')}) {
    cg_diag diag;
    EXPECT_EQ(Verify(file_, SignatureFor(key_, file_, comment), pub_, 0, &diag), 854) << comment;
    EXPECT_EQ(diag.offset, CG_NONE) << comment;
    EXPECT_EQ(diag.values[0], comment.size());
  }
}

TEST_F(SigningTest, AFileShorterThanTheHeaderIsCG854AtOffset0) {
  const std::string short_file = file_.substr(0, 40);
  cg_diag diag;
  EXPECT_EQ(Verify(short_file, SignatureFor(key_, short_file, comment_), pub_, 0, &diag), 854);
  EXPECT_EQ(diag.offset, 0u);
  EXPECT_EQ(diag.values[1], 40u);
}

TEST_F(SigningTest, ARollbackBelowTheMinimumIsCG855AtOffset12) {
  const uint32_t version = Le32(file_, 12);
  EXPECT_EQ(Verify(file_, sig_, pub_, version), 0);
  cg_diag diag;
  EXPECT_EQ(Verify(file_, sig_, pub_, version + 1, &diag), 855);
  EXPECT_EQ(diag.offset, 12u);
  EXPECT_EQ(diag.values[0], version + 1);
  EXPECT_EQ(diag.values[1], version);
  Report report;
  AddSignatureDiagnostic(diag, &report);
  ASSERT_EQ(report.diagnostics().size(), 1u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kRollback);
  EXPECT_EQ(report.diagnostics()[0].offset(), 12u);
}

// CG850 with the text at fault, the reason and the byte it names.
void ExpectFormat(const std::string& file, const std::string& sig, const std::string& pub,
                  SignatureText part, SignatureFormatError reason, size_t at) {
  cg_diag diag;
  VerifyOptions options;
  EXPECT_EQ(CodeOf(VerifySignedContent(AsBytes(file), sig, pub, options, &diag)), 850);
  EXPECT_EQ(diag.values[0], static_cast<uint64_t>(part));
  EXPECT_EQ(diag.values[1], static_cast<uint64_t>(reason));
  EXPECT_EQ(diag.offset, at);
  EXPECT_EQ(ReferenceCode(file, sig, pub, 0), 850);
}

TEST_F(SigningTest, PublicKeysNotInMinisignsFormAreCG850) {
  using E = SignatureFormatError;
  const SignatureText k = SignatureText::kPublicKey;
  const size_t line2 = LineStart(pub_, 1);
  ExpectFormat(file_, sig_, "", k, E::kMissingLine, 0);
  ExpectFormat(file_, sig_, "comment: x\n" + pub_.substr(line2), k, E::kNoUntrustedComment, 0);
  ExpectFormat(file_, sig_, pub_.substr(0, line2), k, E::kMissingLine, line2);
  std::string bad = pub_;
  bad[line2 + 5] = '*';
  ExpectFormat(file_, sig_, bad, k, E::kNotBase64, line2 + 5);
  ExpectFormat(file_, sig_, pub_.substr(0, pub_.size() - 4) + "\n", k, E::kNotBase64,
               pub_.size() - 4);
  const TestKey key = key_;
  ExpectFormat(file_, sig_,
               "untrusted comment: x\n" + B64("Ed" + Raw(key.id, 8) + Raw(key.pk, 32) + "x") + "\n",
               k, E::kWrongLength, 21);
  ExpectFormat(file_, sig_, PublicKeyText(key_, "ED"), k, E::kUnknownAlgorithm, line2);
  ExpectFormat(file_, sig_, pub_ + "\n", k, E::kTrailingText, pub_.size());
  // A secret key is not a public key.
  ExpectFormat(file_, sig_, "untrusted comment: x\n" + B64(std::string(158, 'E')) + "\n", k,
               E::kWrongLength, 21);
}

TEST_F(SigningTest, SignaturesNotInMinisignsFormAreCG850) {
  using E = SignatureFormatError;
  const SignatureText s = SignatureText::kSignature;
  const size_t line2 = LineStart(sig_, 1), line3 = LineStart(sig_, 2), line4 = LineStart(sig_, 3);
  ExpectFormat(file_, "", pub_, s, E::kMissingLine, 0);
  ExpectFormat(file_, sig_.substr(0, line3), pub_, s, E::kMissingLine, line3);
  ExpectFormat(file_, sig_.substr(0, line4), pub_, s, E::kMissingLine, line4);
  std::string bad = sig_;
  bad[line3] = 'T';
  ExpectFormat(file_, bad, pub_, s, E::kNoTrustedComment, line3);
  bad = sig_;
  bad[line2 + 10] = '-';  // base64url is not the standard alphabet
  ExpectFormat(file_, bad, pub_, s, E::kNotBase64, line2 + 10);
  // The comment signature's last character before "==" keeps 4 unused bits.
  bad = sig_;
  const size_t last = sig_.size() - 4;
  ASSERT_EQ(sig_.substr(last + 1), "==\n");
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  bad[last] = alphabet[alphabet.find(sig_[last]) + 1];
  ExpectFormat(file_, bad, pub_, s, E::kNotCanonical, last);
  ExpectFormat(file_, sig_ + "x", pub_, s, E::kTrailingText, sig_.size());
  const std::string blob = *RefBase64(sig_.substr(line2, line3 - line2 - 1));
  for (const std::string& head : {std::string("Ex"), std::string("ed"), std::string("\0\0", 2)}) {
    const std::string moved =
        sig_.substr(0, line2) + B64(head + blob.substr(2)) + sig_.substr(line3 - 1);
    ExpectFormat(file_, moved, pub_, s, E::kUnknownAlgorithm, line2);
  }
  const std::string longer = sig_.substr(0, line2) + B64(blob + "xyz") + sig_.substr(line3 - 1);
  ExpectFormat(file_, longer, pub_, s, E::kWrongLength, line2);
  // CRLF line ends are accepted.
  std::string crlf;
  for (char c : sig_) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(Verify(file_, crlf, pub_), 0);
}

TEST_F(SigningTest, ContentOverMaxFileSizeIsCG106WithoutBeingRead) {
  // 2 GiB that cannot be read at all: any access would fault.
  const size_t size = size_t{2} << 30;
  void* map = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  VerifyOptions options;
  options.max_file_size = test::ExampleSchema().channel().max_file_size;
  cg_diag diag;
  const absl::Status status = VerifySignedContent(
      absl::MakeConstSpan(static_cast<const uint8_t*>(map), size), sig_, pub_, options, &diag);
  munmap(map, size);
  EXPECT_EQ(CodeOf(status), 106);
  EXPECT_EQ(diag.offset, 16u);
  EXPECT_EQ(diag.values[1], size);
  options.max_file_size = file_.size();
  EXPECT_EQ(CodeOf(VerifySignedContent(AsBytes(file_), sig_, pub_, options)), 0);
}

TEST_F(SigningTest, StatusNamesTheCodeInItsMessageAndPayload) {
  const absl::Status status =
      VerifySignedContent(AsBytes(file_), sig_, pub_, {Le32(file_, 12) + 1});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(contentgate::CodeOf(status), Code::kRollback);
  EXPECT_NE(status.message().find("CG855"), std::string::npos);
}

// ---- the publisher's side -------------------------------------------------------

TEST(SigningKeysTest, GeneratedKeysSignWhatVerifies) {
  absl::StatusOr<KeyPairText> pair = GenerateKeyPair(std::nullopt);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_FALSE(*SecretKeyIsEncrypted(pair->secret_key));
  absl::StatusOr<SecretKey> key = LoadSecretKey(pair->secret_key, "");
  ASSERT_TRUE(key.ok()) << key.status();
  const std::string file = ExampleFile();
  absl::StatusOr<std::string> sig = SignChannelFile(AsBytes(file), *key);
  ASSERT_TRUE(sig.ok()) << sig.status();
  EXPECT_NE(sig->find("\ntrusted comment: contentgate channel=291 content_version="),
            std::string::npos);
  EXPECT_TRUE(VerifySignedContent(AsBytes(file), *sig, pair->public_key).ok());
  EXPECT_EQ(ReferenceCode(file, *sig, pair->public_key, 0), 0);
  EXPECT_FALSE(SignChannelFile(AsBytes(file.substr(0, 63)), *key).ok());
}

TEST(SigningKeysTest, EncryptedKeysNeedTheirPassword) {
  absl::StatusOr<KeyPairText> pair = GenerateKeyPair(std::string_view("correct horse"));
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_TRUE(*SecretKeyIsEncrypted(pair->secret_key));
  absl::StatusOr<SecretKey> wrong = LoadSecretKey(pair->secret_key, "battery staple");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kPermissionDenied);
  absl::StatusOr<SecretKey> key = LoadSecretKey(pair->secret_key, "correct horse");
  ASSERT_TRUE(key.ok()) << key.status();
  const std::string file = ExampleFile();
  EXPECT_TRUE(
      VerifySignedContent(AsBytes(file), *SignChannelFile(AsBytes(file), *key), pair->public_key)
          .ok());
}

TEST(SigningKeysTest, SecretKeysNotInMinisignsFormAreErrors) {
  EXPECT_FALSE(SecretKeyIsEncrypted("").ok());
  EXPECT_FALSE(LoadSecretKey("untrusted comment: x\nRWQ=\n", "").ok());
  absl::StatusOr<KeyPairText> pair = GenerateKeyPair(std::nullopt);
  ASSERT_TRUE(pair.ok());
  EXPECT_FALSE(LoadSecretKey(pair->public_key, "").ok());
}

}  // namespace
}  // namespace contentgate
