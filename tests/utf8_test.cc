// Tests of the UTF-8 sequence check the C++ code shares with the C core.
#include "utf8.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

namespace contentgate::internal {
namespace {

// The index of the first byte of `s` that starts no well-formed sequence,
// or npos.
size_t FirstMalformed(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

TEST(Utf8Test, WellFormed) {
  for (const std::string& s :
       {std::string("a"), std::string("hello, world! 0123456789"), std::string("a\0b", 3),
        std::string("\xC2\x80"), std::string("\xDF\xBF"), std::string("\xE0\xA0\x80"),
        std::string("\xED\x9F\xBF"), std::string("\xEE\x80\x80"), std::string("\xEF\xBF\xBF"),
        std::string("\xF0\x90\x80\x80"), std::string("\xF4\x8F\xBF\xBF"),
        std::string("caf\xC3\xA9 \xE2\x82\xAC 12345678"), std::string("\\\\.\\pipe\\x")}) {
    EXPECT_EQ(FirstMalformed(s), std::string_view::npos) << testing::PrintToString(s);
  }
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80!"), 4u);
  EXPECT_EQ(Utf8SequenceLength(std::string_view("\0", 1)), 1u);
}

TEST(Utf8Test, IllFormedReportsFirstBadByte) {
  struct Case {
    std::string text;
    size_t at;
  } cases[] = {
      {"\x80", 0},              // lone continuation
      {"\xC0\xAF", 0},          // overlong '/'
      {"\xC1\xBF", 0},          // overlong
      {"\xE0\x80\xAF", 0},      // overlong 3-byte
      {"\xE0\x9F\xBF", 0},      // overlong 3-byte
      {"\xF0\x80\x80\xAF", 0},  // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 0},  // overlong 4-byte
      {"ok\xED\xA0\x80", 2},    // surrogate U+D800
      {"\xED\xBF\xBF", 0},      // surrogate U+DFFF
      {"\xF4\x90\x80\x80", 0},  // U+110000
      {"\xF5\x80\x80\x80", 0},  // F5
      {"\xFF", 0},
      {"abcdefgh\xC3", 8},  // truncated at the end
      {"\xE2\x82", 0},      // truncated 3-byte
      {"\xE2\x28\xA1", 0},  // bad continuation
      {"abcdefghijklmnop\xF0\x9F\x98", 16},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FirstMalformed(c.text), c.at) << testing::PrintToString(c.text);
  }
}

TEST(Utf8Test, TruncatedSequencesNeverReadPastTheirBuffer) {
  // Exact-size heap buffers, so a sanitizer build catches any read past the
  // end.
  for (const std::string_view s : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
    for (size_t size = 1; size <= s.size(); ++size) {
      auto bytes = std::make_unique<char[]>(size);
      for (size_t i = 0; i < size; ++i) bytes[i] = s[i];
      EXPECT_EQ(Utf8SequenceLength(std::string_view(bytes.get(), size)),
                size == s.size() ? s.size() : 0)
          << testing::PrintToString(std::string(s)) << " " << size;
    }
  }
}

TEST(Utf8Test, EveryTwoByteSequenceMatchesTheRfcTable) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      size_t want = 0;
      if (a < 0x80) {
        want = 1;
      } else if (a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF) {
        want = 2;
      }
      EXPECT_EQ(Utf8SequenceLength(s), want) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace contentgate::internal
