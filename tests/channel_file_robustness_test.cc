// Hostile inputs: every truncation of a valid file, all-zero files, counts
// near 2^32, string references near 2^64, random byte flips. The validator
// must never crash or read out of bounds (run this under ASan/UBSan too);
// verdicts are asserted where they are known.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "report_compare.h"
#include "test_support.h"
#include "validate_exact.h"

namespace contentgate {
namespace {

Report Validate(const std::string& file) {
  return ValidateChannelFile(AsBytes(file), test::ExampleSchema());
}

// A copy of `file` in its own heap block of exactly its size, so ASan sees
// any read past the end.
std::vector<uint8_t> Exact(const std::string& file) {
  return std::vector<uint8_t>(file.begin(), file.end());
}

TEST(RobustnessTest, EveryTruncation) {
  const std::string file = test::Encode(test::BaseContent());
  for (size_t n = 0; n < file.size(); ++n) {
    const std::vector<uint8_t> bytes = Exact(file.substr(0, n));
    const Report report = ValidateChannelFile(bytes, test::ExampleSchema());
    ASSERT_FALSE(report.valid()) << n;
    ASSERT_EQ(report.diagnostics().size(), 1u) << n;
    EXPECT_EQ(report.diagnostics()[0].code(),
              n < 64 ? Code::kFileTooShort : Code::kFileSizeMismatch)
        << n;
  }
}

TEST(RobustnessTest, AllZeroFiles) {
  for (size_t n : {1, 2, 63, 64, 65, 1000, 1 << 16}) {
    const Report report = Validate(std::string(n, '\0'));
    ASSERT_EQ(report.diagnostics().size(), 1u);
    EXPECT_EQ(report.diagnostics()[0].code(), Code::kAllZero);
  }
}

TEST(RobustnessTest, CountsNearTwoToThe32) {
  for (const size_t field :
       {CG_HEADER_INSTANCE_COUNT, CG_HEADER_CRITERION_COUNT, CG_HEADER_POOL_SIZE,
        CG_HEADER_POOL_OFFSET, CG_HEADER_CRITERION_TABLE_OFFSET, CG_HEADER_FILE_SIZE}) {
    for (const uint32_t value : {0xFFFFFFFFu, 0xFFFFFFF0u, 0x80000000u, 0x10000000u, 0x0AAAAAABu}) {
      std::string file = test::Encode(test::BaseContent());
      test::PatchLE32(&file, field, value);
      const Report report = ValidateChannelFile(Exact(file), test::ExampleSchema());
      EXPECT_FALSE(report.valid()) << field << " " << value;
    }
  }
}

TEST(RobustnessTest, StringReferencesNearTwoToThe64) {
  const std::string base = test::Encode(test::BaseContent());
  const size_t criterion = test::CriterionOffset(base, 0);
  for (const uint64_t offset :
       {~uint64_t{0}, ~uint64_t{0} - 30, uint64_t{1} << 63, uint64_t{31}, uint64_t{32}}) {
    for (const uint64_t length : {~uint64_t{0}, uint64_t{1}, uint64_t{0}, uint64_t{1} << 63}) {
      std::string file = base;
      test::PatchLE64(&file, criterion + 8, offset, false);
      test::PatchLE64(&file, criterion + 16, length);
      const Report report = ValidateChannelFile(Exact(file), test::ExampleSchema());
      ASSERT_FALSE(report.valid());
      bool outside = false;
      for (const Diagnostic& d : report.diagnostics())
        outside |= d.code() == Code::kStringOutsidePool;
      EXPECT_TRUE(outside || length == 0) << offset << " " << length;
    }
  }
}

TEST(RobustnessTest, RandomByteFlipsWithFixedCrcs) {
  const std::string base = test::Encode(test::BaseContent());
  std::mt19937 rng(291);
  for (int round = 0; round < 20000; ++round) {
    std::string file = base;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) file[rng() % file.size()] = static_cast<char>(rng());
    if (rng() % 8 != 0) test::FixCrcs(&file);
    const std::vector<uint8_t> bytes = Exact(file);
    ValidateOptions options;
    options.max_diagnostics = 1 + rng() % 4;
    const Report report = ValidateChannelFile(bytes, test::ExampleSchema(), options);
    ASSERT_LE(report.diagnostics().size(), options.max_diagnostics);
    const absl::StatusOr<ChannelFileView> view =
        ChannelFileView::Open(bytes, test::ExampleSchema());
    ASSERT_EQ(view.ok(), report.valid());
    if (view.ok()) {
      // Everything the view reads was bounds-checked by the validator.
      for (uint32_t k = 0; k < view->instance_count(); ++k) {
        const InstanceView instance = view->instance(k);
        for (uint32_t i = 0; i < instance.criterion_count(); ++i)
          (void)instance.criterion(i).text().size();
      }
    }
  }
}

TEST(RobustnessTest, RandomFilesWithValidEnvelope) {
  std::mt19937 rng(7);
  int invalid = 0;
  for (int round = 0; round < 5000; ++round) {
    const size_t instances = rng() % 4;
    const size_t criteria = rng() % 30;
    const size_t pool = rng() % 40;
    std::string file(64 + 16 * instances + 24 * criteria + pool, '\0');
    for (size_t i = 64; i < file.size(); ++i)
      file[i] = static_cast<char>(rng() % 4 == 0 ? rng() : rng() % 3);
    file.replace(0, 4, "CHNL");
    test::PatchLE16(&file, 4, 1, false);
    test::PatchLE16(&file, 6, 64, false);
    test::PatchLE32(&file, 8, 291, false);
    test::PatchLE32(&file, 16, file.size(), false);
    test::PatchLE32(&file, 24, 64, false);
    test::PatchLE32(&file, 28, instances, false);
    test::PatchLE32(&file, 32, 64 + 16 * instances, false);
    test::PatchLE32(&file, 36, criteria, false);
    test::PatchLE32(&file, 40, 64 + 16 * instances + 24 * criteria, false);
    test::PatchLE32(&file, 44, pool);
    const std::vector<uint8_t> exact_copy = Exact(file);
    const Report report = ValidateChannelFile(exact_copy, test::ExampleSchema());
    SCOPED_TRACE("round " + std::to_string(round) + "\n" + test::Describe(report));
    // A consistent report: the verdict is the error count, every count covers
    // what was kept, and every kept diagnostic is a catalog code located
    // inside the file.
    ASSERT_EQ(report.valid(), report.errors() == 0);
    size_t kept_errors = 0;
    for (const Diagnostic& d : report.diagnostics()) {
      ASSERT_NE(CodeName(d.code()), "") << static_cast<int>(d.code());
      ASSERT_EQ(ParseCode(CodeName(d.code())), d.code());
      ASSERT_TRUE(d.has_offset());
      ASSERT_LT(d.offset(), file.size());
      kept_errors += d.severity() == Severity::kError ? 1 : 0;
    }
    ASSERT_GE(report.errors(), kept_errors);
    ASSERT_GE(report.warnings(), report.diagnostics().size() - kept_errors);
    ASSERT_LE(report.diagnostics().size(), report.max_diagnostics());
    // The fast path agrees with the exact checks, diagnostic for diagnostic.
    Report reference;
    internal::ValidateChannelFileExact(exact_copy, test::ExampleSchema(), ValidateOptions(),
                                       &reference);
    ASSERT_EQ(test::ReportDifference(report, reference), "");
    invalid += report.valid() ? 0 : 1;
  }
  // Both verdicts were seen: the envelope lets some random bodies pass.
  EXPECT_GT(invalid, 0);
  EXPECT_LT(invalid, 5000);
}

}  // namespace
}  // namespace contentgate
