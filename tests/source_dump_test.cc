// Tests of DumpChannelFile: the exact rendering, refusal of files with
// errors for the targets, and compile(dump(file)) for canonical and
// non-canonical files.

#include <sys/mman.h>

#include <cstdint>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::ExampleSchema;
using test::TargetSensors;

// `file` dumped to source and compiled back, both for 7.16; "" (and a test
// failure) when either step fails.
std::string CompileBack(const std::string& file) {
  const ValidateOptions only716 = TargetSensors(ExampleSchema(), {"7.16"});
  const DumpResult dump = DumpChannelFile(AsBytes(file), ExampleSchema(), only716);
  EXPECT_TRUE(dump.source_json.has_value());
  if (!dump.source_json.has_value()) return {};
  const CompileResult back = CompileSource(*dump.source_json, ExampleSchema(), only716);
  EXPECT_TRUE(back.channel_file.has_value()) << test::Describe(back.report);
  return back.channel_file.value_or("");
}

TEST(SourceDumpTest, RendersTheSourceFormExactly) {
  absl::StatusOr<Schema> schema = Schema::FromJson(R"({"schema_version": 1,
    "channel": {"id": 7, "name": "tiny"},
    "template_types": [{"id": 3, "name": "t", "fields": [
      {"name": "n", "type": "u16"}, {"name": "s", "type": "string"},
      {"name": "k", "type": "enum", "values": {"x": 0, "y": 9}},
      {"name": "b", "type": "bool"}, {"name": "m", "type": "u8"}]}]})");
  ASSERT_TRUE(schema.ok()) << schema.status();
  Instance a;
  a.id = 5;
  a.template_type_id = 3;
  a.criteria.resize(5);
  a.criteria[1] = test::StringCriterion(Op::kPrefix, "a\"b\\c\td\xC3\xA9", true);
  a.criteria[2] = test::IntCriterion(Op::kEq, 9);
  a.criteria[3] = test::IntCriterion(Op::kNe, 0);
  a.criteria[4] = test::IntCriterion(Op::kMask, 6, 2);
  Instance b;
  b.id = 2;
  b.template_type_id = 3;
  b.disabled = true;
  b.criteria.resize(5);
  b.criteria[0] = test::IntCriterion(Op::kRange, 1, 300);
  const std::string file = EncodeChannelFile(Content{7, 258, {a, b}});

  DumpResult dump = DumpChannelFile(AsBytes(file), *schema);
  EXPECT_TRUE(dump.report.valid());
  ASSERT_TRUE(dump.source_json.has_value());
  EXPECT_EQ(*dump.source_json,
            "{\n"
            "  \"channel\": 7,\n"
            "  \"content_version\": 258,\n"
            "  \"instances\": [\n"
            "    {\n"
            "      \"id\": 2,\n"
            "      \"type\": \"t\",\n"
            "      \"disabled\": true,\n"
            "      \"criteria\": {\n"
            "        \"n\": {\"range\": [1, 300]}\n"
            "      }\n"
            "    },\n"
            "    {\n"
            "      \"id\": 5,\n"
            "      \"type\": \"t\",\n"
            "      \"criteria\": {\n"
            "        \"s\": {\"prefix\": \"a\\\"b\\\\c\\td\xC3\xA9\", \"nocase\": true},\n"
            "        \"k\": {\"eq\": \"y\"},\n"
            "        \"b\": {\"ne\": false},\n"
            "        \"m\": {\"mask\": [6, 2]}\n"
            "      }\n"
            "    }\n"
            "  ]\n"
            "}\n");
  CompileResult back = CompileSource(*dump.source_json, *schema);
  ASSERT_TRUE(back.channel_file.has_value());
  EXPECT_EQ(*back.channel_file, file);
}

TEST(SourceDumpTest, EmptyFileRendersEmptyInstances) {
  const std::string file = test::ReadSourceData("valid/empty.bin");
  DumpResult dump = DumpChannelFile(AsBytes(file), ExampleSchema());
  ASSERT_TRUE(dump.source_json.has_value());
  EXPECT_EQ(*dump.source_json,
            "{\n  \"channel\": 291,\n  \"content_version\": 7,\n  \"instances\": []\n}\n");
}

TEST(SourceDumpTest, GoodExampleDumpsWithWarningsAndCompilesBack) {
  const std::string file = test::ReadSourceData("valid/example-good-default.bin");
  DumpResult dump = DumpChannelFile(AsBytes(file), ExampleSchema());
  EXPECT_TRUE(dump.report.valid());
  EXPECT_EQ(dump.report.warnings(), 2u);  // CG401 for 7.11, two named-pipe instances
  ASSERT_TRUE(dump.source_json.has_value());
  EXPECT_EQ(dump.source_json->back(), '\n');
  CompileResult back = CompileSource(*dump.source_json, ExampleSchema());
  ASSERT_TRUE(back.channel_file.has_value());
  EXPECT_EQ(*back.channel_file, file);
}

TEST(SourceDumpTest, FileWithAnErrorForTheTargetsIsNotDumped) {
  const std::string file = test::ReadSourceData("valid/example-c291-repro-7.16.bin");
  DumpResult refused = DumpChannelFile(AsBytes(file), ExampleSchema());
  EXPECT_FALSE(refused.source_json.has_value());
  ASSERT_FALSE(refused.report.valid());
  EXPECT_EQ(refused.report.errors(), 1u);
  const Diagnostic* error = nullptr;
  for (const Diagnostic& d : refused.report.diagnostics()) {
    if (d.severity() == Severity::kError) error = &d;
  }
  ASSERT_NE(error, nullptr);
  const Diagnostic& d = *error;
  EXPECT_EQ(d.code(), Code::kInputNotSupplied);
  EXPECT_EQ(d.sensor(), "7.11");
  EXPECT_EQ(d.instance(), 3u);
  EXPECT_EQ(d.criterion(), 20u);

  DumpResult accepted =
      DumpChannelFile(AsBytes(file), ExampleSchema(), TargetSensors(ExampleSchema(), {"7.16"}));
  ASSERT_TRUE(accepted.source_json.has_value());
  EXPECT_NE(accepted.source_json->find("\"client_parent_image_path\": {\"suffix\": "),
            std::string::npos);
}

TEST(SourceDumpTest, CorruptFileIsNotDumped) {
  std::string file = test::ReadSourceData("valid/base.bin");
  file[70] ^= 1;  // inside the instance table: the payload CRC no longer matches
  DumpResult dump = DumpChannelFile(AsBytes(file), ExampleSchema());
  EXPECT_FALSE(dump.source_json.has_value());
  ASSERT_EQ(dump.report.diagnostics().size(), 1u);
  EXPECT_EQ(dump.report.diagnostics()[0].code(), Code::kPayloadCrcMismatch);
}

TEST(SourceDumpTest, GoldenFilesRoundTrip) {
  for (const char* name :
       {"base", "random-6", "random-40", "boundaries", "masks-exact-ints-regex-size",
        "glob-only-star", "default-targets", "empty", "bom"}) {
    SCOPED_TRACE(name);
    const std::string file = test::ReadSourceData(std::string("valid/") + name + ".bin");
    EXPECT_TRUE(CompileBack(file) == file);
  }
}

TEST(SourceDumpTest, NonCanonicalFilesCompileBackToTheirCanonicalForm) {
  for (const char* name : {"shared-pool-bytes", "unreferenced-pool-bytes"}) {
    SCOPED_TRACE(name);
    const std::string file = test::ReadSourceData(std::string("noncanonical/") + name + ".bin");
    const std::string want =
        test::ReadSourceData(std::string("noncanonical/") + name + ".want.bin");
    ASSERT_NE(file, want);
    EXPECT_TRUE(CompileBack(file) == want);
  }
}

TEST(SourceDumpTest, FileOverMaxFileSizeIsCG106AloneAndUnread) {
  const Schema& schema = test::LimitsSchema();
  ASSERT_EQ(schema.channel().max_file_size, 2048u);
  // Pages that cannot be read: reading any byte would crash the test.
  const size_t size = 4096;
  void* pages = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(pages, MAP_FAILED);
  const DumpResult result =
      DumpChannelFile(absl::Span<const uint8_t>(static_cast<const uint8_t*>(pages), 2049), schema);
  munmap(pages, size);
  EXPECT_FALSE(result.source_json.has_value());
  EXPECT_EQ(result.report.errors(), 1u);
  EXPECT_EQ(result.report.warnings(), 0u);
  ASSERT_EQ(result.report.diagnostics().size(), 1u);
  const Diagnostic& d = result.report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kFileTooLarge);
  EXPECT_EQ(d.offset(), 16u);
  EXPECT_EQ(d.message(), "file is 2049 bytes, larger than the channel's max_file_size 2048");
}

}  // namespace
}  // namespace contentgate
