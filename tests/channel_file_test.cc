// Every channel-file code (CG100-CG114, CG200-CG208, CG300-CG316,
// CG400-CG402) triggered with its code and locations asserted, plus the
// order of checks between phases.

#include "contentgate/channel_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "bytes.h"
#include "contentgate/content.h"
#include "contentgate/regex_cache.h"
#include "contentgate/source.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::AnyInstance;
using test::BaseContent;
using test::CriterionOffset;
using test::Encode;
using test::ExampleSchema;
using test::FixCrcs;
using test::IntCriterion;
using test::PatchLE16;
using test::PatchLE32;
using test::PatchLE64;
using test::PatchLE8;
using test::StringCriterion;
using test::TargetSensors;

// Layout of Encode(BaseContent()): 2 instances (21 + 4 criteria), then the
// criterion table (at 96) and the pool (at 696): "\\.\pipe\evil" (13 bytes)
// "*evil*" (6) "^evil[0-9]+$" (12). The file is 727 bytes.
constexpr size_t kCriteria = kHeaderSize + 2 * kInstanceEntrySize;
constexpr size_t kPool = kCriteria + 25 * kCriterionEntrySize;
constexpr size_t kPoolSize = 13 + 6 + 12;
constexpr size_t kFileSize = kPool + kPoolSize;
static_assert(kCriteria == 96 && kPool == 696 && kFileSize == 727);

size_t Crit(uint32_t j) { return kCriteria + kCriterionEntrySize * j; }

ValidateOptions Only716() { return TargetSensors(ExampleSchema(), {"7.16"}); }
ValidateOptions Only711() { return TargetSensors(ExampleSchema(), {"7.11"}); }

Report Validate(const std::string& file, const ValidateOptions& options = Only716(),
                const Schema& schema = ExampleSchema()) {
  return ValidateChannelFile(AsBytes(file), schema, options);
}

// The only kept diagnostic of `code`; fails the test unless exactly one.
const Diagnostic& Only(const Report& report, Code code) {
  const Diagnostic* found = nullptr;
  int count = 0;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() == code) {
      found = &d;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << CodeName(code);
  static const Diagnostic kMissing(Code::kFileTooShort);
  return found != nullptr ? *found : kMissing;
}

// Asserts a phase 1/2 verdict: exactly one diagnostic, `code` at `offset`.
void ExpectHeaderOnly(const Report& report, Code code, uint64_t offset) {
  ASSERT_EQ(test::Codes(report), std::vector<Code>{code}) << CodeName(code);
  const Diagnostic& d = report.diagnostics()[0];
  EXPECT_TRUE(d.has_offset());
  EXPECT_EQ(d.offset(), offset);
  EXPECT_FALSE(d.has_instance());
  EXPECT_FALSE(d.message().empty());
  EXPECT_FALSE(report.valid());
}

void ExpectInstance(const Diagnostic& d, uint32_t index, uint32_t id) {
  EXPECT_EQ(d.offset(), 64u + 16u * index);
  EXPECT_EQ(d.instance(), index);
  ASSERT_TRUE(d.has_instance_id());
  EXPECT_EQ(d.instance_id(), id);
  EXPECT_FALSE(d.has_criterion());
}

void ExpectCriterion(const Diagnostic& d, uint32_t instance, uint32_t id, uint32_t j, uint32_t i,
                     std::string_view field) {
  EXPECT_EQ(d.offset(), Crit(j));
  EXPECT_EQ(d.instance(), instance);
  EXPECT_EQ(d.instance_id(), id);
  EXPECT_EQ(d.criterion(), i);
  EXPECT_EQ(d.field(), field);
  EXPECT_FALSE(d.message().empty());
}

// A copy of the example schema with different channel limits / sensors.
Schema Variant(ChannelInfo channel, std::vector<Sensor> sensors) {
  const Schema& base = ExampleSchema();
  std::vector<TemplateType> types(base.template_types().begin(), base.template_types().end());
  return Schema(std::move(channel), std::move(types), std::move(sensors));
}
std::vector<Sensor> ExampleSensors() {
  const Schema& base = ExampleSchema();
  return std::vector<Sensor>(base.sensors().begin(), base.sensors().end());
}

// Content with one criterion of instance `instance` replaced.
std::string WithCriterion(size_t instance, size_t i, Criterion c) {
  Content content = BaseContent();
  content.instances[instance].criteria[i] = std::move(c);
  return Encode(content);
}

TEST(ChannelFileTest, BaseLayoutMatchesTheConstants) {
  const std::string file = Encode(BaseContent());
  ASSERT_EQ(file.size(), kFileSize);
  EXPECT_EQ(CriterionOffset(file, 0), kCriteria);
  const auto* p = reinterpret_cast<const uint8_t*>(file.data());
  EXPECT_EQ(internal::Load32(p + CG_HEADER_POOL_OFFSET), kPool);
  EXPECT_EQ(internal::Load32(p + CG_HEADER_POOL_SIZE), kPoolSize);
}

TEST(ChannelFileTest, ValidFileHasNoDiagnostics) {
  const Report report = Validate(Encode(BaseContent()));
  EXPECT_TRUE(report.valid());
  EXPECT_EQ(report.errors(), 0u);
  EXPECT_EQ(report.warnings(), 0u);
  EXPECT_TRUE(report.diagnostics().empty());
  ValidateOptions none;
  none.target_sensors.emplace();
  EXPECT_TRUE(Validate(Encode(BaseContent()), none).diagnostics().empty());
}

// Phase 1.

TEST(EnvelopeTest, CG108AllZeroWhateverTheLength) {
  ExpectHeaderOnly(Validate(std::string(16, '\0')), Code::kAllZero, 0);  // before CG100
  ExpectHeaderOnly(Validate(std::string(1, '\0')), Code::kAllZero, 0);
  ExpectHeaderOnly(Validate(std::string(kFileSize, '\0')), Code::kAllZero, 0);
}

TEST(EnvelopeTest, CG100Short) {
  ExpectHeaderOnly(Validate(""), Code::kFileTooShort, 0);
  ExpectHeaderOnly(Validate(Encode(BaseContent()).substr(0, 63)), Code::kFileTooShort, 0);
}

TEST(EnvelopeTest, CG101Magic) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 0, 0x4C4E4843 ^ 0x20);
  ExpectHeaderOnly(Validate(file), Code::kBadMagic, 0);
  PatchLE16(&file, 4, 2);  // a bad version too: phase 1 stops at CG101
  ExpectHeaderOnly(Validate(file), Code::kBadMagic, 0);
}

TEST(EnvelopeTest, CG102Version) {
  std::string file = Encode(BaseContent());
  PatchLE16(&file, 4, 2);
  ExpectHeaderOnly(Validate(file), Code::kUnsupportedVersion, 4);
}

TEST(EnvelopeTest, CG103HeaderSize) {
  std::string file = Encode(BaseContent());
  PatchLE16(&file, 6, 72);
  ExpectHeaderOnly(Validate(file), Code::kBadHeaderSize, 6);
}

TEST(EnvelopeTest, CG104HeaderCrcNamesBothValues) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 12, 8, /*fix_crcs=*/false);
  const Report report = Validate(file);
  ExpectHeaderOnly(report, Code::kHeaderCrcMismatch, 60);
  const uint32_t stored = internal::Load32(reinterpret_cast<const uint8_t*>(file.data()) + 60);
  char expected[32];
  std::snprintf(expected, sizeof expected, "0x%08X", stored);
  EXPECT_NE(report.diagnostics()[0].message().find(expected), std::string_view::npos)
      << report.diagnostics()[0].message();
  EXPECT_NE(report.diagnostics()[0].message().find("computed"), std::string_view::npos);
}

TEST(EnvelopeTest, CG105FileSize) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 16, kFileSize + 1);
  ExpectHeaderOnly(Validate(file), Code::kFileSizeMismatch, 16);
  // A truncated file keeps a valid header CRC.
  ExpectHeaderOnly(Validate(Encode(BaseContent()).substr(0, kFileSize - 1)),
                   Code::kFileSizeMismatch, 16);
}

TEST(EnvelopeTest, CG106TooLarge) {
  ChannelInfo channel = ExampleSchema().channel();
  channel.max_file_size = kFileSize - 1;
  const Schema schema = Variant(channel, ExampleSensors());
  ExpectHeaderOnly(Validate(Encode(BaseContent()), {}, schema), Code::kFileTooLarge, 16);
  channel.max_file_size = kFileSize;
  const Schema exact = Variant(channel, ExampleSensors());
  EXPECT_TRUE(Validate(Encode(BaseContent()), Only716(), exact).valid());
}

// channel-file.md's order: CG106 first, decided from the length alone, so
// it wins over CG108 (all zero), CG100 and every header check.
TEST(EnvelopeTest, CG106BeforeEveryOtherEnvelopeCheck) {
  ChannelInfo channel = ExampleSchema().channel();
  channel.max_file_size = 64;
  const Schema schema = Variant(channel, ExampleSensors());
  ExpectHeaderOnly(Validate(std::string(65, '\0'), {}, schema), Code::kFileTooLarge, 16);
  std::string file = Encode(BaseContent());
  file[0] = 'X';  // CG101 too
  ExpectHeaderOnly(Validate(file, {}, schema), Code::kFileTooLarge, 16);
}

TEST(EnvelopeTest, CG107FlagsAndReserved) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 20, 1);
  ExpectHeaderOnly(Validate(file), Code::kNonzeroHeaderReserved, 20);
  file = Encode(BaseContent());
  PatchLE8(&file, 55, 1);
  ExpectHeaderOnly(Validate(file), Code::kNonzeroHeaderReserved, 48);
}

// Phase 2.

TEST(LayoutTest, CG110InstanceTableOffset) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 24, 72);
  ExpectHeaderOnly(Validate(file), Code::kInstanceTableOffset, 24);
}

TEST(LayoutTest, CG111EachRegion) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 28, 0x10000000);  // 16 x count wraps to 0 in 32 bits
  ExpectHeaderOnly(Validate(file), Code::kRegionPastEnd, 28);
  file = Encode(BaseContent());
  PatchLE32(&file, 36, 0xFFFFFFFF);
  ExpectHeaderOnly(Validate(file), Code::kRegionPastEnd, 36);
  file = Encode(BaseContent());
  PatchLE32(&file, 44, kPoolSize + 1);
  ExpectHeaderOnly(Validate(file), Code::kRegionPastEnd, 44);
  file = Encode(BaseContent());
  PatchLE32(&file, 44, 0xFFFFFFFF);
  ExpectHeaderOnly(Validate(file), Code::kRegionPastEnd, 44);
}

TEST(LayoutTest, CG112CanonicalOffsets) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 32, kCriteria + 8);
  ExpectHeaderOnly(Validate(file), Code::kNonCanonicalOffset, 32);
  file = Encode(BaseContent());
  PatchLE32(&file, 40, kPool - 8);
  ExpectHeaderOnly(Validate(file), Code::kNonCanonicalOffset, 40);
}

TEST(LayoutTest, CG113TrailingBytes) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 44, kPoolSize - 1);
  ExpectHeaderOnly(Validate(file), Code::kTrailingBytes, 44);
}

TEST(LayoutTest, CG114PayloadCrc) {
  std::string file = Encode(BaseContent());
  file[kPool] ^= 1;
  // Fix only the header CRC, over the stale payload CRC.
  internal::Store32(reinterpret_cast<uint8_t*>(file.data()) + 60,
                    Crc32c(AsBytes(std::string_view(file).substr(0, 60))));
  ExpectHeaderOnly(Validate(file), Code::kPayloadCrcMismatch, 56);
}

TEST(LayoutTest, CG113BeforeCG114AndCG114BeforeCG206) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 44, kPoolSize - 1, false);
  file[kPool] ^= 1;
  internal::Store32(reinterpret_cast<uint8_t*>(file.data()) + 60,
                    Crc32c(AsBytes(std::string_view(file).substr(0, 60))));
  ExpectHeaderOnly(Validate(file), Code::kTrailingBytes, 44);

  file = Encode(BaseContent());
  PatchLE32(&file, 8, 292, false);
  file[kPool] ^= 1;
  internal::Store32(reinterpret_cast<uint8_t*>(file.data()) + 60,
                    Crc32c(AsBytes(std::string_view(file).substr(0, 60))));
  ExpectHeaderOnly(Validate(file), Code::kPayloadCrcMismatch, 56);
}

TEST(LayoutTest, CG208TooManyInstances) {
  ChannelInfo channel = ExampleSchema().channel();
  channel.max_instances = 1;
  const Schema schema = Variant(channel, ExampleSensors());
  ExpectHeaderOnly(Validate(Encode(BaseContent()), {}, schema), Code::kTooManyInstances, 28);
}

// Phase 3: instances.

TEST(InstanceTest, CG206ChannelDoesNotStopPhase3) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 8, 292);
  PatchLE32(&file, 64, 0);
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report),
            (std::vector<Code>{Code::kChannelIdMismatch, Code::kInstanceIdZero}));
  EXPECT_EQ(report.diagnostics()[0].offset(), 8u);
  EXPECT_FALSE(report.diagnostics()[0].has_instance());
  ExpectInstance(report.diagnostics()[1], 0, 0);
}

TEST(InstanceTest, CG201IdsIncrease) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 80, 1);
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kInstanceIdOrder});
  ExpectInstance(report.diagnostics()[0], 1, 1);
}

TEST(InstanceTest, CG202UnknownTypeGetsNoCriterionChecks) {
  std::string file = Encode(BaseContent());
  PatchLE16(&file, 68, 9);
  PatchLE8(&file, Crit(4), 99);  // would be CG300 in a known type
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnknownTemplateType});
  ExpectInstance(report.diagnostics()[0], 0, 1);
}

TEST(InstanceTest, CG203CriterionCount) {
  std::string file = Encode(BaseContent());
  PatchLE16(&file, 70, 4);  // 4 criteria declared for a 21-field type
  const Report report = Validate(file);
  ExpectInstance(Only(report, Code::kCriterionCountMismatch), 0, 1);
  // The next instance's expected first_criterion advanced by 4, not 21.
  ExpectInstance(Only(report, Code::kCriteriaNotContiguous), 1, 2);
  EXPECT_EQ(Only(report, Code::kCriterionTotalMismatch).offset(), 36u);
}

TEST(InstanceTest, CG204FirstCriterion) {
  std::string file = Encode(BaseContent());
  PatchLE32(&file, 88, 20);
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kCriteriaNotContiguous});
  ExpectInstance(report.diagnostics()[0], 1, 2);
}

TEST(InstanceTest, CG205HeaderCriterionCount) {
  // One extra criterion entry that no instance claims.
  std::string file = Encode(BaseContent());
  file.insert(kPool, std::string(24, '\0'));
  PatchLE32(&file, 36, 26, false);
  PatchLE32(&file, 40, kPool + 24, false);
  PatchLE32(&file, 16, file.size());
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kCriterionTotalMismatch});
  EXPECT_EQ(report.diagnostics()[0].offset(), 36u);
}

TEST(InstanceTest, CG207FlagsAndReserved) {
  std::string file = Encode(BaseContent());
  PatchLE16(&file, 76, 2);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kNonzeroInstanceReserved});
  ExpectInstance(report.diagnostics()[0], 0, 1);
  file = Encode(BaseContent());
  PatchLE16(&file, 94, 1);
  report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kNonzeroInstanceReserved});
  ExpectInstance(report.diagnostics()[0], 1, 2);
  file = Encode(BaseContent());
  PatchLE16(&file, 76, kInstanceDisabled);  // DISABLED is defined
  EXPECT_TRUE(Validate(file).diagnostics().empty());
}

// Phase 3: criteria.

TEST(CriterionTest, CG300UnknownOperator) {
  std::string file = Encode(BaseContent());
  PatchLE8(&file, Crit(4), 11);
  PatchLE8(&file, Crit(4) + 3, 1);  // reserved: not checked after CG300
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnknownOperator});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 4, 4, "client_pid");
}

TEST(CriterionTest, CG301NotInOpsOrWrongType) {
  // range on pipe_mode (ops any, eq, mask), with reserved bits and a reversed
  // range: CG301 ends the criterion's checks.
  std::string file = Encode(BaseContent());
  PatchLE8(&file, Crit(10), static_cast<uint8_t>(Op::kRange));
  PatchLE8(&file, Crit(10) + 2, 1);
  PatchLE64(&file, Crit(10) + 8, 9);
  PatchLE64(&file, Crit(10) + 16, 5);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kOperatorNotAllowed});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 10, 10, "pipe_mode");
  // A string operator on a u32 field.
  report = Validate(WithCriterion(0, 5, StringCriterion(Op::kStrEq, "x")));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kOperatorNotAllowed});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 5, 5, "server_session_id");
  // contains is valid for strings but not among pipe_name's ops.
  report = Validate(WithCriterion(0, 0, StringCriterion(Op::kContains, "x")));
  ExpectCriterion(Only(report, Code::kOperatorNotAllowed), 0, 1, 0, 0, "pipe_name");
}

TEST(CriterionTest, CG302ReservedAndNocase) {
  std::string file = Encode(BaseContent());
  PatchLE8(&file, Crit(5) + 7, 0x80);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kNonzeroCriterionReserved});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 5, 5, "server_session_id");
  file = Encode(BaseContent());
  PatchLE8(&file, Crit(5) + 1, 2);  // undefined flag bit
  report = Validate(file);
  ExpectCriterion(Only(report, Code::kNonzeroCriterionReserved), 0, 1, 5, 5, "server_session_id");
  file = Encode(BaseContent());
  PatchLE8(&file, Crit(6) + 1, kCriterionNocase);  // NOCASE on any
  report = Validate(file);
  ExpectCriterion(Only(report, Code::kNonzeroCriterionReserved), 0, 1, 6, 6, "client_session_id");
  Criterion eq = IntCriterion(Op::kEq, 5);
  eq.nocase = true;
  report = Validate(WithCriterion(0, 4, eq));
  ExpectCriterion(Only(report, Code::kNonzeroCriterionReserved), 0, 1, 4, 4, "client_pid");
  // NOCASE on a string operator is fine.
  EXPECT_TRUE(
      Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, "X", true))).diagnostics().empty());
}

TEST(CriterionTest, CG302AndCG304BothReported) {
  std::string file = WithCriterion(0, 4, IntCriterion(Op::kEq, 3));
  PatchLE8(&file, Crit(4) + 2, 1);
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report),
            (std::vector<Code>{Code::kNonzeroCriterionReserved, Code::kIntegerOutOfBounds}));
}

TEST(CriterionTest, CG303UnusedArguments) {
  std::string file = Encode(BaseContent());
  PatchLE64(&file, Crit(5) + 16, 1);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnusedArgumentNonzero});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 5, 5, "server_session_id");
  report = Validate(WithCriterion(0, 4, IntCriterion(Op::kEq, 5, 1)));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnusedArgumentNonzero});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 4, 4, "client_pid");
}

TEST(CriterionTest, CG304IntegerBounds) {
  Report report = Validate(WithCriterion(0, 4, IntCriterion(Op::kEq, 3)));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kIntegerOutOfBounds});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 4, 4, "client_pid");
  EXPECT_EQ(report.diagnostics()[0].message(), "client_pid value 3 is below the field's min 4");
  report = Validate(WithCriterion(0, 11, IntCriterion(Op::kNe, 256)));  // u16 [1, 255]
  ExpectCriterion(Only(report, Code::kIntegerOutOfBounds), 0, 1, 11, 11, "max_pipe_instances");
  report = Validate(WithCriterion(0, 12, IntCriterion(Op::kEq, uint64_t{1} << 32)));  // u32 width
  ExpectCriterion(Only(report, Code::kIntegerOutOfBounds), 0, 1, 12, 12, "out_buffer_size");
  // Boundaries are inside.
  EXPECT_TRUE(Validate(WithCriterion(0, 11, IntCriterion(Op::kEq, 255))).diagnostics().empty());
  EXPECT_TRUE(
      Validate(WithCriterion(0, 12, IntCriterion(Op::kEq, 0xFFFFFFFF))).diagnostics().empty());
  EXPECT_TRUE(Validate(WithCriterion(1, 2, IntCriterion(Op::kRange, 0, ~uint64_t{0})))
                  .diagnostics()
                  .empty());
  // Range operands are checked one by one.
  report = Validate(WithCriterion(0, 3, IntCriterion(Op::kRange, 0, 1)));
  EXPECT_EQ(test::Codes(report),
            (std::vector<Code>{Code::kIntegerOutOfBounds, Code::kIntegerOutOfBounds}));
}

TEST(CriterionTest, CG305RangeReversed) {
  const Report report = Validate(WithCriterion(1, 2, IntCriterion(Op::kRange, 50, 10)));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kRangeReversed});
  ExpectCriterion(report.diagnostics()[0], 1, 2, 23, 2, "bytes_written");
}

TEST(CriterionTest, CG306Mask) {
  for (const Criterion& c :
       {IntCriterion(Op::kMask, 0, 0), IntCriterion(Op::kMask, uint64_t{1} << 32, 0),
        IntCriterion(Op::kMask, 0xF0, 0x0F)}) {
    const Report report = Validate(WithCriterion(0, 9, c));
    ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kBadMask});
    ExpectCriterion(report.diagnostics()[0], 0, 1, 9, 9, "access_mask");
  }
  // [min, max] does not apply to mask operands: client_pid has min 4.
  Content content = BaseContent();
  EXPECT_TRUE(
      Validate(WithCriterion(0, 9, IntCriterion(Op::kMask, 0xFFFFFFFF, 0))).diagnostics().empty());
}

TEST(CriterionTest, CG307BoolAndEnum) {
  Report report = Validate(WithCriterion(0, 8, IntCriterion(Op::kEq, 2)));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kValueNotAllowed});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 8, 8, "is_remote");
  report = Validate(WithCriterion(0, 7, IntCriterion(Op::kNe, 3)));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kValueNotAllowed});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 7, 7, "transport");
  report = Validate(WithCriterion(0, 14, IntCriterion(Op::kEq, uint64_t{1} << 40)));
  ExpectCriterion(Only(report, Code::kValueNotAllowed), 0, 1, 14, 14, "server_integrity");
}

TEST(StringTest, CG310OutsidePool) {
  std::string file = Encode(BaseContent());
  PatchLE64(&file, Crit(0) + 8, kPoolSize);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kStringOutsidePool});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 0, 0, "pipe_name");
  file = Encode(BaseContent());
  PatchLE64(&file, Crit(0) + 8, ~uint64_t{0} - 3);  // offset + length wraps
  PatchLE64(&file, Crit(0) + 16, 13);
  report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kStringOutsidePool});
  file = Encode(BaseContent());
  PatchLE64(&file, Crit(0) + 8, 1);
  PatchLE64(&file, Crit(0) + 16, ~uint64_t{0});
  ASSERT_EQ(test::Codes(Validate(file)), std::vector<Code>{Code::kStringOutsidePool});
}

TEST(StringTest, CG311Utf8AndNul) {
  for (const std::string& bad : {std::string("a\xC0\xAF"), std::string("a\xED\xA0\x80"),
                                 std::string("a\0b", 3), std::string("\xF4\x90\x80\x80")}) {
    const Report report = Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, bad)));
    ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kBadUtf8});
    ExpectCriterion(report.diagnostics()[0], 0, 1, 0, 0, "pipe_name");
  }
  EXPECT_TRUE(Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, "caf\xC3\xA9")))
                  .diagnostics()
                  .empty());
}

TEST(StringTest, CG312Length) {
  Report report = Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, std::string(257, 'a'))));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kStringLength});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 0, 0, "pipe_name");
  EXPECT_TRUE(
      Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, std::string(256, 'a')))).valid());
  report = Validate(WithCriterion(0, 0, StringCriterion(Op::kStrEq, "")));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kStringLength});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 0, 0, "pipe_name");
}

TEST(StringTest, CG313TooManyWildcardsBackslashIsLiteral) {
  Report report = Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, "a*b*c*d*e*f*g*h*i*")));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kTooManyWildcards});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 16, 16, "server_command_line");
  report =
      Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, "\\*\\*\\*\\*\\*\\*\\*\\*\\*")));
  ExpectCriterion(Only(report, Code::kTooManyWildcards), 0, 1, 16, 16, "server_command_line");
  EXPECT_TRUE(Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, "a*b*c*d*e*f*g*h*")))
                  .diagnostics()
                  .empty());
}

TEST(StringTest, CG313CountsEveryStarAtEveryPosition) {
  // 8 stars (the limit) and 9 stars spread over 8-byte words and the tail.
  for (size_t length = 9; length <= 40; ++length) {
    for (size_t shift = 0; shift + 9 <= length; shift += 3) {
      std::string glob(length, 'a');
      for (size_t k = 0; k < 8; ++k) glob[shift + k * (length - shift - 1) / 8] = '*';
      ASSERT_EQ(std::count(glob.begin(), glob.end(), '*'), 8) << glob;
      EXPECT_TRUE(
          Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, glob))).diagnostics().empty())
          << glob;
      glob[length - 1] = '*';
      if (std::count(glob.begin(), glob.end(), '*') != 9) continue;
      const Report report = Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, glob)));
      ExpectCriterion(Only(report, Code::kTooManyWildcards), 0, 1, 16, 16, "server_command_line");
      EXPECT_FALSE(report.valid()) << glob;
    }
  }
  // Bytes next to '*' (0x2A) in value: ')' and '+', and high bytes.
  const std::string near = "))))++++\xC3\xA9\xC3\xA9)+*";
  EXPECT_TRUE(
      Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, near))).diagnostics().empty());
}

TEST(StringTest, CG315GlobOnlyStarsIsAWarning) {
  const Report report = Validate(WithCriterion(0, 16, StringCriterion(Op::kGlob, "**")));
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kGlobMatchesAll});
  ExpectCriterion(report.diagnostics()[0], 0, 1, 16, 16, "server_command_line");
  EXPECT_TRUE(report.valid());
  EXPECT_FALSE(report.passes(/*strict=*/true));
}

TEST(StringTest, CG314Regex) {
  for (const std::string& bad :
       {std::string("(?P<n>a)(?P=n)"), std::string("x{1001}"), std::string("(?<n>a)"),
        std::string("a{1000}b{1000}"), std::string("(")}) {
    const Report report = Validate(WithCriterion(1, 0, StringCriterion(Op::kRegex, bad)));
    ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kBadRegex}) << bad;
    ExpectCriterion(report.diagnostics()[0], 1, 2, 21, 0, "pipe_name");
  }
  // 404 instructions as written, more than 1000 case-insensitively.
  const std::string letters = "[a-z]{100}";
  EXPECT_TRUE(Validate(WithCriterion(1, 0, StringCriterion(Op::kRegex, letters))).valid());
  const Report nocase =
      Validate(WithCriterion(1, 0, StringCriterion(Op::kRegex, "[a-z]{400}", true)));
  ASSERT_EQ(test::Codes(nocase), std::vector<Code>{Code::kBadRegex});
}

TEST(StringTest, CG314WithASharedCacheAndRepeatedPatterns) {
  Content content = BaseContent();
  for (uint32_t id = 3; id <= 6; ++id) {
    Instance connect = AnyInstance(ExampleSchema(), id, 2);
    connect.criteria[0] = StringCriterion(Op::kRegex, id % 2 ? "x{2000}" : "^evil[0-9]+$");
    content.instances.push_back(connect);
  }
  RegexCache cache;
  ValidateOptions options = Only716();
  options.regex_cache = &cache;
  for (int run = 0; run < 2; ++run) {
    const Report report = Validate(Encode(content), options);
    ASSERT_EQ(test::Codes(report), (std::vector<Code>{Code::kBadRegex, Code::kBadRegex}));
    EXPECT_EQ(report.diagnostics()[0].instance_id(), 3u);
    EXPECT_EQ(report.diagnostics()[1].instance_id(), 5u);
  }
}

TEST(PoolTest, CG316UnreferencedBytes) {
  std::string file = Encode(BaseContent());
  file.push_back('z');
  PatchLE32(&file, 44, kPoolSize + 1, false);
  PatchLE32(&file, 16, file.size());
  const Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnreferencedPoolBytes});
  EXPECT_EQ(report.diagnostics()[0].offset(), kPool + kPoolSize);
  EXPECT_TRUE(report.valid());

  // Only when the file has no error at all.
  PatchLE32(&file, 8, 292);
  EXPECT_EQ(test::Codes(Validate(file)), std::vector<Code>{Code::kChannelIdMismatch});
}

TEST(PoolTest, CG316NonCanonicalPoolIsExact) {
  // Point the glob (pool [13, 19)) at [14, 19): byte 13 is unreferenced,
  // found by the exact fallback since the fast pass cannot decide.
  std::string file = WithCriterion(0, 16, StringCriterion(Op::kGlob, "*evil*"));
  PatchLE64(&file, Crit(16) + 8, 14);
  PatchLE64(&file, Crit(16) + 16, 5);
  Report report = Validate(file);
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kUnreferencedPoolBytes});
  EXPECT_EQ(report.diagnostics()[0].offset(), kPool + 13);
  // Strings out of pool order that still cover everything: no warning.
  file = Encode(BaseContent());
  PatchLE64(&file, Crit(0) + 8, 13);  // the prefix now reads "*evil*"
  PatchLE64(&file, Crit(0) + 16, 6);
  PatchLE64(&file, Crit(16) + 8, 0);  // the glob reads "\\.\pipe\evil"
  PatchLE64(&file, Crit(16) + 16, 13);
  report = Validate(file);
  EXPECT_TRUE(report.diagnostics().empty())
      << (report.diagnostics().empty() ? "" : report.diagnostics()[0].message());
}

// Phase 3: compatibility.

TEST(CompatTest, CG400ChannelFile291) {
  Content content = BaseContent();
  content.instances[0].criteria[20] = StringCriterion(Op::kStrEq, "C:\\x.exe");
  const std::string file = Encode(content);
  Report report = Validate(file, Only711());
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kInputNotSupplied});
  const Diagnostic& d = report.diagnostics()[0];
  ExpectCriterion(d, 0, 1, 20, 20, "client_parent_image_path");
  EXPECT_EQ(d.sensor(), "7.11");
  EXPECT_EQ(
      d.message(),
      "field 'client_parent_image_path' (criterion 20) is not supplied by sensor 7.11 (20 inputs)");
  EXPECT_TRUE(Validate(file, Only716()).diagnostics().empty());
  // DISABLED instances are checked like enabled ones.
  content.instances[0].disabled = true;
  report = Validate(Encode(content), {});
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kInputNotSupplied});
}

TEST(CompatTest, CG400OnTheIncidentExample) {
  // examples/channel-291.c291-repro.json, compiled for 7.16, checked for 7.11.
  const std::string source =
      test::ReadFile(test::SourcePath("examples/channel-291.c291-repro.json"));
  const CompileResult compiled = CompileSource(source, ExampleSchema(), Only716());
  ASSERT_TRUE(compiled.channel_file.has_value());
  const Report report = Validate(*compiled.channel_file, Only711());
  const Diagnostic& d = Only(report, Code::kInputNotSupplied);
  EXPECT_EQ(d.offset(), 1712u);  // criterion table at 128, criterion 66
  EXPECT_EQ(d.instance(), 3u);
  EXPECT_EQ(d.instance_id(), 13u);
  EXPECT_EQ(d.criterion(), 20u);
  EXPECT_EQ(d.field(), "client_parent_image_path");
  EXPECT_EQ(d.sensor(), "7.11");
}

TEST(CompatTest, CG401TrailingFieldsAny) {
  const Report report = Validate(Encode(BaseContent()), {});  // every sensor: 7.11 and 7.16
  ASSERT_EQ(test::Codes(report), std::vector<Code>{Code::kTrailingFieldsAny});
  ExpectInstance(report.diagnostics()[0], 0, 1);
  EXPECT_EQ(report.diagnostics()[0].sensor(), "7.11");
  EXPECT_TRUE(report.valid());
}

TEST(CompatTest, CG402NoInputList) {
  std::vector<Sensor> sensors = ExampleSensors();
  const Sensor old("7.9", {{0, 18}});  // no input list for type 1
  sensors.insert(sensors.begin(), old);
  const Schema schema = Variant(ExampleSchema().channel(), sensors);
  const Report report = Validate(Encode(BaseContent()), {}, schema);
  // Schema order of sensors: 7.9 (instance 0: CG401, instance 1: CG402), 7.11.
  ASSERT_EQ(test::Codes(report), (std::vector<Code>{Code::kTrailingFieldsAny,
                                                    Code::kTrailingFieldsAny, Code::kNoInputList}));
  EXPECT_EQ(report.diagnostics()[0].sensor(), "7.9");
  EXPECT_EQ(report.diagnostics()[1].sensor(), "7.11");
  ExpectInstance(report.diagnostics()[2], 1, 2);
  EXPECT_EQ(report.diagnostics()[2].sensor(), "7.9");
}

TEST(OrderTest, InstanceChecksThenCriteriaThenCompatThenCG205) {
  Content content = BaseContent();
  content.instances[0].criteria[20] = StringCriterion(Op::kStrEq, "x");
  content.instances[0].criteria[4] = IntCriterion(Op::kEq, 1);
  content.instances[1].criteria[3] = IntCriterion(Op::kEq, 9);
  std::string file = Encode(content);
  PatchLE16(&file, 76, 4);
  const Report report = Validate(file, {});
  EXPECT_EQ(test::Codes(report),
            (std::vector<Code>{Code::kNonzeroInstanceReserved, Code::kIntegerOutOfBounds,
                               Code::kInputNotSupplied, Code::kValueNotAllowed}));
}

TEST(CapTest, CapLimitsWhatIsKeptNotTheVerdict) {
  // Five instances leaving field 20 any (CG401 on 7.11), then one that uses it.
  Content content;
  content.channel_id = 291;
  for (uint32_t id = 1; id <= 6; ++id)
    content.instances.push_back(AnyInstance(ExampleSchema(), id, 1));
  content.instances[5].criteria[20] = StringCriterion(Op::kStrEq, "x");
  ValidateOptions options = Only711();
  options.max_diagnostics = 3;
  const Report report = Validate(Encode(content), options);
  EXPECT_EQ(report.diagnostics().size(), 3u);
  EXPECT_EQ(report.warnings(), 5u);
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_FALSE(report.valid());
}

TEST(ReportReuseTest, ClearedBetweenFiles) {
  Report report;
  ValidateChannelFile(AsBytes(""), ExampleSchema(), Only716(), &report);
  ASSERT_EQ(report.errors(), 1u);
  ValidateChannelFile(AsBytes(Encode(BaseContent())), ExampleSchema(), Only716(), &report);
  EXPECT_TRUE(report.diagnostics().empty());
  EXPECT_EQ(report.errors(), 0u);
}

}  // namespace
}  // namespace contentgate
