#include "contentgate/diagnostic.h"

#include <gtest/gtest.h>

#include <string>

#include "core_messages.h"
#include "utf8.h"

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
  EXPECT_EQ(d.message().size(), Diagnostic::kMessageCapacity);
  d.set_field(std::string(100, 'f'));
  EXPECT_EQ(d.field(), std::string(Diagnostic::kFieldCapacity, 'f'));
  // Truncation never splits a UTF-8 sequence: 254 ASCII bytes and a 2-byte
  // character do not fit in 255, so the character goes.
  d.set_message(std::string(254, 'm') + "\xC3\xA9");
  EXPECT_EQ(d.message(), std::string(254, 'm'));
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
      EXPECT_TRUE(internal::IsValidUtf8NoNul(reinterpret_cast<const uint8_t*>(message.data()),
                                             message.size()))
          << "pad " << pad;
      EXPECT_GE(message.size(), Diagnostic::kMessageCapacity - 1) << "pad " << pad;
      EXPECT_EQ(message, std::string_view(text).substr(0, message.size())) << "pad " << pad;
    }
  }
}

TEST(ReportTest, CapKeepsFirstButCountsAll) {
  Report report(2);
  EXPECT_TRUE(report.valid());
  ASSERT_NE(report.Add(Code::kGlobMatchesAll), nullptr);
  ASSERT_NE(report.Add(Code::kTrailingFieldsAny), nullptr);
  EXPECT_EQ(report.Add(Code::kInputNotSupplied), nullptr);  // past the cap, still counted
  report.CountOnly(Severity::kWarning);
  EXPECT_EQ(report.diagnostics().size(), 2u);
  EXPECT_EQ(report.warnings(), 3u);
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

TEST(ReportTest, ZeroCapKeepsNothing) {
  Report report(0);
  EXPECT_EQ(report.Add(Code::kBadMagic), nullptr);
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_TRUE(report.diagnostics().empty());
}

}  // namespace
}  // namespace contentgate
