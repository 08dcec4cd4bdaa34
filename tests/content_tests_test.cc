// File: tests/content_tests_test.cc
// Tests files and RunContentTests: CG900-CG903, CG906, CG907 and CG700 with
// their locations, per-sensor inputs, skipped tests and coverage, and the
// cost of a failing test.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/channel_view.h"
#include "contentgate/release.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::ExampleSchema;

// BaseContent plus instance 13 constraining field 20, which 7.11 does not
// supply.
class ContentTestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Content content = test::BaseContent();
    Instance late = test::AnyInstance(ExampleSchema(), 13, 1);
    late.criteria[20] = test::StringCriterion(Op::kSuffix, "rundll32.exe", true);
    content.instances.push_back(late);
    file_ = test::Encode(content);
    ValidateOptions options;
    options.target_sensors = std::vector<uint32_t>{};
    absl::StatusOr<ChannelFileView> view =
        ChannelFileView::Open(AsBytes(file_), ExampleSchema(), options);
    ASSERT_TRUE(view.ok()) << view.status();
    view_ = *view;
  }

  ContentTests Load(const std::string& json) {
    return LoadContentTests(json, ExampleSchema(), *view_);
  }

  ContentTestSummary Run(const ContentTests& tests, Report* report) {
    ContentTestOptions options;
    options.schema = &ExampleSchema();
    return RunContentTests(*view_, tests.tests, options, report);
  }

  std::string file_;
  std::optional<ChannelFileView> view_;
};

std::vector<Code> Codes(const Report& report) {
  std::vector<Code> codes;
  for (const Diagnostic& d : report.diagnostics()) codes.push_back(d.code());
  return codes;
}

constexpr char kGood[] = R"({"channel": 291, "tests": [
  {"name": "evil pipe", "instance": 1,
   "event": {"pipe_name": "\\\\.\\pipe\\evil1", "client_pid": 1234, "transport": "smb",
             "access_mask": 1, "server_command_line": "an evil one"},
   "expect": "match"},
  {"name": "connect", "instance": 2,
   "event": {"pipe_name": "evil7", "bytes_written": 50, "impersonation": true},
   "expect": "match"},
  {"name": "rundll on 7.16", "instance": 13, "sensor": "7.16",
   "event": {"client_parent_image_path": "C:\\RUNDLL32.EXE"}, "expect": "match"}
]})";

TEST_F(ContentTestsTest, PassingTestsCoverEverySuppliedField) {
  const ContentTests tests = Load(kGood);
  ASSERT_TRUE(tests.report.diagnostics().empty()) << tests.report.diagnostics()[0].message();
  Report report;
  const ContentTestSummary s = Run(tests, &report);
  EXPECT_EQ(s.results.size(), 5u);  // 2 tests x 2 sensors + 1
  EXPECT_EQ(s.passed, 5u);
  EXPECT_EQ(s.fields_covered, s.fields.size());
  // Instance 13 has no passing match test on 7.11 (it cannot run there).
  ASSERT_EQ(Codes(report), std::vector<Code>{Code::kInstanceNotCovered});
  EXPECT_EQ(report.diagnostics()[0].instance_id(), 13u);
  EXPECT_EQ(report.diagnostics()[0].sensor(), "7.11");
  EXPECT_EQ(report.diagnostics()[0].offset(), 64u + 2 * 16u);
}

TEST_F(ContentTestsTest, FailingTestIsCG900NamingWhatEachCriterionSaw) {
  const ContentTests tests = Load(R"({"channel": 291, "tests": [
    {"name": "wrong pid", "instance": 1, "sensor": "7.16",
     "event": {"pipe_name": "\\\\.\\pipe\\evil1", "client_pid": 9, "transport": "smb",
               "access_mask": 1, "server_command_line": "evil"}, "expect": "match"}]})");
  ASSERT_TRUE(tests.report.valid());
  Report report;
  const ContentTestSummary s = Run(tests, &report);
  ASSERT_FALSE(report.diagnostics().empty());
  const Diagnostic& d = report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kTestFailed);
  EXPECT_EQ(d.instance_id(), 1u);
  EXPECT_EQ(d.sensor(), "7.16");
  EXPECT_EQ(d.offset(), 64u);
  EXPECT_NE(d.message().find("\"wrong pid\""), std::string_view::npos);
  EXPECT_NE(d.message().find("client_pid eq saw 9 (no match)"), std::string_view::npos)
      << d.message();
  ASSERT_EQ(s.results.size(), 1u);
  EXPECT_EQ(s.results[0].got, TestOutcome::kNoMatch);
  EXPECT_EQ(s.results[0].criteria.size(), 5u);
}

TEST_F(ContentTestsTest, ReadPastTheSensorsInputsIsCG901AtTheCriterion) {
  const ContentTests tests = Load(R"({"channel": 291, "tests": [
    {"name": "rundll everywhere", "instance": 13,
     "event": {"client_parent_image_path": "C:\\RUNDLL32.EXE"}, "expect": "match"}]})");
  Report report;
  const ContentTestSummary s = Run(tests, &report);
  ASSERT_FALSE(report.diagnostics().empty());
  const Diagnostic& d = report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kTestOutOfBounds);
  EXPECT_EQ(d.sensor(), "7.11");
  EXPECT_EQ(d.instance_id(), 13u);
  EXPECT_EQ(d.criterion(), 20u);
  EXPECT_EQ(d.field(), "client_parent_image_path");
  EXPECT_EQ(d.offset(), test::CriterionOffset(file_, 21 + 4 + 20));
  ASSERT_EQ(s.results.size(), 2u);
  EXPECT_EQ(s.results[0].got, TestOutcome::kOutOfBounds);
  EXPECT_EQ(s.results[1].got, TestOutcome::kMatch);
}

TEST_F(ContentTestsTest, UncoveredFieldIsCG902AtItsFirstConstrainingInstance) {
  const ContentTests tests = Load(R"({"channel": 291, "tests": [
    {"name": "connect", "instance": 2, "sensor": "7.16",
     "event": {"pipe_name": "evil7", "bytes_written": 50, "impersonation": true},
     "expect": "match"}]})");
  Report report;
  ContentTestOptions options;
  options.schema = &ExampleSchema();
  options.target_sensors = std::vector<uint32_t>{1};
  const ContentTestSummary s = RunContentTests(*view_, tests.tests, options, &report);
  ASSERT_FALSE(report.diagnostics().empty());
  const Diagnostic& d = report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kFieldNotCovered);
  EXPECT_EQ(d.field(), "pipe_name");
  EXPECT_EQ(d.instance_id(), 1u);
  EXPECT_EQ(d.criterion(), 0u);
  EXPECT_EQ(d.sensor(), "7.16");
  EXPECT_EQ(d.offset(), test::CriterionOffset(file_, 0));
  EXPECT_EQ(s.fields_covered, 3u);  // ipc_pipe_connect's three fields
}

TEST_F(ContentTestsTest, TestForANonTargetSensorIsSkipped) {
  const ContentTests tests = Load(kGood);
  Report report;
  ContentTestOptions options;
  options.schema = &ExampleSchema();
  options.target_sensors = std::vector<uint32_t>{0};
  const ContentTestSummary s = RunContentTests(*view_, tests.tests, options, &report);
  ASSERT_EQ(s.results.size(), 3u);
  EXPECT_EQ(s.results[2].got, TestOutcome::kSkipped);
  EXPECT_EQ(s.skipped, 1u);
}

struct BadCase {
  const char* json;
  Code code;
  const char* pointer;
  uint32_t line;
  uint32_t column;
};

TEST_F(ContentTestsTest, MalformedTestsFilesAreCG906Or907WithPointerAndPosition) {
  const BadCase cases[] = {
      {R"({"channel": 291, "tests": [], "x": 1})", Code::kTestsBadFile, "/x", 1, 36},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 1, "event": {},
"expect": "maybe"}]})",
       Code::kTestsBadFile, "/tests/0/expect", 2, 11},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 1, "event": {"nope": 1},
"expect": "match"}]})",
       Code::kTestsBadFile, "/tests/0/event/nope", 1, 75},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 1,
"event": {"client_pid": -1}, "expect": "match"}]})",
       Code::kTestsBadFile, "/tests/0/event/client_pid", 2, 25},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 2,
"event": {"$type": "ipc_named_pipe"}, "expect": "match"}]})",
       Code::kTestsBadFile, "/tests/0/event/$type", 2, 20},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 1, "event": {}, "expect": "match"},
{"name": "a", "instance": 2, "event": {}, "expect": "match"}]})",
       Code::kTestsBadFile, "/tests/1/name", 2, 10},
      {R"({"channel": 291, "channel": 291, "tests": []})", Code::kTestsBadFile, "/channel", 1, 0},
      {R"({"channel": 292, "tests": []})", Code::kTestsUnknownName, "/channel", 1, 13},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 99, "event": {}, "expect": "match"}]})",
       Code::kTestsUnknownName, "/tests/0/instance", 1, 54},
      {R"({"channel": 291, "tests": [{"name": "a", "instance": 1, "sensor": "9.9", "event": {},
"expect": "match"}]})",
       Code::kTestsUnknownName, "/tests/0/sensor", 1, 67},
  };
  for (const BadCase& c : cases) {
    const ContentTests tests = Load(c.json);
    ASSERT_FALSE(tests.report.diagnostics().empty()) << c.json;
    const Diagnostic& d = tests.report.diagnostics()[0];
    EXPECT_EQ(d.code(), c.code) << c.json << ": " << d.message();
    EXPECT_EQ(d.pointer(), c.pointer) << c.json;
    EXPECT_EQ(d.line(), c.line) << c.json;
    if (c.column != 0) {
      EXPECT_EQ(d.column(), c.column) << c.json;
    }
    EXPECT_TRUE(tests.tests.empty() || c.code == Code::kTestsBadFile) << c.json;
  }
}

TEST_F(ContentTestsTest, TextThatIsNotJsonIsCG700WithPosition) {
  const ContentTests tests = Load("{\"channel\": 291,\n \"tests\": [}");
  ASSERT_EQ(Codes(tests.report), std::vector<Code>{Code::kSourceNotJson});
  EXPECT_EQ(tests.report.diagnostics()[0].line(), 2u);
  const ContentTests nul = Load(std::string("{\"channel\": 291, \"tests\": []}\0", 30));
  EXPECT_FALSE(nul.report.valid());
}

// A test keeps the values its event gives, not a default per field of its
// type: 200 tests with empty events on instance 1 (ipc_named_pipe, 21
// fields) hold no more memory than on instance 2 (ipc_pipe_connect, 4).
TEST_F(ContentTestsTest, ATestHoldsItsEventNotItsTypesWidth) {
  const auto retained = [&](int instance) {
    std::string json = R"({"channel": 291, "tests": [)";
    for (int i = 0; i < 200; ++i) {
      absl::StrAppend(&json, i == 0 ? "" : ",", R"({"name": "t)", 1000 + i, R"(", "instance": )",
                      instance, R"(, "event": {}, "expect": "match"})");
    }
    json += "]}";
    const uint64_t before = test::LiveBytes();
    const auto tests = std::make_unique<ContentTests>(Load(json));
    EXPECT_EQ(tests->tests.size(), 200u);
    return test::LiveBytes() - before;
  };
  const uint64_t wide = retained(1);
  const uint64_t narrow = retained(2);
  EXPECT_LE(wide, narrow + 1024) << wide << " " << narrow;
}

// `failures` tests of one instance whose three string criteria all use `op`
// and that never match, run on 7.16: the allocations of the run.
uint64_t FailingRunAllocations(Op op, int failures, uint64_t* evaluations) {
  Content content;
  content.channel_id = 291;
  Instance instance = test::AnyInstance(ExampleSchema(), 20, 1);
  instance.criteria[0] = test::StringCriterion(op, "alpha_[0-9a-f]{8}_(x|y|z)+");
  instance.criteria[1] = test::StringCriterion(op, "beta_[0-9a-f]{8}_(x|y|z)+");
  instance.criteria[2] = test::StringCriterion(op, "gamma_[0-9a-f]{8}_(x|y|z)+");
  content.instances.push_back(instance);
  const std::string file = test::Encode(content);
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(AsBytes(file), ExampleSchema());
  EXPECT_TRUE(view.ok()) << view.status();
  if (!view.ok()) return 0;
  std::string json = R"({"channel": 291, "tests": [)";
  for (int i = 0; i < failures; ++i) {
    absl::StrAppend(&json, i == 0 ? "" : ",", R"({"name": "t)", i,
                    R"(", "instance": 20, "sensor": "7.16", "event": {}, "expect": "match"})");
  }
  json += "]}";
  const ContentTests tests = LoadContentTests(json, ExampleSchema(), *view);
  EXPECT_TRUE(tests.report.valid());
  ContentTestOptions options;
  options.schema = &ExampleSchema();
  Report report;
  ContentTestSummary summary;
  const uint64_t allocations = test::CountAllocations(
      [&] { summary = RunContentTests(*view, tests.tests, options, &report); });
  EXPECT_EQ(summary.failed, static_cast<size_t>(failures));
  *evaluations = summary.evaluations;
  return allocations;
}

// A failing test reports what each criterion saw, judged by the content's
// interpreter: a regex criterion is not compiled again per failure, so a
// failure costs what it costs with str_eq criteria of the same texts.
TEST(ContentTestsCost, FailingTestDoesNotCompileItsRegexesAgain) {
  uint64_t evaluations = 0;
  const uint64_t regex_one = FailingRunAllocations(Op::kRegex, 1, &evaluations);
  const uint64_t regex_many = FailingRunAllocations(Op::kRegex, 65, &evaluations);
  EXPECT_EQ(evaluations, 65u * (1 + 3));  // the test, then each criterion alone
  const uint64_t literal_one = FailingRunAllocations(Op::kStrEq, 1, &evaluations);
  const uint64_t literal_many = FailingRunAllocations(Op::kStrEq, 65, &evaluations);
  const uint64_t per_regex_failure = (regex_many - regex_one) / 64;
  const uint64_t per_literal_failure = (literal_many - literal_one) / 64;
  EXPECT_LE(per_regex_failure, per_literal_failure)
      << regex_one << " " << regex_many << " " << literal_one << " " << literal_many;
  EXPECT_LE(per_literal_failure, 16u);
}

}  // namespace
}  // namespace contentgate
