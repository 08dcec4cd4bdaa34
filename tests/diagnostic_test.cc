// Tests of the diagnostic catalog, Diagnostic's inline text and Report's cap.

#include "contentgate/diagnostic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contentgate/report_format.h"
#include "core_messages.h"

namespace contentgate {
namespace {

TEST(CatalogTest, SortedCompleteAndNamed) {
  const auto catalog = Catalog();
  ASSERT_FALSE(catalog.empty());
  for (size_t i = 0; i < catalog.size(); ++i) {
    const CatalogEntry& e = catalog[i];
    if (i > 0) {
      EXPECT_LT(static_cast<int>(catalog[i - 1].code), static_cast<int>(e.code));
    }
    EXPECT_EQ(e.name, "CG" + std::to_string(static_cast<int>(e.code)));
    EXPECT_FALSE(e.title.empty()) << e.name;
    EXPECT_EQ(&CatalogEntryFor(e.code), &e);
    EXPECT_EQ(ParseCode(e.name), e.code);
  }
  EXPECT_EQ(CodeName(Code::kHeaderCrcMismatch), "CG104");
  EXPECT_EQ(SeverityOf(Code::kGlobMatchesAll), Severity::kWarning);
  EXPECT_EQ(SeverityOf(Code::kInputNotSupplied), Severity::kError);
  EXPECT_EQ(CodeName(Code::kSourceBadOperand), "CG705");
}

TEST(CatalogTest, ParseCodeRejectsNonCodes) {
  EXPECT_EQ(ParseCode("CG104"), Code::kHeaderCrcMismatch);
  for (const char* text :
       {"", "CG", "CG10", "CG1040", "cg104", "CG109", "CG999", "XX104", "CG10a", "CG-04"}) {
    EXPECT_EQ(ParseCode(text), std::nullopt) << text;
  }
}

TEST(SeverityTest, Names) {
  EXPECT_EQ(SeverityName(Severity::kError), "error");
  EXPECT_EQ(SeverityName(Severity::kWarning), "warning");
}

TEST(DiagnosticTest, LocationsStartAbsentAndTextTruncates) {
  Diagnostic d(Code::kBadUtf8);
  EXPECT_FALSE(d.has_offset());
  EXPECT_FALSE(d.has_instance());
  EXPECT_FALSE(d.has_instance_id());
  EXPECT_FALSE(d.has_criterion());
  EXPECT_FALSE(d.has_field());
  EXPECT_FALSE(d.has_sensor());
  EXPECT_FALSE(d.has_pointer());
  EXPECT_FALSE(d.has_line());
  d.set_message(std::string(1000, 'm'));
  EXPECT_EQ(d.message(), std::string(Diagnostic::kMessageCapacity - 3, 'm') + "...");
  d.set_message(std::string(Diagnostic::kMessageCapacity, 'm'));
  EXPECT_EQ(d.message(), std::string(Diagnostic::kMessageCapacity, 'm'));  // fits: not cut
  d.set_field(std::string(100, 'f'));
  EXPECT_EQ(d.field(), std::string(Diagnostic::kFieldCapacity, 'f'));
  // Truncation never splits a UTF-8 sequence: 251 ASCII bytes and a 2-byte
  // character do not fit before the "..." in 255, so the character goes.
  d.set_message(std::string(251, 'm') + "\xC3\xA9" + std::string(10, 'm'));
  EXPECT_EQ(d.message(), std::string(251, 'm') + "...");
  d.set_sensor("7.11");
  EXPECT_EQ(d.sensor(), "7.11");
  d.set_offset(0);
  EXPECT_TRUE(d.has_offset());
  EXPECT_EQ(d.offset(), 0u);
  d.set_instance_id(0);
  EXPECT_TRUE(d.has_instance_id());
}

// The validator's two message builders (a format string, and pieces) cut a
// long message like set_message does: never inside a UTF-8 sequence,
// whatever the alignment of the text.
TEST(DiagnosticTest, MessageBuildersCutLongTextBetweenUtf8Sequences) {
  for (size_t pad = 0; pad < 4; ++pad) {
    std::string text(pad, 'a');
    for (int k = 0; k < 200; ++k) text += "\xC3\xA9";
    Diagnostic formatted(Code::kBadRegex);
    internal::SetMessage(&formatted, "%s", text);
    Diagnostic joined(Code::kBadRegex);
    internal::SetMessageParts(&joined, {text.substr(0, 100), text.substr(100)});
    for (const Diagnostic* d : {&formatted, &joined}) {
      const std::string_view message = d->message();
      EXPECT_TRUE(IsUtf8(message)) << "pad " << pad;
      EXPECT_GE(message.size(), Diagnostic::kMessageCapacity - 1) << "pad " << pad;
      ASSERT_EQ(message.substr(message.size() - 3), "...") << "pad " << pad;
      const std::string_view kept = message.substr(0, message.size() - 3);
      EXPECT_EQ(kept, std::string_view(text).substr(0, kept.size())) << "pad " << pad;
    }
  }
}

TEST(CatalogTest, CG404IsAWarningWithAnExplanation) {
  const std::optional<Code> code = ParseCode("CG404");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, Code::kUnsafeForOtherSensors);
  EXPECT_EQ(SeverityOf(*code), Severity::kWarning);
  EXPECT_EQ(CodeName(*code), "CG404");
  EXPECT_NE(ExplanationFor(*code).meaning.find("CG400 or CG402"), std::string_view::npos);
}

TEST(ReportTest, CapKeepsErrorsFirstButCountsAll) {
  Report report(2);
  EXPECT_TRUE(report.valid());
  ASSERT_NE(report.Add(Code::kGlobMatchesAll), nullptr);
  ASSERT_NE(report.Add(Code::kTrailingFieldsAny), nullptr);
  EXPECT_EQ(report.Add(Code::kUnreferencedPoolBytes), nullptr);  // a warning past the cap: counted
  // An error past the cap takes the place of the latest kept warning.
  ASSERT_NE(report.Add(Code::kInputNotSupplied), nullptr);
  report.CountOnly(Severity::kWarning);
  ASSERT_EQ(report.diagnostics().size(), 2u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kGlobMatchesAll);
  EXPECT_EQ(report.diagnostics()[1].code(), Code::kInputNotSupplied);
  EXPECT_EQ(report.warnings(), 4u);
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_FALSE(report.valid());
  EXPECT_FALSE(report.passes(false));
  report.Clear();
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.diagnostics().empty());
  report.Add(Code::kGlobMatchesAll);
  EXPECT_TRUE(report.passes(false));
  EXPECT_FALSE(report.passes(true));
}

// channel-file.md: 150 CG401 then one CG400, capped at 100, reports that
// CG400 and the first 99 warnings, in check order.
TEST(ReportTest, ErrorAfterAFullCapOfWarningsIsKept) {
  Report report(100);
  for (uint32_t i = 0; i < 150; ++i) {
    if (Diagnostic* d = report.Add(Code::kTrailingFieldsAny)) d->set_instance(i);
  }
  Diagnostic* error = report.Add(Code::kInputNotSupplied);
  ASSERT_NE(error, nullptr);
  error->set_instance(150);
  ASSERT_EQ(report.diagnostics().size(), 100u);
  for (uint32_t i = 0; i < 99; ++i) {
    EXPECT_EQ(report.diagnostics()[i].code(), Code::kTrailingFieldsAny);
    EXPECT_EQ(report.diagnostics()[i].instance(), i);
  }
  EXPECT_EQ(report.diagnostics()[99].code(), Code::kInputNotSupplied);
  EXPECT_EQ(report.diagnostics()[99].instance(), 150u);
  EXPECT_EQ(report.warnings(), 150u);
  EXPECT_EQ(report.errors(), 1u);
}

// Kept: the first min(N, E) errors, then the first warnings while room
// remains, all in check order, whatever the interleaving.
TEST(ReportTest, ErrorsFirstMatchesTheRuleForEveryInterleaving) {
  constexpr size_t kLength = 9;
  for (uint32_t mask = 0; mask < (1u << kLength); ++mask) {
    for (size_t cap = 0; cap <= 4; ++cap) {
      Report report(cap);
      for (uint32_t i = 0; i < kLength; ++i) {
        const Code code = (mask >> i) & 1 ? Code::kInputNotSupplied : Code::kTrailingFieldsAny;
        EXPECT_EQ(report.WouldKeep(SeverityOf(code)),
                  report.diagnostics().size() < cap ||
                      (SeverityOf(code) == Severity::kError &&
                       std::any_of(report.diagnostics().begin(), report.diagnostics().end(),
                                   [](const Diagnostic& d) {
                                     return d.severity() == Severity::kWarning;
                                   })));
        if (Diagnostic* d = report.Add(code)) d->set_instance(i);
      }
      std::vector<uint32_t> want;
      size_t errors = 0;
      for (uint32_t i = 0; i < kLength; ++i) errors += (mask >> i) & 1;
      const size_t kept_errors = std::min(cap, errors);
      size_t room = cap - kept_errors;
      size_t taken_errors = 0;
      for (uint32_t i = 0; i < kLength; ++i) {
        if ((mask >> i) & 1) {
          if (taken_errors++ < kept_errors) want.push_back(i);
        } else if (room > 0) {
          --room;
          want.push_back(i);
        }
      }
      std::vector<uint32_t> got;
      for (const Diagnostic& d : report.diagnostics()) got.push_back(d.instance());
      EXPECT_EQ(got, want) << "mask " << mask << " cap " << cap;
      EXPECT_EQ(report.errors(), errors);
      EXPECT_EQ(report.warnings(), kLength - errors);
    }
  }
}

TEST(ReportTest, ZeroCapKeepsNothing) {
  Report report(0);
  EXPECT_EQ(report.Add(Code::kBadMagic), nullptr);
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_TRUE(report.diagnostics().empty());
}

}  // namespace
}  // namespace contentgate
