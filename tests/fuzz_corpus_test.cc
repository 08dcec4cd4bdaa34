// Checks that the committed seed corpora still mean what their names say:
// a seed named cgNNN-... triggers diagnostic CGNNN (channel files against
// some embedded fuzz schema, schema seeds when loaded, source seeds against
// the shipped channel-291 schema), and a seed named valid-... has no error.
// A change in the validator that silently turns a seed into a different
// shape fails here instead of quietly weakening the fuzzers.

#include <filesystem>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "fuzz_schemas.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate::fuzz {
namespace {

struct Seed {
  std::string name;  // file name without extension
  std::string bytes;
};

std::vector<Seed> Seeds(const std::string& target) {
  std::vector<Seed> seeds;
  std::error_code ec;
  std::filesystem::directory_iterator it(test::SourcePath("corpus/" + target), ec), end;
  EXPECT_FALSE(ec) << target;
  for (; !ec && it != end; it.increment(ec)) {
    seeds.push_back({it->path().stem().string(), test::ReadFile(it->path().string())});
  }
  EXPECT_FALSE(seeds.empty()) << target;
  return seeds;
}

// The code a seed's name promises ("cg314-huge" -> CG314), if any.
std::optional<Code> PromisedCode(const std::string& name) {
  if (name.size() < 5 || name.compare(0, 2, "cg") != 0) return std::nullopt;
  return ParseCode("CG" + name.substr(2, 3));
}

TEST(FuzzCorpusTest, ChannelSeedsTriggerTheirCode) {
  for (const Seed& seed : Seeds("channel_file_fuzzer")) {
    std::optional<Code> code = PromisedCode(seed.name);
    bool triggered = false;
    bool valid_somewhere = false;
    for (const Schema& schema : FuzzSchemas()) {
      Report report = ValidateChannelFile(AsBytes(seed.bytes), schema);
      if (code && test::FindCode(report, *code) != nullptr) triggered = true;
      ValidateOptions structural;
      structural.target_sensors = std::vector<uint32_t>{};
      if (ValidateChannelFile(AsBytes(seed.bytes), schema, structural).valid()) {
        valid_somewhere = true;
      }
    }
    if (code) {
      EXPECT_TRUE(triggered) << seed.name;
    } else {
      EXPECT_TRUE(valid_somewhere) << seed.name;
    }
  }
}

TEST(FuzzCorpusTest, SchemaSeedsTriggerTheirCode) {
  for (const Seed& seed : Seeds("schema_fuzzer")) {
    SchemaLoadResult result = LoadSchema(seed.bytes);
    if (std::optional<Code> code = PromisedCode(seed.name)) {
      EXPECT_TRUE((test::FindCode(result.report, *code) != nullptr))
          << seed.name << "\n"
          << test::Describe(result.report);
    } else {
      EXPECT_TRUE(result.report.valid()) << seed.name << "\n" << test::Describe(result.report);
    }
  }
}

TEST(FuzzCorpusTest, SourceSeedsTriggerTheirCode) {
  for (const Seed& seed : Seeds("source_fuzzer")) {
    ValidateOptions structural;
    structural.target_sensors = std::vector<uint32_t>{};
    if (std::optional<Code> code = PromisedCode(seed.name)) {
      CompileResult result = CompileSource(seed.bytes, FuzzSchemas()[0]);
      EXPECT_TRUE((test::FindCode(result.report, *code) != nullptr))
          << seed.name << "\n"
          << test::Describe(result.report);
    } else {
      CompileResult result = CompileSource(seed.bytes, FuzzSchemas()[0], structural);
      EXPECT_TRUE(result.report.valid()) << seed.name << "\n" << test::Describe(result.report);
    }
  }
}

}  // namespace
}  // namespace contentgate::fuzz
