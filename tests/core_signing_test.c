/* File: tests/core_signing_test.c
 * Plain C99 tests of cg_verify_signed with stub hooks (no cryptography):
 * the parsing of minisign's texts, canonical base64, the trusted comment's
 * form and its binding to the header, and the order of the checks. Builds
 * for any target (32-bit x86 and big-endian s390x under qemu-user too). */

#include <stdio.h>
#include <string.h>

#include "contentgate/core.h"

/* Stub hooks: the digest is the first byte repeated; a signature verifies
 * when its first byte equals the hook context's `accept` byte. */
typedef struct stub {
  uint8_t accept;
  int calls;
} stub;

static void digest(void* ctx, const uint8_t* data, size_t len, uint8_t out[64]) {
  size_t i;
  (void)ctx;
  for (i = 0; i < 64; ++i) out[i] = len > 0 ? data[0] : 0;
}

static int verify(void* ctx, const uint8_t sig[64], const uint8_t* msg, size_t msg_len,
                  const uint8_t public_key[32]) {
  stub* s = (stub*)ctx;
  (void)msg;
  (void)msg_len;
  (void)public_key;
  ++s->calls;
  return sig[0] == s->accept ? 0 : 1;
}

static int failures = 0;

static void expect(int cond, const char* what, int line) {
  if (!cond) {
    printf("FAIL line %d: %s\n", line, what);
    ++failures;
  }
}
#define EXPECT(c) expect((c), #c, __LINE__)

/* Base64 of 42 bytes "Ed" + key id 1..8 + 32 zero bytes; of 74 bytes "ED" +
 * key id 1..8 + 64 bytes 0x41; of 64 bytes 0x41. Computed once by hand with
 * Python's base64 module. */
static const char kPub[] =
    "untrusted comment: k\n"
    "RWQBAgMEBQYHCAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
static const char kSigHead[] =
    "untrusted comment: s\n"
    "RUQBAgMEBQYHCEFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU"
    "FBQUE=\n"
    "trusted comment: ";
static const char kGlobal[] =
    "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQQ==\n";

static char sig_text[1024];

static const char* signature(const char* comment) {
  sig_text[0] = '\0';
  strcat(sig_text, kSigHead);
  strcat(sig_text, comment);
  strcat(sig_text, "\n");
  strcat(sig_text, kGlobal);
  return sig_text;
}

/* A 64-byte header: channel 291 (0x123), content_version 31. */
static void header(uint8_t* file, uint32_t channel, uint32_t version) {
  memset(file, 0, 64);
  memcpy(file, "CHNL", 4);
  file[8] = (uint8_t)channel;
  file[9] = (uint8_t)(channel >> 8);
  file[12] = (uint8_t)version;
  file[13] = (uint8_t)(version >> 8);
}

static int run(const uint8_t* file, size_t size, const char* sig, const char* pub, uint32_t min,
               uint8_t accept, cg_diag* d) {
  stub s;
  cg_crypto crypto;
  s.accept = accept;
  s.calls = 0;
  crypto.blake2b_512 = digest;
  crypto.ed25519_verify = verify;
  crypto.ctx = &s;
  return cg_verify_signed(file, size, sig, strlen(sig), pub, strlen(pub), min, &crypto, d);
}

int main(void) {
  uint8_t file[64];
  cg_diag d;
  char text[1024];
  const char* good = "contentgate channel=291 content_version=31";

  header(file, 291, 31);
  EXPECT(run(file, 64, signature(good), kPub, 0, 'A', &d) == 0);
  EXPECT(run(file, 64, signature(good), kPub, 31, 'A', &d) == 0);

  /* CG852 and CG853 through the hook (it rejects both here). */
  EXPECT(run(file, 64, signature(good), kPub, 0, 'B', &d) == 852);
  EXPECT(d.offset == CG_NONE && d.values[0] == 1 && d.values[1] == 64);

  /* CG854: other channel, other version, form, short file. */
  header(file, 292, 31);
  EXPECT(run(file, 64, signature(good), kPub, 0, 'A', &d) == 854);
  EXPECT(d.offset == 8 && d.values[0] == 291 && d.values[1] == 292);
  header(file, 291, 300);
  EXPECT(run(file, 64, signature(good), kPub, 0, 'A', &d) == 854);
  EXPECT(d.offset == 12 && d.values[0] == 31 && d.values[1] == 300);
  header(file, 291, 31);
  EXPECT(run(file, 63, signature(good), kPub, 0, 'A', &d) == 854);
  EXPECT(d.offset == 0 && d.values[0] == 64 && d.values[1] == 63);
  EXPECT(run(file, 64, signature("contentgate channel=291 content_version=031"), kPub, 0, 'A',
             &d) == 854);
  EXPECT(d.offset == CG_NONE && d.values[0] == 43 && d.values[1] == 40);
  EXPECT(run(file, 64, signature("contentgate channel=291 content_version=4294967296"), kPub, 0,
             'A', &d) == 854);

  /* CG855: a rollback. */
  EXPECT(run(file, 64, signature(good), kPub, 32, 'A', &d) == 855);
  EXPECT(d.offset == 12 && d.values[0] == 32 && d.values[1] == 31);

  /* CG851: another key id (last id byte 8 -> 9: "CAAA" -> "CQAA"). */
  strcpy(text, kPub);
  text[21 + 13] = 'Q';
  EXPECT(run(file, 64, signature(good), text, 0, 'A', &d) == 851);
  EXPECT(d.values[0] == 0x0807060504030201u && d.values[1] == 0x0907060504030201u);

  /* CG850: not canonical (the '=' group's unused bits), not base64, an
   * unknown algorithm, a missing line, trailing text. */
  strcpy(text, signature(good));
  text[strlen(text) - 4] = 'R'; /* "QQ==" -> "QR==" */
  EXPECT(run(file, 64, text, kPub, 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 2 && d.values[1] == 4 && d.offset == strlen(text) - 4);
  strcpy(text, kPub);
  text[30] = '.';
  EXPECT(run(file, 64, signature(good), text, 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 1 && d.values[1] == 3 && d.offset == 30);
  strcpy(text, kPub);
  text[22] = 'X'; /* "RWQB" -> "RXQB": "Ed" -> "Et" */
  EXPECT(run(file, 64, signature(good), text, 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 1 && d.values[1] == 6);
  EXPECT(run(file, 64, kSigHead, kPub, 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 2 && d.values[1] == 2);
  strcpy(text, kPub);
  strcat(text, "x");
  EXPECT(run(file, 64, signature(good), text, 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 1 && d.values[1] == 8 && d.offset == strlen(kPub));
  EXPECT(run(file, 64, signature(good), "", 0, 'A', &d) == 850);
  EXPECT(d.values[0] == 1 && d.values[1] == 2 && d.offset == 0);
  /* Without hooks nothing verifies. */
  EXPECT(cg_verify_signed(file, 64, signature(good), strlen(sig_text), kPub, strlen(kPub), 0, NULL,
                          &d) == 852);
  /* NULL texts and a NULL error are accepted. */
  EXPECT(cg_verify_signed(file, 64, NULL, 0, NULL, 0, 0, NULL, NULL) == 850);

  if (failures == 0) printf("core_signing_test: all passed\n");
  return failures == 0 ? 0 : 1;
}
