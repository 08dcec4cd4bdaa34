// File: tests/report_format_test.cc

#include "contentgate/report_format.h"

#include <string>

#include "gtest/gtest.h"

namespace contentgate {
namespace {

// A channel-file report: CG400 with every channel location, and a warning.
Report ChannelReport(size_t cap = 100) {
  Report report(cap);
  if (Diagnostic* d = report.Add(Code::kTrailingFieldsAny)) {
    d->set_message("sensor 7.11 supplies 20 of the 21 fields");
    d->set_offset(64);
    d->set_instance(0);
    d->set_instance_id(10);
    d->set_sensor("7.11");
  }
  if (Diagnostic* d = report.Add(Code::kInputNotSupplied)) {
    d->set_message("field 'f' (criterion 20) is not supplied by sensor 7.11 (20 inputs)");
    d->set_offset(1712);
    d->set_instance(3);
    d->set_instance_id(13);
    d->set_criterion(20);
    d->set_field("f");
    d->set_sensor("7.11");
  }
  return report;
}

Report SourceReport() {
  Report report;
  if (Diagnostic* d = report.Add(Code::kSourceNotJson)) {
    d->set_message("line\nbreak \"quoted\"");
    d->set_pointer("");
    d->set_line_column(2, 14);
  }
  return report;
}

TEST(ReportFormatTest, ParsesFormatsAndNamesKinds) {
  EXPECT_EQ(ParseOutputFormat("text"), OutputFormat::kText);
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("sarif"), OutputFormat::kSarif);
  EXPECT_EQ(ParseOutputFormat("xml"), std::nullopt);
  EXPECT_EQ(ResultKindName(ResultKind::kSchema), "schema");
  EXPECT_EQ(ResultKindOf(FileKind::kSource), ResultKind::kSource);
}

TEST(ReportFormatTest, TextLinesAndSummary) {
  const Report channel = ChannelReport();
  const Report source = SourceReport();
  const FileReportRef files[] = {{"c.bin", ResultKind::kChannel, &channel},
                                 {"s.json", ResultKind::kSource, &source}};
  EXPECT_EQ(RenderReport({}, files),
            "c.bin:offset 64: warning: CG401 sensor 7.11 supplies 20 of the 21 fields "
            "[instance 0, id 10, sensor 7.11]\n"
            "c.bin:offset 1712: error: CG400 field 'f' (criterion 20) is not supplied by sensor "
            "7.11 (20 inputs) [instance 3, id 13, criterion 20, field f, sensor 7.11]\n"
            "s.json:2:14: error: CG700 line\\x0abreak \"quoted\"\n"
            "contentgate: 2 files checked: 0 passed, 2 failed; 2 errors, 1 warning\n");
}

TEST(ReportFormatTest, TextNotesDiagnosticsBeyondTheCap) {
  const Report capped = ChannelReport(1);
  const FileReportRef file{"c.bin", ResultKind::kChannel, &capped};
  RenderOptions options;
  options.strict = true;
  // Errors first under the cap: the CG400 that follows the CG401 is shown.
  EXPECT_EQ(RenderReport(options, {&file, 1}),
            "c.bin:offset 1712: error: CG400 field 'f' (criterion 20) is not supplied by sensor "
            "7.11 (20 inputs) [instance 3, id 13, criterion 20, field f, sensor 7.11]\n"
            "c.bin: note: 1 more diagnostic not shown (limit 1)\n"
            "contentgate: 1 file checked: 0 passed, 1 failed; 1 error, 1 warning "
            "(strict: warnings fail)\n");
}

TEST(ReportFormatTest, JsonEntriesCarryOnlyTheLocationsThatApply) {
  const Report channel = ChannelReport();
  const Report source = SourceReport();
  const Report empty;
  const FileReportRef files[] = {{"c.bin", ResultKind::kChannel, &channel},
                                 {"s.json", ResultKind::kSource, &source},
                                 {"ok.bin", ResultKind::kChannel, &empty}};
  RenderOptions options;
  options.format = OutputFormat::kJson;
  options.tool_version = "1.2.3";
  EXPECT_EQ(
      RenderReport(options, files),
      "{\"tool\":\"contentgate\",\"version\":\"1.2.3\",\"files\":[\n"
      "{\"path\":\"c.bin\",\"kind\":\"channel\",\"valid\":false,\"errors\":1,\"warnings\":1,"
      "\"diagnostics\":[{\"code\":\"CG401\",\"severity\":\"warning\",\"message\":\"sensor 7.11 "
      "supplies 20 of the 21 fields\",\"offset\":64,\"instance\":0,\"instance_id\":10,"
      "\"sensor\":\"7.11\"},{\"code\":\"CG400\",\"severity\":\"error\",\"message\":\"field 'f' "
      "(criterion 20) is not supplied by sensor 7.11 (20 inputs)\",\"offset\":1712,\"instance\":3,"
      "\"instance_id\":13,\"criterion\":20,\"field\":\"f\",\"sensor\":\"7.11\"}]},\n"
      "{\"path\":\"s.json\",\"kind\":\"source\",\"valid\":false,\"errors\":1,\"warnings\":0,"
      "\"diagnostics\":[{\"code\":\"CG700\",\"severity\":\"error\",\"message\":\"line\\nbreak "
      "\\\"quoted\\\"\",\"pointer\":\"\",\"line\":2,\"column\":14}]},\n"
      "{\"path\":\"ok.bin\",\"kind\":\"channel\",\"valid\":true,\"errors\":0,\"warnings\":0,"
      "\"diagnostics\":[]}\n"
      "]}\n");
}

TEST(ReportFormatTest, JsonWithoutFiles) {
  RenderOptions options;
  options.format = OutputFormat::kJson;
  options.tool_version = "1";
  EXPECT_EQ(RenderReport(options, {}),
            "{\"tool\":\"contentgate\",\"version\":\"1\",\"files\":[\n]}\n");
}

TEST(ReportFormatTest, PartsRenderedApartAssembleToTheSameDocument) {
  const Report channel = ChannelReport();
  const Report empty;
  const Report source = SourceReport();
  const FileReportRef files[] = {{"ok.bin", ResultKind::kChannel, &empty},
                                 {"c.bin", ResultKind::kChannel, &channel},
                                 {"s.json", ResultKind::kSource, &source}};
  for (OutputFormat format : {OutputFormat::kText, OutputFormat::kJson, OutputFormat::kSarif}) {
    RenderOptions options;
    options.format = format;
    options.tool_version = "1";
    ReportAssembler assembler(options);
    RunTotals totals;
    for (const FileReportRef& file : files) {
      std::string part;
      AppendFileReport(options, file, &part);
      assembler.AddPart(part);
      totals.Add(*file.report, false);
    }
    EXPECT_EQ(std::move(assembler).Finish(totals), RenderReport(options, files));
  }
}

TEST(ReportFormatTest, SarifRulesAndResults) {
  const Report channel = ChannelReport();
  const Report source = SourceReport();
  const FileReportRef files[] = {{"/abs/c.bin", ResultKind::kChannel, &channel},
                                 {"dir/s p.json", ResultKind::kSource, &source}};
  RenderOptions options;
  options.format = OutputFormat::kSarif;
  options.tool_version = "1.2.3";
  const std::string log = RenderReport(options, files);
  EXPECT_EQ(log.rfind("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                      "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
                      "\"contentgate\",\"version\":\"1.2.3\",\"rules\":[{\"id\":\"CG100\","
                      "\"name\":\"FileTooShort\",\"shortDescription\":{\"text\":\"file is shorter "
                      "than the 64-byte header\"},",
                      0),
            0u);
  // Every catalog code is a rule, in catalog order.
  size_t at = 0;
  for (const CatalogEntry& entry : Catalog()) {
    at = log.find("{\"id\":\"" + std::string(entry.name) + "\"", at);
    ASSERT_NE(at, std::string::npos) << entry.name;
  }
  // CG400's catalog index is its ruleIndex.
  size_t index = 0;
  while (Catalog()[index].code != Code::kInputNotSupplied) ++index;
  EXPECT_NE(log.find("{\"ruleId\":\"CG400\",\"ruleIndex\":" + std::to_string(index) +
                     ",\"level\":\"error\",\"message\":{\"text\":\"field 'f' (criterion 20) is "
                     "not supplied by sensor 7.11 (20 inputs)\"},\"locations\":[{"
                     "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"file:///abs/c.bin\"},"
                     "\"region\":{\"byteOffset\":1712}}}],\"properties\":{\"kind\":\"channel\","
                     "\"offset\":1712,\"instance\":3,\"instance_id\":13,\"criterion\":20,"
                     "\"field\":\"f\",\"sensor\":\"7.11\"}}"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"dir/s%20p.json\"},"
                     "\"region\":{\"startLine\":2,\"startColumn\":14}},\"logicalLocations\":"
                     "[{\"fullyQualifiedName\":\"\"}]"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.substr(log.size() - 6), "\n]}]}\n");
}

TEST(ReportFormatTest, DiagnosticLineWithoutLocation) {
  Diagnostic d(Code::kUnknownTargetSensor);
  d.set_message("target sensor '9' is not in the schema");
  d.set_sensor("9");
  std::string line;
  AppendDiagnosticLine("x.bin", d, &line);
  EXPECT_EQ(line, "x.bin: error: CG403 target sensor '9' is not in the schema [sensor 9]");
}

}  // namespace
}  // namespace contentgate
