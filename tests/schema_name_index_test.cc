// Tests of the schema's template type name index, of what compiling a
// source costs against a schema of many types (work bounded by the source:
// allocation counts, never time, not the schema's type count), and of the
// heap a large schema's load peaks at.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "json_flat.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::Codes;
using test::CountAllocations;
using test::MakeField;
using test::PeakBytesDuring;

TemplateType MakeType(uint16_t id, std::string name) {
  TemplateType type;
  type.id = id;
  type.name = std::move(name);
  type.fields.push_back(MakeField("count", FieldType::kU32));
  type.fields.push_back(MakeField("path", FieldType::kString));
  return type;
}

// A schema whose type "used" (id 1) comes last, after `others` types
// "t0", "t1", ... (ids 2, 3, ...); one sensor supplying every field.
Schema ManyTypesSchema(uint16_t others) {
  std::vector<TemplateType> types;
  for (uint16_t i = 0; i < others; ++i) {
    types.push_back(MakeType(static_cast<uint16_t>(i + 2), absl::StrCat("t", i)));
  }
  types.push_back(MakeType(1, "used"));
  ChannelInfo channel;
  channel.id = 7;
  channel.name = "names";
  Sensor sensor;
  sensor.version = "1.0";
  std::vector<Sensor::Input> listed;
  for (uint32_t t = 0; t < types.size(); ++t) listed.push_back({t, 2});
  sensor.SetInputs(std::move(listed));
  return Schema(std::move(channel), std::move(types), {std::move(sensor)});
}

// Two instances of "used", one with its criteria out of field order.
constexpr std::string_view kSource = R"({
  "channel": 7, "content_version": 3,
  "instances": [
    {"id": 1, "type": "used", "criteria": {"count": {"eq": 5}, "path": {"prefix": "/tmp/"}}},
    {"id": 2, "type": "used", "criteria": {"path": {"glob": "*.exe"}, "count": {"range": [1, 9]}}}
  ]
})";

TEST(SchemaNameIndexTest, FindsEveryTypeByNameAndNoOther) {
  const Schema schema = ManyTypesSchema(1000);
  EXPECT_EQ(schema.FindTemplateTypeByName("used"), 1000);
  EXPECT_EQ(schema.FindTemplateTypeByName("t0"), 0);
  EXPECT_EQ(schema.FindTemplateTypeByName("t999"), 999);
  EXPECT_EQ(schema.FindTemplateTypeByName("t1000"), -1);
  EXPECT_EQ(schema.FindTemplateTypeByName(""), -1);
  EXPECT_EQ(schema.FindTemplateTypeByName("use"), -1);
}

TEST(SchemaNameIndexTest, FirstOfEqualNamesWins) {
  std::vector<TemplateType> types;
  types.push_back(MakeType(5, "a"));
  types.push_back(MakeType(6, "twin"));
  types.push_back(MakeType(7, "twin"));
  const Schema schema(ChannelInfo{}, std::move(types), {});
  EXPECT_EQ(schema.FindTemplateTypeByName("twin"), 1);
  EXPECT_EQ(schema.FindTemplateTypeByName("a"), 0);
}

TEST(SchemaNameIndexTest, SurvivesMoves) {
  // Names short enough for the small-string buffer live inside the vector's
  // elements; the index views them, and a move keeps them in place.
  Schema first = ManyTypesSchema(40);
  Schema second(std::move(first));
  Schema third = ManyTypesSchema(1);
  third = std::move(second);
  EXPECT_EQ(third.FindTemplateTypeByName("t39"), 39);
  EXPECT_EQ(third.FindTemplateTypeByName("used"), 40);
  EXPECT_EQ(third.FindTemplateTypeByName("t40"), -1);
}

TEST(SchemaNameIndexTest, CompileCostDoesNotGrowWithTheSchemasTypeCount) {
  const Schema one = ManyTypesSchema(0);
  const Schema many = ManyTypesSchema(20000);
  CompileResult from_one;
  CompileResult from_many;
  // Warm up anything built once per process.
  (void)CompileSource(kSource, one);
  const uint64_t allocations_one =
      CountAllocations([&] { from_one = CompileSource(kSource, one); });
  const uint64_t allocations_many =
      CountAllocations([&] { from_many = CompileSource(kSource, many); });
  ASSERT_TRUE(from_one.report.valid()) << from_one.report.diagnostics().size();
  ASSERT_TRUE(from_many.report.valid());
  ASSERT_TRUE(from_one.channel_file.has_value());
  ASSERT_TRUE(from_many.channel_file.has_value());
  EXPECT_EQ(*from_one.channel_file, *from_many.channel_file);
  EXPECT_EQ(allocations_many, allocations_one);

  // No buffer sized by the schema either: 20,000 types would need at least
  // one pointer each.
  const uint64_t peak_one = PeakBytesDuring([&] { (void)CompileSource(kSource, one); });
  const uint64_t peak_many = PeakBytesDuring([&] { (void)CompileSource(kSource, many); });
  EXPECT_LT(peak_many, peak_one + 20000 * sizeof(void*));
}

TEST(SchemaNameIndexTest, UnknownTypeAndFieldKeepTheirDiagnostics) {
  const Schema many = ManyTypesSchema(300);
  const CompileResult result = CompileSource(R"({
  "channel": 7, "content_version": 3,
  "instances": [
    {"id": 1, "type": "usd", "criteria": {}},
    {"id": 2, "type": "used", "criteria": {"path": {"prefix": "/"}, "cont": {"eq": 1}}}
  ]
})",
                                             many);
  ASSERT_EQ(Codes(result.report),
            (std::vector<Code>{Code::kUnknownTemplateType, Code::kSourceUnknownField}));
  const Diagnostic& type = result.report.diagnostics()[0];
  EXPECT_EQ(type.pointer(), "/instances/0/type");
  EXPECT_EQ(type.line(), 4u);
  EXPECT_EQ(type.column(), 23u);
  const Diagnostic& field = result.report.diagnostics()[1];
  EXPECT_EQ(field.pointer(), "/instances/1/criteria/cont");
  EXPECT_EQ(field.line(), 5u);
  EXPECT_EQ(field.column(), 77u);
}

// Loading a schema of 20,000 types: the JSON document (and what points into
// it) is freed before the schema builds its tables, so the heap peaks at
// less than the document's parse plus the schema that is kept.
TEST(SchemaLoadTest, DocumentIsGoneBeforeTheTablesAreBuilt) {
  std::string text = R"({"schema_version": 1, "channel": {"id": 7, "name": "many"},
                         "template_types": [)";
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(
        &text, i == 0 ? "" : ",", R"({"id": )", i + 1, R"(, "name": "t)", i,
        R"(", "fields": [{"name": "v", "type": "u8"}, {"name": "s", "type": "string"}]})");
  }
  text += R"(], "sensors": [{"version": "1.0", "inputs": {"t0": 2}}]})";
  internal::JsonError error;
  uint64_t parse_peak = 0;
  {
    internal::JsonDoc doc;
    parse_peak = PeakBytesDuring([&] { ASSERT_TRUE(internal::ParseJsonDoc(text, &doc, &error)); });
  }
  const uint64_t before = test::LiveBytes();
  SchemaLoadResult result;
  const uint64_t load_peak = PeakBytesDuring([&] { result = LoadSchema(text); });
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  const uint64_t kept = test::LiveBytes() - before;
  EXPECT_LT(load_peak, parse_peak + kept) << "parse " << parse_peak << ", kept " << kept;
}

}  // namespace
}  // namespace contentgate
