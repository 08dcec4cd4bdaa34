// Tests of CompileSource: every CG7xx code and every shared code in source
// form, each with its JSON Pointer (and line/column where the parser knows
// it), the public conformance sources (copied under tests/data/source), the
// golden compiled bytes, and a byte-exact file derived by hand from the
// format reference.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alloc_counter.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "contentgate/validate.h"
#include "gtest/gtest.h"
#include "json_doc.h"
#include "suggest.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::ExampleSchema;
using test::LimitsSchema;
using test::ReadFile;
using test::SourcePath;
using test::TargetSensors;

const Schema& Sensor79Schema() {
  static const Schema* schema = new Schema(*Schema::FromFile(
      SourcePath("tests/data/source/schemas/channel-291.sensor-7.9.schema.json")));
  return *schema;
}

ValidateOptions Only716() { return TargetSensors(ExampleSchema(), {"7.16"}); }

CompileResult CompileText(const std::string& text, const ValidateOptions& options = Only716(),
                          const Schema& schema = ExampleSchema()) {
  return CompileSource(text, schema, options);
}

CompileResult CompileCase(const std::string& name, const ValidateOptions& options = Only716(),
                          const Schema& schema = ExampleSchema()) {
  return CompileText(test::ReadSourceData("errors/" + name + ".json"), options, schema);
}

// Expects `code` among the diagnostics, at `pointer`, and returns it.
const Diagnostic* ExpectAt(const CompileResult& result, Code code, const std::string& pointer) {
  EXPECT_FALSE(result.report.valid());
  EXPECT_FALSE(result.channel_file.has_value());
  const Diagnostic* d = test::FindCode(result.report, code);
  EXPECT_NE(d, nullptr) << "no " << CodeName(code) << " in\n" << test::Describe(result.report);
  if (d == nullptr) return nullptr;
  EXPECT_TRUE(d->has_pointer());
  EXPECT_EQ(d->pointer(), pointer) << test::Describe(result.report);
  EXPECT_FALSE(d->has_offset());
  return d;
}

// As ExpectAt, and expects the diagnostic at `line` and `column`.
const Diagnostic* ExpectAt(const CompileResult& result, Code code, const std::string& pointer,
                           uint32_t line, uint32_t column) {
  const Diagnostic* d = ExpectAt(result, code, pointer);
  if (d == nullptr) return nullptr;
  EXPECT_EQ(d->line(), line) << test::Describe(result.report);
  EXPECT_EQ(d->column(), column) << test::Describe(result.report);
  return d;
}

// A source of one instance of `type` with the given criteria object text
// (and `extra` members after it).
std::string TypeSource(const std::string& type, const std::string& criteria,
                       const std::string& extra = "") {
  return R"({"channel": 291, "content_version": 1, "instances": [)"
         R"({"id": 5, "type": ")" +
         type + R"(", "criteria": )" + criteria + extra + "}]}";
}

// A small valid source around one instance of ipc_pipe_connect with the
// given criteria object text.
std::string ConnectSource(const std::string& criteria, const std::string& extra = "") {
  return TypeSource("ipc_pipe_connect", criteria, extra);
}

// --- One code at one place: file or text, code, pointer, line, column ---

// A source that must fail with `code` at `pointer` (ExpectAt); `line` and
// `column` are asserted when not 0, the other locations when set; with `only`
// the report counts one error, with `only_code` its kept errors are `code`
// alone; with `message`, the diagnostic says exactly that.
struct CodeCase {
  std::string source;  // a case name under tests/data/source/errors, or text
  bool is_file;
  Code code;
  std::string pointer;
  uint32_t line = 0;
  uint32_t column = 0;
  bool only = false;
  bool limits_schema = false;  // LimitsSchema() with no targets, not 7.16
  bool only_code = false;
  std::optional<std::string> field = std::nullopt;
  std::optional<uint32_t> criterion = std::nullopt;
  std::optional<uint32_t> instance = std::nullopt;
  std::optional<uint32_t> instance_id = std::nullopt;
  std::optional<std::string> message = std::nullopt;
};

// `c` with the diagnostic's criterion location: its field, the criterion's
// index, the instance's index and id.
CodeCase At(CodeCase c, std::string field, uint32_t criterion, uint32_t instance,
            uint32_t instance_id) {
  c.field = std::move(field);
  c.criterion = criterion;
  c.instance = instance;
  c.instance_id = instance_id;
  return c;
}

CodeCase OnlyCode(CodeCase c) {
  c.only_code = true;
  return c;
}

// `c` with the diagnostic's field (and, when given, the criterion's index).
CodeCase InField(CodeCase c, std::string field, std::optional<uint32_t> criterion = std::nullopt) {
  c.field = std::move(field);
  c.criterion = criterion;
  return c;
}

// `c` whose diagnostic must say exactly `message`.
CodeCase Saying(CodeCase c, std::string message) {
  c.message = std::move(message);
  return c;
}

CodeCase File(std::string name, Code code, std::string pointer, uint32_t line = 0,
              uint32_t column = 0, bool only = false) {
  return {std::move(name), true, code, std::move(pointer), line, column, only};
}

CodeCase Text(std::string text, Code code, std::string pointer, uint32_t line = 0,
              uint32_t column = 0) {
  return {std::move(text), false, code, std::move(pointer), line, column};
}

std::vector<CodeCase> CodeCases() {
  const std::string top = R"({"channel": 291, "content_version": 1, "instances": )";
  CodeCase too_many = File("too-many-instances", Code::kTooManyInstances, "/instances", 4, 0, true);
  too_many.limits_schema = true;
  CodeCase repeated_id = Text(top + R"([{"id": 7, "type": "ipc_pipe_connect", "criteria": {}},)"
                                    R"({"id": 3, "type": "ipc_pipe_connect", "criteria": {}},)"
                                    R"({"id": 7, "type": "ipc_pipe_connect", "criteria": {}}]})",
                              Code::kInstanceIdOrder, "/instances/2/id");
  repeated_id.only = true;
  repeated_id.instance = 2;
  repeated_id.instance_id = 7;
  CodeCase unknown_type =
      File("type-unknown", Code::kUnknownTemplateType, "/instances/1/type", 84, 0, true);
  unknown_type.instance = 1;
  return {
      // Parse errors (CG700, CG701).
      File("not-json", Code::kSourceNotJson, "", 10, 43, true),
      File("invalid-utf8", Code::kSourceNotJson, "", 14),
      File("lone-surrogate", Code::kSourceNotJson, "", 14),
      Text("", Code::kSourceNotJson, ""),
      File("duplicate-key", Code::kSourceDuplicateKey, "/instances/1/id", 83, 0, true),
      Text(ConnectSource(R"({"client_pid": {"eq": 5, "eq": 6}})"), Code::kSourceDuplicateKey,
           "/instances/0/criteria/client_pid/eq"),
      // Keys (CG702).
      Text(top + R"([], "x": 1})", Code::kSourceBadKey, "/x", 1, 62),
      Text(R"({"channel": "291", "content_version": 1, "instances": []})", Code::kSourceBadKey,
           "/channel"),
      Text(top + "{}}", Code::kSourceBadKey, "/instances"),
      Text("[]", Code::kSourceBadKey, ""),
      Text(top + "[7]}", Code::kSourceBadKey, "/instances/0"),
      Text(ConnectSource("[]"), Code::kSourceBadKey, "/instances/0/criteria"),
      Text(ConnectSource("{}", R"(, "disabled": 1)"), Code::kSourceBadKey, "/instances/0/disabled"),
      Text(ConnectSource("{}", R"(, "description": null)"), Code::kSourceBadKey,
           "/instances/0/description"),
      Text(ConnectSource("{}", R"(, "flags": 0)"), Code::kSourceBadKey, "/instances/0/flags"),
      Text(top + R"([{"id": 1, "type": 1, "criteria": {}}]})", Code::kSourceBadKey,
           "/instances/0/type"),
      // A non-boolean nocase on a string operator.
      InField(File("nocase-string", Code::kSourceBadKey, "/instances/0/criteria/pipe_name/nocase"),
              "pipe_name", 0),
      // Fields (CG703).
      File("unknown-field", Code::kSourceUnknownField, "/instances/0/criteria/pipe", 80, 17, true),
      // Operands (CG705).
      File("int-range-one", Code::kSourceBadOperand, "/instances/0/criteria/client_pid/range"),
      File("int-bool-as-number", Code::kSourceBadOperand, "/instances/0/criteria/is_remote/eq"),
      Text(ConnectSource(R"({"bytes_written": {"range": [1, -2]}})"), Code::kSourceBadOperand,
           "/instances/0/criteria/bytes_written/range/1"),
      Text(ConnectSource(R"({"bytes_written": {"range": [1e3, 2]}})"), Code::kSourceBadOperand,
           "/instances/0/criteria/bytes_written/range/0"),
      Text(ConnectSource(R"({"pipe_name": {"prefix": 5}})"), Code::kSourceBadOperand,
           "/instances/0/criteria/pipe_name/prefix"),
      Text(ConnectSource(R"({"client_pid": {"eq": "5"}})"), Code::kSourceBadOperand,
           "/instances/0/criteria/client_pid/eq"),
      // An enum operand must be a name, not its number.
      Text(top + R"([{"id": 1, "type": "ipc_named_pipe", "criteria": {"transport": {"eq": 1}}}]})",
           Code::kSourceBadOperand, "/instances/0/criteria/transport/eq"),
      // Shared codes in source form.
      File("channel", Code::kChannelIdMismatch, "/channel", 2, 14, true),
      too_many,
      repeated_id,  // at the later instance
      unknown_type,
      // Criteria rules in source form; a disallowed operator whatever its operand.
      OnlyCode(
          At(File("op-first", Code::kOperatorNotAllowed, "/instances/0/criteria/access_mask/range"),
             "access_mask", 9, 0, 10)),
      // A nocase on a non-string operator is CG302 only.
      OnlyCode(File("nocase-false-on-eq", Code::kNonzeroCriterionReserved,
                    "/instances/0/criteria/pipe_mode/nocase", 49)),
      OnlyCode(File("nocase-number-on-eq", Code::kNonzeroCriterionReserved,
                    "/instances/0/criteria/pipe_mode/nocase", 49)),
      OnlyCode(At(
          File("below-min", Code::kIntegerOutOfBounds, "/instances/0/criteria/client_pid", 23, 23),
          "client_pid", 4, 0, 10)),
      Text(ConnectSource(R"({"bytes_written": {"range": [9, 2]}})"), Code::kRangeReversed,
           "/instances/0/criteria/bytes_written"),
      Text(top + R"([{"id": 1, "type": "ipc_named_pipe", "criteria": )"
                 R"({"access_mask": {"mask": [0, 0]}}}]})",
           Code::kBadMask, "/instances/0/criteria/access_mask"),
      OnlyCode(File("enum-unknown-name", Code::kValueNotAllowed,
                    "/instances/0/criteria/transport/eq", 36)),
      File("string-nul", Code::kBadUtf8, "/instances/0/criteria/client_image_path", 17),
      Text(ConnectSource(R"({"pipe_name": {"prefix": ")" + std::string(257, 'p') + "\"}}"),
           Code::kStringLength, "/instances/0/criteria/pipe_name"),
      Text(top + R"([{"id": 1, "type": "ipc_named_pipe", "criteria": )"
                 R"({"server_command_line": {"glob": "*a*b*c*d*e*f*g*h*i"}}}]})",
           Code::kTooManyWildcards, "/instances/0/criteria/server_command_line"),
      // A regex program is measured with nocase.
      File("regex-nocase-program", Code::kBadRegex, "/instances/0/criteria/pipe_name", 9),
      Text(ConnectSource(R"({"pipe_name": {"regex": "(a"}})"), Code::kBadRegex,
           "/instances/0/criteria/pipe_name"),
  };
}

// Compiles `c.source` and expects what `c` says of its diagnostic.
void ExpectCase(const CodeCase& c) {
  SCOPED_TRACE((c.is_file ? "case " : "text ") + c.source);
  const ValidateOptions options = c.limits_schema ? ValidateOptions{} : Only716();
  const Schema& schema = c.limits_schema ? LimitsSchema() : ExampleSchema();
  CompileResult r =
      c.is_file ? CompileCase(c.source, options, schema) : CompileText(c.source, options, schema);
  const Diagnostic* d = ExpectAt(r, c.code, c.pointer);
  ASSERT_NE(d, nullptr);
  if (c.line != 0) {
    EXPECT_EQ(d->line(), c.line);
  }
  if (c.column != 0) {
    EXPECT_EQ(d->column(), c.column);
  }
  if (c.only) {
    EXPECT_EQ(r.report.errors(), 1u) << test::Describe(r.report);
  }
  if (c.only_code) {
    EXPECT_EQ(test::ErrorCodes(r.report), std::vector<Code>{c.code});
  }
  if (c.field) {
    EXPECT_EQ(d->field(), *c.field);
  }
  if (c.criterion) {
    EXPECT_EQ(d->criterion(), *c.criterion);
  }
  if (c.instance) {
    EXPECT_EQ(d->instance(), *c.instance);
  }
  if (c.instance_id) {
    EXPECT_EQ(d->instance_id(), *c.instance_id);
  }
  if (c.message) {
    EXPECT_EQ(d->message(), *c.message);
  }
}

TEST(SourceCompileTest, EachCaseIsItsCodeAtItsPlace) {
  for (const CodeCase& c : CodeCases()) ExpectCase(c);
}

// --- Parse errors (CG700, CG701) ---

TEST(SourceCompileTest, NulAfterAValidDocumentIsCG700AtTheNul) {
  const std::string valid = ConnectSource("{}");
  ASSERT_TRUE(CompileText(valid).report.valid()) << test::Describe(CompileText(valid).report);
  for (const std::string& tail :
       {std::string("\0garbage", 8), std::string("\n\0", 2), std::string(" x")}) {
    CompileResult r = CompileText(valid + tail);
    const Diagnostic* d = ExpectAt(r, Code::kSourceNotJson, "");
    ASSERT_NE(d, nullptr);
    const size_t at = valid.size() + tail.find_first_not_of(" \n");
    EXPECT_EQ(d->line(), tail[0] == '\n' ? 2u : 1u);
    EXPECT_EQ(d->column(), tail[0] == '\n' ? 1u : at + 1);
    EXPECT_EQ(r.report.errors(), 1u);
  }
}

TEST(SourceCompileTest, NumberBeyondADoubleIsCG705NotCG700) {
  CompileResult r = CompileText(R"({"channel": 291, "content_version": 1e400, "instances": []})");
  const Diagnostic* d = ExpectAt(r, Code::kSourceBadOperand, "/content_version");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->column(), 37u);
  EXPECT_EQ(d->message(), "'content_version' is 1e400; it must be an integer from 0 to 4294967295");
  r = CompileText(ConnectSource(R"({"client_pid": {"eq": 1)" + std::string(400, '0') + "}}"));
  ExpectAt(r, Code::kSourceBadOperand, "/instances/0/criteria/client_pid/eq");
}

TEST(SourceCompileTest, NestingDeeperThan64IsCG700SayingSo) {
  CompileResult r = CompileText(
      ConnectSource("{}", R"(, "description": )" + std::string(70, '[') + std::string(70, ']')));
  const Diagnostic* d = ExpectAt(r, Code::kSourceNotJson, "");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->message(), "nesting deeper than 64 levels");
}

// --- Keys (CG702) ---

TEST(SourceCompileTest, MissingInstancesIsCG702AtTheDocument) {
  CompileResult r = CompileCase("missing-instances");
  const Diagnostic* d = ExpectAt(r, Code::kSourceBadKey, "", 1, 1);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message().find("instances"), std::string_view::npos);
}

TEST(SourceCompileTest, OptionalTopLevelKeysMustBeStrings) {
  CompileResult ok = CompileText(
      R"({"$schema": "s", "description": "d", "channel": 291, "content_version": 1, "instances": []})");
  EXPECT_TRUE(ok.report.valid()) << test::Describe(ok.report);
  CompileResult r =
      CompileText(R"({"channel": 291, "content_version": 1, "instances": [], "description": 5})");
  ExpectAt(r, Code::kSourceBadKey, "/description");
}

TEST(SourceCompileTest, MissingInstanceKeysAreCG702AtTheInstance) {
  CompileResult r = CompileText(R"({"channel": 291, "content_version": 1, "instances": [)"
                                "\n"
                                R"(  {"type": "ipc_pipe_connect", "criteria": {}}]})");
  const Diagnostic* d = ExpectAt(r, Code::kSourceBadKey, "/instances/0", 2, 3);
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->has_instance());
  EXPECT_EQ(d->instance(), 0u);
}

// --- Fields and criteria (CG703, CG704) ---

TEST(SourceCompileTest, CriterionShapesAreCG704) {
  for (const char* name : {"criterion-ANY", "criterion-any-key", "criterion-two-operators"}) {
    ExpectCase(OnlyCode(
        InField(File(name, Code::kSourceBadCriterion, "/instances/0/criteria/server_pid", 20),
                "server_pid", 3)));
  }
}

TEST(SourceCompileTest, OtherCriterionShapesAreCG704) {
  for (const char* criterion : {"5", "null", "[]", "true", R"({})", R"({"nocase": true})",
                                R"({"equals": 5})", R"({"eq": 5, "flag": 1})"}) {
    SCOPED_TRACE(criterion);
    CompileResult r =
        CompileText(ConnectSource(std::string(R"({"client_pid": )") + criterion + "}"));
    ExpectAt(r, Code::kSourceBadCriterion, "/instances/0/criteria/client_pid");
    EXPECT_EQ(r.report.errors(), 1u) << test::Describe(r.report);
  }
}

// --- Operands and integers (CG705) ---

TEST(SourceCompileTest, IntegerOperandProblemsAreCG705) {
  for (const char* name : {"int-fraction", "int-minus-zero", "int-2p64"}) {
    ExpectCase(
        OnlyCode(File(name, Code::kSourceBadOperand, "/instances/0/criteria/server_pid/eq", 21)));
  }
}

TEST(SourceCompileTest, KeyIntegersOutOfRangeAreCG705) {
  ExpectAt(CompileCase("channel-0"), Code::kSourceBadOperand, "/channel");
  ExpectAt(CompileCase("channel-2p32"), Code::kSourceBadOperand, "/channel");
  ExpectAt(CompileCase("int-id-2p32"), Code::kSourceBadOperand, "/instances/0/id");
  ExpectAt(CompileText(R"({"channel": 291, "content_version": 4294967296, "instances": []})"),
           Code::kSourceBadOperand, "/content_version");
  ExpectAt(CompileText(R"({"channel": 291, "content_version": -1, "instances": []})"),
           Code::kSourceBadOperand, "/content_version");
  // Neither a channel error nor CG206 follows a bad channel.
  CompileResult r = CompileCase("channel-0");
  EXPECT_EQ(test::FindCode(r.report, Code::kChannelIdMismatch), nullptr);
}

TEST(SourceCompileTest, IdZeroIsCG200OnlyWhenWrittenExactlyZero) {
  CompileResult zero = CompileCase("id-zero");
  ExpectAt(zero, Code::kInstanceIdZero, "/instances/0/id", 6, 13);
  EXPECT_EQ(test::FindCode(zero.report, Code::kSourceBadOperand), nullptr);
  EXPECT_EQ(zero.report.errors(), 1u) << test::Describe(zero.report);
  for (const char* name : {"id-minus-zero", "id-point-zero"}) {
    SCOPED_TRACE(name);
    CompileResult r = CompileCase(name);
    ExpectAt(r, Code::kSourceBadOperand, "/instances/0/id");
    EXPECT_EQ(test::FindCode(r.report, Code::kInstanceIdZero), nullptr);
  }
}

// --- Shared codes in source form ---

TEST(SourceCompileTest, CompiledFileLargerThanMaxFileSizeIsCG106) {
  CompileResult r = CompileCase("compiles-too-large", ValidateOptions{}, LimitsSchema());
  const Diagnostic* d = ExpectAt(r, Code::kFileTooLarge, "");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(r.report.errors(), 1u) << test::Describe(r.report);
  EXPECT_EQ(d->message(),
            "the compiled file would be 2584 bytes, more than the channel's "
            "max_file_size 2048");
  // Like a channel file's check, which CG106 ends, the content gets no
  // channel-file checks: 7.11 does not warn.
  EXPECT_EQ(test::FindCode(r.report, Code::kTrailingFieldsAny), nullptr)
      << test::Describe(r.report);
  EXPECT_EQ(r.report.warnings(), 0u);
}

TEST(SourceCompileTest, PastTheInstanceLimitOnlySourceChecksRun) {
  std::string text = R"({"channel": 291, "content_version": 1, "instances": [)";
  for (int id = 1; id <= 4; ++id) {
    if (id > 1) text += ",";
    text += R"({"id": )" + std::to_string(id) + R"(, "type": "ipc_pipe_connect", "criteria": {)" +
            (id == 4 ? R"("client_pid": {"eq": 2})" : "") + "}}";
  }
  text += "]}";
  CompileResult r = CompileText(text, ValidateOptions{}, LimitsSchema());
  ExpectAt(r, Code::kTooManyInstances, "/instances");
  EXPECT_EQ(test::ErrorCodes(r.report), std::vector<Code>{Code::kTooManyInstances});
  // The source form's own checks still run on every instance.
  text.replace(text.rfind("\"id\": 4"), 7, "\"id\": 0");
  r = CompileText(text, ValidateOptions{}, LimitsSchema());
  const Diagnostic* d = ExpectAt(r, Code::kInstanceIdZero, "/instances/3/id");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(test::ErrorCodes(r.report),
            (std::vector<Code>{Code::kTooManyInstances, Code::kInstanceIdZero}));
}

// --- "Did you mean": CG202, CG307, CG703 ---

TEST(SuggestTest, EditDistanceIsBounded) {
  EXPECT_EQ(internal::EditDistance("client_pid", "client_pid", 2), 0u);
  EXPECT_EQ(internal::EditDistance("client_pidd", "client_pid", 2), 1u);
  EXPECT_EQ(internal::EditDistance("cleint_pid", "client_pid", 2), 1u);  // transposition
  EXPECT_EQ(internal::EditDistance("clinet_pdi", "client_pid", 2), 2u);
  EXPECT_EQ(internal::EditDistance("xyz", "client_pid", 2), 3u);
  EXPECT_EQ(internal::EditDistance(std::string(100000, 'a'), "a", 2), 3u);
  internal::NameSuggester suggest("smbb");
  for (const char* name : {"local", "smb", "rpc"}) suggest.Consider(name);
  EXPECT_EQ(suggest.Suffix(), " (did you mean 'smb'?)");
  internal::NameSuggester none("tcp");  // distance 2 from rpc: too far for 3 bytes
  for (const char* name : {"local", "smb", "rpc"}) none.Consider(name);
  EXPECT_EQ(none.Suffix(), "");
}

TEST(SourceCompileTest, UnknownNamesSuggestACloseOne) {
  for (const CodeCase& c : {
           Saying(Text(ConnectSource(R"({"client_pidd": {"eq": 7}})"), Code::kSourceUnknownField,
                       "/instances/0/criteria/client_pidd", 1),
                  "template type 'ipc_pipe_connect' has no field 'client_pidd' (did you mean "
                  "'client_pid'?)"),
           Saying(Text(TypeSource("ipc_pipe_conect", "{}"), Code::kUnknownTemplateType,
                       "/instances/0/type", 0, 72),
                  "unknown template type 'ipc_pipe_conect' (did you mean 'ipc_pipe_connect'?)"),
           Saying(InField(Text(TypeSource("ipc_named_pipe", R"({"transport": {"eq": "smbb"}})"),
                               Code::kValueNotAllowed, "/instances/0/criteria/transport/eq"),
                          "transport"),
                  "enum field 'transport' has no value 'smbb' (did you mean 'smb'?) (values: "
                  "local, smb, rpc)"),
       }) {
    ExpectCase(c);
  }
}

TEST(SourceCompileTest, UnknownNamesWithNothingCloseKeepTheirMessage) {
  for (const CodeCase& c : {
           Saying(Text(ConnectSource(R"({"zzz": {"eq": 7}})"), Code::kSourceUnknownField,
                       "/instances/0/criteria/zzz"),
                  "template type 'ipc_pipe_connect' has no field 'zzz'"),
           Saying(Text(TypeSource("ipc_named_pipe", R"({"transport": {"eq": "tcp"}})"),
                       Code::kValueNotAllowed, "/instances/0/criteria/transport/eq"),
                  "enum field 'transport' has no value 'tcp' (values: local, smb, rpc)"),
       }) {
    ExpectCase(c);
  }
}

// --- CG404: compiling for some of the schema's sensors ---

TEST(SourceCompileTest, CompilingForASubsetWarnsCG404NamingUnsafeSensors) {
  const std::string repro = ReadFile(SourcePath("examples/channel-291.c291-repro.json"));
  CompileResult r = CompileSource(repro, ExampleSchema(), Only716(), CompileOptions{});
  ASSERT_TRUE(r.channel_file.has_value()) << test::Describe(r.report);
  EXPECT_TRUE(r.report.valid());
  EXPECT_EQ(r.report.warnings(), 1u) << test::Describe(r.report);
  ASSERT_EQ(r.report.diagnostics().size(), 1u);
  const Diagnostic& d = r.report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kUnsafeForOtherSensors);
  EXPECT_EQ(d.severity(), Severity::kWarning);
  ASSERT_TRUE(d.has_pointer());
  EXPECT_EQ(d.pointer(), "");
  EXPECT_FALSE(d.has_line());
  EXPECT_FALSE(d.has_instance());
  EXPECT_EQ(d.message(),
            "the compiled file is unsafe for schema sensor 7.11 (CG400), outside the target "
            "sensors; ship it only to its targets");
  // The same bytes as without the check.
  EXPECT_EQ(r.channel_file, CompileSource(repro, ExampleSchema(), Only716()).channel_file);
}

TEST(SourceCompileTest, NoCG404WhenValidatingOrSafeOrAllSensorsAreTargets) {
  const std::string repro = ReadFile(SourcePath("examples/channel-291.c291-repro.json"));
  // Validating a source checks its targets only.
  EXPECT_EQ(test::FindCode(CompileSource(repro, ExampleSchema(), Only716()).report,
                           Code::kUnsafeForOtherSensors),
            nullptr);
  // Every sensor a target: CG400 itself, no CG404.
  CompileResult all = CompileSource(repro, ExampleSchema(), ValidateOptions{}, CompileOptions{});
  EXPECT_NE(test::FindCode(all.report, Code::kInputNotSupplied), nullptr);
  EXPECT_EQ(test::FindCode(all.report, Code::kUnsafeForOtherSensors), nullptr);
  // A file safe on 7.11 too.
  const std::string good = ReadFile(SourcePath("examples/channel-291.good.json"));
  CompileResult safe = CompileSource(good, ExampleSchema(), Only716(), CompileOptions{});
  ASSERT_TRUE(safe.channel_file.has_value()) << test::Describe(safe.report);
  EXPECT_EQ(test::FindCode(safe.report, Code::kUnsafeForOtherSensors), nullptr)
      << test::Describe(safe.report);
  // A file with errors is not written: nothing to warn about.
  CompileResult bad =
      CompileSource(repro.substr(0, 10), ExampleSchema(), Only716(), CompileOptions{});
  EXPECT_EQ(test::FindCode(bad.report, Code::kUnsafeForOtherSensors), nullptr);
}

// --- Worst cases: memory held does not grow with what is not kept ---

// Heap the compile takes beyond what parsing the same text takes.
uint64_t PeakBeyondParse(const std::string& text, const Schema& schema,
                         const ValidateOptions& options, CompileResult* result) {
  const uint64_t parse = test::PeakBytesDuring([&] {
    internal::JsonValue root;
    internal::JsonError error;
    EXPECT_TRUE(internal::ParseJson(text, &root, &error)) << error.message;
  });
  const uint64_t compile =
      test::PeakBytesDuring([&] { *result = CompileSource(text, schema, options); });
  return compile > parse ? compile - parse : 0;
}

std::string Instances(size_t count, const std::string& type) {
  std::string text = R"({"channel": 291, "content_version": 1, "instances": [)";
  for (size_t i = 0; i < count; ++i) {
    if (i != 0) text += ",";
    text += type.empty() ? "0"
                         : absl::StrCat(R"({"id": )", i + 1, R"(, "type": ")", type,
                                        R"(", "criteria": {}})");
  }
  return text + "]}";
}

TEST(SourceCompileWorstCaseTest, DiagnosticsPastTheCapAreCountedNotHeld) {
  // 20,000 instances that are not objects: 20,000 CG702, 100 kept.
  const std::string text = Instances(20000, "");
  CompileResult r{Report(), std::nullopt};
  const uint64_t extra = PeakBeyondParse(text, ExampleSchema(), Only716(), &r);
  EXPECT_EQ(r.report.errors(), 20000u);
  ASSERT_EQ(r.report.diagnostics().size(), 100u);
  EXPECT_EQ(r.report.diagnostics()[99].pointer(), "/instances/99");
  // Holding every diagnostic took over 10 MB.
  EXPECT_LT(extra, 1u << 20);
}

TEST(SourceCompileWorstCaseTest, PastMaxInstancesNothingIsBuilt) {
  // LimitsSchema: max_instances 3.
  const std::string text = Instances(20000, "ipc_named_pipe");
  CompileResult r{Report(), std::nullopt};
  const uint64_t extra = PeakBeyondParse(text, LimitsSchema(), ValidateOptions{}, &r);
  // (and max_file_size 2048: the size is counted, not encoded)
  EXPECT_EQ(test::ErrorCodes(r.report),
            (std::vector<Code>{Code::kTooManyInstances, Code::kFileTooLarge}));
  EXPECT_EQ(r.report.errors(), 2u);
  // Building the model of 20,000 instances of 21 fields took over 20 MB.
  EXPECT_LT(extra, 1u << 20);
}

TEST(SourceCompileWorstCaseTest, PastMaxFileSizeNothingIsEncoded) {
  // 1,024 fields: 30 bytes of source compile to 24 KiB.
  std::string schema_text =
      R"({"schema_version": 1, "channel": {"id": 291, "name": "wide", "max_file_size": 65536},)"
      R"( "template_types": [{"id": 1, "name": "wide", "fields": [)";
  for (int f = 0; f < 1024; ++f) {
    schema_text += absl::StrCat(f == 0 ? "" : ",", R"({"name": "f)", f, R"(", "type": "u8"})");
  }
  schema_text += "]}]}";
  const SchemaLoadResult loaded = LoadSchema(schema_text);
  ASSERT_TRUE(loaded.schema.has_value());
  const std::string text = Instances(2000, "wide");
  CompileResult r{Report(), std::nullopt};
  const uint64_t extra = PeakBeyondParse(text, *loaded.schema, ValidateOptions{}, &r);
  EXPECT_EQ(test::ErrorCodes(r.report), std::vector<Code>{Code::kFileTooLarge});
  ASSERT_EQ(r.report.diagnostics().size(), 1u);
  EXPECT_EQ(r.report.diagnostics()[0].message(),
            absl::StrCat("the compiled file would be ", 64 + 2000 * (16 + 24 * 1024),
                         " bytes, more than the channel's max_file_size 65536"));
  // The model alone took over 100 MB, the encoded file 49 MB.
  EXPECT_LT(extra, 1u << 20);
}

// A one-field schema whose enum `e` has `values` names v0, v1, ...
Schema EnumSchema(int values) {
  std::string text =
      R"({"schema_version": 1, "channel": {"id": 291, "name": "e"}, "template_types": [)"
      R"({"id": 1, "name": "t", "fields": [{"name": "e", "type": "enum", "values": {)";
  for (int v = 0; v < values; ++v) absl::StrAppend(&text, v == 0 ? "" : ",", "\"v", v, "\": ", v);
  text += "}}]}]}";
  SchemaLoadResult loaded = LoadSchema(text);
  EXPECT_TRUE(loaded.schema.has_value());
  return std::move(*loaded.schema);
}

TEST(SourceCompileWorstCaseTest, UnknownEnumNamesCostTheSameWhateverTheEnumsSize) {
  // 1,000 unknown names, 100 kept: a CG307 message names the values that
  // fit in it, and one past the cap is not built at all.
  std::string text = R"({"channel": 291, "content_version": 1, "instances": [)";
  for (int i = 0; i < 1000; ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ",", R"({"id": )", i + 1,
                    R"(, "type": "t", "criteria": {"e": {"eq": "nope"}}})");
  }
  text += "]}";
  uint64_t allocations[2];
  const int sizes[2] = {100, 20000};
  for (int k = 0; k < 2; ++k) {
    const Schema schema = EnumSchema(sizes[k]);
    CompileResult r{Report(), std::nullopt};
    allocations[k] = test::CountAllocations(
        [&] { r = CompileSource(text, schema, ValidateOptions{}, CompileOptions{}); });
    EXPECT_EQ(r.report.errors(), 1000u);
    ASSERT_EQ(r.report.diagnostics().size(), 100u);
    const Diagnostic& d = r.report.diagnostics()[99];
    EXPECT_EQ(d.code(), Code::kValueNotAllowed);
    EXPECT_EQ(d.pointer(), "/instances/99/criteria/e/eq");
    EXPECT_EQ(d.message().substr(0, 56),
              "enum field 'e' has no value 'nope' (values: v0, v1, v2, ");
    EXPECT_EQ(d.message().size(), Diagnostic::kMessageCapacity);
    EXPECT_EQ(d.message().substr(d.message().size() - 3), "...");
  }
  EXPECT_EQ(allocations[1], allocations[0]);
}

TEST(SourceCompileTest, SizeLeftAfterSourceErrorsIsALowerBound) {
  // The unknown type leaves its instance out; the rest is already too large.
  const std::string big(1500, 'x');
  CompileResult r = CompileText(
      R"({"channel": 291, "content_version": 1, "instances": [)"
      R"({"id": 1, "type": "ipc_named_pipe", "criteria": {"client_command_line": {"str_eq": ")" +
          big + R"("}}}, {"id": 2, "type": "nope", "criteria": {}}]})",
      ValidateOptions{}, LimitsSchema());
  const Diagnostic* d = ExpectAt(r, Code::kFileTooLarge, "");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message().find("at least"), std::string_view::npos) << d->message();
  EXPECT_EQ(test::ErrorCodes(r.report),
            (std::vector<Code>{Code::kUnknownTemplateType, Code::kFileTooLarge}));
}

TEST(SourceCompileTest, InstanceWithAnUnknownTypeGetsNoOtherChecksButTheRestDo) {
  CompileResult r = CompileText(R"({"channel": 291, "content_version": 1, "instances": [)"
                                R"({"id": 1, "type": "nope", "criteria": {"x": {"eq": 1}}},)"
                                R"({"id": 2, "type": "ipc_pipe_connect",)"
                                R"( "criteria": {"bytes_written": {"range": [5, 1]}}}]})");
  ExpectAt(r, Code::kUnknownTemplateType, "/instances/0/type");
  ExpectAt(r, Code::kRangeReversed, "/instances/1/criteria/bytes_written");
  EXPECT_EQ(test::ErrorCodes(r.report),
            (std::vector<Code>{Code::kUnknownTemplateType, Code::kRangeReversed}));
}

TEST(SourceCompileTest, OperandOfACG302CriterionIsStillChecked) {
  CompileResult r = CompileText(ConnectSource(R"({"client_pid": {"eq": 2, "nocase": true}})"));
  ExpectAt(r, Code::kNonzeroCriterionReserved, "/instances/0/criteria/client_pid/nocase");
  ExpectAt(r, Code::kIntegerOutOfBounds, "/instances/0/criteria/client_pid");
}

TEST(SourceCompileTest, GlobOfOnlyStarsIsWarningCG315) {
  CompileResult r = CompileText(ConnectSource(R"({"pipe_name": {"glob": "**"}})"));
  EXPECT_TRUE(r.report.valid()) << test::Describe(r.report);
  ASSERT_TRUE(r.channel_file.has_value());
  const Diagnostic* d = test::FindCode(r.report, Code::kGlobMatchesAll);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->pointer(), "/instances/0/criteria/pipe_name");
}

TEST(SourceCompileTest, FieldWithoutAnyLeftOutIsCG301AtTheCriteriaObject) {
  // A schema whose only field does not allow `any`.
  absl::StatusOr<Schema> schema = Schema::FromJson(R"({"schema_version": 1,
    "channel": {"id": 9, "name": "c"},
    "template_types": [{"id": 1, "name": "t", "fields": [
      {"name": "a", "type": "u8"}, {"name": "b", "type": "u8", "ops": ["eq"]}]}]})");
  ASSERT_TRUE(schema.ok()) << schema.status();
  CompileResult r = CompileSource(
      "{\"channel\": 9, \"content_version\": 1, \"instances\": [\n"
      "  {\"id\": 1, \"type\": \"t\", \"criteria\": {\"a\": {\"eq\": 1}}}]}",
      *schema);
  const Diagnostic* d = ExpectAt(r, Code::kOperatorNotAllowed, "/instances/0/criteria");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->field(), "b");
  EXPECT_EQ(d->criterion(), 1u);
  EXPECT_EQ(d->line(), 2u);
  EXPECT_EQ(d->column(), 38u);
}

// --- Sensor compatibility (CG400, CG401, CG402) ---

TEST(SourceCompileTest, GoodExampleCompilesWithCG401For711OnEveryNamedPipeInstance) {
  CompileResult r =
      CompileSource(ReadFile(SourcePath("examples/channel-291.good.json")), ExampleSchema());
  EXPECT_TRUE(r.report.valid()) << test::Describe(r.report);
  ASSERT_TRUE(r.channel_file.has_value());
  EXPECT_EQ(*r.channel_file,
            ReadFile(SourcePath("tests/data/source/valid/example-good-default.bin")));
  std::vector<uint32_t> warned;
  for (const Diagnostic& d : r.report.diagnostics()) {
    ASSERT_EQ(d.code(), Code::kTrailingFieldsAny) << test::Describe(r.report);
    EXPECT_EQ(d.sensor(), "7.11");
    EXPECT_EQ(d.pointer(), "/instances/" + std::to_string(d.instance()));
    warned.push_back(d.instance());
  }
  EXPECT_EQ(warned, (std::vector<uint32_t>{0, 1}));

  CompileResult only_716 = CompileSource(ReadFile(SourcePath("examples/channel-291.good.json")),
                                         ExampleSchema(), Only716());
  EXPECT_TRUE(only_716.report.diagnostics().empty()) << test::Describe(only_716.report);
  ASSERT_TRUE(only_716.channel_file.has_value());
  EXPECT_EQ(*only_716.channel_file,
            ReadFile(SourcePath("tests/data/source/valid/example-good-7.16.bin")));
}

TEST(SourceCompileTest, ReproIsCG400For711AtTheTwentyFirstCriterion) {
  const std::string repro = ReadFile(SourcePath("examples/channel-291.c291-repro.json"));
  CompileResult r = CompileSource(repro, ExampleSchema());
  const Diagnostic* d =
      ExpectAt(r, Code::kInputNotSupplied, "/instances/3/criteria/client_parent_image_path");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->sensor(), "7.11");
  EXPECT_EQ(d->criterion(), 20u);
  EXPECT_EQ(d->instance(), 3u);
  EXPECT_EQ(d->instance_id(), 13u);
  EXPECT_TRUE(d->has_line());
  EXPECT_EQ(r.report.errors(), 1u) << test::Describe(r.report);

  CompileResult only_716 = CompileSource(repro, ExampleSchema(), Only716());
  EXPECT_TRUE(only_716.report.valid()) << test::Describe(only_716.report);
  EXPECT_EQ(only_716.report.warnings(), 0u);
  ASSERT_TRUE(only_716.channel_file.has_value());
  EXPECT_EQ(*only_716.channel_file,
            ReadFile(SourcePath("tests/data/source/valid/example-c291-repro-7.16.bin")));
}

TEST(SourceCompileTest, NoInputListIsCG402AtTheInstance) {
  const Schema& schema = Sensor79Schema();
  CompileResult r = CompileCase("no-input-list", TargetSensors(schema, {"7.9", "7.16"}), schema);
  const Diagnostic* d = ExpectAt(r, Code::kNoInputList, "/instances/0");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->sensor(), "7.9");
  EXPECT_EQ(d->line(), 5u);
}

// --- Reports: order, cap, verdict ---

TEST(SourceCompileTest, CapKeepsTheFirstDiagnosticsAndCountsAll) {
  ValidateOptions options = TargetSensors(ExampleSchema(), {"7.11"});
  options.max_diagnostics = 3;
  CompileResult pairs = CompileCase("pairs-3", options);
  EXPECT_EQ(pairs.report.diagnostics().size(), 3u);
  EXPECT_EQ(pairs.report.errors(), 5u);
  EXPECT_EQ(pairs.report.warnings(), 5u);
  // Errors first: the first three errors, instance by instance.
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(pairs.report.diagnostics()[i].code(), Code::kIntegerOutOfBounds);
    EXPECT_EQ(pairs.report.diagnostics()[i].pointer(),
              absl::StrCat("/instances/", i, "/criteria/client_pid"));
  }

  // The error past a cap full of warnings is kept, after the first two
  // warnings, in check order.
  CompileResult past = CompileCase("warnings-then-error-3", options);
  EXPECT_FALSE(past.report.valid());
  EXPECT_EQ(past.report.errors(), 1u);
  EXPECT_EQ(past.report.warnings(), 5u);
  ASSERT_EQ(past.report.diagnostics().size(), 3u);
  EXPECT_EQ(past.report.diagnostics()[0].code(), Code::kTrailingFieldsAny);
  EXPECT_EQ(past.report.diagnostics()[1].code(), Code::kTrailingFieldsAny);
  EXPECT_EQ(past.report.diagnostics()[2].code(), Code::kInputNotSupplied);
  EXPECT_EQ(test::ErrorCodes(past.report), std::vector<Code>{Code::kInputNotSupplied});
  EXPECT_FALSE(past.channel_file.has_value());
}

TEST(SourceCompileTest, SourceErrorsAndContentErrorsAreReportedTogether) {
  // Instance 0 has a source error on one criterion and a content error on
  // another; instance 1 is fine but for its id.
  CompileResult r = CompileText(R"({"channel": 291, "content_version": 1, "instances": [)"
                                R"({"id": 4, "type": "ipc_pipe_connect", "criteria": )"
                                R"({"client_pid": {"eq": 1}, "bytes_written": {"range": 3}}},)"
                                R"({"id": 4, "type": "ipc_pipe_connect", "criteria": {}}]})");
  ASSERT_EQ(test::ErrorCodes(r.report),
            (std::vector<Code>{Code::kIntegerOutOfBounds, Code::kSourceBadOperand,
                               Code::kInstanceIdOrder}))
      << test::Describe(r.report);
}

TEST(SourceCompileTest, ReplacedCriterionGetsNoCompatibilityWarning) {
  // A wrong operand on the 21st field: no CG401 claims it is left `any`.
  CompileResult r = CompileText(R"({"channel": 291, "content_version": 1, "instances": [)"
                                R"({"id": 4, "type": "ipc_named_pipe", "criteria": )"
                                R"({"client_parent_image_path": {"prefix": 1}}}]})",
                                ValidateOptions{});
  EXPECT_EQ(test::FindCode(r.report, Code::kTrailingFieldsAny), nullptr)
      << test::Describe(r.report);
  EXPECT_EQ(test::ErrorCodes(r.report), std::vector<Code>{Code::kSourceBadOperand});
}

// --- Valid sources compile to the golden bytes ---

struct Golden {
  const char* name;
  std::optional<std::vector<std::string>> sensors;  // nullopt: every sensor
  std::vector<Code> warnings;
  bool limits_schema = false;
};

TEST(SourceCompileTest, ValidSourcesCompileToTheGoldenBytes) {
  const std::vector<std::string> v716 = {"7.16"};
  const Golden cases[] = {
      {"base", v716, {}},
      {"random-6", std::nullopt, {Code::kTrailingFieldsAny}},
      {"random-40", std::vector<std::string>{"7.11"}, {Code::kTrailingFieldsAny}},
      {"boundaries", v716, {}},
      {"masks-exact-ints-regex-size", v716, {}},
      {"glob-only-star", v716, {Code::kGlobMatchesAll}},
      {"default-targets", std::nullopt, {Code::kTrailingFieldsAny}},
      {"empty", v716, {}},
      {"limits-at-max", v716, {}, true},
      {"bom", v716, {}},
  };
  for (const Golden& g : cases) {
    SCOPED_TRACE(g.name);
    const Schema& schema = g.limits_schema ? LimitsSchema() : ExampleSchema();
    const ValidateOptions options =
        g.sensors ? TargetSensors(schema, *g.sensors) : ValidateOptions{};
    const std::string base = SourcePath(std::string("tests/data/source/valid/") + g.name);
    CompileResult r = CompileSource(ReadFile(base + ".json"), schema, options);
    EXPECT_TRUE(r.report.valid()) << test::Describe(r.report);
    ASSERT_TRUE(r.channel_file.has_value());
    EXPECT_TRUE(*r.channel_file == ReadFile(base + ".bin"));
    for (const Diagnostic& d : r.report.diagnostics()) {
      EXPECT_NE(std::find(g.warnings.begin(), g.warnings.end(), d.code()), g.warnings.end())
          << test::Describe(r.report);
    }
    for (Code code : g.warnings)
      EXPECT_NE(test::FindCode(r.report, code), nullptr) << CodeName(code);
    // The compiled file is valid for the same targets.
    EXPECT_TRUE(ValidateChannelFile(AsBytes(*r.channel_file), schema, options).valid());
  }
}

// --- A byte-exact file derived by hand from the format reference ---

TEST(SourceCompileTest, SmallFileMatchesHandDerivedBytes) {
  absl::StatusOr<Schema> schema = Schema::FromJson(R"({"schema_version": 1,
    "channel": {"id": 7, "name": "tiny"},
    "template_types": [{"id": 3, "name": "t", "fields": [
      {"name": "n", "type": "u16"}, {"name": "s", "type": "string"},
      {"name": "k", "type": "enum", "values": {"x": 0, "y": 9}}]}]})");
  ASSERT_TRUE(schema.ok()) << schema.status();
  // Two instances written out of order: id 5 (s prefix "ab" nocase, k eq y)
  // and id 2, disabled (n range [1, 300], s str_eq "ab": shares the pool).
  CompileResult r = CompileSource(R"({"channel": 7, "content_version": 258, "instances": [
    {"id": 5, "type": "t", "criteria": {"s": {"prefix": "ab", "nocase": true}, "k": {"eq": "y"}}},
    {"id": 2, "type": "t", "disabled": true,
     "criteria": {"n": {"range": [1, 300]}, "s": {"str_eq": "ab"}}}]})",
                                  *schema);
  ASSERT_TRUE(r.report.valid()) << test::Describe(r.report);
  ASSERT_TRUE(r.channel_file.has_value());
  // Layout: header 64, 2 instances (32 bytes) at 64, 6 criteria (144 bytes)
  // at 96, pool "ab" (2 bytes) at 240: file_size 242. Table order is by id:
  // id 2 first (criteria 0-2), then id 5 (criteria 3-5). The CRCs are
  // CRC-32C (Castagnoli), computed independently of the library.
  // clang-format off
  const uint8_t expected[] = {
      // header
      0x43, 0x48, 0x4E, 0x4C, 0x01, 0x00, 0x40, 0x00,  // "CHNL", version 1, header_size 64
      0x07, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00,  // channel 7, content_version 258
      0xF2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // file_size 242, flags 0
      0x40, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,  // instance table at 64, 2 instances
      0x60, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,  // criterion table at 96, 6 criteria
      0xF0, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,  // pool at 240, 2 bytes
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // reserved
      0x25, 0x92, 0xAE, 0xB1, 0xF1, 0x49, 0x1A, 0x6E,  // payload CRC, header CRC
      // instance 0: id 2, type 3, 3 criteria, first 0, DISABLED
      0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
      // instance 1: id 5, type 3, 3 criteria, first 3, flags 0
      0x05, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x00,
      0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 0: n range [1, 300]
      0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x2C, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 1: s str_eq "ab" (pool offset 0, length 2)
      0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 2: k any
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 3: n any
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 4: s prefix "ab" NOCASE, the same pool bytes
      0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // criterion 5: k eq y (9)
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      // pool
      0x61, 0x62,
  };
  // clang-format on
  EXPECT_EQ(*r.channel_file, std::string(reinterpret_cast<const char*>(expected), sizeof expected));
}

// --- File kind detection and dispatch ---

absl::Span<const uint8_t> Bytes(const std::string& text) { return AsBytes(text); }

TEST(ValidateFileTest, SourceIsAnObjectAfterOneBomAndWhiteSpace) {
  EXPECT_EQ(DetectFileKind(Bytes("{")), FileKind::kSource);
  EXPECT_EQ(DetectFileKind(Bytes(" \t\r\n{\"channel\"")), FileKind::kSource);
  EXPECT_EQ(DetectFileKind(Bytes("\xEF\xBB\xBF{}")), FileKind::kSource);
  EXPECT_EQ(DetectFileKind(Bytes("\xEF\xBB\xBF \n{}")), FileKind::kSource);
  EXPECT_EQ(DetectFileKind(Bytes("")), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes(std::string(64, '\0'))), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes("CHNL")), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes("[{}]")), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes("\xEF\xBB\xBF\xEF\xBB\xBF{}")), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes("\xEF\xBB{}")), FileKind::kChannel);
  EXPECT_EQ(DetectFileKind(Bytes("\f{}")), FileKind::kChannel);  // not JSON white space
  EXPECT_EQ(FileKindName(FileKind::kSource), "source");
  EXPECT_EQ(FileKindName(FileKind::kChannel), "channel");
}

TEST(ValidateFileTest, DispatchesToTheMatchingValidator) {
  Report report;
  const std::string source = ReadFile(SourcePath("tests/data/source/errors/below-min.json"));
  EXPECT_EQ(ValidateFile(Bytes(source), ExampleSchema(), Only716(), &report), FileKind::kSource);
  ASSERT_EQ(report.diagnostics().size(), 1u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kIntegerOutOfBounds);
  EXPECT_EQ(report.diagnostics()[0].pointer(), "/instances/0/criteria/client_pid");

  const std::string twice = ReadFile(SourcePath("tests/data/source/errors/bom-twice.json"));
  EXPECT_EQ(ValidateFile(Bytes(twice), ExampleSchema(), Only716(), &report), FileKind::kChannel);
  ASSERT_EQ(report.diagnostics().size(), 1u);
  EXPECT_EQ(report.diagnostics()[0].code(), Code::kBadMagic);
  EXPECT_EQ(report.diagnostics()[0].offset(), 0u);

  const std::string file = ReadFile(SourcePath("tests/data/source/valid/base.bin"));
  EXPECT_EQ(ValidateFile(Bytes(file), ExampleSchema(), Only716(), &report), FileKind::kChannel);
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.diagnostics().empty());

  // The report's cap comes from the options, for both kinds.
  ValidateOptions capped = TargetSensors(ExampleSchema(), {"7.11"});
  capped.max_diagnostics = 2;
  const std::string pairs = ReadFile(SourcePath("tests/data/source/errors/pairs-3.json"));
  ValidateFile(Bytes(pairs), ExampleSchema(), capped, &report);
  EXPECT_EQ(report.diagnostics().size(), 2u);
  EXPECT_EQ(report.errors(), 5u);
}

}  // namespace
}  // namespace contentgate
