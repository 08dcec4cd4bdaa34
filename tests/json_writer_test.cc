// File: tests/json_writer_test.cc
// The JSON writer: string escaping and UTF-8 repair, compact and indented
// layouts, raw values.

#include "json_writer.h"

#include <string>

#include "gtest/gtest.h"

namespace contentgate::internal {
namespace {

std::string Quoted(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted("plain"), "\"plain\"");
  EXPECT_EQ(Quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quoted("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(Quoted(std::string("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Quoted("\\\\.\\pipe\\x"), "\"\\\\\\\\.\\\\pipe\\\\x\"");
}

TEST(JsonStringTest, KeepsUtf8AndReplacesBytesThatAreNot) {
  EXPECT_EQ(Quoted("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
  const std::string kReplacement = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("a\xFF"
                   "b"),
            "\"a" + kReplacement + "b\"");
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + kReplacement + kReplacement + "\"");  // overlong '/'
  EXPECT_EQ(Quoted("\xED\xA0\x80"),
            "\"" + kReplacement + kReplacement + kReplacement + "\"");        // surrogate
  EXPECT_EQ(Quoted("\xF4\x90\x80\x80").size(), 2 + 4 * kReplacement.size());  // past U+10FFFF
  EXPECT_EQ(Quoted("\xE2\x82"), "\"" + kReplacement + kReplacement + "\"");   // truncated
}

TEST(JsonWriterTest, CompactDocument) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Member("a", uint64_t{18446744073709551615u});
  w.Member("b", -5);
  w.Key("c");
  w.BeginArray();
  w.Bool(true);
  w.Null();
  w.String("x");
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.Member("d", "e");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":18446744073709551615,"b":-5,"c":[true,null,"x",{},[]],"d":"e"})");
  EXPECT_EQ(w.depth(), 0u);
}

TEST(JsonWriterTest, IndentedWithInlineContainers) {
  std::string out;
  JsonWriter w(&out, 2);
  w.BeginObject();
  w.Member("channel", 291);
  w.Key("instances");
  w.BeginArray();
  w.BeginObject(JsonWriter::Layout::kInline);
  w.Member("id", 10);
  w.Key("criteria");
  w.BeginObject();  // nested in an inline container: inline too
  w.Key("range");
  w.BeginArray();
  w.Uint(1);
  w.Uint(2);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.Key("empty");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out,
            "{\n"
            "  \"channel\": 291,\n"
            "  \"instances\": [\n"
            "    {\"id\": 10, \"criteria\": {\"range\": [1, 2]}}\n"
            "  ],\n"
            "  \"empty\": []\n"
            "}");
}

TEST(JsonWriterTest, RawValueTakesItsPlace) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Raw("{\"k\":1}");
  w.Uint(2);
  w.EndArray();
  EXPECT_EQ(out, "[{\"k\":1},2]");
}

}  // namespace
}  // namespace contentgate::internal
