// File: tests/report_format_test.cc
// Text, JSON, SARIF, JUnit and GitHub reports rendered byte for byte
// from fixed reports.

#include "contentgate/report_format.h"

#include <string>
#include <string_view>
#include <utility>

#include "contentgate/input_hints.h"
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

// Fixed reports of each kind, and the options of a run in one format.
class ReportFormatTest : public ::testing::Test {
 protected:
  static RenderOptions Options(OutputFormat format, std::string_view tool_version = "") {
    RenderOptions options;
    options.format = format;
    options.tool_version = tool_version;
    return options;
  }

  const Report channel_ = ChannelReport();
  const Report source_ = SourceReport();
  const Report empty_;
};

TEST_F(ReportFormatTest, ParsesFormatsAndNamesKinds) {
  EXPECT_EQ(ParseOutputFormat("text"), OutputFormat::kText);
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("sarif"), OutputFormat::kSarif);
  EXPECT_EQ(ParseOutputFormat("xml"), std::nullopt);
  EXPECT_EQ(ResultKindName(ResultKind::kSchema), "schema");
  EXPECT_EQ(ResultKindOf(FileKind::kSource), ResultKind::kSource);
}

TEST_F(ReportFormatTest, TextLinesAndSummary) {
  const FileReportRef files[] = {{"c.bin", ResultKind::kChannel, &channel_},
                                 {"s.json", ResultKind::kSource, &source_}};
  EXPECT_EQ(RenderReport({}, files),
            "c.bin:offset 64: warning: CG401 sensor 7.11 supplies 20 of the 21 fields "
            "[instance 0, id 10, sensor 7.11]\n"
            "c.bin:offset 1712: error: CG400 field 'f' (criterion 20) is not supplied by sensor "
            "7.11 (20 inputs) [instance 3, id 13, criterion 20, field f, sensor 7.11]\n"
            "s.json:2:14: error: CG700 line\\x0abreak \"quoted\"\n"
            "contentgate: 2 files checked: 0 passed, 2 failed; 2 errors, 1 warning\n");
}

TEST_F(ReportFormatTest, TextNotesDiagnosticsBeyondTheCap) {
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

TEST_F(ReportFormatTest, JsonEntriesCarryOnlyTheLocationsThatApply) {
  const FileReportRef files[] = {{"c.bin", ResultKind::kChannel, &channel_},
                                 {"s.json", ResultKind::kSource, &source_},
                                 {"ok.bin", ResultKind::kChannel, &empty_}};
  RenderOptions options = Options(OutputFormat::kJson, "1.2.3");
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

TEST_F(ReportFormatTest, JsonWithoutFiles) {
  RenderOptions options = Options(OutputFormat::kJson, "1");
  EXPECT_EQ(RenderReport(options, {}),
            "{\"tool\":\"contentgate\",\"version\":\"1\",\"files\":[\n]}\n");
}

TEST_F(ReportFormatTest, PartsRenderedApartAssembleToTheSameDocument) {
  const FileReportRef files[] = {{"ok.bin", ResultKind::kChannel, &empty_},
                                 {"c.bin", ResultKind::kChannel, &channel_},
                                 {"s.json", ResultKind::kSource, &source_}};
  for (OutputFormat format : {OutputFormat::kText, OutputFormat::kJson, OutputFormat::kSarif}) {
    RenderOptions options = Options(format, "1");
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

TEST_F(ReportFormatTest, SarifRulesAndResults) {
  const FileReportRef files[] = {{"/abs/c.bin", ResultKind::kChannel, &channel_},
                                 {"dir/s p.json", ResultKind::kSource, &source_},
                                 {"/root/x/../sub/./t.bin", ResultKind::kChannel, &channel_}};
  RenderOptions options = Options(OutputFormat::kSarif, "1.2.3");
  options.source_root = "/root";
  options.information_uri = "https://example.org/cg";
  const std::string log = RenderReport(options, files);
  EXPECT_EQ(log.rfind("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                      "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
                      "\"contentgate\",\"version\":\"1.2.3\",\"informationUri\":"
                      "\"https://example.org/cg\",\"rules\":[{\"id\":\"CG100\","
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
                     "\"region\":{\"startLine\":1,\"byteOffset\":1712,\"byteLength\":1}}}],"
                     "\"properties\":{\"kind\":\"channel\","
                     "\"offset\":1712,\"instance\":3,\"instance_id\":13,\"criterion\":20,"
                     "\"field\":\"f\",\"sensor\":\"7.11\"}}"),
            std::string::npos)
      << log;
  // A path outside %SRCROOT% stays absolute; relative ones and those inside
  // it are relative to it.
  EXPECT_NE(log.find("\"artifactLocation\":{\"uri\":\"sub/t.bin\",\"uriBaseId\":\"%SRCROOT%\"}"),
            std::string::npos);
  EXPECT_NE(log.find("\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":\"file:///root/\"}}"),
            std::string::npos);
  EXPECT_NE(log.find("\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"dir/s%20p.json\","
                     "\"uriBaseId\":\"%SRCROOT%\"},"
                     "\"region\":{\"startLine\":2,\"startColumn\":14}},\"logicalLocations\":"
                     "[{\"fullyQualifiedName\":\"\"}]"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.substr(log.size() - 6), "\n]}]}\n");
}

TEST_F(ReportFormatTest, DiagnosticLineWithoutLocation) {
  Diagnostic d(Code::kUnknownTargetSensor);
  d.set_message("target sensor '9' is not in the schema");
  d.set_sensor("9");
  std::string line;
  AppendDiagnosticLine("x.bin", d, &line);
  EXPECT_EQ(line, "x.bin: error: CG403 target sensor '9' is not in the schema [sensor 9]");
}

TEST_F(ReportFormatTest, PathsWithControlCharactersAndInvalidUtf8) {
  const FileReportRef file{"a\nb\xff.bin", ResultKind::kChannel, &channel_};
  RenderOptions options;
  const std::string text = RenderReport(options, {&file, 1});
  EXPECT_EQ(text.rfind("a\\x0ab\xff.bin:offset 64: warning: CG401 ", 0), 0u) << text;
  options.format = OutputFormat::kJson;
  const std::string json = RenderReport(options, {&file, 1});
  EXPECT_NE(json.find("{\"path\":\"a\\nb\xEF\xBF\xBD.bin\",\"path_bytes\":\"610a62ff2e62696e\","
                      "\"kind\":\"channel\""),
            std::string::npos)
      << json;
  const FileReportRef plain{"ok.bin", ResultKind::kChannel, &channel_};
  EXPECT_EQ(RenderReport(options, {&plain, 1}).find("path_bytes"), std::string::npos);
}

TEST_F(ReportFormatTest, HintIsAddedToCg100AndCg101Only) {
  Report report;
  report.Add(Code::kBadMagic)->set_message("magic is \"//\\x20c\"");
  report.Add(Code::kAllZero)->set_message("zero");
  const FileReportRef file{"c.json", ResultKind::kChannel, &report, "looks like a hint"};
  EXPECT_EQ(RenderReport({}, {&file, 1}),
            "c.json: error: CG101 magic is \"//\\x20c\"; looks like a hint\n"
            "c.json: error: CG108 zero\n"
            "contentgate: 1 file checked: 0 passed, 1 failed; 2 errors, 0 warnings\n");
}

TEST_F(ReportFormatTest, JunitOneSuiteOneCasePerFileAFailurePerError) {
  const FileReportRef files[] = {{"c<1>.bin", ResultKind::kChannel, &channel_},
                                 {"ok.bin", ResultKind::kChannel, &empty_}};
  RenderOptions options = Options(OutputFormat::kJunit);
  options.suite_name = "contentgate validate";
  EXPECT_EQ(RenderReport(options, files),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
            "<testsuite name=\"contentgate validate\" tests=\"2\" failures=\"1\" errors=\"0\" "
            "skipped=\"0\">\n"
            "<testcase classname=\"contentgate.channel\" name=\"c&lt;1&gt;.bin\">\n"
            "<failure type=\"CG400\" message=\"field &apos;f&apos; (criterion 20) is not "
            "supplied by sensor 7.11 (20 inputs)\">c&lt;1&gt;.bin:offset 1712: error: CG400 "
            "field &apos;f&apos; (criterion 20) is not supplied by sensor 7.11 (20 inputs) "
            "[instance 3, id 13, criterion 20, field f, sensor 7.11]</failure>\n"
            "<system-out>c&lt;1&gt;.bin:offset 64: warning: CG401 sensor 7.11 supplies 20 of "
            "the 21 fields [instance 0, id 10, sensor 7.11]\n</system-out>\n"
            "</testcase>\n"
            "<testcase classname=\"contentgate.channel\" name=\"ok.bin\">\n</testcase>\n"
            "</testsuite>\n</testsuites>\n");
}

TEST_F(ReportFormatTest, GithubWorkflowCommands) {
  const FileReportRef files[] = {{"c,1.bin", ResultKind::kChannel, &channel_},
                                 {"s.json", ResultKind::kSource, &source_}};
  RenderOptions options = Options(OutputFormat::kGithub);
  EXPECT_EQ(
      RenderReport(options, files),
      "::warning file=c%2C1.bin,line=1,title=CG401::sensor 7.11 supplies 20 of the 21 "
      "fields [byte offset 64, instance 0, id 10, sensor 7.11]\n"
      "::error file=c%2C1.bin,line=1,title=CG400::field 'f' (criterion 20) is not "
      "supplied by sensor 7.11 (20 inputs) [byte offset 1712, instance 3, id 13, criterion 20, "
      "field f, sensor 7.11]\n"
      "::error file=s.json,line=2,col=14,title=CG700::line%0Abreak \"quoted\"\n"
      "contentgate: 2 files checked: 0 passed, 2 failed; 2 errors, 1 warning\n");
}

TEST_F(ReportFormatTest, JsonLayoutCompactAndPretty) {
  const std::string compact =
      "{\"tool\":\"t\",\"files\":[\n{\"a\":[1,{\"b\":\"x, y: [z]\"}],\"c\":{}},\n{\"d\":[]}\n]}\n";
  EXPECT_EQ(LayoutJsonReport(compact, false), compact);
  const std::string spaced =
      "{\n  \"tool\": \"t\",\n  \"files\": [\n    {\"a\": [1, {\"b\": \"x, y: [z]\"}], "
      "\"c\": {}}, {\"d\": []}]}";
  EXPECT_EQ(LayoutJsonReport(spaced, false), compact);
  EXPECT_EQ(LayoutJsonReport(compact, true),
            "{\n  \"tool\": \"t\",\n  \"files\": [\n    {\n      \"a\": [\n        1,\n"
            "        {\n          \"b\": \"x, y: [z]\"\n        }\n      ],\n      \"c\": {}\n"
            "    },\n    {\n      \"d\": []\n    }\n  ]\n}\n");
  // A validate report is its own compact layout.
  const FileReportRef file{"c.bin", ResultKind::kChannel, &channel_};
  RenderOptions options = Options(OutputFormat::kJson);
  const std::string report = RenderReport(options, {&file, 1});
  EXPECT_EQ(LayoutJsonReport(report, false), report);
  options.pretty = true;
  EXPECT_EQ(RenderReport(options, {&file, 1}), LayoutJsonReport(report, true));
}

TEST(InputHintsTest, TextFilesReadAsChannelFiles) {
  const auto hint = [](std::string bytes) {
    return std::string(
        ChannelFileHint({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}));
  };
  EXPECT_EQ(hint("\xFF\xFE{\0"), "looks like a UTF-16 text file");
  EXPECT_EQ(hint("\xFE\xFF\0{"), "looks like a UTF-16 text file");
  EXPECT_EQ(hint(std::string("\xFF\xFE\0\0{\0\0\0", 8)), "looks like a UTF-32 text file");
  EXPECT_EQ(hint(std::string("\0\0\xFE\xFF", 4)), "looks like a UTF-32 text file");
  const std::string comments = "looks like JSON with comments, which is not accepted";
  EXPECT_EQ(hint("// c\n{}"), comments);
  EXPECT_EQ(hint("\xEF\xBB\xBF \n\t/* c */ {}"), comments);
  EXPECT_EQ(hint("# c"), comments);
  EXPECT_EQ(hint("CHNL"), "");
  EXPECT_EQ(hint("/"), "");
  EXPECT_EQ(hint(""), "");
  EXPECT_EQ(hint(std::string(5000, ' ') + "#"), "");  // only the first 4 KiB are read
}

}  // namespace
}  // namespace contentgate
