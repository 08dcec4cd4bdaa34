// File: tests/json_reader_test.cc
// The shared JSON reader: integer shapes and ranges, pointers, messages and
// positions of the diagnostics it reports.

#include "json_reader.h"

#include <string>

#include "gtest/gtest.h"

namespace contentgate::internal {
namespace {

JsonValue Parse(const std::string& text) {
  JsonValue v;
  JsonError error;
  EXPECT_TRUE(ParseJson(text, &v, &error)) << error.message;
  return v;
}

TEST(JsonReaderTest, IntegerShapes) {
  EXPECT_EQ(ClassifyInteger(Parse("7")), IntegerShape::kUnsigned);
  EXPECT_EQ(ClassifyInteger(Parse("-0")), IntegerShape::kNegative);
  EXPECT_EQ(ClassifyInteger(Parse("1.5")), IntegerShape::kFraction);
  EXPECT_EQ(ClassifyInteger(Parse("1e3")), IntegerShape::kFraction);
  EXPECT_EQ(ClassifyInteger(Parse("18446744073709551616")), IntegerShape::kTooLarge);
  EXPECT_EQ(ClassifyInteger(Parse("\"7\"")), IntegerShape::kNotNumber);
  EXPECT_EQ(IntegerInRange(Parse("18446744073709551615"), 0, ~uint64_t{0}),
            std::optional<uint64_t>(~uint64_t{0}));
  EXPECT_FALSE(IntegerInRange(Parse("5"), 6, 9).has_value());
}

TEST(JsonReaderTest, PointersEscapeTokens) {
  EXPECT_EQ(ChildPointer("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(ItemPointer("/tests", 3), "/tests/3");
}

TEST(JsonReaderTest, ReportsShapeAndRangeWithPointerAndPosition) {
  Report report;
  JsonReader reader(&report, Code::kTestsBadFile);
  const JsonValue root = Parse("{\"a\": 1.5,\n \"b\": 70000, \"c\": 3}");
  EXPECT_FALSE(reader.IntegerKey(root, "", "root", "a", true, 0, 10).has_value());
  EXPECT_FALSE(
      reader.IntegerKey(root, "", "root", "b", true, 0, 65535, Code::kSchemaBadBounds).has_value());
  EXPECT_EQ(reader.IntegerKey(root, "", "root", "c", true, 0, 10), std::optional<uint64_t>(3));
  EXPECT_FALSE(reader.IntegerKey(root, "", "root", "d", true, 0, 10).has_value());
  reader.CheckKeys(root, "", "root", {"a", "b"});
  ASSERT_EQ(report.diagnostics().size(), 4u);
  const Diagnostic& shape = report.diagnostics()[0];
  EXPECT_EQ(shape.code(), Code::kTestsBadFile);
  EXPECT_EQ(shape.pointer(), "/a");
  EXPECT_EQ(shape.line(), 1u);
  EXPECT_EQ(shape.column(), 7u);
  EXPECT_EQ(shape.message(), "root: a must be an integer 0 to 10, got 1.5");
  const Diagnostic& range = report.diagnostics()[1];
  EXPECT_EQ(range.code(), Code::kSchemaBadBounds);
  EXPECT_EQ(range.pointer(), "/b");
  EXPECT_EQ(range.line(), 2u);
  EXPECT_EQ(report.diagnostics()[2].message(), "root is missing the required key \"d\"");
  EXPECT_EQ(report.diagnostics()[3].pointer(), "/c");
}

TEST(JsonReaderTest, DescribeAndQuote) {
  EXPECT_EQ(Describe(Parse("[1]")), "an array");
  EXPECT_EQ(Describe(Parse("\"a\\u0001\"")), "\"a\\u0001\"");
  EXPECT_EQ(KindName(JsonValue::Kind::kBool), "a boolean");
  EXPECT_EQ(Quote(std::string(50, 'x')), "\"" + std::string(40, 'x') + "...\"");
}

TEST(JsonReaderTest, ParseReportsDuplicatesAndNonJson) {
  Report report;
  JsonReader reader(&report, Code::kTestsBadFile);
  JsonValue v;
  EXPECT_FALSE(reader.Parse("{\"a\": 1, \"a\": 2}", &v, Code::kSourceNotJson, Code::kTestsBadFile));
  EXPECT_FALSE(reader.Parse("{\"a\": }", &v, Code::kSourceNotJson, Code::kTestsBadFile));
  ASSERT_EQ(report.diagnostics().size(), 2u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kTestsBadFile);
  EXPECT_EQ(report.diagnostics()[0].pointer(), "/a");
  EXPECT_EQ(report.diagnostics()[1].code(), Code::kSourceNotJson);
  EXPECT_EQ(report.diagnostics()[1].column(), 7u);
}

}  // namespace
}  // namespace contentgate::internal
