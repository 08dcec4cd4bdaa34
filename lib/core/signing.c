/* File: lib/core/signing.c
 * cg_verify_signed: minisign's public key and signature texts parsed and the
 * checks CG850-CG855 of signing.md run in order, with the platform's
 * BLAKE2b-512 and Ed25519 passed in as hooks. Freestanding C99 (core.h). */

#include "contentgate/core.h"

/* What a CG850 diagnostic's values[0] names: the text at fault. Its offset
 * is the byte offset of the fault in that text. Mirrored in signing.h. */
enum { CG_SIG_PART_PUBLIC_KEY = 1, CG_SIG_PART_SIGNATURE = 2 };

/* Why a text is not in minisign's format: a CG850 diagnostic's values[1].
 * Mirrored in signing.h. */
enum {
  CG_SIG_NO_UNTRUSTED_COMMENT = 1, /* first line is not "untrusted comment: ..." */
  CG_SIG_MISSING_LINE = 2,         /* the text ends before a line it needs */
  CG_SIG_NOT_BASE64 = 3,           /* a character or the padding is not base64's */
  CG_SIG_NOT_CANONICAL = 4,        /* unused bits of the last character are not zero */
  CG_SIG_WRONG_LENGTH = 5,         /* decodes to the wrong number of bytes */
  CG_SIG_UNKNOWN_ALGORITHM = 6,    /* not "Ed" (key), not "Ed" or "ED" (signature) */
  CG_SIG_NO_TRUSTED_COMMENT = 7,   /* third line is not "trusted comment: ..." */
  CG_SIG_TRAILING_TEXT = 8         /* anything after the last line's newline */
};

/* Sizes of minisign's binary parts. */
enum {
  CG_KEY_ID_BYTES = 8,
  CG_PUBLIC_KEY_BLOB = 42, /* "Ed", key id, Ed25519 public key */
  CG_SIGNATURE_BLOB = 74,  /* "ED"/"Ed", key id, Ed25519 signature */
  CG_ED25519_SIG = 64,
  CG_HEADER_BYTES = 64,
  /* The longest trusted comment verified (at least the 64 bytes of a
   * digest): contentgate's form is at most 57 bytes, a longer comment cannot
   * be it (CG854), and the message CG853 verifies stays small on the stack. */
  CG_MAX_TRUSTED_COMMENT = 64
};

/* One line of a text: [begin, end) without its "\n" and a "\r" before it. */
typedef struct cg_line {
  size_t begin, end;
  size_t next; /* where the next line starts */
  int present;
} cg_line;

static void cg_next_line(const char* text, size_t len, size_t from, cg_line* line) {
  size_t i = from;
  line->present = from < len;
  line->begin = from;
  while (i < len && text[i] != '\n') ++i;
  line->next = i < len ? i + 1 : i;
  if (i > from && text[i - 1] == '\r' && i < len) --i;
  line->end = i;
}

static int cg_has_prefix(const char* text, const cg_line* line, const char* prefix) {
  size_t i = 0;
  while (prefix[i] != '\0') {
    if (line->begin + i >= line->end || text[line->begin + i] != prefix[i]) return 0;
    ++i;
  }
  return 1;
}

static size_t cg_prefix_length(const char* prefix) {
  size_t n = 0;
  while (prefix[n] != '\0') ++n;
  return n;
}

/* The 6-bit value of a base64 character (standard alphabet), or -1. */
static int cg_b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* Decodes text[begin, end) as canonical padded base64 into exactly `want`
 * bytes of `out`. Returns 0, or a CG_SIG_* reason with *at the offset of the
 * fault. */
static int cg_b64_decode(const char* text, size_t begin, size_t end, uint8_t* out, size_t want,
                         size_t* at) {
  const size_t n = end - begin;
  size_t pad = 0, i, o = 0;
  uint32_t acc = 0;
  unsigned bits = 0;
  *at = begin;
  if (n == 0 || n % 4 != 0) {
    *at = end;
    return CG_SIG_NOT_BASE64;
  }
  if (text[end - 1] == '=') pad = text[end - 2] == '=' ? 2 : 1;
  for (i = 0; i < n - pad; ++i) {
    const int v = cg_b64_value(text[begin + i]);
    if (v < 0) {
      *at = begin + i;
      return CG_SIG_NOT_BASE64;
    }
  }
  if ((n / 4) * 3 - pad != want) {
    *at = begin;
    return CG_SIG_WRONG_LENGTH;
  }
  for (i = 0; i < n - pad; ++i) {
    acc = (acc << 6) | (uint32_t)cg_b64_value(text[begin + i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (uint8_t)(acc >> bits);
      acc &= (1u << bits) - 1u;
    }
  }
  if (acc != 0) {
    *at = end - pad - 1;
    return CG_SIG_NOT_CANONICAL;
  }
  return 0;
}

static uint32_t cg_le32(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t cg_le64(const uint8_t* p) {
  return (uint64_t)cg_le32(p) | ((uint64_t)cg_le32(p + 4) << 32);
}

static int cg_fail(cg_diag* error, int code, uint32_t offset, uint64_t value0, uint64_t value1) {
  if (error != NULL) {
    error->code = (uint16_t)code;
    error->severity = (uint8_t)CG_ERROR;
    error->offset = offset;
    error->instance = CG_NONE;
    error->instance_id = 0;
    error->criterion = CG_NONE;
    error->sensor = CG_NONE;
    error->values[0] = value0;
    error->values[1] = value1;
  }
  return code;
}

static uint32_t cg_offset32(size_t offset) {
  return offset >= CG_NONE ? CG_NONE - 1u : (uint32_t)offset;
}

/* A CG850 on `part`: the reason and the offset of the fault in its text. */
static int cg_format_error(cg_diag* error, int part, int reason, size_t at) {
  return cg_fail(error, 850, cg_offset32(at), (uint64_t)part, (uint64_t)reason);
}

/* Finds "untrusted comment: ...\n" then the next line at text[from..]:
 * returns 0 with *data that line, or a reason with *at the fault's offset. */
static int cg_comment_then_line(const char* text, size_t len, size_t from, cg_line* data,
                                size_t* at) {
  cg_next_line(text, len, from, data);
  *at = from;
  if (!data->present) return CG_SIG_MISSING_LINE;
  if (!cg_has_prefix(text, data, "untrusted comment: ")) return CG_SIG_NO_UNTRUSTED_COMMENT;
  cg_next_line(text, len, data->next, data);
  *at = data->begin;
  return data->present ? 0 : CG_SIG_MISSING_LINE;
}

/* Parses a decimal uint32 without leading zeros at t[*i..end); 0 on
 * success, else -1 with *i left at the number's start. */
static int cg_parse_u32(const uint8_t* t, size_t* i, size_t end, uint32_t* value) {
  uint64_t v = 0;
  const size_t start = *i;
  while (*i < end && t[*i] >= '0' && t[*i] <= '9') {
    v = v * 10u + (uint64_t)(t[*i] - '0');
    if (v > 0xFFFFFFFFu) {
      *i = start;
      return -1;
    }
    ++*i;
  }
  if (*i == start || (t[start] == '0' && *i - start > 1)) {
    *i = start;
    return -1;
  }
  *value = (uint32_t)v;
  return 0;
}

/* Matches `literal` at t[*i..end); 0 on success. */
static int cg_expect(const uint8_t* t, size_t* i, size_t end, const char* literal) {
  size_t k = 0;
  while (literal[k] != '\0') {
    if (*i >= end || t[*i] != (uint8_t)literal[k]) return -1;
    ++*i;
    ++k;
  }
  return 0;
}

/* Parses "contentgate channel=N content_version=M"; 0 on success, else -1
 * with *at the index where the text departs from the form. */
static int cg_parse_comment(const uint8_t* t, size_t len, uint32_t* channel, uint32_t* version,
                            size_t* at) {
  size_t i = 0;
  if (cg_expect(t, &i, len, "contentgate channel=") != 0 ||
      cg_parse_u32(t, &i, len, channel) != 0 || cg_expect(t, &i, len, " content_version=") != 0 ||
      cg_parse_u32(t, &i, len, version) != 0 || i != len) {
    *at = i;
    return -1;
  }
  return 0;
}

int cg_verify_signed(const uint8_t* data, size_t size, const char* signature, size_t signature_len,
                     const char* public_key, size_t public_key_len, uint32_t min_content_version,
                     const cg_crypto* crypto, cg_diag* error) {
  uint8_t key[CG_PUBLIC_KEY_BLOB];
  /* The signature line's algorithm, key id and file signature, then the
   * file's digest or the trusted comment: from byte 10 on, the message the
   * comment's signature covers. */
  uint8_t sig[CG_SIGNATURE_BLOB + CG_MAX_TRUSTED_COMMENT];
  uint8_t global_sig[CG_ED25519_SIG]; /* the trusted comment's signature */
  size_t at = 0, comment_len, k;
  uint32_t channel = 0, version = 0, file_channel, file_version;
  cg_line line;
  int reason, prehashed;
  const uint8_t* comment;

  if (data == NULL && size != 0) size = 0;
  /* CG850: the public key, then the signature, in minisign's format. */
  if (public_key == NULL) public_key_len = 0;
  if (signature == NULL) signature_len = 0;
  reason = cg_comment_then_line(public_key, public_key_len, 0, &line, &at);
  if (reason == 0) {
    reason = cg_b64_decode(public_key, line.begin, line.end, key, CG_PUBLIC_KEY_BLOB, &at);
  }
  if (reason == 0 && !(key[0] == 'E' && key[1] == 'd')) reason = CG_SIG_UNKNOWN_ALGORITHM;
  if (reason == 0 && line.next < public_key_len) {
    reason = CG_SIG_TRAILING_TEXT;
    at = line.next;
  }
  if (reason != 0) return cg_format_error(error, CG_SIG_PART_PUBLIC_KEY, reason, at);

  reason = cg_comment_then_line(signature, signature_len, 0, &line, &at);
  if (reason == 0) {
    reason = cg_b64_decode(signature, line.begin, line.end, sig, CG_SIGNATURE_BLOB, &at);
  }
  if (reason == 0 && !(sig[0] == 'E' && (sig[1] == 'D' || sig[1] == 'd'))) {
    reason = CG_SIG_UNKNOWN_ALGORITHM;
  }
  if (reason != 0) return cg_format_error(error, CG_SIG_PART_SIGNATURE, reason, at);
  cg_next_line(signature, signature_len, line.next, &line);
  if (!line.present) {
    return cg_format_error(error, CG_SIG_PART_SIGNATURE, CG_SIG_MISSING_LINE, line.begin);
  }
  if (!cg_has_prefix(signature, &line, "trusted comment: ")) {
    return cg_format_error(error, CG_SIG_PART_SIGNATURE, CG_SIG_NO_TRUSTED_COMMENT, line.begin);
  }
  comment = (const uint8_t*)(signature + line.begin + cg_prefix_length("trusted comment: "));
  comment_len = line.end - line.begin - cg_prefix_length("trusted comment: ");
  cg_next_line(signature, signature_len, line.next, &line);
  if (!line.present) {
    return cg_format_error(error, CG_SIG_PART_SIGNATURE, CG_SIG_MISSING_LINE, line.begin);
  }
  reason = cg_b64_decode(signature, line.begin, line.end, global_sig, CG_ED25519_SIG, &at);
  if (reason != 0) return cg_format_error(error, CG_SIG_PART_SIGNATURE, reason, at);
  if (line.next < signature_len) {
    return cg_format_error(error, CG_SIG_PART_SIGNATURE, CG_SIG_TRAILING_TEXT, line.next);
  }

  /* CG851: the signature's key id is the public key's. */
  for (k = 0; k < CG_KEY_ID_BYTES; ++k) {
    if (sig[2 + k] != key[2 + k]) {
      return cg_fail(error, 851, CG_NONE, cg_le64(sig + 2), cg_le64(key + 2));
    }
  }

  /* CG852: the file's signature, over its BLAKE2b-512 digest ("ED") or over
   * the file itself ("Ed", legacy). */
  prehashed = sig[1] == 'D';
  if (crypto == NULL || crypto->blake2b_512 == NULL || crypto->ed25519_verify == NULL) {
    return cg_fail(error, 852, CG_NONE, (uint64_t)prehashed, (uint64_t)size); /* fail closed */
  }
  if (prehashed) {
    /* The digest goes where the comment goes later. */
    crypto->blake2b_512(crypto->ctx, data, size, sig + CG_SIGNATURE_BLOB);
    reason = crypto->ed25519_verify(crypto->ctx, sig + 2 + CG_KEY_ID_BYTES, sig + CG_SIGNATURE_BLOB,
                                    64, key + 2 + CG_KEY_ID_BYTES);
  } else {
    reason = crypto->ed25519_verify(crypto->ctx, sig + 2 + CG_KEY_ID_BYTES, data, size,
                                    key + 2 + CG_KEY_ID_BYTES);
  }
  if (reason != 0) return cg_fail(error, 852, CG_NONE, (uint64_t)prehashed, (uint64_t)size);

  /* CG853: the trusted comment's signature, over the file signature and the
   * comment's text. A comment too long for the buffer cannot be
   * contentgate's: CG854 without CG853. */
  if (comment_len > CG_MAX_TRUSTED_COMMENT) {
    cg_parse_comment(comment, comment_len, &channel, &version, &at);
    return cg_fail(error, 854, CG_NONE, (uint64_t)comment_len, (uint64_t)at);
  }
  for (k = 0; k < comment_len; ++k) sig[CG_SIGNATURE_BLOB + k] = comment[k];
  if (crypto->ed25519_verify(crypto->ctx, global_sig, sig + 2 + CG_KEY_ID_BYTES,
                             CG_ED25519_SIG + comment_len, key + 2 + CG_KEY_ID_BYTES) != 0) {
    return cg_fail(error, 853, CG_NONE, 0, 0);
  }

  /* CG854: contentgate's form, naming this file's channel and version. */
  if (cg_parse_comment(comment, comment_len, &channel, &version, &at) != 0) {
    return cg_fail(error, 854, CG_NONE, (uint64_t)comment_len, (uint64_t)at);
  }
  if (size < CG_HEADER_BYTES) return cg_fail(error, 854, 0, CG_HEADER_BYTES, (uint64_t)size);
  file_channel = cg_le32(data + 8);
  file_version = cg_le32(data + 12);
  if (channel != file_channel) return cg_fail(error, 854, 8, channel, file_channel);
  if (version != file_version) return cg_fail(error, 854, 12, version, file_version);

  /* CG855: no rollback below the caller's minimum. */
  if (file_version < min_content_version) {
    return cg_fail(error, 855, 12, min_content_version, file_version);
  }
  return 0;
}
