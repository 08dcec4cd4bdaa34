// Tests of the fuzzers' raw channel-file model and structure-aware mutator
// (fuzz/raw_channel.h, fuzz/channel_mutator.h): decoding and re-encoding is
// lossless for a valid file, the encoder repairs layout and CRCs, and the
// mutator's outputs mostly get past the envelope while some are broken on
// purpose.

#include <cstring>
#include <string>
#include <vector>

#include "channel_mutator.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "fuzz_schemas.h"
#include "gtest/gtest.h"
#include "raw_channel.h"
#include "test_support.h"

namespace contentgate::fuzz {
namespace {

// A byte-level fallback that flips one byte, standing in for libFuzzer's.
size_t FlipOneByte(uint8_t* data, size_t size, size_t max_size) {
  (void)max_size;
  if (size > 0) data[size / 2] ^= 0x5A;
  return size;
}

std::string GoodFile() { return test::Encode(test::BaseContent()); }

Code FirstCode(const std::string& bytes) {
  Report report = ValidateChannelFile(AsBytes(bytes), test::ExampleSchema());
  return report.diagnostics().empty() ? Code::kUnreferencedPoolBytes
                                      : report.diagnostics()[0].code();
}

TEST(RawChannelTest, DecodeEncodeIsLosslessForAValidFile) {
  std::string good = GoodFile();
  RawChannelFile raw = DecodeRaw(AsBytes(good));
  ASSERT_EQ(raw.instances.size(), 2u);
  EXPECT_EQ(raw.instances[0].criteria.size(), 21u);
  EXPECT_EQ(raw.instances[1].criteria.size(), 4u);
  EXPECT_FALSE(raw.instances[1].keep_declared);
  EXPECT_EQ(EncodeRaw(raw), good);
}

TEST(RawChannelTest, EncoderRepairsLayoutAndCrcs) {
  std::string good = GoodFile();
  std::string broken = good;
  broken[CG_HEADER_PAYLOAD_CRC] ^= 1;
  ASSERT_EQ(FirstCode(broken), Code::kHeaderCrcMismatch);
  EXPECT_EQ(EncodeRaw(DecodeRaw(AsBytes(broken))), good);

  RawChannelFile raw = DecodeRaw(AsBytes(good));
  raw.instances.pop_back();
  std::string shorter = EncodeRaw(raw);
  Report report = ValidateChannelFile(AsBytes(shorter), test::ExampleSchema());
  // Layout and CRCs are consistent again; only the now unreferenced pool
  // bytes of the dropped instance remain.
  ASSERT_EQ(report.errors(), 0u);
}

TEST(RawChannelTest, DecodesAnyBytesWithClampedCounts) {
  std::string bytes = GoodFile().substr(0, 100);
  std::memset(bytes.data() + CG_HEADER_INSTANCE_COUNT, 0xFF, 4);
  RawChannelFile raw = DecodeRaw(AsBytes(bytes));
  EXPECT_EQ(raw.instances.size(), 2u);  // (100 - 64) / 16
  EXPECT_TRUE(DecodeRaw(AsBytes(std::string())).instances.empty());
  EXPECT_TRUE(DecodeRaw(AsBytes(std::string(3, 'C'))).pool.empty());
}

TEST(RawChannelTest, DecodeIntoAReusedFileForgetsThePreviousOne) {
  // A reused file first holds a larger one: two instances, orphan criteria,
  // a pool and trailing bytes.
  std::string good = GoodFile();
  RawChannelFile reused = DecodeRaw(AsBytes(good));
  reused.orphan_criteria.resize(3);
  reused.trailing = "tail";
  reused.instances[0].keep_declared = true;
  std::string smaller = good.substr(0, 100);
  std::memset(smaller.data() + CG_HEADER_INSTANCE_COUNT, 0, 4);
  smaller[CG_HEADER_INSTANCE_COUNT] = 1;
  DecodeRawInto(AsBytes(smaller), &reused);
  RawChannelFile fresh = DecodeRaw(AsBytes(smaller));
  ASSERT_EQ(reused.instances.size(), 1u);
  EXPECT_EQ(reused.instances[0].criteria.size(), fresh.instances[0].criteria.size());
  EXPECT_EQ(reused.instances[0].keep_declared, fresh.instances[0].keep_declared);
  EXPECT_EQ(reused.orphan_criteria.size(), fresh.orphan_criteria.size());
  EXPECT_EQ(reused.pool, fresh.pool);
  EXPECT_TRUE(reused.trailing.empty());
  EXPECT_EQ(EncodeRaw(reused, false, false, false), smaller);
  EXPECT_EQ(EncodeRaw(reused), EncodeRaw(fresh));

  // And a short file leaves no instance behind.
  DecodeRawInto(AsBytes(std::string(3, 'C')), &reused);
  EXPECT_TRUE(reused.instances.empty());
  EXPECT_TRUE(reused.pool.empty());
}

TEST(ChannelMutatorTest, IsDeterministicAndRespectsMaxSize) {
  const Schema& schema = FuzzSchemas()[0];
  std::string good = GoodFile();
  for (unsigned seed = 0; seed < 200; ++seed) {
    std::vector<uint8_t> a(good.begin(), good.end()), b = a;
    a.resize(4096);
    b.resize(4096);
    size_t na = MutateChannelFile(a.data(), good.size(), a.size(), seed, schema, FlipOneByte);
    size_t nb = MutateChannelFile(b.data(), good.size(), b.size(), seed, schema, FlipOneByte);
    ASSERT_LE(na, a.size());
    ASSERT_EQ(na, nb) << "seed " << seed;
    ASSERT_EQ(0, std::memcmp(a.data(), b.data(), na)) << "seed " << seed;
  }
}

TEST(ChannelMutatorTest, MostOutputsPassTheEnvelopeAndSomeAreBrokenOnPurpose) {
  const Schema& schema = FuzzSchemas()[0];
  std::string good = GoodFile();
  int past_envelope = 0;
  int valid = 0;
  int crc_broken = 0;
  const int kRuns = 2000;
  for (int seed = 0; seed < kRuns; ++seed) {
    std::vector<uint8_t> data(good.begin(), good.end());
    data.resize(1 << 16);
    size_t n = MutateChannelFile(data.data(), good.size(), data.size(), seed, schema, FlipOneByte);
    std::string out(reinterpret_cast<const char*>(data.data()), n);
    Report report = ValidateChannelFile(AsBytes(out), schema);
    Code first = report.diagnostics().empty() ? Code::kUnreferencedPoolBytes
                                              : report.diagnostics()[0].code();
    if (report.valid()) ++valid;
    if (static_cast<int>(first) >= 200) ++past_envelope;
    if (first == Code::kHeaderCrcMismatch || first == Code::kPayloadCrcMismatch) ++crc_broken;
  }
  EXPECT_GT(past_envelope, kRuns / 2);
  EXPECT_GT(valid, kRuns / 20);
  EXPECT_GT(crc_broken, 0);
  EXPECT_LT(crc_broken, kRuns / 4);
}

TEST(ChannelMutatorTest, CrossOverRelocatesStringsIntoTheJoinedPool) {
  std::string good = GoodFile();
  int valid = 0;
  for (unsigned seed = 0; seed < 50; ++seed) {
    std::vector<uint8_t> out(1 << 16);
    size_t n = CrossOverChannelFiles(reinterpret_cast<const uint8_t*>(good.data()), good.size(),
                                     reinterpret_cast<const uint8_t*>(good.data()), good.size(),
                                     out.data(), out.size(), seed);
    ASSERT_GE(n, kHeaderSize);
    std::string joined(reinterpret_cast<const char*>(out.data()), n);
    Report report = ValidateChannelFile(AsBytes(joined), test::ExampleSchema());
    // Ids may repeat (CG201) and pool bytes go unused (CG316), but every
    // string operand still lies in the pool.
    for (const Diagnostic& d : report.diagnostics()) {
      EXPECT_NE(d.code(), Code::kStringOutsidePool) << "seed " << seed;
      EXPECT_GE(static_cast<int>(d.code()), 200) << "seed " << seed;
    }
    if (report.valid()) ++valid;
  }
  EXPECT_GT(valid, 0);
}

}  // namespace
}  // namespace contentgate::fuzz
