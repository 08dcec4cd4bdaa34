// File: tests/json_flat_test.cc
// The flat document's reader agrees with ParseJson (values, positions,
// errors) on hand-picked texts and on every truncation and many one-byte
// changes of a source file; a refused text costs no more heap than an
// accepted one; compiling a source of N instances makes at
// most one heap allocation per instance, and errors past the report's cap
// allocate nothing each.

#include "json_flat.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "contentgate/source_dump.h"
#include "gtest/gtest.h"
#include "json_compare.h"
#include "json_doc.h"
#include "test_support.h"

namespace contentgate {
namespace {

// Expects ParseJsonDoc and ParseJsonDocViaTree to agree on `text`.
void ExpectAgree(std::string_view text) {
  EXPECT_EQ(test::JsonReadersDifference(text, 8), "") << text;
}

TEST(JsonFlatTest, AgreesWithTheTreeOnHandPickedTexts) {
  const std::string_view texts[] = {
      "0",
      "-0",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775809",
      "1.5e3",
      "1E400",
      "-1e-400",
      "0.0",
      "01",
      "1.",
      "1e",
      "-",
      "+1",
      ".5",
      "1x",
      "true",
      "false",
      "null",
      "tru",
      "nulls",
      "[]",
      "{}",
      "[1,]",
      "[,1]",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{1:2}",
      " \n\t\r [ 1 , \n 2 ] \r\n",
      "\xEF\xBB\xBF{\"a\": [true]}",
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "1",
      "",
      "   ",
      "1 2",
      "[1] x",
      std::string_view("1 \0", 3),
      std::string_view("[\"a\0\"]", 6),
      "\"\\u0000\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83dx\"",
      "\"\\u12g4\"",
      "\"\\x\"",
      "\"a\\/b\\\\\\\"\\b\\f\\n\\r\\t\"",
      "\"\xC3\xA9\"",
      "\"\xC0\xAF\"",
      "\"\xE0\x80\xAF\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xF0\x9F\x98\x80\"",
      "\"\xFF\"",
      "\"\xE2\x82\"",
      "\"tab\there\"",
      "\"unterminated",
      "{\"a\":1,\"a\":2}",
      "{\"a\\u0062\":1,\"ab\":2}",
      "{\"x\":{\"y\":[{\"z\":0,\"z\":1}]}}",
      "[[[[[[[[1]]]]]]]]",
      "[[[[[[[[[1]]]]]]]]]",
      "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}",
      "{\"k\\\"ey\": \"v\\u00e9\", \"e\": \"plain\"}",
  };
  for (std::string_view text : texts) ExpectAgree(text);

  // Objects past the linear key scan, with and without a duplicate.
  std::string big = "{";
  for (int i = 0; i < 40; ++i) absl::StrAppend(&big, i == 0 ? "" : ",", "\"k", i, "\":", i);
  ExpectAgree(big + "}");
  ExpectAgree(big + ",\"k3\":0}");
  ExpectAgree(big + ",\"k39\":0}");
}

TEST(JsonFlatTest, AgreesWithTheTreeOnEveryTruncationAndByteChangeOfASource) {
  const DumpResult dumped =
      DumpChannelFile(AsBytes(test::Encode(test::BaseContent())), test::ExampleSchema());
  ASSERT_TRUE(dumped.source_json.has_value());
  const std::string source = *dumped.source_json + R"({"x": "\u00e9\n", "y": [1.5, -2]})";
  for (size_t n = 0; n <= source.size(); ++n) ExpectAgree(std::string_view(source).substr(0, n));
  const char replacements[] = {'"', '\\', '{', '}', '[',  ']', ',',  ':',    '0',
                               '-', 'e',  '.', ' ', '\n', 'x', '\0', '\x80', '\xC3'};
  for (size_t i = 0; i < source.size(); ++i) {
    for (char c : replacements) {
      std::string changed = source;
      changed[i] = c;
      ExpectAgree(changed);
    }
  }
}

// A source of `count` instances of both example types, each of type 1 with
// its own prefix operand (longer than std::string's inline buffer), and its
// encoding.
void MakeSource(uint32_t count, std::string* source, std::string* encoded) {
  const Schema& schema = test::ExampleSchema();
  Content content;
  content.channel_id = 291;
  content.content_version = 3;
  const Content base = test::BaseContent();
  for (uint32_t i = 0; i < count; ++i) {
    Instance instance = base.instances[i % 2];
    instance.id = i + 1;
    // Type 1's prefix (type 2's first operand is a regex, compiled once).
    if (i % 2 == 0) {
      instance.criteria[0].text = absl::StrCat(instance.criteria[0].text, "-instance-", i);
    }
    content.instances.push_back(instance);
  }
  *encoded = test::Encode(content);
  const DumpResult dumped = DumpChannelFile(AsBytes(*encoded), schema);
  ASSERT_TRUE(dumped.source_json.has_value());
  *source = *dumped.source_json;
}

// A text the reader refuses gets ParseJson's error without being held as
// ParseJson's tree (about a hundred bytes per value): refusing a long array
// costs no more heap than accepting it.
TEST(JsonFlatTest, RefusedTextCostsNoMoreHeapThanAccepted) {
  std::string accepted = "[";
  for (int i = 0; i < 20000; ++i) absl::StrAppend(&accepted, i == 0 ? "" : ",", "{\"k\":[0]}");
  accepted += "]";
  const std::string refused = accepted + " x";
  internal::JsonDoc doc;
  internal::JsonError error;
  const uint64_t accept_peak =
      test::PeakBytesDuring([&] { EXPECT_TRUE(internal::ParseJsonDoc(accepted, &doc, &error)); });
  doc = internal::JsonDoc();
  const uint64_t refuse_peak =
      test::PeakBytesDuring([&] { EXPECT_FALSE(internal::ParseJsonDoc(refused, &doc, &error)); });
  EXPECT_EQ(error.line, 1u);
  EXPECT_EQ(error.column, refused.size());
  EXPECT_LE(refuse_peak, accept_peak + 4096) << "accepted: " << accept_peak;
}

TEST(SourceCompileAllocationTest, AtMostOneAllocationPerInstance) {
  // Sensor 7.11 would warn (CG401) on every instance.
  const ValidateOptions options = test::TargetSensors(test::ExampleSchema(), {"7.16"});
  for (const uint32_t count : {1000u, 4000u}) {
    std::string source;
    std::string encoded;
    MakeSource(count, &source, &encoded);
    CompileResult result{Report(), std::nullopt};
    const uint64_t allocations = test::CountAllocations(
        [&] { result = CompileSource(source, test::ExampleSchema(), options); });
    ASSERT_TRUE(result.channel_file.has_value());
    EXPECT_EQ(*result.channel_file, encoded);
    EXPECT_LE(allocations, count) << count << " instances";
  }
}

TEST(SourceCompileAllocationTest, ErrorsPastTheCapCostNoAllocationEach) {
  // `"instances": [0,0,...]`: every element is CG702, and only the first
  // 100 are kept, so only those get a message and a JSON Pointer.
  const Schema& schema = test::ExampleSchema();  // loaded before counting
  for (const size_t count : {2000u, 20000u}) {
    std::string text = R"({"channel": 291, "content_version": 1, "instances": [0)";
    for (size_t i = 1; i < count; ++i) text += ",0";
    text += "]}";
    CompileResult result{Report(), std::nullopt};
    const uint64_t allocations =
        test::CountAllocations([&] { result = CompileSource(text, schema, ValidateOptions{}); });
    EXPECT_EQ(result.report.errors(), count);
    ASSERT_EQ(result.report.diagnostics().size(), 100u);
    EXPECT_EQ(result.report.diagnostics()[0].code(), Code::kSourceBadKey);
    EXPECT_EQ(result.report.diagnostics()[99].pointer(), "/instances/99");
    EXPECT_EQ(result.report.diagnostics()[99].column(), 252u);
    EXPECT_LE(allocations, 200u) << count << " instances";  // 141 and 145 here
  }
}

}  // namespace
}  // namespace contentgate
