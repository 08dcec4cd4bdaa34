// Tests of the RFC 3629 UTF-8 check at every length and position.
#include "utf8.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace contentgate::internal {
namespace {

size_t Find(const std::string& s) {
  return FindUtf8Error(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(Utf8Test, WellFormed) {
  for (const std::string& s :
       {std::string(""), std::string("a"), std::string("hello, world! 0123456789"),
        std::string("\xC2\x80"), std::string("\xDF\xBF"), std::string("\xE0\xA0\x80"),
        std::string("\xED\x9F\xBF"), std::string("\xEE\x80\x80"), std::string("\xEF\xBF\xBF"),
        std::string("\xF0\x90\x80\x80"), std::string("\xF4\x8F\xBF\xBF"),
        std::string("caf\xC3\xA9 \xE2\x82\xAC 12345678"), std::string("\\\\.\\pipe\\x")}) {
    EXPECT_EQ(Find(s), kUtf8Ok) << s;
  }
}

TEST(Utf8Test, IllFormedReportsFirstBadByte) {
  struct Case {
    std::string text;
    size_t at;
  } cases[] = {
      {std::string("ab\0cd", 5), 2},          // NUL
      {std::string("0123456789\0", 11), 10},  // NUL after the fast path
      {"\x80", 0},                            // lone continuation
      {"\xC0\xAF", 0},                        // overlong '/'
      {"\xC1\xBF", 0},                        // overlong
      {"\xE0\x80\xAF", 0},                    // overlong 3-byte
      {"\xE0\x9F\xBF", 0},                    // overlong 3-byte
      {"\xF0\x80\x80\xAF", 0},                // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 0},                // overlong 4-byte
      {"ok\xED\xA0\x80", 2},                  // surrogate U+D800
      {"\xED\xBF\xBF", 0},                    // surrogate U+DFFF
      {"\xF4\x90\x80\x80", 0},                // U+110000
      {"\xF5\x80\x80\x80", 0},                // F5
      {"\xFF", 0},
      {"abcdefgh\xC3", 8},  // truncated at the end
      {"\xE2\x82", 0},      // truncated 3-byte
      {"\xE2\x28\xA1", 0},  // bad continuation
      {"abcdefghijklmnop\xF0\x9F\x98", 16},
  };
  for (const Case& c : cases) EXPECT_EQ(Find(c.text), c.at) << testing::PrintToString(c.text);
}

TEST(Utf8Test, OneBadByteAtEveryPositionOfEveryShortLength) {
  // Exact-size heap buffers, so a sanitizer build catches any read past the
  // end in the word-at-a-time and overlapping short-string checks.
  for (size_t size = 0; size <= 40; ++size) {
    auto clean = std::make_unique<uint8_t[]>(size + 1);
    for (size_t i = 0; i < size; ++i) clean[i] = static_cast<uint8_t>('a' + i % 26);
    EXPECT_TRUE(IsAsciiNoNul(clean.get(), size)) << size;
    EXPECT_EQ(FindUtf8Error(clean.get(), size), kUtf8Ok) << size;
    for (size_t at = 0; at < size; ++at) {
      for (const uint8_t bad : {uint8_t{0x00}, uint8_t{0x80}, uint8_t{0xFF}}) {
        auto text = std::make_unique<uint8_t[]>(size);
        for (size_t i = 0; i < size; ++i) text[i] = clean[i];
        text[at] = bad;
        EXPECT_FALSE(IsAsciiNoNul(text.get(), size)) << size << " " << at << " " << int{bad};
        EXPECT_EQ(FindUtf8Error(text.get(), size), at) << size << " " << at << " " << int{bad};
      }
    }
  }
}

TEST(Utf8Test, EveryTwoByteSequenceMatchesTheRfcTable) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      bool want;
      if (a < 0x80) {
        want = a != 0 && b != 0 && b < 0x80;
      } else {
        want = a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF;
      }
      EXPECT_EQ(IsValidUtf8NoNul(reinterpret_cast<const uint8_t*>(s.data()), 2), want)
          << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace contentgate::internal
