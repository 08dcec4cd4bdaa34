#include "json_doc.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace contentgate::internal {
namespace {

using Kind = JsonValue::Kind;

JsonValue ParseOk(std::string_view text) {
  JsonValue value;
  JsonError error;
  EXPECT_TRUE(ParseJson(text, &value, &error)) << error.message;
  return value;
}

JsonError ParseFails(std::string_view text, int max_depth = 64) {
  JsonValue value;
  JsonError error;
  EXPECT_FALSE(ParseJson(text, &value, &error, max_depth)) << text;
  EXPECT_FALSE(error.message.empty());
  return error;
}

TEST(JsonDocTest, UnsignedIntegersAreExact) {
  JsonValue v = ParseOk("[0, 1, 18446744073709551615, 9007199254740993]");
  ASSERT_EQ(v.items.size(), 4u);
  for (const JsonValue& item : v.items) EXPECT_EQ(item.kind, Kind::kUnsigned);
  EXPECT_EQ(v.items[0].u, 0u);
  EXPECT_EQ(v.items[1].u, 1u);
  EXPECT_EQ(v.items[2].u, 18446744073709551615u);
  EXPECT_EQ(v.items[3].u, 9007199254740993u);
}

TEST(JsonDocTest, NegativeIntegersKeepTheirText) {
  JsonValue v = ParseOk("[-0, -1, -9223372036854775808, -99999999999999999999]");
  ASSERT_EQ(v.items.size(), 4u);
  const char* texts[] = {"-0", "-1", "-9223372036854775808", "-99999999999999999999"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(v.items[i].kind, Kind::kNegative) << i;
    EXPECT_EQ(v.items[i].text, texts[i]);
  }
}

TEST(JsonDocTest, FractionsExponentsAndHugeIntegersAreFloats) {
  JsonValue v = ParseOk("[1.5, 4.0, 1e3, 1E+2, -2.5e-3, 18446744073709551616, 0.0]");
  const char* texts[] = {"1.5", "4.0", "1e3", "1E+2", "-2.5e-3", "18446744073709551616", "0.0"};
  ASSERT_EQ(v.items.size(), 7u);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(v.items[i].kind, Kind::kFloat) << i;
    EXPECT_EQ(v.items[i].text, texts[i]);
  }
}

TEST(JsonDocTest, ScalarsStringsAndMemberOrder) {
  JsonValue v =
      ParseOk(R"({"z": null, "a": true, "m": false, "s": "x\u00e9\n", "e": {}, "l": []})");
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.members.size(), 6u);
  EXPECT_EQ(v.members[0].first, "z");
  EXPECT_EQ(v.members[1].first, "a");
  EXPECT_EQ(v.members[5].first, "l");
  EXPECT_EQ(v.Find("z")->kind, Kind::kNull);
  EXPECT_TRUE(v.Find("a")->boolean);
  EXPECT_EQ(v.Find("m")->kind, Kind::kBool);
  EXPECT_FALSE(v.Find("m")->boolean);
  EXPECT_EQ(v.Find("s")->text, "x\xC3\xA9\n");
  EXPECT_TRUE(v.Find("e")->is_object());
  EXPECT_TRUE(v.Find("l")->is_array());
  EXPECT_EQ(v.Find("missing"), nullptr);
}

TEST(JsonDocTest, PositionsAreFirstByteOfEachValue) {
  const std::string text =
      "{\n"
      "  \"a\": [1, -2,\t3.5e1],\n"
      "  \"b\" :\"q\\\"\\\\\" , \"c\": {\"d\": null},\n"
      "\"e\":true}";
  JsonValue v = ParseOk(text);
  EXPECT_EQ(v.line, 1u);
  EXPECT_EQ(v.column, 1u);
  const JsonValue* a = v.Find("a");
  EXPECT_EQ(a->line, 2u);
  EXPECT_EQ(a->column, 8u);
  EXPECT_EQ(a->items[0].column, 9u);
  EXPECT_EQ(a->items[1].column, 12u);
  EXPECT_EQ(a->items[2].column, 16u);
  const JsonValue* b = v.Find("b");
  EXPECT_EQ(b->line, 3u);
  EXPECT_EQ(b->column, 8u);
  EXPECT_EQ(b->text, "q\"\\");
  const JsonValue* c = v.Find("c");
  EXPECT_EQ(c->line, 3u);
  EXPECT_EQ(c->column, 23u);
  EXPECT_EQ(c->Find("d")->column, 29u);
  EXPECT_EQ(v.Find("e")->line, 4u);
  EXPECT_EQ(v.Find("e")->column, 5u);
}

TEST(JsonDocTest, TopLevelScalars) {
  EXPECT_EQ(ParseOk("  42 ").u, 42u);
  EXPECT_EQ(ParseOk("  42 ").column, 3u);
  EXPECT_EQ(ParseOk("\"s\"").text, "s");
  EXPECT_EQ(ParseOk("-7").text, "-7");
}

TEST(JsonDocTest, DuplicateKeysAreErrorsAtAnyDepth) {
  JsonError e = ParseFails(R"({"a": 1, "a": 2})");
  EXPECT_TRUE(e.duplicate_key);
  EXPECT_EQ(e.pointer, "/a");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 10u);
  EXPECT_NE(e.message.find("\"a\""), std::string::npos);

  e = ParseFails("{\"x\": [0, {\"k/~\": {\"y\": 1, \"z\": 2,\n \"y\": 3}}]}");
  EXPECT_TRUE(e.duplicate_key);
  EXPECT_EQ(e.pointer, "/x/1/k~1~0/y");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 2u);

  // The same key in sibling objects is fine.
  ParseOk(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])");
}

TEST(JsonDocTest, DuplicateKeyInLargeObject) {
  std::string text = "{";
  for (int i = 0; i < 200; ++i) text += "\"k" + std::to_string(i) + "\": 0, ";
  text += "\"k3\": 1}";
  JsonError e = ParseFails(text);
  EXPECT_TRUE(e.duplicate_key);
  EXPECT_EQ(e.pointer, "/k3");
}

TEST(JsonDocTest, SyntaxErrorsHaveLineAndColumn) {
  JsonError e = ParseFails("[1,\n  2,]");
  EXPECT_FALSE(e.duplicate_key);
  EXPECT_EQ(e.pointer, "");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 5u);

  e = ParseFails("{\"a\" \"b\"}");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 6u);

  e = ParseFails("{\"a\": 1,, }");
  EXPECT_EQ(e.column, 9u);

  e = ParseFails("[1, 2");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 6u);

  e = ParseFails("");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 1u);

  e = ParseFails("{} x");
  EXPECT_EQ(e.column, 4u);

  ParseFails("[01]");
  ParseFails("[1.]");
  ParseFails("[+1]");
  ParseFails("[NaN]");
  ParseFails("{\"a\": 1} // comment");
  ParseFails("[\"tab\there\"]");
}

TEST(JsonDocTest, InvalidUtf8IsAnErrorAtTheBadByte) {
  // A bare continuation byte, an overlong NUL, an overlong '/', a UTF-8
  // encoded surrogate, a code point above U+10FFFF, and a truncated sequence.
  const char* bad[] = {"[\"ab\x80\"]",         "[\"ab\xC0\x80\"]",         "[\"ab\xE0\x80\xAF\"]",
                       "[\"ab\xED\xA0\x80\"]", "[\"ab\xF4\x90\x80\x80\"]", "[\"ab\xE2\x82\"]"};
  for (const char* text : bad) {
    JsonError e = ParseFails(text);
    EXPECT_FALSE(e.duplicate_key);
    EXPECT_EQ(e.line, 1u) << text;
    EXPECT_GE(e.column, 5u) << text;
    EXPECT_LE(e.column, 7u) << text;
    for (char c : e.message) {
      EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F)
          << "message is not printable ASCII: " << e.message;
    }
  }
  // Invalid bytes outside strings too.
  EXPECT_EQ(ParseFails("\n \xFF").line, 2u);
  // Well-formed multi-byte text is accepted as is.
  EXPECT_EQ(ParseOk("\"\xF0\x9F\x98\x80\"").text, "\xF0\x9F\x98\x80");
}

TEST(JsonDocTest, LoneSurrogateEscapesAreErrors) {
  ParseFails(R"(["\uD800"])");
  ParseFails(R"(["\uDC00"])");
  ParseFails(R"(["\uD800\u0041"])");
  EXPECT_EQ(ParseOk(R"("\uD83D\uDE00")").text, "\xF0\x9F\x98\x80");
  EXPECT_EQ(ParseOk(R"("a\u0000b")").text, std::string("a\0b", 3));
}

TEST(JsonDocTest, OneLeadingBomIsSkipped) {
  JsonValue v = ParseOk("\xEF\xBB\xBF{\"a\": 1}");
  EXPECT_EQ(v.Find("a")->u, 1u);
  EXPECT_EQ(v.line, 1u);
  EXPECT_EQ(v.column, 4u);  // columns count bytes, the BOM's included

  JsonError e = ParseFails("\xEF\xBB\xBF\xEF\xBB\xBF{}");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 4u);
  ParseFails("\xEF\xBB{}");
  ParseFails(" \xEF\xBB\xBF{}");
}

TEST(JsonDocTest, DepthLimit) {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  ParseOk(ok);
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  JsonError e = ParseFails(deep);
  EXPECT_EQ(e.column, 65u);
  // Far deeper than any stack could take: still a plain error.
  const std::string very_deep(1000000, '[');
  e = ParseFails(very_deep);
  EXPECT_EQ(e.column, 65u);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  e = ParseFails(objects, 8);
  EXPECT_EQ(e.column, 1u + 8 * 5);
}

TEST(JsonDocTest, PointerEscaping) {
  std::string pointer;
  AppendPointerToken(&pointer, "a/b~c");
  EXPECT_EQ(pointer, "/a~1b~0c");
  AppendPointerIndex(&pointer, 12);
  EXPECT_EQ(pointer, "/a~1b~0c/12");
  AppendPointerToken(&pointer, "");
  EXPECT_EQ(pointer, "/a~1b~0c/12/");
  AppendPointerToken(&pointer, "~1");
  EXPECT_EQ(pointer, "/a~1b~0c/12//~01");
}

}  // namespace
}  // namespace contentgate::internal
