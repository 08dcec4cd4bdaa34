// File: tests/json_reader_test.cc
// The shared JSON reader: integer shapes and ranges, pointers, messages and
// positions of the diagnostics it reports, and the heap its loaders take.

#include "json_reader.h"

#include <memory>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "contentgate/channel_view.h"
#include "contentgate/release.h"
#include "contentgate/schema.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate::internal {
namespace {

// The root of `text`, parsed into a document (and a copy of the text) that
// live until the end of the test program.
JsonRef Parse(const std::string& text) {
  static std::vector<std::unique_ptr<std::pair<std::string, JsonDoc>>> kept;
  kept.push_back(std::make_unique<std::pair<std::string, JsonDoc>>(text, JsonDoc()));
  JsonError error;
  EXPECT_TRUE(ParseJsonDoc(kept.back()->first, &kept.back()->second, &error)) << error.message;
  return kept.back()->second.root();
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
  const JsonRef root = Parse("{\"a\": 1.5,\n \"b\": 70000, \"c\": 3}");
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
  EXPECT_EQ(KindName(JsonRef::Kind::kBool), "a boolean");
  EXPECT_EQ(Quote(std::string(50, 'x')), "\"" + std::string(40, 'x') + "...\"");
}

TEST(JsonReaderTest, ParseReportsDuplicatesAndNonJson) {
  Report report;
  JsonReader reader(&report, Code::kTestsBadFile);
  JsonDoc doc;
  EXPECT_FALSE(
      reader.Parse("{\"a\": 1, \"a\": 2}", &doc, Code::kSourceNotJson, Code::kTestsBadFile));
  EXPECT_FALSE(reader.Parse("{\"a\": }", &doc, Code::kSourceNotJson, Code::kTestsBadFile));
  EXPECT_FALSE(reader.Parse(std::string_view("[1,\n 2\0]", 8), &doc, Code::kSourceNotJson,
                            Code::kTestsBadFile));
  ASSERT_EQ(report.diagnostics().size(), 3u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kTestsBadFile);
  EXPECT_EQ(report.diagnostics()[0].pointer(), "/a");
  EXPECT_EQ(report.diagnostics()[1].code(), Code::kSourceNotJson);
  EXPECT_EQ(report.diagnostics()[1].column(), 7u);
  JsonValue tree;
  JsonError error;
  ASSERT_FALSE(ParseJson("{\"a\": }", &tree, &error));
  EXPECT_EQ(report.diagnostics()[1].message(), "not valid JSON: " + error.message);
  const Diagnostic& nul = report.diagnostics()[2];
  EXPECT_EQ(nul.code(), Code::kSourceNotJson);
  EXPECT_EQ(nul.message(), "not valid JSON: a NUL byte");
  EXPECT_EQ(nul.line(), 2u);
  EXPECT_EQ(nul.column(), 3u);
}

// A document parsed by Parse reads back what the text holds.
TEST(JsonReaderTest, ParseFillsTheDocument) {
  Report report;
  JsonReader reader(&report, Code::kTestsBadFile);
  const std::string text = "{\"a\": [1, \"x\"],\n \"b\": true}";
  JsonDoc doc;
  ASSERT_TRUE(reader.Parse(text, &doc, Code::kSourceNotJson, Code::kTestsBadFile));
  EXPECT_TRUE(report.diagnostics().empty());
  const JsonRef a = reader.Member(doc.root(), "", "root", "a", true);
  ASSERT_TRUE(a);
  EXPECT_EQ(a.items().size(), 2u);
  EXPECT_EQ(a.items()[1].text(), "x");
  EXPECT_EQ(doc.root().Find("b").line(), 2u);
  EXPECT_FALSE(reader.Member(doc.root(), "", "root", "c", false));
  EXPECT_TRUE(report.diagnostics().empty());
}

// {"schema_version":1,"x":[0,0,...]} with `zeros` zeros.
std::string UnknownMemberArray(size_t zeros) {
  std::string text = R"({"schema_version":1,"x":[0)";
  for (size_t i = 1; i < zeros; ++i) text += ",0";
  return text + "]}";
}

constexpr size_t kZeros = 200000;
// The bound on a loader's heap peak: the document's 12 bytes per value with
// room to spare, plus a constant; ParseJson's tree took about 100.
constexpr uint64_t kPeakBound = 16 * kZeros + 64 * 1024;

TEST(JsonReaderAllocationTest, SchemaWithALargeUnknownArrayCostsTheDocumentOnly) {
  const std::string text = UnknownMemberArray(kZeros);
  SchemaLoadResult result;
  const uint64_t peak = test::PeakBytesDuring([&] { result = LoadSchema(text); });
  EXPECT_LT(peak, kPeakBound) << peak;
  EXPECT_FALSE(result.schema.has_value());
  ASSERT_GE(result.report.diagnostics().size(), 1u);
  const Diagnostic& unknown = result.report.diagnostics()[0];
  EXPECT_EQ(unknown.code(), Code::kSchemaBadKey);
  EXPECT_EQ(unknown.pointer(), "/x");
  EXPECT_EQ(unknown.line(), 1u);
  EXPECT_EQ(unknown.column(), 25u);
}

TEST(JsonReaderAllocationTest, TestsFileWithALargeUnknownArrayCostsTheDocumentOnly) {
  const Schema& schema = test::ExampleSchema();  // loaded before measuring
  const std::string file = test::Encode(test::BaseContent());
  ValidateOptions options;
  options.target_sensors = std::vector<uint32_t>{};
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(AsBytes(file), schema, options);
  ASSERT_TRUE(view.ok()) << view.status();
  const std::string text = UnknownMemberArray(kZeros);
  ContentTests tests;
  const uint64_t peak =
      test::PeakBytesDuring([&] { tests = LoadContentTests(text, schema, *view); });
  EXPECT_LT(peak, kPeakBound) << peak;
  EXPECT_TRUE(tests.tests.empty());
  // "schema_version" is no key of a tests file either.
  ASSERT_GE(tests.report.diagnostics().size(), 2u);
  EXPECT_EQ(tests.report.diagnostics()[0].pointer(), "/schema_version");
  const Diagnostic& unknown = tests.report.diagnostics()[1];
  EXPECT_EQ(unknown.code(), Code::kTestsBadFile);
  EXPECT_EQ(unknown.pointer(), "/x");
  EXPECT_EQ(unknown.line(), 1u);
  EXPECT_EQ(unknown.column(), 25u);
}

}  // namespace
}  // namespace contentgate::internal
