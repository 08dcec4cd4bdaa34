// Tests of the positioned JSON parser: RFC 8259's grammar, positions, limits.

#include "json_doc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "contentgate/schema.h"
#include "contentgate/simulate.h"
#include "contentgate/source.h"
#include "test_support.h"

namespace contentgate::internal {
namespace {

using Kind = JsonValue::Kind;

JsonValue ParseOk(std::string_view text) {
  JsonValue value;
  JsonError error;
  EXPECT_TRUE(ParseJson(text, &value, &error)) << error.message;
  return value;
}

// The member named `key` of `object`, or nullptr.
const JsonValue* Find(const JsonValue& object, std::string_view key) {
  for (const auto& member : object.members) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

// Expects CheckJson to give ParseJson's verdict on `text` and, when it
// refuses it, exactly `error`.
void ExpectCheckAgrees(std::string_view text, bool accepted, const JsonError& error,
                       int max_depth = 64) {
  JsonError checked;
  EXPECT_EQ(CheckJson(text, &checked, max_depth), accepted) << text;
  if (accepted) return;
  EXPECT_EQ(checked.message, error.message) << text;
  EXPECT_EQ(checked.pointer, error.pointer) << text;
  EXPECT_EQ(checked.duplicate_key, error.duplicate_key) << text;
  EXPECT_EQ(checked.line, error.line) << text;
  EXPECT_EQ(checked.column, error.column) << text;
}

JsonError ParseFails(std::string_view text, int max_depth = 64) {
  JsonValue value;
  JsonError error;
  EXPECT_FALSE(ParseJson(text, &value, &error, max_depth)) << text;
  EXPECT_FALSE(error.message.empty());
  ExpectCheckAgrees(text, false, error, max_depth);
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
  ASSERT_EQ(v.kind, Kind::kObject);
  ASSERT_EQ(v.members.size(), 6u);
  EXPECT_EQ(v.members[0].first, "z");
  EXPECT_EQ(v.members[1].first, "a");
  EXPECT_EQ(v.members[2].first, "m");
  EXPECT_EQ(v.members[3].first, "s");
  EXPECT_EQ(v.members[4].first, "e");
  EXPECT_EQ(v.members[5].first, "l");
  EXPECT_EQ(v.members[0].second.kind, Kind::kNull);
  EXPECT_TRUE(v.members[1].second.boolean);
  EXPECT_EQ(v.members[2].second.kind, Kind::kBool);
  EXPECT_FALSE(v.members[2].second.boolean);
  EXPECT_EQ(v.members[3].second.text, "x\xC3\xA9\n");
  EXPECT_EQ(v.members[4].second.kind, Kind::kObject);
  EXPECT_EQ(v.members[5].second.kind, Kind::kArray);
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
  const JsonValue* a = Find(v, "a");
  EXPECT_EQ(a->line, 2u);
  EXPECT_EQ(a->column, 8u);
  EXPECT_EQ(a->items[0].column, 9u);
  EXPECT_EQ(a->items[1].column, 12u);
  EXPECT_EQ(a->items[2].column, 16u);
  const JsonValue* b = Find(v, "b");
  EXPECT_EQ(b->line, 3u);
  EXPECT_EQ(b->column, 8u);
  EXPECT_EQ(b->text, "q\"\\");
  const JsonValue* c = Find(v, "c");
  EXPECT_EQ(c->line, 3u);
  EXPECT_EQ(c->column, 23u);
  EXPECT_EQ(Find(*c, "d")->column, 29u);
  EXPECT_EQ(Find(v, "e")->line, 4u);
  EXPECT_EQ(Find(v, "e")->column, 5u);
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

  // One-line texts: the error is on line 1, at this column.
  const std::pair<const char*, uint32_t> one_line[] = {
      {"{\"a\" \"b\"}", 6}, {"{\"a\": 1,, }", 9}, {"[1, 2", 6}, {"", 1}, {"{} x", 4}};
  for (const auto& [text, column] : one_line) {
    SCOPED_TRACE(text);
    e = ParseFails(text);
    EXPECT_EQ(e.line, 1u);
    EXPECT_EQ(e.column, column);
  }

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
  EXPECT_EQ(Find(v, "a")->u, 1u);
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

TEST(JsonDocTest, DepthLimitMessageSaysSo) {
  const JsonError e = ParseFails(std::string(65, '[') + std::string(65, ']'));
  EXPECT_EQ(e.message, "nesting deeper than 64 levels");
}

// The whole text is the JSON text: a NUL byte or anything but white space
// after the value is an error at its first byte.
TEST(JsonDocTest, BytesAfterTheValueAreErrors) {
  JsonError e = ParseFails(std::string_view("{\"a\": 1}\0garbage", 16));
  EXPECT_EQ(e.column, 9u);
  EXPECT_EQ(e.message,
            "unexpected NUL byte after the JSON value: the whole file must be one JSON value");
  e = ParseFails(std::string_view("123\0", 4));
  EXPECT_EQ(e.column, 4u);
  e = ParseFails(std::string_view("[1]\n \0", 6));
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 2u);
  e = ParseFails(std::string_view("[1,\0 2]", 7));
  EXPECT_EQ(e.column, 4u);
  EXPECT_EQ(e.message, "unexpected NUL byte: a NUL may appear only as \\u0000 in a string");
  e = ParseFails("[1] x");
  EXPECT_EQ(e.column, 5u);
  ParseOk("[1] \t\r\n");
}

// A number a double cannot hold is still a number, kept as written.
TEST(JsonDocTest, NumbersBeyondADoubleAreFloats) {
  const std::string huge = "1" + std::string(400, '0');
  const std::string text = "[1e400, -1E+400, 0.5e99999, " + huge + ", -" + huge + ", \"1e400\"]";
  JsonValue v = ParseOk(text);
  ASSERT_EQ(v.items.size(), 6u);
  EXPECT_EQ(v.items[0].kind, Kind::kFloat);
  EXPECT_EQ(v.items[0].text, "1e400");
  EXPECT_EQ(v.items[1].kind, Kind::kFloat);
  EXPECT_EQ(v.items[1].text, "-1E+400");
  EXPECT_EQ(v.items[2].text, "0.5e99999");
  EXPECT_EQ(v.items[3].kind, Kind::kFloat);
  EXPECT_EQ(v.items[3].text, huge);
  EXPECT_EQ(v.items[4].kind, Kind::kNegative);
  EXPECT_EQ(v.items[5].text, "1e400");
  EXPECT_EQ(v.items[5].column, text.find("\"1e400\"") + 1);
  EXPECT_EQ(Find(ParseOk("{\"a\": 1e400}"), "a")->column, 7u);
  // Strings, escaped quotes included, are not numbers.
  v = ParseOk(R"({"k\"1e400\\": "1e400\"", "n": -1e400})");
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[0].first, "k\"1e400\\");
  EXPECT_EQ(v.members[0].second.text, "1e400\"");
  EXPECT_EQ(Find(v, "n")->text, "-1e400");
  // A stand-in never shows in a message about what follows the number.
  const JsonError e = ParseFails("[1e400x]");
  EXPECT_EQ(e.column, 7u);
  EXPECT_EQ(e.message.find("0e0"), std::string::npos) << e.message;
}

// RFC 8259's grammar, case by case in the manner of JSONTestSuite: y_ texts
// are accepted, n_ texts refused. The spec decides what RFC 8259 leaves to
// the implementation: duplicate keys, lone surrogates and nesting deeper
// than 64 are refused; one leading UTF-8 BOM is ignored; numbers of any size
// are accepted.
struct GrammarCase {
  const char* name;
  std::string_view text;
  bool accepted;
};

template <size_t N>
constexpr std::string_view Bytes(const char (&text)[N]) {
  return std::string_view(text, N - 1);
}

constexpr GrammarCase kGrammarCases[] = {
    {"y_array_empty", Bytes("[]"), true},
    {"y_object_empty", Bytes("{}"), true},
    {"y_structure_whitespace", Bytes(" \t\r\n[ 1 , { \"a\" : null } ]\n"), true},
    {"y_number_zero", Bytes("0"), true},
    {"y_number_minus_zero", Bytes("-0"), true},
    {"y_number_fraction_exponent", Bytes("[-1.5e-3, 1E+2, 0.0, 1e-400]"), true},
    {"y_number_huge_exponent", Bytes("[1e400, -1e400, 1E999999999999]"), true},
    {"y_number_2p64", Bytes("18446744073709551616"), true},
    {"y_scalar_true", Bytes("true"), true},
    {"y_scalar_false", Bytes("false"), true},
    {"y_scalar_null", Bytes("null"), true},
    {"y_scalar_string", Bytes("\"x\""), true},
    {"y_string_escapes", Bytes("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\""), true},
    {"y_string_escaped_nul", Bytes("\"\\u0000\""), true},
    {"y_string_surrogate_pair", Bytes("\"\\uD834\\uDD1E\""), true},
    {"y_string_utf8_2_3_4_bytes", Bytes("\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\""), true},
    {"y_string_last_code_point", Bytes("\"\xF4\x8F\xBF\xBF\""), true},
    {"y_string_del", Bytes("\"\x7F\""), true},
    {"y_string_noncharacter", Bytes("\"\xEF\xBF\xBF\""), true},
    {"y_bom_once", Bytes("\xEF\xBB\xBF[1]"), true},
    {"y_object_nested", Bytes("{\"a\":[{\"b\":{}}],\"c\":\"\"}"), true},
    {"y_key_empty", Bytes("{\"\":1}"), true},
    {"n_number_leading_zero", Bytes("[01]"), false},
    {"n_number_minus_leading_zero", Bytes("[-01]"), false},
    {"n_number_minus_alone", Bytes("[-]"), false},
    {"n_number_dot_end", Bytes("[1.]"), false},
    {"n_number_dot_start", Bytes("[.1]"), false},
    {"n_number_plus", Bytes("[+1]"), false},
    {"n_number_exponent_empty", Bytes("[1e]"), false},
    {"n_number_exponent_sign_only", Bytes("[1e+]"), false},
    {"n_number_dot_exponent", Bytes("[1.e1]"), false},
    {"n_number_hex", Bytes("[0x1]"), false},
    {"n_number_nan", Bytes("[NaN]"), false},
    {"n_number_infinity", Bytes("[Infinity]"), false},
    {"n_number_minus_infinity", Bytes("[-Infinity]"), false},
    {"n_number_space_after_minus", Bytes("[- 1]"), false},
    {"n_string_tab", Bytes("[\"a\tb\"]"), false},
    {"n_string_newline", Bytes("[\"a\nb\"]"), false},
    {"n_string_raw_nul", Bytes("[\"a\0b\"]"), false},
    {"n_string_escape_x", Bytes("[\"\\x41\"]"), false},
    {"n_string_escape_a", Bytes("[\"\\a\"]"), false},
    {"n_string_escape_u_short", Bytes("[\"\\u12\"]"), false},
    {"n_string_escape_u_bad_hex", Bytes("[\"\\u12G4\"]"), false},
    {"n_string_unterminated", Bytes("[\"abc"), false},
    {"n_string_single_quotes", Bytes("['a']"), false},
    {"n_string_lone_high_surrogate", Bytes("[\"\\uD800\"]"), false},
    {"n_string_lone_low_surrogate", Bytes("[\"\\uDC00\"]"), false},
    {"n_string_high_surrogate_then_letter", Bytes("[\"\\uD800\\u0041\"]"), false},
    {"n_string_overlong_2", Bytes("[\"\xC0\xAF\"]"), false},
    {"n_string_overlong_3", Bytes("[\"\xE0\x80\xAF\"]"), false},
    {"n_string_overlong_4", Bytes("[\"\xF0\x80\x80\xAF\"]"), false},
    {"n_string_encoded_surrogate", Bytes("[\"\xED\xA0\x80\"]"), false},
    {"n_string_beyond_10ffff", Bytes("[\"\xF4\x90\x80\x80\"]"), false},
    {"n_string_f5", Bytes("[\"\xF5\x80\x80\x80\"]"), false},
    {"n_string_lone_continuation", Bytes("[\"\x80\"]"), false},
    {"n_string_truncated_sequence", Bytes("[\"\xC3\"]"), false},
    {"n_array_trailing_comma", Bytes("[1,]"), false},
    {"n_array_leading_comma", Bytes("[,1]"), false},
    {"n_array_missing_comma", Bytes("[\"a\" \"b\"]"), false},
    {"n_array_unclosed", Bytes("[1"), false},
    {"n_object_trailing_comma", Bytes("{\"a\":1,}"), false},
    {"n_object_missing_value", Bytes("{\"a\":}"), false},
    {"n_object_missing_colon", Bytes("{\"a\"}"), false},
    {"n_object_number_key", Bytes("{1:2}"), false},
    {"n_object_unquoted_key", Bytes("{a:2}"), false},
    {"n_object_duplicate_key", Bytes("{\"a\":1,\"a\":2}"), false},
    {"n_comment_line", Bytes("// c\n[1]"), false},
    {"n_comment_block", Bytes("/* c */[1]"), false},
    {"n_comment_after", Bytes("[1]//"), false},
    {"n_literal_truncated", Bytes("[tru]"), false},
    {"n_literal_capital", Bytes("[True]"), false},
    {"n_structure_trailing_garbage", Bytes("[1]x"), false},
    {"n_structure_two_values", Bytes("[1] 2"), false},
    {"n_structure_trailing_nul", Bytes("[1]\0"), false},
    {"n_structure_nul_then_garbage", Bytes("{\"a\":1}\0garbage"), false},
    {"n_structure_nul_only", Bytes("\0"), false},
    {"n_structure_nul_inside", Bytes("[1\0]"), false},
    {"n_structure_empty", Bytes(""), false},
    {"n_structure_whitespace_only", Bytes(" \n"), false},
    {"n_structure_form_feed", Bytes("[1]\f"), false},
    {"n_structure_nbsp", Bytes("\xC2\xA0[1]"), false},
    {"n_structure_bare_invalid_utf8", Bytes("[\xFF]"), false},
    {"n_structure_deeper_than_64",
     Bytes("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
     false},
    {"n_bom_twice", Bytes("\xEF\xBB\xBF\xEF\xBB\xBF[1]"), false},
    {"n_bom_alone", Bytes("\xEF\xBB\xBF"), false},
    {"n_bom_truncated", Bytes("\xEF\xBB[1]"), false},
    {"n_bom_after_space", Bytes(" \xEF\xBB\xBF[1]"), false},
    {"n_bom_utf16", Bytes("\xFE\xFF[1]"), false},
};

TEST(JsonDocTest, Rfc8259Grammar) {
  for (const GrammarCase& c : kGrammarCases) {
    JsonValue value;
    JsonError error;
    EXPECT_EQ(ParseJson(c.text, &value, &error), c.accepted) << c.name << ": " << error.message;
    ExpectCheckAgrees(c.text, c.accepted, error);
    if (!c.accepted) {
      EXPECT_FALSE(error.message.empty()) << c.name;
      EXPECT_GE(error.line, 1u) << c.name;
      EXPECT_GE(error.column, 1u) << c.name;
    }
  }
}

// Every JSON reader goes through ParseJson, so each sees every byte: a NUL
// after a valid document is refused by the schema loader (CG600, never
// CG601) and by the recorded-events reader of simulate.
TEST(JsonReadersTest, SchemaWithANulAfterItIsCG600) {
  const std::string schema = test::ReadFile(test::SourcePath("schemas/channel-291.schema.json"));
  ASSERT_TRUE(LoadSchema(schema).schema.has_value());
  for (const std::string& text : {schema + std::string("\0garbage", 8), std::string("123\0", 4)}) {
    const SchemaLoadResult loaded = LoadSchema(text);
    EXPECT_FALSE(loaded.schema.has_value());
    ASSERT_EQ(loaded.report.diagnostics().size(), 1u);
    const Diagnostic& d = loaded.report.diagnostics()[0];
    EXPECT_EQ(d.code(), Code::kSchemaNotJson);
    EXPECT_EQ(d.line(), text.size() == 4 ? 1u
                                         : 1u + static_cast<uint32_t>(std::count(
                                                    schema.begin(), schema.end(), '\n')));
  }
}

TEST(JsonReadersTest, EventWithANulAfterItIsRefused) {
  const std::string file = test::ReadFile(test::SourcePath("tests/data/source/valid/base.bin"));
  SimulateOptions options;
  const std::string good = "{\"client_pid\": 7}\n";
  options.recorded_events = good;
  ASSERT_TRUE(Simulate(AsBytes(file), test::ExampleSchema(), options).ok());
  const std::string bad = std::string("{\"client_pid\": 7}\0garbage\n", 26);
  options.recorded_events = bad;
  const absl::StatusOr<SimulateResult> result =
      Simulate(AsBytes(file), test::ExampleSchema(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "events line 1, column 18: unexpected NUL byte after the JSON value: the whole file "
            "must be one JSON value");
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
