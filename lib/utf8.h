// File: lib/utf8.h
// UTF-8 well-formedness as channel-file strings require it: RFC 3629 (no
// overlong forms, no surrogates, nothing above U+10FFFF) and no NUL byte.

#ifndef CONTENTGATE_LIB_UTF8_H_
#define CONTENTGATE_LIB_UTF8_H_

#include <cstddef>
#include <cstdint>

namespace contentgate::internal {

// Returned by FindUtf8Error for a well-formed string.
inline constexpr size_t kUtf8Ok = ~size_t{0};

// The index of the first byte of `data[0, size)` that starts a malformed
// sequence (or is a NUL), or kUtf8Ok when the whole string is well-formed
// and NUL-free. Linear; ASCII runs are checked 8 bytes at a time.
size_t FindUtf8Error(const uint8_t* data, size_t size);

// True when `data[0, size)` is well-formed UTF-8 without NUL.
inline bool IsValidUtf8NoNul(const uint8_t* data, size_t size) {
  return FindUtf8Error(data, size) == kUtf8Ok;
}

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_UTF8_H_
