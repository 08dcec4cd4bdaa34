// Tests of the reference content generator: reproducible bytes, the
// criteria mix of each variant, valid files, and source that compiles to
// the same bytes.

#include "reference_content.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/source.h"
#include "test_support.h"

namespace contentgate::bench {
namespace {

using test::ExampleSchema;

Content Make(uint32_t instances, ReferenceMix mix, uint64_t seed = kReferenceSeed) {
  ReferenceSpec spec;
  spec.instances = instances;
  spec.mix = mix;
  spec.seed = seed;
  absl::StatusOr<Content> content = MakeReferenceContent(ExampleSchema(), spec);
  EXPECT_TRUE(content.ok()) << content.status();
  return content.ok() ? *std::move(content) : Content{};
}

TEST(ReferenceContentTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = EncodeChannelFile(Make(500, ReferenceMix::kMixed));
  EXPECT_EQ(a, EncodeChannelFile(Make(500, ReferenceMix::kMixed)));
  EXPECT_NE(a, EncodeChannelFile(Make(500, ReferenceMix::kMixed, kReferenceSeed + 1)));
}

// Valid for every sensor; the only diagnostics are CG401 for 7.11 (20
// inputs), one per instance, because field 21 is always `any`.
void ExpectValidEverywhere(const Content& content) {
  const std::string file = EncodeChannelFile(content);
  const Report all = ValidateChannelFile(AsBytes(file), ExampleSchema());
  EXPECT_TRUE(all.valid());
  EXPECT_EQ(all.errors(), 0u);
  EXPECT_EQ(all.warnings(), content.instances.size());
  for (const Diagnostic& d : all.diagnostics()) {
    EXPECT_EQ(d.code(), Code::kTrailingFieldsAny);
    EXPECT_EQ(d.sensor(), "7.11");
  }
  const Report full = ValidateChannelFile(AsBytes(file), ExampleSchema(),
                                          test::TargetSensors(ExampleSchema(), {"7.16"}));
  EXPECT_EQ(full.errors() + full.warnings(), 0u);
  for (const Instance& instance : content.instances) {
    ASSERT_EQ(instance.criteria.size(), 21u);
    EXPECT_EQ(instance.criteria[20].op, Op::kAny) << "instance " << instance.id;
  }
}

TEST(ReferenceContentTest, MixedHasAFifthStringCriteriaOf8To64Bytes) {
  const Content content = Make(2000, ReferenceMix::kMixed);
  ExpectValidEverywhere(content);
  const MixStats stats = ComputeMixStats(content);
  EXPECT_EQ(stats.criteria, 2000u * 21);
  EXPECT_NEAR(static_cast<double>(stats.string) / stats.criteria, 0.20, 0.01);
  EXPECT_EQ(stats.regex, 0u);
  EXPECT_EQ(stats.min_string_length, 8u);
  EXPECT_EQ(stats.max_string_length, 64u);
  // Every integer, enum and bool field is constrained; only string fields
  // and field 21 are ever `any`.
  const TemplateType& type = ExampleSchema().template_types()[0];
  for (const Instance& instance : content.instances) {
    for (size_t i = 0; i + 1 < instance.criteria.size(); ++i) {
      if (type.fields[i].type != FieldType::kString) {
        EXPECT_NE(instance.criteria[i].op, Op::kAny) << type.fields[i].name;
      }
    }
  }
}

TEST(ReferenceContentTest, RegexVariantHasTwoPercentDistinctPatterns) {
  const Content content = Make(3000, ReferenceMix::kRegex);
  ExpectValidEverywhere(content);
  const MixStats stats = ComputeMixStats(content);
  EXPECT_NEAR(static_cast<double>(stats.regex) / stats.criteria, 0.02, 0.003);
  std::set<std::string> patterns;
  for (const Instance& instance : content.instances) {
    for (const Criterion& c : instance.criteria) {
      if (c.op == Op::kRegex) patterns.insert(c.text);
    }
  }
  EXPECT_EQ(patterns.size(), stats.regex);
}

TEST(ReferenceContentTest, IntegerVariantHasNoStringCriteria) {
  const Content content = Make(1000, ReferenceMix::kIntegerOnly);
  ExpectValidEverywhere(content);
  const MixStats stats = ComputeMixStats(content);
  EXPECT_EQ(stats.string, 0u);
  EXPECT_EQ(stats.other, 1000u * 13);  // the 13 integer, enum and bool fields
}

TEST(ReferenceContentTest, SourceCompilesToTheWritersBytes) {
  for (ReferenceMix mix :
       {ReferenceMix::kMixed, ReferenceMix::kRegex, ReferenceMix::kIntegerOnly}) {
    const Content content = Make(300, mix);
    const CompileResult compiled =
        CompileSource(RenderSourceJson(content, ExampleSchema()), ExampleSchema());
    ASSERT_TRUE(compiled.channel_file.has_value()) << ReferenceMixName(mix);
    EXPECT_EQ(*compiled.channel_file, EncodeChannelFile(content)) << ReferenceMixName(mix);
  }
}

TEST(ReferenceContentTest, TenThousandInstancesIsAbout6Point6MB) {
  const std::string file = EncodeChannelFile(Make(10000, ReferenceMix::kMixed));
  EXPECT_GT(file.size(), 6400000u);
  EXPECT_LT(file.size(), 6800000u);
}

TEST(ReferenceContentTest, UnknownTemplateTypeIsAnError) {
  ReferenceSpec spec;
  spec.template_type = "no_such_type";
  const absl::StatusOr<Content> content = MakeReferenceContent(ExampleSchema(), spec);
  EXPECT_EQ(content.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace contentgate::bench
