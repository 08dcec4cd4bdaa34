// Heap allocations on the hot path, counted by replacing the global
// operator new: validating a valid file without diagnostics, a reused
// Report with warnings after warm-up, and ChannelFileView::Open must not
// allocate; a fresh Report allocates once for its first few diagnostics.
// A schema's memory is linear in its text however many sensors it has.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/schema.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::CountAllocations;

// A valid file without regex criteria (regex checks compile with RE2).
std::string NoRegexFile() {
  Content content = test::BaseContent();
  content.instances[1].criteria[0] = test::StringCriterion(Op::kGlob, "evil*");
  return test::Encode(content);
}

TEST(AllocTest, CounterWorks) {
  EXPECT_EQ(CountAllocations([] { ::operator delete(::operator new(16)); }), 1u);
}

TEST(AllocTest, ValidFileWithoutDiagnosticsAllocatesNothing) {
  const Schema& schema = test::ExampleSchema();
  const std::string file = NoRegexFile();
  const ValidateOptions options = test::TargetSensors(schema, {"7.16"});
  Report report;
  const uint64_t n =
      CountAllocations([&] { ValidateChannelFile(AsBytes(file), schema, options, &report); });
  EXPECT_TRUE(report.diagnostics().empty());
  EXPECT_EQ(n, 0u);
}

TEST(AllocTest, ReusedReportWithWarningsAllocatesNothingAfterWarmUp) {
  const Schema& schema = test::ExampleSchema();
  Content content = test::BaseContent();
  content.instances[1].criteria[0] = test::StringCriterion(Op::kGlob, "**");  // CG315
  std::string file = test::Encode(content);
  file.push_back('u');  // CG316: an unreferenced pool byte
  const uint32_t pool_size =
      internal::Load32(reinterpret_cast<const uint8_t*>(file.data()) + CG_HEADER_POOL_SIZE);
  test::PatchLE32(&file, CG_HEADER_POOL_SIZE, pool_size + 1, false);
  test::PatchLE32(&file, CG_HEADER_FILE_SIZE, file.size());
  const ValidateOptions options;  // every sensor: CG401 on 7.11
  Report report;
  ValidateChannelFile(AsBytes(file), schema, options, &report);
  ASSERT_TRUE(report.valid());
  ASSERT_EQ(report.warnings(), 3u)
      << (report.diagnostics().empty() ? "" : report.diagnostics()[0].message());
  const uint64_t n =
      CountAllocations([&] { ValidateChannelFile(AsBytes(file), schema, options, &report); });
  EXPECT_EQ(report.warnings(), 3u);
  EXPECT_EQ(n, 0u);
}

TEST(AllocTest, FreshReportKeepingFiveDiagnosticsAllocatesOnce) {
  Report report;
  const uint64_t n = CountAllocations([&] {
    for (int i = 0; i < 5; ++i) report.Add(Code::kHeaderCrcMismatch);
  });
  EXPECT_EQ(report.diagnostics().size(), 5u);
  EXPECT_EQ(n, 1u);  // room for eight at the first, not 1, 2, 4, 8
}

TEST(AllocTest, OpenOfAValidFileAllocatesNothing) {
  const Schema& schema = test::ExampleSchema();
  const std::string file = NoRegexFile();
  const ValidateOptions options = test::TargetSensors(schema, {"7.16"});
  bool ok = false;
  const uint64_t n = CountAllocations([&] {
    absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(AsBytes(file), schema, options);
    ok = view.ok() && view->instance_count() == 2;
  });
  EXPECT_TRUE(ok);
  EXPECT_EQ(n, 0u);
}

// Allocations of validating a file whose instances 3.. hold `patterns`.
long AllocationsWithRegexes(const std::vector<std::string>& patterns) {
  const Schema& schema = test::ExampleSchema();
  Content content = test::BaseContent();
  content.instances[1].criteria[0] = test::StringCriterion(Op::kGlob, "evil*");
  uint32_t id = 3;
  for (const std::string& pattern : patterns) {
    Instance instance = test::AnyInstance(schema, id++, 2);
    instance.criteria[0] = test::StringCriterion(Op::kRegex, pattern);
    content.instances.push_back(instance);
  }
  const std::string file = test::Encode(content);
  const ValidateOptions options = test::TargetSensors(schema, {"7.16"});
  Report report;
  const uint64_t n =
      CountAllocations([&] { ValidateChannelFile(AsBytes(file), schema, options, &report); });
  EXPECT_TRUE(report.diagnostics().empty());
  return n;
}

TEST(AllocTest, ARepeatedRegexIsCompiledOncePerCall) {
  const long one = AllocationsWithRegexes({"^evil[0-9]+$"});
  const long same = AllocationsWithRegexes(std::vector<std::string>(10, "^evil[0-9]+$"));
  std::vector<std::string> distinct;
  for (int k = 0; k < 10; ++k) distinct.push_back("^evil[0-9]+" + std::to_string(k) + "$");
  const long different = AllocationsWithRegexes(distinct);
  EXPECT_GT(one, 0);
  EXPECT_LT(same, one + one / 2) << one;  // one compile, a few memo entries
  EXPECT_GT(different, 5 * one) << one;   // ten compiles
}

// S sensors `{"version":"N","inputs":{}}` over T one-field template types:
// the shape that made the dense inputs table S x T (issue 12).
std::string SensorsOverTypes(int sensors, int types) {
  std::string text = R"({"schema_version":1,"channel":{"id":7,"name":"c"},"template_types":[)";
  for (int t = 0; t < types; ++t) {
    text += (t == 0 ? "" : ",") + std::string(R"({"id":)") + std::to_string(t + 1) +
            R"(,"name":"t)" + std::to_string(t) + R"(","fields":[{"name":"a","type":"bool"}]})";
  }
  text += R"(],"sensors":[)";
  for (int s = 0; s < sensors; ++s) {
    text += (s == 0 ? "" : ",") + std::string(R"({"version":")") + std::to_string(s + 1) +
            R"(","inputs":{}})";
  }
  return text + "]}";
}

TEST(AllocTest, SchemaMemoryIsLinearInSensorsPlusTypes) {
  constexpr int kCount = 2000;  // S = T: a dense table would be 16 MB, twice
  const std::string text = SensorsOverTypes(kCount, kCount);
  std::optional<SchemaLoadResult> result;
  const uint64_t before = test::LiveBytes();
  const uint64_t peak = test::PeakBytesDuring([&] { result = LoadSchema(text); });
  const uint64_t kept = test::LiveBytes() - before;
  ASSERT_TRUE(result->schema.has_value()) << test::Describe(result->report);
  EXPECT_EQ(result->schema->core_schema().sensor_count, uint32_t{kCount});
  EXPECT_EQ(result->schema->core_schema().sensors[kCount - 1].input_count, 0u);
  // About 1.6 MB kept and 3.9 MB at the peak (the JSON tree) when written.
  EXPECT_LT(kept, uint64_t{1000} * 2 * kCount) << kept;
  EXPECT_LT(peak, uint64_t{2000} * 2 * kCount) << peak;
}

}  // namespace
}  // namespace contentgate
